// Process life cycle through procmgr over real IPC in the simulator: a
// parent (the root task, procmgr's endpoint with badge 1 as init holds it)
// loops PM_SPAWN of a trivial image whose entry returns at once (the image
// start routine then sends PM_EXIT) and PM_WAIT for it. Wall time per
// spawn+exit+wait, against the scheduler's bare thread life cycle (create,
// run an empty body, reap) measured in the same run.
//
// Host memory per idle process: a fresh system, the parent spawns
// kIdleTarget images that block in a long nanosleep (stopping early only if
// a spawn fails: the errno is printed), lets them all reach their sleep,
// and reads host VmRSS before and after. They are then killed and reaped.
// Figures and targets: bench/README.md.
//
// Prints: spawn_exit_wait_us, thread_spawn_exit_reap_us,
// ratio_vs_thread_spawn, idle_processes_alive, host_kib_per_idle_process.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "kernel_model/kernel.h"
#include "core/procmgr/state.h"
#include "sim/host/programs/programs.h"
#include "trona/clients/procmgr_client.h"
#include "trona/core/syscall.h"
#include "uapi/kernel_abi.h"
#include "uapi/linux_numbers.h"
#include "uapi/procmgr.h"

extern "C" int trona_program_procmgr(int argc, char** argv, char** envp);

namespace {

using Clock = std::chrono::steady_clock;
using kmodel::Word;
namespace ka = kmodel::abi;

constexpr long kSpawnRounds = 5'000;
constexpr long kThreadRounds = 100'000;
constexpr int kRepeats = 5;
constexpr long kIdleTarget = 10'000;  // the target; procmgr's table caps it

int prog_true(int, char**, char**) { return 0; }
int prog_idle(int, char**, char**) {
  trona::nanosleep(uint64_t{3600} * 1'000'000'000);
  return 0;
}

std::string image(const char* entry) { return std::string("#!trona-image v1\nentry=") + entry + "\n"; }

long rss_kib() {
  long pages_total = 0, pages_rss = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  if (std::fscanf(f, "%ld %ld", &pages_total, &pages_rss) != 2) pages_rss = -1;
  std::fclose(f);
  return pages_rss * (sysconf(_SC_PAGESIZE) / 1024);
}

// procmgr with an image table, big untypeds (host pages are allocated only
// when touched), and the parent as root task holding procmgr's endpoint.
struct PmSystem {
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 11}};
  kmodel::Kernel k{sched};
  kmodel::Endpoint& pm_ep = k.new_endpoint();
  kmodel::Process procmgr;
  std::vector<std::string> args;
  std::vector<char*> argv;

  PmSystem() {
    saltysim::programs::register_program("bench_true", prog_true);
    saltysim::programs::register_program("bench_idle", prog_idle);
    saltysim::programs::install_image_start(k);
    args = {"procmgr", "--image", "bin/true", image("bench_true"), "--image", "bin/idle", image("bench_idle")};
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    procmgr = k.create_process([this] { trona_program_procmgr(static_cast<int>(args.size()), argv.data(), nullptr); },
                               kmodel::ProcessOptions{.name = "procmgr", .cnode_bits = 12, .start = false});
    k.install(*procmgr.cnode, uapi::SLOT_PROCMGR_EP, pm_ep);
    k.install(*procmgr.cnode, uapi::SLOT_CHILD_UNTYPED, k.new_untyped(34));
    for (Word s = uapi::SLOT_UNTYPED_BASE; s < uapi::SLOT_UNTYPED_BASE + 4; ++s)
      k.install(*procmgr.cnode, s, k.new_untyped(34));
    k.start(*procmgr.tcb);
  }

  void parent(std::function<void()> body) {
    kmodel::Process p = k.create_root_task(std::move(body));
    k.install(*p.cnode, uapi::SLOT_PROCMGR_EP, pm_ep, ka::RIGHT_SEND | ka::RIGHT_CALL | ka::RIGHT_GRANT, 1);
  }
};

// Wall µs per spawn+exit+wait (-1 on failure); also of the first and the
// last kChunk rounds (the cost grows with the number of spawns so far).
constexpr long kChunk = 500;
struct SpawnResult {
  double us = -1, first_chunk_us = -1, last_chunk_us = -1;
};
SpawnResult spawn_exit_wait_us() {
  PmSystem os;
  SpawnResult res;
  os.parent([&] {
    trona::ProcmgrClient pm;
    auto once = [&] {
      uint64_t pid = 0, child = 0;
      int st = -1;
      if (pm.spawn("bin/true", nullptr, 0, &pid) != 0) return false;
      if (pm.wait(static_cast<int32_t>(pid), 0, &st, &child) != 0) return false;
      return child == pid && st == 0;
    };
    for (int i = 0; i < 10; ++i)
      if (!once()) return;  // warm up (stack pool, maps)
    auto us_since = [](Clock::time_point t, long n) {
      return std::chrono::duration<double, std::micro>(Clock::now() - t).count() / static_cast<double>(n);
    };
    Clock::time_point t0 = Clock::now(), chunk = t0;
    for (long i = 0; i < kSpawnRounds; ++i) {
      if (i == kSpawnRounds - kChunk) chunk = Clock::now();
      if (!once()) {
        std::fprintf(stderr, "spawn/wait failed at round %ld\n", i);
        return;
      }
      if (i == kChunk - 1) res.first_chunk_us = us_since(t0, kChunk);
    }
    res.last_chunk_us = us_since(chunk, kChunk);
    res.us = us_since(t0, kSpawnRounds);
  });
  os.sched.run();
  return res;
}

// Wall µs to create, run (empty body) and reap a bare scheduler thread.
double thread_spawn_exit_reap_us() {
  sim::Scheduler s;
  double us = -1;
  s.spawn("parent", [&] {
    auto once = [&] {
      bool done = false;
      sim::Thread& t = s.spawn("child", [&] { done = true; });
      while (!done) s.yield();
      s.yield();  // let it finish completely before dropping its record
      s.forget(t);
    };
    for (int i = 0; i < 10; ++i) once();
    Clock::time_point t0 = Clock::now();
    for (long i = 0; i < kThreadRounds; ++i) once();
    us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / kThreadRounds;
  });
  s.run();
  return us;
}

struct IdleResult {
  long alive = 0;
  double kib_per = -1;
  int first_error = 0;
};

IdleResult idle_processes() {
  PmSystem os;
  IdleResult r;
  os.parent([&] {
    trona::ProcmgrClient pm;
    // Warm up: one full life cycle, so first-use host allocations are out.
    uint64_t pid = 0, child = 0;
    int st = -1;
    if (pm.spawn("bin/true", nullptr, 0, &pid) != 0 || pm.wait(static_cast<int32_t>(pid), 0, &st, &child) != 0)
      return;
    std::vector<uint64_t> pids;
    pids.reserve(kIdleTarget);
    const long before = rss_kib();
    for (long i = 0; i < kIdleTarget; ++i) {
      int e = pm.spawn("bin/idle", nullptr, 0, &pid);
      if (e != 0) {
        r.first_error = e;
        break;
      }
      pids.push_back(pid);
    }
    trona::nanosleep(1'000'000);  // every child runs to its sleep
    const long after = rss_kib();
    r.alive = static_cast<long>(pids.size());
    for (uint64_t p : pids) {
      if (pm.kill(static_cast<int32_t>(p), 0) != 0) --r.alive;  // not alive after all
    }
    if (r.alive > 0) r.kib_per = static_cast<double>(after - before) / static_cast<double>(r.alive);
    for (uint64_t p : pids) pm.kill(static_cast<int32_t>(p), uapi::kSIGKILL);
    for (size_t i = 0; i < pids.size(); ++i) pm.wait(-1, 0, &st, &child);
  });
  os.sched.run();
  return r;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  // First, while the host heap holds nothing freed by earlier phases that
  // the idle processes could reuse without RSS growth.
  IdleResult idle = idle_processes();
  std::vector<double> spawn, first, last, thread;
  for (int r = 0; r < kRepeats; ++r) {
    SpawnResult s = spawn_exit_wait_us();
    spawn.push_back(s.us);
    first.push_back(s.first_chunk_us);
    last.push_back(s.last_chunk_us);
    thread.push_back(thread_spawn_exit_reap_us());
  }
  double sp = median(spawn), th = median(thread);
  std::printf("spawn_exit_wait_us = %.2f\n", sp);
  std::printf("spawn_rounds = %ld\n", kSpawnRounds);
  std::printf("spawn_exit_wait_us_first_%ld = %.2f\n", kChunk, median(first));
  std::printf("spawn_exit_wait_us_last_%ld = %.2f\n", kChunk, median(last));
  std::printf("spawns_per_second = %.0f\n", sp > 0 ? 1e6 / sp : 0.0);
  std::printf("thread_spawn_exit_reap_us = %.3f\n", th);
  std::printf("ratio_vs_thread_spawn = %.1f\n", sp / th);
  std::printf("idle_processes_alive = %ld\n", idle.alive);
  std::printf("idle_processes_target = %ld\n", kIdleTarget);
  std::printf("idle_spawn_stopped_by_error = %d\n", idle.first_error);
  std::printf("procmgr_table_entries = %zu\n", procmgr::kMaxProcesses);
  std::printf("host_kib_per_idle_process = %.1f\n", idle.kib_per);
  return 0;
}
