// The shell on the console, interactive: a login program makes a session
// with /dev/console as its controlling terminal and execs /bin/sh; a
// typist program types at COM1 as a person would and waits for what the
// UART shows. Checks the line editor (erase, ^U, arrows, history, ^C at
// the prompt), job control (^Z stops the foreground job, "[1]+  Stopped",
// jobs, fg, bg, ^C reaches only the foreground job, a background job that
// reads the terminal stops, kill %1, "Done"), and ^D ending the shell.
#include <gtest/gtest.h>

#include <string>

#include "boot_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/core/syscall.h"
#include "trona/posix/fd.h"
#include "trona/posix/file.h"
#include "trona/posix/process.h"
#include "trona/posix/termios.h"
#include "uapi/linux_numbers.h"

namespace {

using namespace boot_test;
namespace px = trona::posix;

std::string g_uart;
bool g_all_seen = false;
std::string g_missing;

int login(int, char**, char**) {
  px::mkfifo("/tmp/fifo", 0644);  // a job that blocks elsewhere than on the terminal
  px::setsid();
  int fd = px::open("/dev/console", uapi::kO_RDWR);
  px::ioctl(fd, uapi::kTIOCSCTTY, nullptr);
  for (int i = 0; i < 3; ++i) px::dup2(fd, i);
  if (fd > 2) px::close(fd);
  char a0[] = "sh", *argv[] = {a0, nullptr};
  char e0[] = "PATH=/bin", e1[] = "HOME=/", e2[] = "PS1=$ ", *envp[] = {e0, e1, e2, nullptr};
  px::execve("/bin/sh", argv, envp);
  return 127;
}

// Waits (virtual time) until the UART shows `what` after `*from`; moves
// *from past it.
bool wait_for(const std::string& what, size_t* from) {
  for (int i = 0; i < 500; ++i) {
    const std::string& out = booting_machine()->uart()->output();
    size_t at = out.find(what, *from);
    if (at != std::string::npos) {
      *from = at + what.size();
      return true;
    }
    trona::nanosleep(10'000'000);
  }
  if (g_missing.empty()) g_missing = what;
  return false;
}

int typist(int, char**, char**) {
  size_t at = 0;
  auto type = [](const std::string& s) { booting_machine()->uart()->type(s); };
  struct Step {
    const char* keys;
    const char* expect;
  };
  const Step steps[] = {
      {"", "$ "},
      {"echo hello\r", "hello\r\n$ "},
      {"echo abX\x7f" "c\r", "abc\r\n$ "},               // backspace
      {"junk\x15" "echo ok\r", "ok\r\n$ "},                // ^U
      {"echo ac\x1b[Db\r", "abc\r\n$ "},                  // left arrow, insert
      {"\x1b[A\r", "abc\r\n$ "},                          // up: the last line again
      {"echo one\r", "one\r\n$ "},
      {"\x1b[A\x1b[A\x1b[B\r", "one\r\n$ "},              // up up down
      {"partial\x03", "^C\r\n$ "},                        // ^C at the prompt
      {"sh -c 'read x; echo read $x'\r", "read x; echo read $x'\r\n"},
      {"\x1a", "[1]+  Stopped"},                          // ^Z stops the foreground job
      {"", "$ "},
      {"jobs\r", "[1]+  Stopped                 sh -c 'read x; echo read $x'\r\n$ "},
      {"fg %1\r", "sh -c 'read x; echo read $x'\r\n"},
      {"typed\r", "read typed\r\n$ "},                    // the job got the terminal back
      {"sh -c 'read y'\r", "read y'\r\n"},
      {"\x03", "$ "},                                     // ^C ends the job, not the shell
      {"echo status $?\r", "status 130\r\n$ "},
      {"sh -c 'while :; do :; done'\r", "done'\r\n"},     // a loop of builtins only ...
      {"\x03", "$ "},                                     // ... ends on ^C too
      {"read z </dev/tty &\r", "[1] "},                   // a background reader ...
      {"\r", "[1]+  Stopped"},                            // ... stops on SIGTTIN
      {"kill %1\r", "$ "},
      {"\r", "[1]+  Terminated"},
      {"true &\r", "[1] "},
      {"\r", "[1]+  Done                    true\r\n$ "},  // reported before the next prompt
      {"echo after\r", "after\r\n$ "},
      {"sh -c 'read x </tmp/fifo; echo got $x'\r", "echo got $x'\r\n"},
      {"\x1a", "[1]+  Stopped"},                          // ^Z while it waits for a writer
      {"", "$ "},
      {"bg\r", "[1] sh -c 'read x </tmp/fifo; echo got $x' &\r\n$ "},
      {"echo hi >/tmp/fifo\r", "got hi\r\n"},          // the background job goes on
      {"\r", "[1]+  Done"},
      {"\x04", "\r\n"},                                   // ^D: the shell ends
  };
  bool ok = true;
  for (const Step& s : steps) {
    type(s.keys);
    if (!wait_for(s.expect, &at)) {
      ok = false;
      break;
    }
  }
  trona::nanosleep(50'000'000);
  g_uart = booting_machine()->uart()->output();
  g_all_seen = ok;
  return 0;
}

TEST(ShellInteractive, LineEditingHistoryAndJobControlOnTheConsole) {
  g_uart.clear();
  g_missing.clear();
  g_all_seen = false;
  saltysim::programs::register_program("t_login", &login);
  saltysim::programs::register_program("t_typist", &typist);
  Files f = standard_system();
  add_tty_services(f);
  add_service(f, "t_login", "[Dependencies]\nAfter=ttysrv\n");
  add_service(f, "t_typist", "[Dependencies]\nAfter=ttysrv\n");
  f["bin/sh"] = image("sh");
  BootResult r = boot(f);
  EXPECT_EQ(r.run, sim::RunResult::Idle) << r.console;
  EXPECT_TRUE(g_all_seen) << "missing: " << g_missing << "\nthe console showed:\n" << g_uart;
  EXPECT_NE(r.console.find("service exited: t_login (status 0)"), std::string::npos) << r.console;
}

}  // namespace
