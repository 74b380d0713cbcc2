// The console server (servers/drivers/console) on a booted system: init
// starts it from its unit with the COM1 and keyboard caps, and a client
// program — a real simulated process — writes through CONSOLE_WRITE (what
// the UART model sent is checked), reads what was typed at the UART and at
// the PS/2 keyboard (CONSOLE_READ waits for the interrupt), and changes the
// termios.
#include <gtest/gtest.h>

#include <string>

#include "boot_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/device_clients.h"
#include "trona/core/syscall.h"
#include "uapi/termios.h"

namespace {

using namespace boot_test;

std::string g_uart;     // what COM1 sent by the end of the client
std::string g_typed;    // what CONSOLE_READ gave for the UART's typing
std::string g_keyed;    // ... and for the keyboard's
int g_errors = 0;
uint64_t g_iflag = 0, g_lflag = 0;

std::string read_exactly(const trona::ConsoleClient& con, size_t n) {
  std::string out;
  while (out.size() < n) {
    char buf[64];
    size_t got = 0;
    if (con.read(buf, sizeof buf, &got) != 0) {
      ++g_errors;
      break;
    }
    out.append(buf, got);
  }
  return out;
}

void write_all(const trona::ConsoleClient& con, const std::string& s) {
  size_t n = 0;
  if (con.write(s.data(), s.size(), &n) != 0 || n != s.size()) ++g_errors;
}

int console_client(int, char**, char**) {
  trona::ConsoleClient con;
  hw::Machine* m = booting_machine();
  write_all(con, "client: hello\n");
  m->uart()->type("ls -l\r");
  g_typed = read_exactly(con, 6);
  m->keyboard()->type("Hi\n");
  g_keyed = read_exactly(con, 3);
  std::string big;
  for (int i = 0; i < 100; ++i) big += "line " + std::to_string(i) + "\n";
  write_all(con, big);  // ~790 bytes: several messages, more than the FIFO, less than the ring
  uapi::Termios t{};
  if (con.tcgetattr(&t) != 0) ++g_errors;
  g_iflag = t.c_iflag;
  g_lflag = t.c_lflag;
  t.c_oflag &= ~uapi::termios::kOPOST;
  if (con.tcsetattr(uapi::termios::kTCSADRAIN, t) != 0) ++g_errors;
  write_all(con, "raw\n");
  if (con.tcsetattr(7, t) == 0) ++g_errors;  // a bad `when` is refused
  trona::nanosleep(200'000'000);             // the UART sends ~11.5 bytes per ms
  g_uart = m->uart()->output();
  return 0;
}

TEST(ConsoleBoot, WritesReachCom1AndTypingAtTheUartAndKeyboardIsRead) {
  saltysim::programs::register_program("console_client", &console_client);
  Files f = standard_system();
  add_service(f, "console", "Type=notify\n[Capabilities]\nCopyCap=6:64 7:65 8:66 9:67 10:68\n");
  add_service(f, "console_client", "[Dependencies]\nAfter=console\n");  // procmgr fills its slot 11
  BootResult r = boot(f);
  EXPECT_EQ(r.run, sim::RunResult::Idle) << r.console;
  EXPECT_NE(r.console.find("init: console ready"), std::string::npos) << r.console;
  EXPECT_EQ(g_errors, 0);
  EXPECT_EQ(g_typed, "ls -l\n");  // CR became NL (ICRNL)
  EXPECT_EQ(g_keyed, "Hi\n");     // scan codes through the keymap, Enter as CR, then NL
  EXPECT_EQ(g_iflag & uapi::termios::kICRNL, uapi::termios::kICRNL);
  EXPECT_EQ(g_lflag & uapi::termios::kICANON, uapi::termios::kICANON);
  std::string big;
  for (int i = 0; i < 100; ++i) big += "line " + std::to_string(i) + "\r\n";
  EXPECT_EQ(g_uart, "client: hello\r\n" + big + "raw\n");
}

}  // namespace
