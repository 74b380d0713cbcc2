// PM_FORK and PM_EXEC end to end: procmgr (with mmsrv as the pager) forks
// and execs processes it spawned; the test programs use the POSIX wrappers
// (trona/posix/process.h) and touch simulated memory with kernel.load/store,
// whose faults go to mmsrv like user code's — so copy-on-write after fork is
// resolved by real write faults.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernel_model/kernel.h"
#include "pm_os.h"
#include "core/procmgr/state.h"
#include "sim/host/programs/programs.h"
#include "trona/core/code.h"
#include "trona/core/image.h"
#include "trona/clients/mmsrv_client.h"
#include "trona/posix/errno.h"
#include "trona/posix/process.h"
#include "trona/posix/signal.h"
#include "trona/posix/thread.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

namespace {

using kmodel::Word;
namespace px = trona::posix;
using trona::ProcmgrClient;

constexpr Word kPage = 4096;
constexpr Word kStackWordVa = trona::image::kStackTopVa - kPage + 64;  // low in the top stack page, below argv

using pmt::exit_code;
using pmt::exited;

// What the simulated programs saw (host globals: one test at a time).
kmodel::Kernel* g_k = nullptr;
struct Seen {
  uint64_t pid = 0, ppid = 0, uid = 0;
  px::mode_t umask = 0;
  uint64_t heap = 0, map = 0, stack = 0;  // values read in the child after the parent's writes
  uint64_t faults = 0;
  std::vector<std::string> argv, envp;
  std::string exe;
  uint64_t new_heap_base = 0, heap_word = 0;
  std::vector<int> errs;
  bool exec_returned = false;
  bool usr1_caught = false, usr1_default = false, usr2_ignored = false;
  size_t threads_before = 0, threads_after = 0;
} g;

void on_usr1(int) {}

bool handler_is(int sig, bool caught, bool ignored) {
  px::SigAction old;
  if (px::sigaction(sig, nullptr, &old) != 0) return false;
  return (old.handler != nullptr) == caught && old.ignore == ignored;
}

size_t thread_count() {
  uint64_t tids[16];
  size_t n = 0;
  uint64_t next = 0;
  return ProcmgrClient().thread_list(0, tids, 16, &n, &next) == 0 ? n : 999;
}

uint64_t g_heap = 0, g_map = 0;  // the parent's addresses (the child has them at the same VAs)

// --- fork: the parent ----------------------------------------------------------------

void cow_child(uint64_t /*arg*/) {
  trona::nanosleep(1'000'000);  // the parent writes its side first
  g.pid = static_cast<uint64_t>(px::getpid());
  g.ppid = static_cast<uint64_t>(px::getppid());
  g.uid = px::getuid();
  g.umask = px::umask(0);
  g.usr1_caught = handler_is(uapi::kSIGUSR1, true, false);
  g.usr2_ignored = handler_is(uapi::kSIGUSR2, false, true);
  g.heap = g_k->load<uint64_t>(g_heap);
  g.map = g_k->load<uint64_t>(g_map);
  g.stack = g_k->load<uint64_t>(kStackWordVa);
  g_k->store<uint64_t>(g_heap, 0xC0FFEE);  // COW: a write fault mmsrv resolves with a copy
  g_k->store<uint64_t>(g_map, 0xC0FFEE);
  g_k->store<uint64_t>(kStackWordVa, 0xC0FFEE);
  trona::MmStats st;
  if (trona::MmsrvClient().stats(0, &st) == 0) g.faults = st.faults;
  px::_exit(7);
}

struct ParentView {
  uint64_t pid = 0, child = 0, heap = 0, map = 0, stack = 0, cow_copies = 0;
  int status = -1;
} g_parent;

int prog_forker(int, char**, char**) {
  trona::MmsrvClient mm;
  if (mm.sbrk(kPage, &g_heap) != 0) return 90;
  if (mm.mmap(0, kPage, uapi::kPROT_READ | uapi::kPROT_WRITE, uapi::kMAP_PRIVATE | uapi::kMAP_ANONYMOUS, &g_map) != 0)
    return 91;
  g_k->store<uint64_t>(g_heap, 111);
  g_k->store<uint64_t>(g_map, 222);
  g_k->store<uint64_t>(kStackWordVa, 333);
  ProcmgrClient pm;
  if (pm.setuid(1000) != 0) return 92;
  px::umask(027);
  px::SigAction catch_it, ignore_it;
  catch_it.handler = on_usr1;
  ignore_it.ignore = true;
  if (px::sigaction(uapi::kSIGUSR1, &catch_it, nullptr) != 0 || px::sigaction(uapi::kSIGUSR2, &ignore_it, nullptr) != 0)
    return 95;
  g_parent.pid = static_cast<uint64_t>(px::getpid());
  px::pid_t child = px::fork_to(cow_child, 0);
  if (child < 0) return 93;
  g_parent.child = static_cast<uint64_t>(child);
  g_k->store<uint64_t>(g_heap, 444);  // after the fork: the child must not see it
  g_k->store<uint64_t>(g_map, 555);
  g_k->store<uint64_t>(kStackWordVa, 666);
  trona::MmStats st;
  if (mm.stats(0, &st) == 0) g_parent.cow_copies = st.cow_copies;
  if (px::waitpid(child, &g_parent.status, 0) != child) return 94;
  g_parent.heap = g_k->load<uint64_t>(g_heap);
  g_parent.map = g_k->load<uint64_t>(g_map);
  g_parent.stack = g_k->load<uint64_t>(kStackWordVa);
  return 0;
}

// --- exec -----------------------------------------------------------------------------

int prog_show_args(int argc, char** argv, char** envp) {
  g.argv.assign(argv, argv + argc);
  for (char** e = envp; e != nullptr && *e != nullptr; ++e) g.envp.emplace_back(*e);
  g.pid = static_cast<uint64_t>(px::getpid());
  g.ppid = static_cast<uint64_t>(px::getppid());
  char path[80] = {};
  ProcmgrClient().get_exe_path(0, path, sizeof path, nullptr);
  g.exe = path;
  // The new image has a fresh registration with the pager: an empty heap.
  trona::MmsrvClient mm;
  if (mm.sbrk(kPage, &g.new_heap_base) == 0) {
    g.heap_word = g_k->load<uint64_t>(g.new_heap_base);  // zero: the old heap is gone
    g_k->store<uint64_t>(g.new_heap_base, 77);
  }
  return 5;
}

int prog_exec_ok(int, char**, char**) {
  trona::MmsrvClient mm;
  uint64_t heap = 0;
  mm.sbrk(kPage, &heap);
  g_k->store<uint64_t>(heap, 0xDEAD);  // must not survive the exec
  char* const argv[] = {const_cast<char*>("show"), const_cast<char*>("x y"), const_cast<char*>(""), nullptr};
  char* const envp[] = {const_cast<char*>("A=1"), const_cast<char*>("PATH=/bin"), nullptr};
  px::execve("/bin/show_args", argv, envp);
  g.exec_returned = true;
  return 1;
}

int prog_exec_errors(int, char**, char**) {
  char* const argv[] = {const_cast<char*>("x"), nullptr};
  auto try_exec = [](const char* path, char* const* av) {
    int r = px::execve(path, av, nullptr);
    g.errs.push_back(r == -1 ? px::errno_ref() : 0);
  };
  try_exec("bin/missing", argv);
  try_exec("bin/bad", argv);
  try_exec("bin/unknown_key", argv);
  // More than the IPC buffer's reserved area: refused before the call.
  std::string big(4000, 'a');
  char* const big_argv[] = {big.data(), nullptr};
  try_exec("bin/show_args", big_argv);
  // Fits the payload but not the new stack page (600 pointers + strings).
  std::vector<std::string> many(600, "abcd");
  std::vector<char*> many_argv;
  for (std::string& s : many) many_argv.push_back(s.data());
  many_argv.push_back(nullptr);
  try_exec("bin/show_args", many_argv.data());
  std::string long_path(65, 'p');
  try_exec(long_path.c_str(), argv);
  g.pid = static_cast<uint64_t>(px::getpid());  // still running, same process
  return 9;
}

// fork, then exec in the child: the child's pid survives its exec.
void exec_child(uint64_t) {
  char* const argv[] = {const_cast<char*>("from-child"), nullptr};
  px::execve("bin/show_args", argv, nullptr);
  px::_exit(66);
}

int prog_fork_exec(int, char**, char**) {
  px::pid_t child = px::fork_to(exec_child, 0);
  if (child < 0) return 1;
  g_parent.child = static_cast<uint64_t>(child);
  return px::waitpid(child, &g_parent.status, 0) == child ? 0 : 2;
}

// Before exec: a caught and an ignored signal, a second thread.
void* idle_thread(void*) {
  trona::nanosleep(uint64_t{3600} * 1'000'000'000);
  return nullptr;
}

int prog_exec_with_state(int, char**, char**) {
  px::SigAction catch_it, ignore_it;
  catch_it.handler = on_usr1;
  ignore_it.ignore = true;
  px::sigaction(uapi::kSIGUSR1, &catch_it, nullptr);
  px::sigaction(uapi::kSIGUSR2, &ignore_it, nullptr);
  px::pthread_t t{};
  if (px::pthread_create(&t, nullptr, idle_thread, nullptr) != 0) return 1;
  g.threads_before = thread_count();
  char* const argv[] = {const_cast<char*>("after"), nullptr};
  px::execve("bin/after_exec", argv, nullptr);
  return 2;
}

int prog_after_exec(int, char**, char**) {
  g.usr1_default = handler_is(uapi::kSIGUSR1, false, false);  // caught -> SIG_DFL
  g.usr2_ignored = handler_is(uapi::kSIGUSR2, false, true);   // ignored stays ignored
  g.threads_after = thread_count();
  return 3;
}

// A child whose entry words are at an address nothing maps: its first
// read faults, mmsrv refuses, procmgr ends it with SIGSEGV.
void never_runs(uint64_t) { g.exec_returned = true; }

int prog_fork_bad_stack(int, char**, char**) {
  ProcmgrClient pm;
  uint64_t pid = 0;
  const trona::EntryPoint e = trona::entry_point(never_runs, 0);
  g.errs.push_back(pm.fork(e.rip, 0, &pid));  // no stack pointer
  g.errs.push_back(pm.fork(0, 0x2000, &pid));  // no entry
  if (pm.fork(e.rip, 0x7000'0000, &pid) != 0) return 1;
  return px::waitpid(static_cast<px::pid_t>(pid), &g_parent.status, 0) == static_cast<px::pid_t>(pid) ? 0 : 2;
}

// --- fork errors ------------------------------------------------------------------------

void sleeper_child(uint64_t) { trona::nanosleep(uint64_t{3600} * 1'000'000'000); }

int prog_fork_once(int, char**, char**) {
  if (px::fork_to(sleeper_child, 0) < 0) g.errs.push_back(px::errno_ref());
  return 0;
}

int prog_nap(int, char**, char**) {
  trona::nanosleep(uint64_t{3600} * 1'000'000'000);
  return 0;
}

struct Registered {
  Registered() {
    using saltysim::programs::register_program;
    register_program("fx_forker", prog_forker);
    register_program("fx_show_args", prog_show_args);
    register_program("fx_exec_ok", prog_exec_ok);
    register_program("fx_exec_errors", prog_exec_errors);
    register_program("fx_fork_exec", prog_fork_exec);
    register_program("fx_fork_once", prog_fork_once);
    register_program("fx_fork_bad_stack", prog_fork_bad_stack);
    register_program("fx_exec_with_state", prog_exec_with_state);
    register_program("fx_after_exec", prog_after_exec);
    register_program("fx_nap", prog_nap);
  }
};

// procmgr with the images below and, by default, mmsrv as the pager
// (pm_os.h); the programs registered once.
class ForkExecOs : public pmt::PmOs {
 public:
  explicit ForkExecOs(bool with_pager = true, unsigned untyped_bits = 26)
      : PmOs(images(), pmt::PmOptions{.with_pager = with_pager, .untyped_bits = untyped_bits}) {
    g_k = &k;
    g = Seen();
    g_parent = ParentView();
  }

  // Spawns `path` from init, waits for it: its pid and wait status.
  void spawn_and_wait(const char* path, uint64_t* pid, int* status) {
    init([=] {
      ProcmgrClient pm;
      ASSERT_EQ(pm.spawn(path, nullptr, 0, pid), 0);
      ASSERT_EQ(pm.wait(static_cast<int32_t>(*pid), 0, status, nullptr), 0);
    });
  }

 private:
  static pmt::Images images() {
    static Registered once;
    using pmt::image;
    return {
        {"bin/forker", image("fx_forker")},
        {"bin/show_args", image("fx_show_args")},
        {"bin/exec_ok", image("fx_exec_ok")},
        {"bin/exec_errors", image("fx_exec_errors")},
        {"bin/fork_exec", image("fx_fork_exec")},
        {"bin/fork_once", image("fx_fork_once")},
        {"bin/fork_bad_stack", image("fx_fork_bad_stack")},
        {"bin/exec_with_state", image("fx_exec_with_state")},
        {"bin/after_exec", image("fx_after_exec")},
        {"bin/nap", image("fx_nap")},
        {"bin/bad", "#!not-an-image\nentry=fx_show_args\n"},
        {"bin/unknown_key", "#!trona-image v1\nentry=fx_show_args\ncolour=blue\n"},
    };
  }
};

TEST(ProcmgrForkExec, ForkChildGetsCopyOnWriteMemoryAndInheritedIdentity) {
  ForkExecOs os;
  uint64_t pid = 0;
  int status = -1;
  os.spawn_and_wait("bin/forker", &pid, &status);
  ASSERT_TRUE(os.run());
  ASSERT_TRUE(exited(status));
  ASSERT_EQ(exit_code(status), 0);
  // The child: its own pid, the forker as parent, the parent's uid and umask.
  EXPECT_EQ(g_parent.pid, pid);
  EXPECT_NE(g_parent.child, pid);
  EXPECT_EQ(g.pid, g_parent.child);
  EXPECT_EQ(g.ppid, pid);
  EXPECT_EQ(g.uid, 1000u);
  EXPECT_EQ(g.umask, 027u);
  EXPECT_TRUE(g.usr1_caught);  // signal dispositions are inherited
  EXPECT_TRUE(g.usr2_ignored);
  // The child saw the memory as it was at the fork, not the parent's later writes...
  EXPECT_EQ(g.heap, 111u);
  EXPECT_EQ(g.map, 222u);
  EXPECT_EQ(g.stack, 333u);
  // The first writer of a shared page gets the copy (the parent here: the
  // child sleeps first); the child's writes fault too and take the frames over.
  EXPECT_GE(g_parent.cow_copies, 2u);
  EXPECT_GE(g.faults, 2u);
  // ...and the parent does not see the child's writes.
  EXPECT_EQ(g_parent.heap, 444u);
  EXPECT_EQ(g_parent.map, 555u);
  EXPECT_EQ(g_parent.stack, 666u);
  // waitpid gave the child's exit status.
  EXPECT_TRUE(exited(g_parent.status));
  EXPECT_EQ(exit_code(g_parent.status), 7);
}

TEST(ProcmgrForkExec, ExecReplacesTheImageKeepingThePid) {
  ForkExecOs os;
  uint64_t pid = 0;
  int status = -1;
  os.spawn_and_wait("bin/exec_ok", &pid, &status);
  ASSERT_TRUE(os.run());
  EXPECT_FALSE(g.exec_returned);  // the old image never continued
  ASSERT_TRUE(exited(status));
  EXPECT_EQ(exit_code(status), 5);  // the new image's exit code
  EXPECT_EQ(g.pid, pid);
  EXPECT_EQ(g.ppid, 1u);
  EXPECT_EQ(g.argv, (std::vector<std::string>{"show", "x y", ""}));
  EXPECT_EQ(g.envp, (std::vector<std::string>{"A=1", "PATH=/bin"}));
  EXPECT_EQ(g.exe, "/bin/show_args");
  EXPECT_EQ(g.new_heap_base, 0x1000'0000u);  // a fresh pager registration: the heap starts over
  EXPECT_EQ(g.heap_word, 0u);                // and the old heap's bytes are gone
}

TEST(ProcmgrForkExec, ExecErrorsLeaveTheCallerRunning) {
  ForkExecOs os;
  uint64_t pid = 0;
  int status = -1;
  os.spawn_and_wait("bin/exec_errors", &pid, &status);
  ASSERT_TRUE(os.run());
  EXPECT_EQ(g.errs, (std::vector<int>{uapi::kENOENT, uapi::kENOEXEC, uapi::kENOEXEC, uapi::kE2BIG, uapi::kE2BIG,
                                      uapi::kENAMETOOLONG}));
  EXPECT_EQ(g.pid, pid);
  ASSERT_TRUE(exited(status));
  EXPECT_EQ(exit_code(status), 9);
}

TEST(ProcmgrForkExec, ExecResetsCaughtSignalsAndEndsOtherThreads) {
  ForkExecOs os;
  uint64_t pid = 0;
  int status = -1;
  os.spawn_and_wait("bin/exec_with_state", &pid, &status);
  ASSERT_TRUE(os.run());
  ASSERT_TRUE(exited(status));
  EXPECT_EQ(exit_code(status), 3);
  EXPECT_TRUE(g.usr1_default);
  EXPECT_TRUE(g.usr2_ignored);
  EXPECT_EQ(g.threads_after + 1, g.threads_before);  // the created thread is gone
}

TEST(ProcmgrForkExec, ForkedChildExecsUnderItsOwnPid) {
  ForkExecOs os;
  uint64_t pid = 0;
  int status = -1;
  os.spawn_and_wait("bin/fork_exec", &pid, &status);
  ASSERT_TRUE(os.run());
  ASSERT_EQ(exit_code(status), 0);
  EXPECT_EQ(g.argv, (std::vector<std::string>{"from-child"}));
  EXPECT_EQ(g.pid, g_parent.child);
  EXPECT_EQ(g.ppid, pid);
  EXPECT_EQ(exit_code(g_parent.status), 5);
}

TEST(ProcmgrForkExec, ForkErrors) {
  ForkExecOs os;
  int init_err = -1, unknown_err = -1;
  os.init([&] {
    uint64_t pid = 0;
    init_err = ProcmgrClient().fork(0x1000, 0x2000, &pid);  // init: not a process procmgr built
  });
  // A caller whose badge procmgr does not know.
  os.stranger([&] {
    uint64_t pid = 0;
    unknown_err = ProcmgrClient().fork(0x1000, 0x2000, &pid);
  }, 0x7777);
  ASSERT_TRUE(os.run());
  EXPECT_EQ(init_err, uapi::kEPERM);
  EXPECT_EQ(unknown_err, uapi::kESRCH);
}

TEST(ProcmgrForkExec, ForkedChildWithAnUnmappedStackDiesOfSigsegv) {
  ForkExecOs os;
  uint64_t pid = 0;
  int status = -1;
  os.spawn_and_wait("bin/fork_bad_stack", &pid, &status);
  ASSERT_TRUE(os.run());
  ASSERT_EQ(exit_code(status), 0);
  EXPECT_EQ(g.errs, (std::vector<int>{uapi::kEINVAL, uapi::kEINVAL}));
  EXPECT_FALSE(g.exec_returned);  // the child function never ran
  EXPECT_FALSE(exited(g_parent.status));
  EXPECT_EQ(g_parent.status & 0x7f, uapi::kSIGSEGV);
}

TEST(ProcmgrForkExec, ForkIntoAFullProcessTableIsEagain) {
  ForkExecOs os(/*with_pager=*/false, /*untyped_bits=*/34);  // mmsrv's 32 clients would run out first
  long filled = 0;
  int forker_status = -1;
  os.init([&] {
    ProcmgrClient pm;
    uint64_t forker = 0, pid = 0;
    trona::SpawnOptions suspended;
    suspended.flags = uapi::procmgr::kSpawnFlagStartSuspended;
    ASSERT_EQ(pm.spawn("bin/fork_once", nullptr, 0, &forker, suspended), 0);
    while (pm.spawn("bin/nap", nullptr, 0, &pid) == 0) ++filled;  // the table fills up
    ASSERT_EQ(pm.resume(forker), 0);
    ASSERT_EQ(pm.wait(static_cast<int32_t>(forker), 0, &forker_status, nullptr), 0);
    pm.kill(-1, uapi::kSIGKILL);  // every nap
    int st = -1;
    for (long i = 0; i < filled; ++i) pm.wait(-1, 0, &st, nullptr);
  });
  ASSERT_TRUE(os.run());
  EXPECT_EQ(filled, static_cast<long>(procmgr::kMaxProcesses) - 2);  // init and the forker hold two entries
  EXPECT_EQ(g.errs, (std::vector<int>{uapi::kEAGAIN}));
  EXPECT_TRUE(exited(forker_status));
}

}  // namespace
