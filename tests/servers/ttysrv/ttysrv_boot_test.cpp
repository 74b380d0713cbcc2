// posix_ttysrv on a booted system with the console server and the VFS
// fronting the terminals: a session leader takes /dev/console as its
// controlling terminal, what is typed at COM1 arrives line-edited, ECHO
// off hides a password, ^C reaches only the foreground job, a background
// read stops the reader with SIGTTIN, and a program on /dev/pts/0 talks to
// a pty master — every one a real simulated process using trona::posix.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "boot_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/ttysrv_client.h"
#include "trona/core/syscall.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "trona/posix/poll.h"
#include "trona/posix/file.h"
#include "trona/posix/process.h"
#include "trona/posix/signal.h"
#include "trona/posix/termios.h"
#include "uapi/linux_numbers.h"
#include "uapi/termios.h"

extern "C" int trona_program_getty(int, char**, char**);

namespace {

using namespace boot_test;
namespace px = trona::posix;

std::map<std::string, long> g_seen;
std::map<std::string, std::string> g_text;
std::string g_uart;

void see(const std::string& k, long v) { g_seen[k] = v; }

std::string read_line(int fd) {
  char buf[152];
  long n = px::read(fd, buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("<") + std::to_string(n) + ">";
}

void type(const std::string& s) { booting_machine()->uart()->type(s); }

// A child in its own process group that reads the terminal.
void reader_child(uint64_t) {
  px::setpgid(0, 0);
  char c;
  px::read(0, &c, 1);
  px::_exit(3);
}

int session(int, char**, char**) {
  see("setsid", px::setsid());
  int fd = px::open("/dev/console", uapi::kO_RDWR);
  see("open", fd);
  see("sctty", px::ioctl(fd, uapi::kTIOCSCTTY, nullptr));
  see("isatty", px::isatty(fd));
  px::dup2(fd, 0);
  see("pgrp_is_mine", px::tcgetpgrp(0) == px::getpgrp());
  px::write(fd, "login: ", 7);
  type("rooq\x7ft\r");
  g_text["login"] = read_line(0);
  uapi::Termios t{};
  see("tcgetattr", px::tcgetattr(0, &t));
  t.c_lflag &= ~uapi::termios::kECHO;
  see("tcsetattr", px::tcsetattr(0, uapi::termios::kTCSANOW, &t));
  px::write(fd, "Password: ", 10);
  type("hunter2\r");
  g_text["password"] = read_line(0);
  t.c_lflag |= uapi::termios::kECHO;
  px::tcsetattr(0, uapi::termios::kTCSANOW, &t);
  px::write(fd, "\n$ ", 3);

  // ^C: a foreground job reading the terminal is interrupted, the shell is not.
  px::pid_t job = px::fork_to(reader_child, 0);
  px::setpgid(job, job);
  trona::nanosleep(10'000'000);
  see("tcsetpgrp_job", px::tcsetpgrp(0, job));
  type("\x03");
  int st = 0;
  see("wait_job", px::waitpid(job, &st, 0) == job);
  see("job_signaled", uapi::w_ifsignaled(st) ? uapi::w_termsig(st) : -1);
  see("tcsetpgrp_back", px::tcsetpgrp(0, px::getpgrp()));

  // A background job that reads stops with SIGTTIN.
  px::pid_t bg = px::fork_to(reader_child, 0);
  px::setpgid(bg, bg);
  see("wait_bg", px::waitpid(bg, &st, uapi::kWUNTRACED) == bg);
  see("bg_stopped", uapi::w_ifstopped(st) ? uapi::w_stopsig(st) : -1);
  px::kill(bg, uapi::kSIGKILL);
  px::waitpid(bg, &st, 0);

  // poll sees the terminal: nothing typed times out, a typed line is POLLIN.
  int pipefd[2];
  px::pipe(pipefd);
  px::pollfd pf[2] = {{0, static_cast<int16_t>(uapi::kPOLLIN), 0}, {pipefd[0], static_cast<int16_t>(uapi::kPOLLIN), 0}};
  const uint64_t t0 = now_ms();
  see("poll_idle", px::poll(pf, 2, 50));
  see("poll_waited_ms", static_cast<long>(now_ms() - t0));
  type("x\r");
  see("poll_typed", px::poll(pf, 2, 1000));
  see("poll_revents", pf[0].revents);
  g_text["after_poll"] = read_line(0);

  uapi::Winsize ws{};
  see("winsz", px::ioctl(0, uapi::kTIOCGWINSZ, &ws));
  see("cols", ws.ws_col);
  see("notty_ioctl", px::ioctl(0, 0x1234, nullptr) == -1 ? px::errno_ref() : 0);
  px::write(fd, "bye\n", 4);
  trona::nanosleep(50'000'000);
  g_uart = booting_machine()->uart()->output();
  return 0;
}

// A program on a pty slave: reads a line from it and answers.
void on_slave(uint64_t) {
  int fd = px::open("/dev/pts/0", uapi::kO_RDWR);
  char buf[64];
  long n = px::read(fd, buf, sizeof buf);
  std::string reply = "got " + std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
  px::write(fd, reply.data(), reply.size());
  px::_exit(n > 0 ? 0 : 1);
}

int pty_master(int, char**, char**) {
  trona::TtysrvClient tty(uapi::SLOT_TTYSRV_EP);
  uint64_t master = 0, slave = 0;
  see("alloc", tty.pty_alloc(&master, &slave));
  see("slave", static_cast<long>(slave));
  px::pid_t child = px::fork_to(on_slave, 0);
  size_t n = 0;
  see("master_write", tty.pty_master_write(master, "ping\n", 5, &n));
  std::string seen;
  while (seen.find("got ping") == std::string::npos) {
    char buf[152];
    size_t got = 0;
    if (tty.pty_collect(master, buf, sizeof buf, &got) != 0 || got == 0) break;
    seen.append(buf, got);
  }
  g_text["master"] = seen;
  int st = 0;
  see("child", px::waitpid(child, &st, 0) == child && uapi::w_ifexited(st) ? uapi::w_exitstatus(st) : -1);
  return 0;
}

// The same through /dev/ptmx and the VFS: the slave's program answers one
// line, then sees end of file when the master's last fd closes.
void on_opened_slave(uint64_t master_fd) {
  px::close(static_cast<int>(master_fd));  // the parent's master stays the only one
  px::signal(uapi::kSIGHUP, px::ignored_handler());  // the hang-up's SIGHUP would end it first
  px::setsid();
  int fd = px::open("/dev/pts/0", uapi::kO_RDWR);
  px::ioctl(fd, uapi::kTIOCSCTTY, nullptr);
  char buf[64];
  long n = px::read(fd, buf, sizeof buf);
  std::string reply = "got " + std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
  px::write(fd, reply.data(), reply.size());
  long after = px::read(fd, buf, sizeof buf);  // the master goes away: end of file
  px::_exit(n > 0 && after == 0 ? 7 : 1);
}

int ptmx_master(int, char**, char**) {
  int m = px::posix_openpt(uapi::kO_RDWR | uapi::kO_NONBLOCK);
  see("ptmx_fd", m >= 0);
  see("ptmx_isatty", px::isatty(m));
  char name[32] = {};
  see("ptsname", px::ptsname_r(m, name, sizeof name));
  g_text["ptsname"] = name;
  uint32_t ptn = 99;
  see("tiocgptn", px::ioctl(m, uapi::kTIOCGPTN, &ptn));
  see("ptn", ptn);
  see("grantpt", px::grantpt(m));
  see("unlockpt", px::unlockpt(m));
  see("ptsname_small", px::ptsname_r(m, name, 5));
  char c;
  see("nonblock_read", px::read(m, &c, 1) == -1 ? px::errno_ref() : 0);
  int ep = px::epoll_create1(0);
  px::epoll_event ev{uapi::kEPOLLIN, 42};
  see("epoll_add", px::epoll_ctl(ep, uapi::kEPOLL_CTL_ADD, m, &ev));
  px::epoll_event got[2] = {};
  see("epoll_idle", px::epoll_wait(ep, got, 2, 30));
  px::pid_t child = px::fork_to(on_opened_slave, static_cast<uint64_t>(m));
  trona::nanosleep(20'000'000);
  see("master_write", static_cast<long>(px::write(m, "ping\n", 5)));
  std::string seen;
  for (int i = 0; i < 20 && seen.find("got ping") == std::string::npos; ++i) {
    if (px::epoll_wait(ep, got, 2, 1000) != 1) break;
    if (got[0].data != 42) break;
    char buf[152];
    long n = px::read(m, buf, sizeof buf);
    if (n > 0) seen.append(buf, static_cast<size_t>(n));
  }
  g_text["master"] = seen;
  px::close(m);  // the slave hangs up
  int st = 0;
  see("child", px::waitpid(child, &st, 0) == child ? st : -1);
  const int m2 = px::posix_openpt(uapi::kO_RDWR);
  see("second_ptmx", m2 >= 0);  // pty 0 was given back: it is 0 again
  uint32_t again = 99;
  px::ioctl(m2, uapi::kTIOCGPTN, &again);
  see("ptn_again", again);
  return 0;
}

// What getty hands to login: argv, and a terminal that is the session's
// controlling tty on fds 0-2 with this process group in the foreground.
int fake_login(int argc, char** argv, char**) {
  std::string args;
  for (int i = 0; i < argc; ++i) args += std::string(i ? " " : "") + argv[i];
  g_text["login_argv"] = args;
  see("login_tty", px::isatty(0) && px::isatty(1) && px::isatty(2));
  see("login_leader", px::getsid(0) == px::getpid());
  see("login_fg", px::tcgetpgrp(0) == px::getpgrp());
  px::write(1, "welcome\n", 8);
  trona::nanosleep(20'000'000);
  g_uart = booting_machine()->uart()->output();
  return 0;
}

// Types at COM1 once getty has asked: an empty line (asked again), then a name.
int typist(int, char**, char**) {
  trona::nanosleep(100'000'000);
  type("\r");
  trona::nanosleep(20'000'000);
  type("  root \r");
  return 0;
}

Files tty_system(const std::string& program) {
  Files f = standard_system();
  add_tty_services(f);
  add_service(f, program, "[Dependencies]\nAfter=ttysrv\n");
  return f;
}

TEST(TtysrvBoot, ASessionOnTheConsoleLineEditingEchoJobControlAndSignals) {
  g_seen.clear();
  g_text.clear();
  saltysim::programs::register_program("session", &session);
  BootResult r = boot(tty_system("session"));
  EXPECT_EQ(r.run, sim::RunResult::Idle) << r.console;
  EXPECT_EQ(g_seen["open"], 0);
  EXPECT_EQ(g_seen["sctty"], 0);
  EXPECT_EQ(g_seen["isatty"], 1);
  EXPECT_EQ(g_seen["pgrp_is_mine"], 1);
  EXPECT_EQ(g_text["login"], "root\n");
  EXPECT_EQ(g_seen["tcgetattr"], 0);
  EXPECT_EQ(g_seen["tcsetattr"], 0);
  EXPECT_EQ(g_text["password"], "hunter2\n");
  EXPECT_EQ(g_seen["tcsetpgrp_job"], 0);
  EXPECT_EQ(g_seen["wait_job"], 1);
  EXPECT_EQ(g_seen["job_signaled"], uapi::kSIGINT);
  EXPECT_EQ(g_seen["tcsetpgrp_back"], 0);
  EXPECT_EQ(g_seen["wait_bg"], 1);
  EXPECT_EQ(g_seen["bg_stopped"], uapi::kSIGTTIN);
  EXPECT_EQ(g_seen["poll_idle"], 0);
  EXPECT_GE(g_seen["poll_waited_ms"], 50);
  EXPECT_EQ(g_seen["poll_typed"], 1);
  EXPECT_EQ(g_seen["poll_revents"], uapi::kPOLLIN);
  EXPECT_EQ(g_text["after_poll"], "x\n");
  EXPECT_EQ(g_seen["winsz"], 0);
  EXPECT_EQ(g_seen["cols"], 80);
  EXPECT_EQ(g_seen["notty_ioctl"], uapi::kENOTTY);
  // What COM1 showed: the echo with the erase, no password, ^C, CR NL.
  EXPECT_NE(g_uart.find("login: rooq\b \bt\r\n"), std::string::npos) << g_uart;
  EXPECT_EQ(g_uart.find("hunter2"), std::string::npos) << g_uart;
  EXPECT_NE(g_uart.find("Password: \r\n$ ^C"), std::string::npos) << g_uart;
  EXPECT_NE(g_uart.find("bye\r\n"), std::string::npos) << g_uart;
}

TEST(TtysrvBoot, GettyGivesLoginTheConsoleAsControllingTerminal) {
  g_seen.clear();
  g_text.clear();
  g_uart.clear();
  saltysim::programs::register_program("getty", &trona_program_getty);
  saltysim::programs::register_program("fake_login", &fake_login);
  saltysim::programs::register_program("typist", &typist);
  Files f = tty_system("typist");
  add_service(f, "getty", "Args=--login /bin/fake_login /dev/console\n[Dependencies]\nAfter=ttysrv\n");
  f["bin/fake_login"] = image("fake_login");
  BootResult r = boot(f);
  EXPECT_EQ(r.run, sim::RunResult::Idle) << r.console;
  EXPECT_EQ(g_text["login_argv"], "login root");
  EXPECT_EQ(g_seen["login_tty"], 1);
  EXPECT_EQ(g_seen["login_leader"], 1);
  EXPECT_EQ(g_seen["login_fg"], 1);
  // Asked twice (the empty line), the name echoed, then login's own output.
  EXPECT_NE(g_uart.find("saltysim login: \r\n\r\nsaltysim login:   root \r\nwelcome\r\n"), std::string::npos) << g_uart;
}

TEST(TtysrvBoot, GettyRefusesABadCommandLine) {
  g_uart.clear();
  saltysim::programs::register_program("getty", &trona_program_getty);
  Files f = tty_system("typist");
  add_service(f, "getty", "Args=--bogus\n[Dependencies]\nAfter=ttysrv\n");
  BootResult r = boot(f);
  EXPECT_EQ(r.run, sim::RunResult::Idle) << r.console;
  EXPECT_NE(r.console.find("getty: unknown option\nusage: getty"), std::string::npos) << r.console;
  EXPECT_NE(r.console.find("service exited: getty (status 1)"), std::string::npos) << r.console;
}

TEST(TtysrvBoot, AProgramOnAPtySlaveTalksToTheMaster) {
  g_seen.clear();
  g_text.clear();
  saltysim::programs::register_program("pty_master", &pty_master);
  BootResult r = boot(tty_system("pty_master"));
  EXPECT_EQ(r.run, sim::RunResult::Idle) << r.console;
  EXPECT_EQ(g_seen["alloc"], 0);
  EXPECT_EQ(g_seen["slave"], 2);
  EXPECT_EQ(g_seen["master_write"], 0);
  EXPECT_EQ(g_seen["child"], 0);
  EXPECT_EQ(g_text["master"], "ping\r\ngot ping\r\n");  // the echo, then the answer (ONLCR)
}

TEST(TtysrvBoot, APtmxOpenedThroughTheVfsDrivesAProgramOnItsSlave) {
  g_seen.clear();
  g_text.clear();
  saltysim::programs::register_program("ptmx_master", &ptmx_master);
  BootResult r = boot(tty_system("ptmx_master"));
  EXPECT_EQ(r.run, sim::RunResult::Idle) << r.console;
  EXPECT_EQ(g_seen["ptmx_fd"], 1);
  EXPECT_EQ(g_seen["ptmx_isatty"], 1);
  EXPECT_EQ(g_seen["ptsname"], 0);
  EXPECT_EQ(g_text["ptsname"], "/dev/pts/0");
  EXPECT_EQ(g_seen["tiocgptn"], 0);
  EXPECT_EQ(g_seen["ptn"], 0);
  EXPECT_EQ(g_seen["grantpt"], 0);
  EXPECT_EQ(g_seen["unlockpt"], 0);
  EXPECT_EQ(g_seen["ptsname_small"], uapi::kERANGE);
  EXPECT_EQ(g_seen["nonblock_read"], uapi::kEAGAIN);
  EXPECT_EQ(g_seen["epoll_add"], 0);
  EXPECT_EQ(g_seen["epoll_idle"], 0);
  EXPECT_EQ(g_seen["master_write"], 5);
  EXPECT_EQ(g_text["master"], "ping\r\ngot ping\r\n");
  EXPECT_EQ(g_seen["child"], 7 << 8);  // it answered, then read end of file after the master closed
  EXPECT_EQ(g_seen["second_ptmx"], 1);
  EXPECT_EQ(g_seen["ptn_again"], 0);
}

}  // namespace
