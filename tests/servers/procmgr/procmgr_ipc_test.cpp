// procmgr over real IPC: images spawned by procmgr run as processes built
// by untyped retype (sim/host/programs start routine), exit, are waited for;
// signals, process groups, sessions, credentials, listing. Everything
// simulated talks to procmgr through trona::ProcmgrClient.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pm_os.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace {

using kmodel::Process;
using kmodel::Word;
namespace ka = kmodel::abi;
using trona::ProcmgrClient;

bool exited(int st) { return (st & 0x7f) == 0; }
int exit_code(int st) { return (st >> 8) & 0xff; }
bool signaled(int st) { return (st & 0x7f) != 0 && (st & 0x7f) != 0x7f; }
int term_sig(int st) { return st & 0x7f; }

// What the test programs saw (host globals: one test at a time).
std::vector<std::string> g_argv;
uint64_t g_pid = 0, g_ppid = 0, g_uid = 99, g_euid = 99;
std::vector<int> g_errs;

int prog_echo(int argc, char** argv, char**) {
  g_argv.assign(argv, argv + argc);
  return 42;
}
int prog_exit(int argc, char** argv, char**) { return argc > 1 ? std::stoi(argv[1]) : 0; }
int prog_ids(int, char**, char**) {
  ProcmgrClient pm;
  EXPECT_EQ(pm.getpid(&g_pid), 0);
  EXPECT_EQ(pm.getppid(&g_ppid), 0);
  EXPECT_EQ(pm.getuid(&g_uid), 0);
  EXPECT_EQ(pm.geteuid(&g_euid), 0);
  return 0;
}
int prog_sleeper(int, char**, char**) {
  trona::nanosleep(uint64_t{3600} * 1'000'000'000);
  return 7;
}
// Drops root, then checks the permission rules and that a child inherits.
int prog_creds(int, char**, char**) {
  ProcmgrClient pm;
  g_errs.push_back(pm.setuid(1000));        // root: all three ids
  g_errs.push_back(pm.setuid(0));           // EPERM now
  g_errs.push_back(pm.seteuid(0));          // EPERM
  g_errs.push_back(pm.setgroups(nullptr, 0));  // EPERM (not root)
  g_errs.push_back(pm.setresuid(1000, 1000, 1000));  // allowed: own ids
  uint64_t r = 0, e = 0, s = 0;
  pm.getresuid(&r, &e, &s);
  g_errs.push_back(static_cast<int>(r + e + s));  // 3000
  uint64_t cur = 0, max = 0;
  g_errs.push_back(pm.getrlimit(uapi::kRLIMIT_NOFILE, &cur, &max));
  g_errs.push_back(pm.setrlimit(uapi::kRLIMIT_NOFILE, cur, max + 1));  // EPERM: raise hard limit
  g_errs.push_back(pm.setrlimit(uapi::kRLIMIT_NOFILE, 10, 20));        // lowering is fine
  uint64_t pid = 0;
  g_errs.push_back(pm.spawn("bin/ids", nullptr, 0, &pid));
  int st = -1;
  g_errs.push_back(pm.wait(static_cast<int32_t>(pid), 0, &st, nullptr));
  g_errs.push_back(pm.kill(1, uapi::kSIGTERM));  // EPERM: init is root's
  return 0;
}
int prog_session(int, char**, char**) {
  ProcmgrClient pm;
  uint64_t pid = 0, sid = 0, pgid = 0;
  pm.getpid(&pid);
  g_errs.push_back(pm.setsid(&sid));
  g_errs.push_back(sid == pid ? 0 : -1);
  pm.getpgid(0, &pgid);
  g_errs.push_back(pgid == pid ? 0 : -1);
  g_errs.push_back(pm.setsid(&sid));       // EPERM: now a group leader
  g_errs.push_back(pm.setpgid(0, 1));      // EPERM: session leader / other session
  g_errs.push_back(pm.set_session_tty(5));
  g_errs.push_back(pm.register_service_def(0, "x", "bin/x"));  // EPERM: not init
  return 0;
}
// Signals the notification init injected at slot 64.
int prog_injected(int, char**, char**) {
  trona::SysResult r = trona::signal(64, 0x4);
  return r.ok() ? 0 : 1;
}

struct Registered {
  Registered() {
    using saltysim::programs::register_program;
    register_program("test_echo", prog_echo);
    register_program("test_exit", prog_exit);
    register_program("test_ids", prog_ids);
    register_program("test_sleeper", prog_sleeper);
    register_program("test_creds", prog_creds);
    register_program("test_session", prog_session);
    register_program("test_injected", prog_injected);
  }
};

// pmt::PmOs with this file's programs and images (among them malformed
// ones), and the globals reset.
class PmOs : public pmt::PmOs {
 public:
  PmOs() : pmt::PmOs(images()) {
    static Registered once;
    g_argv.clear();
    g_errs.clear();
    g_pid = g_ppid = 0;
    g_uid = g_euid = 99;
  }

 private:
  static pmt::Images images() {
    using pmt::image;
    return {
        {"bin/echo", image("test_echo")},
        {"bin/exit", image("test_exit")},
        {"bin/ids", image("test_ids")},
        {"bin/sleeper", image("test_sleeper")},
        {"bin/creds", image("test_creds")},
        {"bin/session", image("test_session")},
        {"bin/injected", image("test_injected")},
        {"bin/unknown", image("no_such_program")},
        {"bin/bad", "#!not-an-image\nentry=test_echo\n"},
        {"bin/badkey", "#!trona-image v1\nentry=test_echo\ncolour=blue\n"},
        {"bin/bigstack", "#!trona-image v1\nentry=test_echo\nstack_pages=3\n"},
    };
  }
};

TEST(ProcmgrIpc, SpawnRunsImageWithArgvAndParentWaitsForStatus) {
  PmOs os;
  uint64_t pid = 0, child = 0;
  int st = -1;
  os.init([&] {
    ProcmgrClient pm;
    const char* args[] = {"a", "bc"};
    ASSERT_EQ(pm.spawn("/bin/echo", args, 2, &pid), 0);
    ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &st, &child), 0);
  });
  ASSERT_TRUE(os.run());
  EXPECT_GE(pid, 2u);
  EXPECT_EQ(child, pid);
  EXPECT_TRUE(exited(st));
  EXPECT_EQ(exit_code(st), 42);
  EXPECT_EQ(g_argv, (std::vector<std::string>{"/bin/echo", "a", "bc"}));
}

TEST(ProcmgrIpc, ExitStatusesOfSeveralChildrenAnyOrder) {
  PmOs os;
  std::vector<int> codes;
  os.init([&] {
    ProcmgrClient pm;
    for (const char* c : {"3", "0", "255"}) {
      const char* args[] = {c};
      uint64_t pid = 0;
      ASSERT_EQ(pm.spawn("bin/exit", args, 1, &pid), 0);
    }
    for (int i = 0; i < 3; ++i) {
      int st = -1;
      uint64_t child = 0;
      ASSERT_EQ(pm.wait(-1, 0, &st, &child), 0);
      EXPECT_TRUE(exited(st));
      codes.push_back(exit_code(st));
    }
    int st = 0;
    EXPECT_EQ(pm.wait(-1, 0, &st, nullptr), uapi::kECHILD);
  });
  ASSERT_TRUE(os.run());
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(codes, (std::vector<int>{0, 3, 255}));
}

TEST(ProcmgrIpc, BadImagesAndUnknownEntry) {
  PmOs os;
  int unknown_status = -1;
  os.init([&] {
    ProcmgrClient pm;
    uint64_t pid = 0;
    EXPECT_EQ(pm.spawn("bin/missing", nullptr, 0, &pid), uapi::kENOENT);
    EXPECT_EQ(pm.spawn("bin/bad", nullptr, 0, &pid), uapi::kENOEXEC);
    EXPECT_EQ(pm.spawn("bin/badkey", nullptr, 0, &pid), uapi::kENOEXEC);
    ASSERT_EQ(pm.spawn("bin/unknown", nullptr, 0, &pid), 0);
    ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &unknown_status, nullptr), 0);
    ASSERT_EQ(pm.spawn("bin/bigstack", nullptr, 0, &pid), 0);
    int st = -1;
    ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &st, nullptr), 0);
    EXPECT_EQ(exit_code(st), 42);
  });
  ASSERT_TRUE(os.run());
  EXPECT_TRUE(exited(unknown_status));
  EXPECT_EQ(exit_code(unknown_status), saltysim::programs::kExitCannotRun);
}

TEST(ProcmgrIpc, WaitEchildWnohangAndKill) {
  PmOs os;
  os.init([&] {
    ProcmgrClient pm;
    int st = 0;
    uint64_t child = 99;
    EXPECT_EQ(pm.wait(-1, 0, &st, &child), uapi::kECHILD);
    uint64_t pid = 0;
    ASSERT_EQ(pm.spawn("bin/sleeper", nullptr, 0, &pid), 0);
    EXPECT_EQ(pm.wait(-1, uapi::kWNOHANG, &st, &child), 0);
    EXPECT_EQ(child, 0u);
    EXPECT_EQ(pm.wait(static_cast<int32_t>(pid) + 1000, 0, &st, &child), uapi::kECHILD);
    EXPECT_EQ(pm.kill(4242, uapi::kSIGTERM), uapi::kESRCH);
    EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), 99), uapi::kEINVAL);
    EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), 0), 0);  // exists
    EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), uapi::kSIGKILL), 0);
    ASSERT_EQ(pm.wait(-1, 0, &st, &child), 0);
    EXPECT_EQ(child, pid);
    EXPECT_TRUE(signaled(st));
    EXPECT_EQ(term_sig(st), uapi::kSIGKILL);
    EXPECT_EQ(pm.kill(static_cast<int32_t>(pid), 0), uapi::kESRCH);  // reaped
  });
  ASSERT_TRUE(os.run());
}

TEST(ProcmgrIpc, BlockingWaitIsAnsweredWhenTheChildExits) {
  PmOs os;
  int st = -1;
  os.init([&] {
    ProcmgrClient pm;
    uint64_t pid = 0;
    const char* args[] = {"9"};
    ASSERT_EQ(pm.spawn("bin/exit", args, 1, &pid, {.flags = uapi::procmgr::kSpawnFlagStartSuspended}), 0);
    // The child has not run; a WNOHANG wait finds nothing yet.
    uint64_t child = 1;
    ASSERT_EQ(pm.wait(-1, uapi::kWNOHANG, &st, &child), 0);
    EXPECT_EQ(child, 0u);
    ASSERT_EQ(pm.resume(pid), 0);
    ASSERT_EQ(pm.wait(-1, 0, &st, &child), 0);  // blocks until the exit
    EXPECT_EQ(child, pid);
  });
  ASSERT_TRUE(os.run());
  EXPECT_EQ(exit_code(st), 9);
}

TEST(ProcmgrIpc, GetpidFamily) {
  PmOs os;
  uint64_t pid = 0, init_pid = 0, init_ppid = 9;
  os.init([&] {
    ProcmgrClient pm;
    EXPECT_EQ(pm.getpid(&init_pid), 0);
    EXPECT_EQ(pm.getppid(&init_ppid), 0);
    ASSERT_EQ(pm.spawn("bin/ids", nullptr, 0, &pid), 0);
    int st = -1;
    ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &st, nullptr), 0);
    EXPECT_EQ(exit_code(st), 0);
  });
  ASSERT_TRUE(os.run());
  EXPECT_EQ(init_pid, 1u);
  EXPECT_EQ(init_ppid, 0u);
  EXPECT_EQ(g_pid, pid);
  EXPECT_EQ(g_ppid, 1u);
  EXPECT_EQ(g_uid, 0u);
  EXPECT_EQ(g_euid, 0u);
}

TEST(ProcmgrIpc, CredentialsPermissionRulesAndInheritance) {
  PmOs os;
  os.init([&] {
    ProcmgrClient pm;
    uint64_t pid = 0;
    ASSERT_EQ(pm.spawn("bin/creds", nullptr, 0, &pid), 0);
    int st = -1;
    ASSERT_EQ(pm.wait(static_cast<int32_t>(pid), 0, &st, nullptr), 0);
    uint64_t uid = 9;
    EXPECT_EQ(pm.getuid(&uid), 0);
    EXPECT_EQ(uid, 0u);  // the child's setuid did not touch init
  });
  ASSERT_TRUE(os.run());
  const std::vector<int> want = {0, uapi::kEPERM, uapi::kEPERM, uapi::kEPERM, 0, 3000, 0, uapi::kEPERM, 0, 0, 0,
                                 uapi::kEPERM};
  EXPECT_EQ(g_errs, want);
  EXPECT_EQ(g_uid, 1000u);  // the grandchild inherited the credentials
  EXPECT_EQ(g_euid, 1000u);
}

TEST(ProcmgrIpc, ProcessGroupsSessionsAndGroupKill) {
  PmOs os;
  os.init([&] {
    ProcmgrClient pm;
    uint64_t v = 0;
    EXPECT_EQ(pm.getpgid(0, &v), 0);
    EXPECT_EQ(v, 1u);
    EXPECT_EQ(pm.getsid(0, &v), 0);
    EXPECT_EQ(v, 1u);
    EXPECT_EQ(pm.setsid(&v), uapi::kEPERM);  // init leads group 1
    EXPECT_EQ(pm.getpgid(4242, &v), uapi::kESRCH);
    uint64_t a = 0, b = 0, c = 0;
    ASSERT_EQ(pm.spawn("bin/sleeper", nullptr, 0, &a), 0);
    ASSERT_EQ(pm.spawn("bin/sleeper", nullptr, 0, &b), 0);
    ASSERT_EQ(pm.spawn("bin/sleeper", nullptr, 0, &c), 0);
    EXPECT_EQ(pm.getpgid(a, &v), 0);
    EXPECT_EQ(v, 1u);  // inherited
    EXPECT_EQ(pm.setpgid(a, a), 0);
    EXPECT_EQ(pm.setpgid(b, a), 0);
    EXPECT_EQ(pm.setpgid(c, 777), uapi::kEPERM);  // no such group in the session
    EXPECT_EQ(pm.setpgid(4242, 0), uapi::kESRCH);
    EXPECT_EQ(pm.getpgid(b, &v), 0);
    EXPECT_EQ(v, a);
    EXPECT_EQ(pm.kill_pgrp(a, uapi::kSIGTERM), 0);
    int st = -1;
    uint64_t who = 0;
    for (int i = 0; i < 2; ++i) {
      ASSERT_EQ(pm.wait(-static_cast<int32_t>(a), 0, &st, &who), 0);
      EXPECT_TRUE(who == a || who == b);
      EXPECT_EQ(term_sig(st), uapi::kSIGTERM);
    }
    EXPECT_EQ(pm.wait(-1, uapi::kWNOHANG, &st, &who), 0);
    EXPECT_EQ(who, 0u);  // c still runs
    EXPECT_EQ(pm.kill(-static_cast<int32_t>(a), uapi::kSIGTERM), uapi::kESRCH);  // group gone
    EXPECT_EQ(pm.kill(static_cast<int32_t>(c), uapi::kSIGCHLD), 0);  // ignored by default
    EXPECT_EQ(pm.wait(-1, uapi::kWNOHANG, &st, &who), 0);
    EXPECT_EQ(who, 0u);
    EXPECT_EQ(pm.kill(static_cast<int32_t>(c), uapi::kSIGKILL), 0);
    ASSERT_EQ(pm.wait(-1, 0, &st, &who), 0);
    EXPECT_EQ(who, c);
    uint64_t s = 0;
    ASSERT_EQ(pm.spawn("bin/session", nullptr, 0, &s), 0);
    ASSERT_EQ(pm.wait(-1, 0, &st, &who), 0);
    EXPECT_EQ(exit_code(st), 0);
  });
  ASSERT_TRUE(os.run());
  const std::vector<int> want = {0, 0, 0, uapi::kEPERM, uapi::kEPERM, 0, uapi::kEPERM};
  EXPECT_EQ(g_errs, want);
}

TEST(ProcmgrIpc, ProcListingInfoExePathSuspendedSpawnAndInject) {
  PmOs os;
  kmodel::Notification& ntfn = os.k.new_notification();
  Process init = os.init([&] {
    ProcmgrClient pm;
    uint64_t a = 0, b = 0;
    const auto suspended = trona::SpawnOptions{.flags = uapi::procmgr::kSpawnFlagStartSuspended};
    ASSERT_EQ(pm.spawn("bin/sleeper", nullptr, 0, &a, suspended), 0);
    ASSERT_EQ(pm.spawn("bin/injected", nullptr, 0, &b, suspended), 0);
    uint64_t pids[30];
    size_t n = 0;
    uint64_t next = 1;
    ASSERT_EQ(pm.list_pids(0, pids, 30, &n, &next), 0);
    EXPECT_EQ(std::vector<uint64_t>(pids, pids + n), (std::vector<uint64_t>{1, a, b}));
    EXPECT_EQ(next, 0u);
    trona::ProcInfo info;
    ASSERT_EQ(pm.get_proc_info(a, &info), 0);
    EXPECT_EQ(info.pid, a);
    EXPECT_EQ(info.ppid, 1u);
    EXPECT_EQ(info.pgid, 1u);
    EXPECT_EQ(info.state, 2u);  // suspended
    EXPECT_EQ(std::string(info.path), "bin/sleeper");
    char path[65];
    size_t len = 0;
    ASSERT_EQ(pm.get_exe_path(b, path, sizeof path, &len), 0);
    EXPECT_EQ(std::string(path, len), "bin/injected");
    EXPECT_EQ(pm.get_proc_info(4242, &info), uapi::kESRCH);
    // init hands the child a notification at its slot 64, then releases it.
    EXPECT_EQ(pm.inject_cap(b, 64, ipct::kFree), 0);
    EXPECT_EQ(pm.inject_cap(4242, 64, ipct::kFree), uapi::kESRCH);
    EXPECT_EQ(pm.resume(b), 0);
    EXPECT_EQ(trona::wait(ipct::kFree).value, 0x4u);
    int st = -1;
    uint64_t who = 0;
    ASSERT_EQ(pm.wait(static_cast<int32_t>(b), 0, &st, &who), 0);
    EXPECT_EQ(exit_code(st), 0);
    EXPECT_EQ(pm.kill(static_cast<int32_t>(a), uapi::kSIGKILL), 0);
    ASSERT_EQ(pm.wait(-1, 0, &st, &who), 0);
    EXPECT_EQ(who, a);
    uint64_t old = 0;
    EXPECT_EQ(pm.umask(077, &old), 0);
    EXPECT_EQ(old, 022u);
    EXPECT_EQ(pm.umask(022, &old), 0);
    EXPECT_EQ(old, 077u);
    EXPECT_EQ(pm.register_service_def(0x1, "vfs", "bin/vfs"), 0);
    EXPECT_EQ(pm.register_service_def(0x1, "vfs", "bin/vfs"), uapi::kEEXIST);
    EXPECT_EQ(pm.register_provider("console", ipct::kFree), 0);
    trona::ProcCreds cr;
    EXPECT_EQ(pm.get_creds_by_badge(1, &cr), 0);
    EXPECT_EQ(cr.pid, 1u);
  });
  os.k.install(*init.cnode, ipct::kFree, ntfn);
  ASSERT_TRUE(os.run());
}

}  // namespace
