// The VFS server on a booted system: init starts it from its unit, procmgr
// hands every later process a badged endpoint, and test programs — real
// simulated processes — use it only through trona::posix. Pipes between
// processes, EOF/EPIPE/SIGPIPE, PIPE_BUF-sized atomic messages with four
// writers, a FIFO between two processes, and a killed client whose files,
// pipe and blocked read are all released (VFS_DUMP_PENDING counts).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "boot_harness.h"
#include "proto/saltyfs_server.h"
#include "proto/vfs_client.h"
#include "trona/core/readiness.h"
#include "trona/core/serve.h"
#include "sim/host/programs/programs.h"
#include "trona/core/syscall.h"
#include "trona/clients/mmsrv_client.h"
#include "trona/clients/procmgr_client.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "trona/posix/file.h"
#include "trona/core/memory.h"
#include "trona/posix/mman.h"
#include "trona/posix/mount.h"
#include "trona/posix/poll.h"
#include "trona/posix/process.h"
#include "trona/posix/signal.h"
#include "trona/posix/socket.h"
#include "trona/posix/xattr.h"
#include "uapi/linux_numbers.h"

namespace {

using namespace boot_test;
namespace px = trona::posix;

// What the programs saw (host globals: one test at a time).
std::map<std::string, long> g_seen;
std::string g_text;
std::string g_name;
std::string g_name2;
std::string g_made;
constexpr int kMsgNoSignal = 0x4000;

void see(const std::string& what, long v) { g_seen[what] = v; }
long err() { return px::errno_ref(); }

Files vfs_system(const std::string& program) {
  Files f = standard_system();
  add_vfs_service(f);
  add_service(f, program, "[Dependencies]\nAfter=vfs\n");
  return f;
}

proto::vfs::VfsDumpPending::Reply counts() {
  proto::vfs::VfsDumpPending::Reply r{};
  proto::vfs::call(uapi::SLOT_VFS_EP, proto::vfs::VfsDumpPending::Request{}, &r);
  return r;
}

int wait_status(int pid) {
  int st = -1;
  return px::waitpid(pid, &st, 0) == pid ? st : -1;
}

// --- files ---------------------------------------------------------------------

int files(int, char**, char**) {
  int fd = px::open("/tmp/hello", uapi::kO_CREAT | uapi::kO_WRONLY, 0644);
  see("open", fd);
  see("write", px::write(fd, "hello, vfs", 10));
  see("close", px::close(fd));
  fd = px::open("/tmp/hello", uapi::kO_RDONLY);
  char buf[64] = {};
  see("read", px::read(fd, buf, sizeof buf));
  g_text = buf;
  px::Stat st{};
  see("fstat", px::fstat(fd, &st));
  see("size", static_cast<long>(st.st_size));
  see("mode", static_cast<long>(st.st_mode));
  px::close(fd);
  see("mkdir", px::mkdir("/tmp/d", 0755));
  see("mkdir_again", px::mkdir("/tmp/d", 0755) == -1 ? err() : 0);
  see("rename", px::rename("/tmp/hello", "/tmp/d/hi"));
  see("stat_old", px::stat("/tmp/hello", &st) == -1 ? err() : 0);
  see("chdir", px::chdir("/tmp/d"));
  char cwd[64] = {};
  see("getcwd", px::getcwd(cwd, sizeof cwd) ? 0 : err());
  g_text += std::string("|") + cwd;
  see("stat_rel", px::stat("hi", &st));
  see("unlink", px::unlink("hi"));
  see("rmdir_cwd", px::rmdir("/tmp/d"));
  see("null", px::open("/dev/null", uapi::kO_RDWR) >= 0 ? 0 : err());
  see("enoent", px::open("/nope/x", uapi::kO_RDONLY) == -1 ? err() : 0);
  see("umask_applied", [] {
    px::umask(077);
    int f = px::open("/tmp/masked", uapi::kO_CREAT | uapi::kO_WRONLY, 0666);
    px::Stat s{};
    px::fstat(f, &s);
    return static_cast<long>(s.st_mode & 0777);
  }());
  return 0;
}

TEST(VfsBoot, FilesAndDirectoriesThroughTheServer) {
  saltysim::programs::register_program("files", &files);
  g_seen.clear();
  BootResult r = boot(vfs_system("files"));
  SCOPED_TRACE(r.console);
  EXPECT_NE(pos(r.console, "init: vfs ready"), std::string::npos);
  EXPECT_GE(g_seen["open"], 0);
  EXPECT_EQ(g_seen["write"], 10);
  EXPECT_EQ(g_seen["read"], 10);
  EXPECT_EQ(g_text, "hello, vfs|/tmp/d");
  EXPECT_EQ(g_seen["size"], 10);
  EXPECT_EQ(g_seen["mode"], uapi::kS_IFREG | 0644);
  EXPECT_EQ(g_seen["mkdir"], 0);
  EXPECT_EQ(g_seen["mkdir_again"], uapi::kEEXIST);
  EXPECT_EQ(g_seen["rename"], 0);
  EXPECT_EQ(g_seen["stat_old"], uapi::kENOENT);
  EXPECT_EQ(g_seen["stat_rel"], 0);
  EXPECT_EQ(g_seen["unlink"], 0);
  EXPECT_EQ(g_seen["rmdir_cwd"], 0);
  EXPECT_EQ(g_seen["null"], 0);
  EXPECT_EQ(g_seen["enoent"], uapi::kENOENT);
  EXPECT_EQ(g_seen["umask_applied"], 0600);
}

// --- pipes between processes ----------------------------------------------------

int g_pipe[2];

void writer_child(uint64_t) {
  px::close(g_pipe[0]);
  px::write(g_pipe[1], "ping from the child", 19);
  px::_exit(0);
}

bool g_sigpipe = false;
void on_sigpipe(int) { g_sigpipe = true; }

int pipes(int, char**, char**) {
  see("pipe", px::pipe(g_pipe));
  int child = px::fork_to(&writer_child, 0);
  see("fork", child > 0 ? 0 : err());
  px::close(g_pipe[1]);
  std::string got;
  char buf[64];
  for (;;) {
    long n = px::read(g_pipe[0], buf, sizeof buf);  // blocks until the child writes, then EOF
    if (n <= 0) {
      see("last_read", n);
      break;
    }
    got.append(buf, static_cast<size_t>(n));
  }
  g_text = got;
  see("child_status", wait_status(child));
  px::close(g_pipe[0]);
  // EPIPE and SIGPIPE: the read end is gone.
  px::SigAction sa;
  sa.handler = &on_sigpipe;
  px::sigaction(uapi::kSIGPIPE, &sa, nullptr);
  int p[2];
  px::pipe(p);
  px::close(p[0]);
  long w = px::write(p[1], "x", 1);
  see("epipe", w == -1 ? err() : w);
  trona::nanosleep(1'000'000);  // the signal arrives
  see("sigpipe", g_sigpipe ? 1 : 0);
  px::close(p[1]);
  // O_NONBLOCK: EAGAIN on an empty pipe, and on a full one.
  px::pipe2(p, uapi::kO_NONBLOCK);
  see("eagain_read", px::read(p[0], buf, 1) == -1 ? err() : 0);
  long total = 0;
  char block[144];
  std::memset(block, 'f', sizeof block);
  for (;;) {
    long n = px::write(p[1], block, sizeof block);
    if (n < 0) break;
    total += n;
  }
  see("eagain_write", err());
  see("capacity", total);
  return 0;
}

TEST(VfsBoot, PipeBetweenTwoProcessesEofEpipeSigpipeAndCapacity) {
  saltysim::programs::register_program("pipes", &pipes);
  g_seen.clear();
  BootResult r = boot(vfs_system("pipes"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["pipe"], 0);
  EXPECT_EQ(g_seen["fork"], 0);
  EXPECT_EQ(g_text, "ping from the child");
  EXPECT_EQ(g_seen["last_read"], 0);  // EOF once the only writer is gone
  EXPECT_EQ(g_seen["child_status"], 0);
  EXPECT_EQ(g_seen["epipe"], uapi::kEPIPE);
  EXPECT_EQ(g_seen["sigpipe"], 1);
  EXPECT_EQ(g_seen["eagain_read"], uapi::kEAGAIN);
  EXPECT_EQ(g_seen["eagain_write"], uapi::kEAGAIN);
  EXPECT_EQ(g_seen["capacity"], 65536 / 144 * 144);
}

// --- four writers, one reader: every 144-byte message arrives whole -------------

constexpr int kWriters = 4, kMessages = 12;
constexpr size_t kMessage = 4096;  // PIPE_BUF: each write arrives whole

void letter_writer(uint64_t letter) {
  char m[kMessage];
  std::memset(m, static_cast<int>('a' + letter), sizeof m);
  for (int i = 0; i < kMessages; ++i) px::write(g_pipe[1], m, sizeof m);
  px::_exit(0);
}

int atomic_writes(int, char**, char**) {
  px::pipe(g_pipe);
  int kids[kWriters];
  for (int i = 0; i < kWriters; ++i) kids[i] = px::fork_to(&letter_writer, static_cast<uint64_t>(i));
  px::close(g_pipe[1]);
  std::string all;
  char buf[256];
  for (;;) {
    long n = px::read(g_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    all.append(buf, static_cast<size_t>(n));
  }
  for (int k : kids) wait_status(k);
  g_text = all;
  return 0;
}

TEST(VfsBoot, FourWritersPipeBufMessagesAreNeverInterleaved) {
  saltysim::programs::register_program("atomic_writes", &atomic_writes);
  g_text.clear();
  BootResult r = boot(vfs_system("atomic_writes"));
  SCOPED_TRACE(r.console);
  ASSERT_EQ(g_text.size(), kWriters * kMessages * kMessage);
  std::map<char, int> per_letter;
  for (size_t at = 0; at < g_text.size(); at += kMessage) {
    const char c = g_text[at];
    EXPECT_EQ(g_text.substr(at, kMessage), std::string(kMessage, c)) << "message at " << at;
    per_letter[c]++;
  }
  for (int i = 0; i < kWriters; ++i) EXPECT_EQ(per_letter[static_cast<char>('a' + i)], kMessages);
}

// --- a FIFO between two processes -----------------------------------------------

void fifo_writer(uint64_t) {
  int fd = px::open("/tmp/fifo", uapi::kO_WRONLY);  // waits for the reader
  px::write(fd, "through the fifo", 16);
  px::_exit(fd >= 0 ? 0 : 1);
}

int fifo(int, char**, char**) {
  see("mkfifo", px::mkfifo("/tmp/fifo", 0600));
  int child = px::fork_to(&fifo_writer, 0);
  trona::nanosleep(5'000'000);  // the writer blocks in open first
  int fd = px::open("/tmp/fifo", uapi::kO_RDONLY);
  char buf[64] = {};
  std::string got;
  for (;;) {
    long n = px::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  g_text = got;
  see("child_status", wait_status(child));
  return 0;
}

TEST(VfsBoot, FifoOpenWaitsForThePeerAndCarriesData) {
  saltysim::programs::register_program("fifo", &fifo);
  g_seen.clear();
  BootResult r = boot(vfs_system("fifo"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["mkfifo"], 0);
  EXPECT_EQ(g_text, "through the fifo");
  EXPECT_EQ(g_seen["child_status"], 0);
}

// --- a killed client ------------------------------------------------------------

void hoarder(uint64_t) {
  px::open("/tmp/h1", uapi::kO_CREAT | uapi::kO_WRONLY, 0600);
  px::open("/tmp/h2", uapi::kO_CREAT | uapi::kO_RDWR, 0600);
  int p[2];
  px::pipe(p);
  char c;
  px::read(p[0], &c, 1);  // never returns: its own write end is open
  px::_exit(3);
}

int g_sv[2];

int killed(int, char**, char**) {
  auto before = counts();
  see("clients_before", static_cast<long>(before.clients));
  see("open_before", static_cast<long>(before.open_files));
  px::socketpair(uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0, g_sv);  // the child keeps g_sv[1]
  int child = px::fork_to(&hoarder, 0);
  px::close(g_sv[1]);
  trona::nanosleep(5'000'000);
  auto during = counts();
  see("open_during", static_cast<long>(during.open_files));
  see("waiters_during", static_cast<long>(during.waiters));
  px::kill(child, uapi::kSIGKILL);
  see("status", wait_status(child));
  char c = 0;
  see("socket_eof", px::recv(g_sv[0], &c, 1, 0));  // its end of the pair went with it
  px::close(g_sv[0]);
  auto after = counts();
  see("clients_after", static_cast<long>(after.clients));
  see("open_after", static_cast<long>(after.open_files));
  see("pipes_after", static_cast<long>(after.pipes));
  see("waiters_after", static_cast<long>(after.waiters));
  return 0;
}

TEST(VfsBoot, AKilledClientReleasesItsFilesPipeAndBlockedRead) {
  saltysim::programs::register_program("killed", &killed);
  g_seen.clear();
  BootResult r = boot(vfs_system("killed"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["open_during"], g_seen["open_before"] + 6);  // two files, two pipe ends, the socket pair
  EXPECT_EQ(g_seen["socket_eof"], 0);
  EXPECT_EQ(g_seen["waiters_during"], 1);
  EXPECT_EQ(g_seen["status"] & 0x7f, uapi::kSIGKILL);
  EXPECT_EQ(g_seen["open_after"], g_seen["open_before"]);
  // bin/hello (started at the end of boot) may come and go meanwhile.
  EXPECT_LE(g_seen["clients_after"], g_seen["clients_before"]);
  EXPECT_EQ(g_seen["pipes_after"], 0);
  EXPECT_EQ(g_seen["waiters_after"], 0);
}

// --- O_CLOEXEC at exec ----------------------------------------------------------

int g_keep = -1, g_drop = -1;

int exec_target(int argc, char** argv, char**) {
  if (argc != 3) return 9;
  const int keep = std::atoi(argv[1]), drop = std::atoi(argv[2]);
  see("keep_open", px::fcntl(keep, uapi::kF_GETFD) == 0 ? 1 : 0);
  see("drop_errno", px::fcntl(drop, uapi::kF_GETFD) == -1 ? err() : 0);
  return 0;
}

void exec_child(uint64_t) {
  std::string k = std::to_string(g_keep), d = std::to_string(g_drop);
  char* argv[] = {const_cast<char*>("bin/exec_target"), k.data(), d.data(), nullptr};
  char* envp[] = {nullptr};
  px::execve("bin/exec_target", argv, envp);
  px::_exit(8);
}

int cloexec(int, char**, char**) {
  g_keep = px::open("/tmp/keep", uapi::kO_CREAT | uapi::kO_RDWR, 0600);
  g_drop = px::open("/tmp/drop", uapi::kO_CREAT | uapi::kO_RDWR | uapi::kO_CLOEXEC, 0600);
  see("child_status", wait_status(px::fork_to(&exec_child, 0)));
  see("parent_still_has_drop", px::fcntl(g_drop, uapi::kF_GETFD) == uapi::kFD_CLOEXEC ? 1 : 0);
  return 0;
}

TEST(VfsBoot, CloexecFdsCloseAtExecAndOthersStay) {
  saltysim::programs::register_program("cloexec", &cloexec);
  saltysim::programs::register_program("exec_target", &exec_target);
  g_seen.clear();
  Files f = vfs_system("cloexec");
  f["bin/exec_target"] = image("exec_target");
  BootResult r = boot(f);
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["child_status"], 0);
  EXPECT_EQ(g_seen["keep_open"], 1);
  EXPECT_EQ(g_seen["drop_errno"], uapi::kEBADF);
  EXPECT_EQ(g_seen["parent_still_has_drop"], 1);
}

// --- poll and epoll between processes, on virtual time -------------------------

void late_writer(uint64_t) {
  trona::nanosleep(30'000'000);  // 30 ms
  px::write(g_pipe[1], "late", 4);
  px::_exit(0);
}

bool g_alarm = false;
void on_alarm(int) { g_alarm = true; }

int polling(int, char**, char**) {
  px::pipe(g_pipe);
  px::pollfd p{g_pipe[0], static_cast<int16_t>(uapi::kPOLLIN), 0};
  uint64_t t0 = now_ms();
  see("poll_timeout", px::poll(&p, 1, 20));  // nothing: 0 after 20 ms
  see("poll_waited_ms", static_cast<long>(now_ms() - t0));
  int child = px::fork_to(&late_writer, 0);
  t0 = now_ms();
  see("poll_ready", px::poll(&p, 1, -1));  // the child's write wakes it
  see("poll_revents", p.revents);
  see("poll_woke_ms", static_cast<long>(now_ms() - t0));
  wait_status(child);
  char buf[8];
  px::read(g_pipe[0], buf, sizeof buf);
  // epoll: a blocked wait answered by another process's write.
  int ep = px::epoll_create1(0);
  px::epoll_event ev{static_cast<uint32_t>(uapi::kEPOLLIN), 77};
  see("epoll_ctl", px::epoll_ctl(ep, uapi::kEPOLL_CTL_ADD, g_pipe[0], &ev));
  child = px::fork_to(&late_writer, 0);
  px::epoll_event got[4];
  see("epoll_n", px::epoll_wait(ep, got, 4, 1000));
  see("epoll_data", static_cast<long>(got[0].data));
  wait_status(child);
  px::read(g_pipe[0], buf, sizeof buf);
  see("epoll_timeout", px::epoll_wait(ep, got, 4, 10));
  // A signal interrupts a wait without limit: EINTR.
  px::signal(uapi::kSIGALRM, &on_alarm);
  px::alarm(1);
  long r = px::poll(&p, 1, -1);
  see("poll_eintr", r == -1 ? err() : r);
  see("alarm_ran", g_alarm ? 1 : 0);
  return 0;
}

TEST(VfsBoot, PollAndEpollWaitOnVirtualTimeAcrossProcesses) {
  saltysim::programs::register_program("polling", &polling);
  g_seen.clear();
  BootResult r = boot(vfs_system("polling"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["poll_timeout"], 0);
  EXPECT_GE(g_seen["poll_waited_ms"], 20);
  EXPECT_EQ(g_seen["poll_ready"], 1);
  EXPECT_EQ(g_seen["poll_revents"], uapi::kPOLLIN);
  EXPECT_GE(g_seen["poll_woke_ms"], 29);
  EXPECT_EQ(g_seen["epoll_ctl"], 0);
  EXPECT_EQ(g_seen["epoll_n"], 1);
  EXPECT_EQ(g_seen["epoll_data"], 77);
  EXPECT_EQ(g_seen["epoll_timeout"], 0);
  EXPECT_EQ(g_seen["poll_eintr"], uapi::kEINTR);
  EXPECT_EQ(g_seen["alarm_ran"], 1);
}

// --- AF_UNIX sockets between processes ------------------------------------------

px::sockaddr_un unix_addr(const char* path) {
  px::sockaddr_un a{};
  a.sun_family = uapi::kAF_UNIX;
  std::strncpy(a.sun_path, path, sizeof a.sun_path - 1);
  return a;
}

void sock_client(uint64_t) {
  int s = px::socket(uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0);
  px::sockaddr_un a = unix_addr("/tmp/srv.sock");
  if (px::connect(s, &a, sizeof a) != 0) px::_exit(2);
  px::send(s, "hello server", 12, 0);
  char buf[64] = {};
  long n = px::recv(s, buf, sizeof buf, 0);
  // The server passed an fd to a file it opened: read through it.
  int passed[2] = {-1, -1};
  size_t nfds = 2;
  long m = px::recvmsg_fds(s, buf + n, sizeof buf - static_cast<size_t>(n), passed, &nfds, 0);
  char file[32] = {};
  long k = nfds == 1 ? px::pread(passed[0], file, sizeof file, 0) : -1;
  g_text = std::string(buf, static_cast<size_t>(n + (m > 0 ? m : 0))) + "|" + std::string(file, k > 0 ? static_cast<size_t>(k) : 0);
  px::_exit(0);
}

int sockets(int, char**, char**) {
  int l = px::socket(uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0);
  px::sockaddr_un a = unix_addr("/tmp/srv.sock");
  see("bind", px::bind(l, &a, sizeof a));
  see("bind_again", px::bind(px::socket(uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0), &a, sizeof a) == -1 ? err() : 0);
  px::Stat st{};
  px::stat("/tmp/srv.sock", &st);
  see("node_type", static_cast<long>(st.st_mode & uapi::kS_IFMT));
  see("listen", px::listen(l, 4));
  int child = px::fork_to(&sock_client, 0);
  int c = px::accept(l, nullptr, nullptr);  // waits for the child's connect
  see("accept", c >= 0 ? 0 : err());
  char buf[64] = {};
  long n = px::recv(c, buf, sizeof buf, 0);
  see("recv", n);
  px::send(c, "hello client", 12, 0);
  int f = px::open("/tmp/passed", uapi::kO_CREAT | uapi::kO_RDWR, 0600);
  px::write(f, "via SCM_RIGHTS", 14);
  see("sendmsg_fds", px::sendmsg_fds(c, "!", 1, &f, 1, 0));
  see("child", wait_status(child));
  // The client is gone: EOF, then EPIPE (MSG_NOSIGNAL: no SIGPIPE).
  see("eof", px::recv(c, buf, sizeof buf, 0));
  see("epipe", px::send(c, "x", 1, kMsgNoSignal) == -1 ? err() : 0);
  px::sockaddr_un name{};
  px::socklen_t len = sizeof name;
  px::getsockname(l, &name, &len);
  g_name = name.sun_path;
  // Datagrams on a socketpair keep their boundaries.
  int sv[2];
  see("pair", px::socketpair(uapi::kAF_UNIX, uapi::kSOCK_DGRAM, 0, sv));
  px::send(sv[0], "one", 3, 0);
  px::send(sv[0], "three", 5, 0);
  see("dgram1", px::recv(sv[1], buf, sizeof buf, 0));
  see("dgram2", px::recv(sv[1], buf, 2, 0));  // truncated: the rest is dropped
  see("dgram_empty", px::recv(sv[1], buf, sizeof buf, px::kMSG_DONTWAIT) == -1 ? err() : 0);
  see("inet", px::socket(uapi::kAF_INET, uapi::kSOCK_STREAM, 0) == -1 ? err() : 0);
  see("connect_refused", [] {
    int s = px::socket(uapi::kAF_UNIX, uapi::kSOCK_STREAM, 0);
    px::sockaddr_un none = unix_addr("/tmp/passed");
    return px::connect(s, &none, sizeof none) == -1 ? err() : 0L;
  }());
  return 0;
}

TEST(VfsBoot, UnixSocketsConnectAcceptPassFdsAndDatagrams) {
  saltysim::programs::register_program("sockets", &sockets);
  g_seen.clear();
  g_text.clear();
  BootResult r = boot(vfs_system("sockets"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["bind"], 0);
  EXPECT_EQ(g_seen["bind_again"], uapi::kEADDRINUSE);
  EXPECT_EQ(g_seen["node_type"], uapi::kS_IFSOCK);
  EXPECT_EQ(g_seen["listen"], 0);
  EXPECT_EQ(g_seen["accept"], 0);
  EXPECT_EQ(g_seen["recv"], 12);
  EXPECT_EQ(g_seen["sendmsg_fds"], 1);
  EXPECT_EQ(g_seen["child"], 0);
  EXPECT_EQ(g_text, "hello client!|via SCM_RIGHTS");
  EXPECT_EQ(g_seen["eof"], 0);
  EXPECT_EQ(g_seen["epipe"], uapi::kEPIPE);
  EXPECT_EQ(g_name, "/tmp/srv.sock");
  EXPECT_EQ(g_seen["pair"], 0);
  EXPECT_EQ(g_seen["dgram1"], 3);
  EXPECT_EQ(g_seen["dgram2"], 2);
  EXPECT_EQ(g_seen["dgram_empty"], uapi::kEAGAIN);
  EXPECT_EQ(g_seen["inet"], uapi::kEAFNOSUPPORT);
  EXPECT_EQ(g_seen["connect_refused"], uapi::kECONNREFUSED);
}

// --- extended attributes ------------------------------------------------------

int xattrs(int, char**, char**) {
  px::close(px::open("/tmp/x", uapi::kO_CREAT | uapi::kO_WRONLY, 0644));
  see("set", px::setxattr("/tmp/x", "user.colour", "blue", 4, 0));
  see("create_again", px::setxattr("/tmp/x", "user.colour", "red", 3, px::kXATTR_CREATE) == -1 ? err() : 0);
  see("replace_missing", px::setxattr("/tmp/x", "user.size", "1", 1, px::kXATTR_REPLACE) == -1 ? err() : 0);
  char v[16] = {};
  see("size_query", px::getxattr("/tmp/x", "user.colour", nullptr, 0));
  see("get", px::getxattr("/tmp/x", "user.colour", v, sizeof v));
  g_text = v;
  see("erange", px::getxattr("/tmp/x", "user.colour", v, 2) == -1 ? err() : 0);
  see("missing", px::getxattr("/tmp/x", "user.nothing", v, sizeof v) == -1 ? err() : 0);
  see("unknown_ns", px::setxattr("/tmp/x", "bogus.name", "x", 1, 0) == -1 ? err() : 0);
  px::setxattr("/tmp/x", "trusted.root", "t", 1, 0);
  char names[64] = {};
  see("list", px::listxattr("/tmp/x", names, sizeof names));
  g_name = std::string(names, sizeof names);
  int fd = px::open("/tmp/x", uapi::kO_RDONLY);
  see("fget", px::fgetxattr(fd, "user.colour", v, sizeof v));
  see("remove", px::removexattr("/tmp/x", "user.colour"));
  see("removed", px::getxattr("/tmp/x", "user.colour", v, sizeof v) == -1 ? err() : 0);
  see("symlink_user", [] {
    px::symlink("x", "/tmp/lx");
    return px::lsetxattr("/tmp/lx", "user.a", "1", 1, 0) == -1 ? err() : 0L;
  }());
  return 0;
}

TEST(VfsBoot, ExtendedAttributesFollowLinuxNamespaces) {
  saltysim::programs::register_program("xattrs", &xattrs);
  g_seen.clear();
  BootResult r = boot(vfs_system("xattrs"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["set"], 0);
  EXPECT_EQ(g_seen["create_again"], uapi::kEEXIST);
  EXPECT_EQ(g_seen["replace_missing"], uapi::kENODATA);
  EXPECT_EQ(g_seen["size_query"], 4);
  EXPECT_EQ(g_seen["get"], 4);
  EXPECT_EQ(g_text, "blue");
  EXPECT_EQ(g_seen["erange"], uapi::kERANGE);
  EXPECT_EQ(g_seen["missing"], uapi::kENODATA);
  EXPECT_EQ(g_seen["unknown_ns"], uapi::kEOPNOTSUPP);
  EXPECT_EQ(g_seen["list"], static_cast<long>(sizeof "trusted.root" + sizeof "user.colour"));
  EXPECT_EQ(g_name.substr(0, 25), std::string("trusted.root\0user.colour\0", 25));  // root sees trusted.*
  EXPECT_EQ(g_seen["fget"], 4);
  EXPECT_EQ(g_seen["remove"], 0);
  EXPECT_EQ(g_seen["removed"], uapi::kENODATA);
  EXPECT_EQ(g_seen["symlink_user"], uapi::kEPERM);
}

// --- a tmpfs mount ---------------------------------------------------------------

int mounts(int, char**, char**) {
  px::mkdir("/tmp/m", 0755);
  see("mount", px::mount("none", "/tmp/m", "tmpfs", 0, nullptr));
  px::close(px::open("/tmp/m/inside", uapi::kO_CREAT | uapi::kO_WRONLY, 0644));
  see("exdev", px::rename("/tmp/m/inside", "/tmp/outside") == -1 ? err() : 0);
  int fd = px::open("/tmp/m/inside", uapi::kO_RDONLY);
  see("busy", px::umount("/tmp/m") == -1 ? err() : 0);
  px::close(fd);
  see("umount", px::umount("/tmp/m"));
  px::Stat st{};
  see("gone", px::stat("/tmp/m/inside", &st) == -1 ? err() : 0);
  see("ext4", px::mount("/dev/sda", "/tmp/m", "ext4", 0, nullptr) == -1 ? err() : 0);
  return 0;
}

TEST(VfsBoot, TmpfsMountUmountBusyAndExdev) {
  saltysim::programs::register_program("mounts", &mounts);
  g_seen.clear();
  BootResult r = boot(vfs_system("mounts"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["mount"], 0);
  EXPECT_EQ(g_seen["exdev"], uapi::kEXDEV);
  EXPECT_EQ(g_seen["busy"], uapi::kEBUSY);
  EXPECT_EQ(g_seen["umount"], 0);
  EXPECT_EQ(g_seen["gone"], uapi::kENOENT);
  EXPECT_EQ(g_seen["ext4"], uapi::kENODEV);
}

// --- the bulk path ----------------------------------------------------------------

void big_writer(uint64_t) {
  static char block[8192];
  int fd = px::open("/tmp/child-big", uapi::kO_CREAT | uapi::kO_WRONLY, 0600);
  px::_exit(px::write(fd, block, sizeof block) == sizeof block ? 0 : 1);
}

int bulk(int, char**, char**) {
  std::string data(100'000, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 + i / 251);
  int fd = px::open("/tmp/big", uapi::kO_CREAT | uapi::kO_RDWR | uapi::kO_TRUNC, 0644);
  see("write", px::write(fd, data.data(), data.size()));
  see("offset", px::lseek(fd, 0, uapi::kSEEK_CUR));
  px::lseek(fd, 0, uapi::kSEEK_SET);
  std::string back(data.size(), '\0');
  size_t at = 0;
  while (at < back.size()) {
    long n = px::read(fd, back.data() + at, 30'000);
    if (n <= 0) break;
    at += static_cast<size_t>(n);
  }
  see("read_total", static_cast<long>(at));
  see("same", back == data ? 1 : 0);
  px::Stat st{};
  px::fstat(fd, &st);
  see("size", static_cast<long>(st.st_size));
  // The window exists: its segment id is taken.
  uint64_t pid = 0;
  trona::ProcmgrClient().getpid(&pid);
  see("window", trona::MmsrvClient().shm_create(0x42'0000'0000 | pid, 1) == uapi::kEEXIST ? 1 : 0);
  // A child's window goes with it: its segment id is free again afterwards.
  int child = px::fork_to(&big_writer, 0);
  see("child", wait_status(child));
  const uint64_t child_seg = 0x42'0000'0000 | static_cast<uint64_t>(child);
  trona::MmsrvClient mm;
  see("child_window_gone", mm.shm_create(child_seg, 1) == 0 ? 1 : 0);
  mm.shm_destroy(child_seg);
  // Large writes to a pipe still work (the inline path).
  int p[2];
  px::pipe(p);
  see("pipe_write", px::write(p[1], data.data(), 1000));
  see("pipe_read", px::read(p[0], back.data(), 1000));
  return 0;
}

TEST(VfsBoot, LargeReadsAndWritesGoThroughTheBulkWindow) {
  saltysim::programs::register_program("bulk", &bulk);
  g_seen.clear();
  BootResult r = boot(vfs_system("bulk"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["write"], 100'000);
  EXPECT_EQ(g_seen["offset"], 100'000);
  EXPECT_EQ(g_seen["read_total"], 100'000);
  EXPECT_EQ(g_seen["same"], 1);
  EXPECT_EQ(g_seen["size"], 100'000);
  EXPECT_EQ(g_seen["window"], 1);
  EXPECT_EQ(g_seen["child"], 0);
  EXPECT_EQ(g_seen["child_window_gone"], 1);
  EXPECT_EQ(g_seen["pipe_write"], 1000);
  EXPECT_GT(g_seen["pipe_read"], 0);
}

// --- POSIX shared memory: a mapping in one process, read() in another ----------

void shm_child(uint64_t) {
  int fd = px::shm_open("/shared", uapi::kO_RDWR, 0);
  uint64_t va = px::mmap(0, 4096, uapi::kPROT_READ | uapi::kPROT_WRITE, uapi::kMAP_SHARED, fd, 0);
  if (va == px::kMAP_FAILED) px::_exit(2);
  trona::copy_to_va(va + 10, "from the child's mapping", 24);
  px::munmap(va, 4096);
  px::_exit(0);
}

int shm(int, char**, char**) {
  int fd = px::shm_open("/shared", uapi::kO_CREAT | uapi::kO_EXCL | uapi::kO_RDWR, 0600);
  see("open", fd >= 0 ? 0 : err());
  see("excl", px::shm_open("/shared", uapi::kO_CREAT | uapi::kO_EXCL | uapi::kO_RDWR, 0600) == -1 ? err() : 0);
  see("cloexec", px::fcntl(fd, uapi::kF_GETFD));
  see("truncate", px::ftruncate(fd, 4096));
  see("child", wait_status(px::fork_to(&shm_child, 0)));
  char buf[32] = {};
  see("pread", px::pread(fd, buf, 24, 10));
  g_text = buf;
  // And the other way: write() shows in this process's own mapping.
  uint64_t va = px::mmap(0, 4096, uapi::kPROT_READ | uapi::kPROT_WRITE, uapi::kMAP_SHARED, fd, 0);
  px::pwrite(fd, "written", 7, 100);
  char mapped[8] = {};
  if (va != px::kMAP_FAILED) trona::copy_from_va(mapped, va + 100, 7);
  g_name = mapped;
  // MAP_PRIVATE: a copy whose writes read() does not see.
  uint64_t priv = px::mmap(0, 4096, uapi::kPROT_READ | uapi::kPROT_WRITE, uapi::kMAP_PRIVATE, fd, 0);
  char seen[8] = {};
  if (priv != px::kMAP_FAILED) {
    trona::copy_from_va(seen, priv + 100, 7);
    trona::copy_to_va(priv + 100, "PRIVATE", 7);
  }
  g_seen["private_copy"] = std::string(seen) == "written";
  char after[8] = {};
  px::pread(fd, after, 7, 100);
  g_seen["private_not_seen"] = std::string(after) == "written";
  // A regular tmpfs file mapped MAP_SHARED: the mapping's writes are what read() returns.
  int plain = px::open("/tmp/plainfile", uapi::kO_CREAT | uapi::kO_RDWR, 0600);
  px::write(plain, "0123456789", 10);
  uint64_t fva = px::mmap(0, 4096, uapi::kPROT_READ | uapi::kPROT_WRITE, uapi::kMAP_SHARED, plain, 0);
  see("file_map", fva == px::kMAP_FAILED ? err() : 0);
  if (fva != px::kMAP_FAILED) trona::copy_to_va(fva + 2, "ab", 2);
  char fb[11] = {};
  px::pread(plain, fb, 10, 0);
  g_name2 = fb;
  int dz = px::open("/dev/zero", uapi::kO_RDONLY);
  see("dev_map", px::mmap(0, 4096, uapi::kPROT_READ, uapi::kMAP_SHARED, dz, 0) == px::kMAP_FAILED ? err() : 0);
  px::Stat st{};
  see("in_tree", px::stat("/dev/shm/shared", &st) == 0 ? static_cast<long>(st.st_size) : -1);
  see("unlink", px::shm_unlink("/shared"));
  see("gone", px::shm_open("/shared", uapi::kO_RDWR, 0) == -1 ? err() : 0);
  return 0;
}

TEST(VfsBoot, ShmObjectSharedBetweenAMappingAndRead) {
  saltysim::programs::register_program("shm", &shm);
  g_seen.clear();
  g_text.clear();
  g_name.clear();
  BootResult r = boot(vfs_system("shm"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["open"], 0);
  EXPECT_EQ(g_seen["excl"], uapi::kEEXIST);
  EXPECT_EQ(g_seen["cloexec"], uapi::kFD_CLOEXEC);
  EXPECT_EQ(g_seen["truncate"], 0);
  EXPECT_EQ(g_seen["child"], 0);
  EXPECT_EQ(g_seen["pread"], 24);
  EXPECT_EQ(g_text, "from the child's mapping");
  EXPECT_EQ(g_name, "written");
  EXPECT_EQ(g_seen["private_copy"], 1);
  EXPECT_EQ(g_seen["private_not_seen"], 1);
  EXPECT_EQ(g_seen["file_map"], 0);
  EXPECT_EQ(g_name2, "01ab456789");
  EXPECT_EQ(g_seen["dev_map"], uapi::kENODEV);
  EXPECT_EQ(g_seen["in_tree"], 4096);
  EXPECT_EQ(g_seen["unlink"], 0);
  EXPECT_EQ(g_seen["gone"], uapi::kENOENT);
}

// --- file mappings through mmsrv: offsets, private copy on write, msync -----------

int file_maps(int, char**, char**) {
  const uint64_t rw = uapi::kPROT_READ | uapi::kPROT_WRITE;
  int fd = px::open("/tmp/three_pages", uapi::kO_CREAT | uapi::kO_RDWR, 0600);
  char page[4096];
  for (int i = 0; i < 3; ++i) {
    for (char& ch : page) ch = static_cast<char>('a' + i);
    px::write(fd, page, sizeof page);
  }
  // From file byte 4096: the second page first.
  uint64_t sh = px::mmap(0, 8192, rw, uapi::kMAP_SHARED, fd, 4096);
  see("offset_map", sh == px::kMAP_FAILED ? err() : 0);
  char c = 0;
  trona::copy_from_va(&c, sh, 1);
  see("offset_byte", c);
  trona::copy_to_va(sh + 4096 + 5, "Z", 1);  // file byte 8197
  char back = 0;
  px::pread(fd, &back, 1, 8197);
  see("shared_seen", back);
  // Private: its writes are its own, the pages it did not write show the file.
  uint64_t pv = px::mmap(0, 8192, rw, uapi::kMAP_PRIVATE, fd, 0);
  see("private_map", pv == px::kMAP_FAILED ? err() : 0);
  trona::copy_to_va(pv, "P", 1);
  px::pread(fd, &back, 1, 0);
  see("private_not_in_file", back);
  px::pwrite(fd, "W", 1, 4096 + 7);
  trona::copy_from_va(&c, pv + 4096 + 7, 1);
  see("private_sees_file", c);
  // msync: a written shared range moves the file's mtime on.
  px::Stat before{}, after{};
  px::fstat(fd, &before);
  trona::nanosleep(2'000'000);
  see("msync", px::msync(sh, 4096, uapi::kMS_SYNC));
  px::fstat(fd, &after);
  auto ns = [](const px::Stat& x) { return x.st_mtim.tv_sec * 1'000'000'000 + x.st_mtim.tv_nsec; };
  see("msync_mtime", ns(after) > ns(before));
  see("msync_bad_flags", px::msync(sh, 4096, uapi::kMS_SYNC | uapi::kMS_ASYNC) == -1 ? err() : 0);
  see("msync_unmapped", px::msync(0x7000'0000'0000, 4096, uapi::kMS_SYNC) == -1 ? err() : 0);
  // mmap's access rules (Linux): shared writable needs O_RDWR; reading needs a readable fd.
  int ro = px::open("/tmp/three_pages", uapi::kO_RDONLY);
  see("ro_shared_write", px::mmap(0, 4096, rw, uapi::kMAP_SHARED, ro, 0) == px::kMAP_FAILED ? err() : 0);
  uint64_t ro_priv = px::mmap(0, 4096, rw, uapi::kMAP_PRIVATE, ro, 0);
  see("ro_private_write", ro_priv == px::kMAP_FAILED ? err() : 0);
  int wo = px::open("/tmp/three_pages", uapi::kO_WRONLY);
  see("wo_map", px::mmap(0, 4096, uapi::kPROT_READ, uapi::kMAP_SHARED, wo, 0) == px::kMAP_FAILED ? err() : 0);
  see("unaligned", px::mmap(0, 4096, rw, uapi::kMAP_SHARED, fd, 100) == px::kMAP_FAILED ? err() : 0);
  see("munmap", px::munmap(sh, 8192));
  see("munmap_private", px::munmap(pv, 8192));
  return 0;
}

TEST(VfsBoot, FileMappingsAtOffsetsPrivateCopiesAndMsync) {
  saltysim::programs::register_program("file_maps", &file_maps);
  g_seen.clear();
  BootResult r = boot(vfs_system("file_maps"));
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["offset_map"], 0);
  EXPECT_EQ(g_seen["offset_byte"], 'b');
  EXPECT_EQ(g_seen["shared_seen"], 'Z');
  EXPECT_EQ(g_seen["private_map"], 0);
  EXPECT_EQ(g_seen["private_not_in_file"], 'a');
  EXPECT_EQ(g_seen["private_sees_file"], 'W');
  EXPECT_EQ(g_seen["msync"], 0);
  EXPECT_EQ(g_seen["msync_mtime"], 1);
  EXPECT_EQ(g_seen["msync_bad_flags"], uapi::kEINVAL);
  EXPECT_EQ(g_seen["msync_unmapped"], uapi::kENOMEM);
  EXPECT_EQ(g_seen["ro_shared_write"], uapi::kEACCES);
  EXPECT_EQ(g_seen["ro_private_write"], 0);
  EXPECT_EQ(g_seen["wo_map"], uapi::kEACCES);
  EXPECT_EQ(g_seen["unaligned"], uapi::kEINVAL);
  EXPECT_EQ(g_seen["munmap"], 0);
  EXPECT_EQ(g_seen["munmap_private"], 0);
}

// --- a file-system server behind the mount table -------------------------------

// A stand-in SaltyFS: / (1) holds motd (2, "served by a server\n") and etc/ (3).
struct StandinFs {
  uint64_t saltyfs_mount(const proto::saltyfs::SaltyfsMount::In&, proto::saltyfs::SaltyfsMount::Reply& out,
                         proto::Call&) {
    out.root_ino = 1;
    return uapi::TRONA_OK;
  }
  static void attrs(uint64_t ino, auto& out) {
    out.ino = ino;
    out.mode = ino == 2 ? 0644 : 0755;
    out.nlink = 1;
    out.size = ino == 2 ? 19 : 0;
    out.type = ino == 2 ? uapi::kDT_REG : uapi::kDT_DIR;
  }
  uint64_t saltyfs_lookup(const proto::saltyfs::SaltyfsLookup::In& in, proto::saltyfs::SaltyfsLookup::Reply& out,
                          proto::Call&) {
    if (in.dir_ino != 1) return uapi::TRONA_NOT_FOUND;
    const uint64_t ino = in.name.equals("motd") ? 2 : in.name.equals("etc") ? 3 : 0;
    if (!ino) return uapi::TRONA_NOT_FOUND;
    attrs(ino, out);
    return uapi::TRONA_OK;
  }
  uint64_t saltyfs_stat(const proto::saltyfs::SaltyfsStat::In& in, proto::saltyfs::SaltyfsStat::Reply& out,
                        proto::Call&) {
    attrs(in.ino, out);
    return uapi::TRONA_OK;
  }
  uint64_t saltyfs_read_inline(const proto::saltyfs::SaltyfsReadInline::In& in,
                               proto::saltyfs::SaltyfsReadInline::Reply& out, proto::Call&) {
    static const char motd[] = "served by a server\n";
    if (in.ino == 4) {  // the file made through the VFS
      for (uint64_t i = in.offset; i < made_data.size() && out.data_len < in.count && out.data_len < 152; ++i)
        out.data_buf[out.data_len++] = made_data[i];
      return uapi::TRONA_OK;
    }
    if (in.ino != 2) return uapi::TRONA_INVALID_ARGUMENT;
    for (uint64_t i = in.offset; i < sizeof motd - 1 && out.data_len < in.count && out.data_len < 152; ++i)
      out.data_buf[out.data_len++] = motd[i];
    return uapi::TRONA_OK;
  }
  // One file may be made (ino 4) and written.
  std::string made_name, made_data;
  uint64_t saltyfs_create(const proto::saltyfs::SaltyfsCreate::In& in, proto::saltyfs::SaltyfsCreate::Reply& out,
                          proto::Call&) {
    if (in.dir_ino != 1 || !made_name.empty()) return uapi::TRONA_OUT_OF_MEMORY;
    made_name.assign(in.name.data, in.name.size);
    out.ino = 4;
    out.mode = in.mode;
    out.nlink = 1;
    out.type = uapi::kDT_REG;
    return uapi::TRONA_OK;
  }
  uint64_t saltyfs_write_inline(const proto::saltyfs::SaltyfsWriteInline::In& in,
                                proto::saltyfs::SaltyfsWriteInline::Reply& out, proto::Call&) {
    if (in.ino != 4) return uapi::TRONA_INVALID_ARGUMENT;
    if (made_data.size() < in.offset + in.data.size) made_data.resize(in.offset + in.data.size);
    made_data.replace(in.offset, in.data.size, in.data.data, in.data.size);
    out.written = in.data.size;
    out.size = made_data.size();
    return uapi::TRONA_OK;
  }
  uint64_t saltyfs_readdir(const proto::saltyfs::SaltyfsReaddir::In& in, proto::saltyfs::SaltyfsReaddir::Reply& out,
                           proto::Call&) {
    static const char* const names[] = {"etc", "motd"};
    if (in.dir_ino == 1 && in.cookie < 2) {
      const char* n = names[in.cookie];
      out.next_cookie = in.cookie + 1;
      out.ino = in.cookie == 0 ? 3 : 2;
      out.type = in.cookie == 0 ? uapi::kDT_DIR : uapi::kDT_REG;
      out.name_len = std::strlen(n);
      std::memcpy(out.name_buf, n, out.name_len);
    }
    return uapi::TRONA_OK;
  }
};

void standin_handle(StandinFs& fs, const lib::Request& rq, lib::Reply* rp) {
  *rp = lib::Reply();
  proto::saltyfs::dispatch(fs, rq, rp);
}

StandinFs* g_standin = nullptr;  // the stand-in's state, for what the tests look at behind the VFS

int standin(int, char**, char**) {
  StandinFs fs;
  g_standin = &fs;
  trona::notify_ready();
  lib::serve_state<StandinFs, standin_handle>({32, 27, 31}, fs);
}

int server_mount(int, char**, char**) {
  px::mkdir("/tmp/srv", 0755);
  see("mount", px::mount_server("/tmp/srv", "saltyfs", 64));
  int fd = px::open("/tmp/srv/motd", uapi::kO_RDONLY);
  char buf[64] = {};
  see("read", px::read(fd, buf, sizeof buf));
  g_text = buf;
  px::close(fd);
  {
    px::DIR* d = px::opendir("/tmp/srv");
    std::string names;
    while (px::dirent* e = d ? px::readdir(d) : nullptr) names += std::string(e->d_name) + ",";
    if (d) px::closedir(d);
    g_name = names;
  }
  int nf = px::open("/tmp/srv/new", uapi::kO_CREAT | uapi::kO_RDWR, 0644);
  see("create", nf >= 0 ? 0 : err());
  see("write", px::write(nf, "made here", 9));
  char back[16] = {};
  see("read_back", px::pread(nf, back, sizeof back, 0));
  g_made = back;
  // Mapped: the server's bytes are cached in a segment; what the mapping
  // writes reaches the server at msync (and read() sees it at once).
  const uint64_t rw = uapi::kPROT_READ | uapi::kPROT_WRITE;
  uint64_t va = px::mmap(0, 4096, rw, uapi::kMAP_SHARED, nf, 0);
  see("srv_map", va == px::kMAP_FAILED ? err() : 0);
  char m[10] = {};
  if (va != px::kMAP_FAILED) {
    trona::copy_from_va(m, va, 9);
    trona::copy_to_va(va, "MAPPED", 6);
  }
  g_seen["srv_map_bytes"] = std::string(m) == "made here";
  g_seen["srv_before_msync"] = g_standin && g_standin->made_data == "made here";
  std::memset(back, 0, sizeof back);
  px::pread(nf, back, 9, 0);
  g_seen["srv_read_sees_map"] = std::string(back) == "MAPPEDere";
  see("srv_msync", px::msync(va, 4096, uapi::kMS_SYNC));
  g_seen["srv_after_msync"] = g_standin && g_standin->made_data == "MAPPEDere";
  see("srv_write_through", px::pwrite(nf, "w", 1, 8));  // to the server and the cache
  trona::copy_from_va(m, va + 8, 1);
  g_seen["srv_map_sees_write"] = m[0] == 'w' && g_standin && g_standin->made_data == "MAPPEDerw";
  see("srv_munmap", px::munmap(va, 4096));
  px::close(nf);
  int motd = px::open("/tmp/srv/motd", uapi::kO_RDONLY);
  uint64_t pv = px::mmap(0, 4096, uapi::kPROT_READ, uapi::kMAP_PRIVATE, motd, 0);
  char mm[20] = {};
  if (pv != px::kMAP_FAILED) trona::copy_from_va(mm, pv, 19);
  g_seen["srv_private"] = std::string(mm) == "served by a server\n";
  px::munmap(pv, 4096);
  px::close(motd);
  see("erofs", px::utimensat(uapi::kAT_FDCWD, "/tmp/srv/new", nullptr, 0) == -1 ? err() : 0);  // times: no label yet
  see("umount", px::umount("/tmp/srv"));
  return 0;
}

TEST(VfsBoot, AFileSystemServerMountedBehindTheVfs) {
  saltysim::programs::register_program("standin", &standin);
  saltysim::programs::register_program("server_mount", &server_mount);
  g_seen.clear();
  g_text.clear();
  g_name.clear();
  Files f = standard_system();
  add_vfs_service(f);
  add_service(f, "standin", "Type=notify\n[Dependencies]\nAfter=vfs\n");
  add_service(f, "server_mount", "[Dependencies]\nAfter=standin\n[Capabilities]\nNeedEP=standin:64\n");
  BootResult r = boot(f);
  SCOPED_TRACE(r.console);
  EXPECT_EQ(g_seen["mount"], 0);
  EXPECT_EQ(g_seen["read"], 19);
  EXPECT_EQ(g_text, "served by a server\n");
  EXPECT_EQ(g_name, ".,..,etc,motd,");
  EXPECT_EQ(g_seen["create"], 0);
  EXPECT_EQ(g_seen["write"], 9);
  EXPECT_EQ(g_seen["read_back"], 9);
  EXPECT_EQ(g_made, "made here");
  EXPECT_EQ(g_seen["srv_map"], 0);
  EXPECT_EQ(g_seen["srv_map_bytes"], 1);
  EXPECT_EQ(g_seen["srv_before_msync"], 1);
  EXPECT_EQ(g_seen["srv_read_sees_map"], 1);
  EXPECT_EQ(g_seen["srv_msync"], 0);
  EXPECT_EQ(g_seen["srv_after_msync"], 1);
  EXPECT_EQ(g_seen["srv_write_through"], 1);
  EXPECT_EQ(g_seen["srv_map_sees_write"], 1);
  EXPECT_EQ(g_seen["srv_munmap"], 0);
  EXPECT_EQ(g_seen["srv_private"], 1);
  EXPECT_EQ(g_seen["erofs"], uapi::kEROFS);
  EXPECT_EQ(g_seen["umount"], 0);
}

}  // namespace
