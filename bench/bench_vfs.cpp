// The VFS through the full IPC path, on a booted system (init, mmsrv,
// procmgr, namesrv, rsrcsrv, the VFS; the measuring program is a
// procmgr-spawned process using trona::posix), against the host kernel
// measured in the same run:
//   - a small-file cycle: open(O_CREAT|O_RDWR|O_TRUNC) + write 4 KiB +
//     lseek 0 + read 4 KiB + close on tmpfs, against the same on the host's
//     /dev/shm (/tmp when there is none);
//   - a pipe round trip between two simulated processes (1 byte there on
//     one pipe, 1 byte back on another), against two host threads over two
//     host pipes;
//   - stat of a 5-deep path (/tmp/a/b/c/d/e), and the same on the host.
// Wall time (steady_clock) around loops inside the simulated program: host
// time only measures, it never reaches simulated code. Best of 3 repeats.
//
// Prints: vfs_small_file_cycle_us, host_small_file_cycle_us, ratio_vs_host,
// pipe_round_trip_us, host_pipe_round_trip_us, pipe_ratio_vs_host, stat_us,
// host_stat_us, stat_ratio_vs_host.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>

#include "hw_model/boot/cpio.h"
#include "hw_model/machine.h"
#include "kernel_model/kernel.h"
#include "sim/host/programs/programs.h"
#include "sim/runtime/log/log.h"
#include "sim/runtime/sched/scheduler.h"
#include "trona/posix/fd.h"
#include "trona/posix/file.h"
#include "trona/posix/process.h"
#include "uapi/linux_numbers.h"

namespace {

namespace px = trona::posix;
using Clock = std::chrono::steady_clock;

constexpr int kRepeats = 3;
constexpr long kFileCycles = 2000, kPipeRounds = 3000, kStats = 5000;

double us_per(Clock::time_point t0, Clock::time_point t1, long n) {
  return std::chrono::duration<double, std::micro>(t1 - t0).count() / static_cast<double>(n);
}

// --- the simulated side ----------------------------------------------------------

struct SimFigures {
  double file_us = 1e9, pipe_us = 1e9, stat_us = 1e9;
  bool ok = true;
} g_sim;

int g_to_child[2], g_to_parent[2];

void echo_child(uint64_t) {
  char c;
  for (long i = 0; i < kPipeRounds * kRepeats + 1; ++i) {
    if (px::read(g_to_child[0], &c, 1) != 1) break;
    px::write(g_to_parent[1], &c, 1);
  }
  px::_exit(0);
}

int measure(int, char**, char**) {
  static char block[4096], back[4096];
  for (size_t i = 0; i < sizeof block; ++i) block[i] = static_cast<char>(i);
  for (int r = 0; r < kRepeats; ++r) {
    auto t0 = Clock::now();
    for (long i = 0; i < kFileCycles; ++i) {
      int fd = px::open("/tmp/cycle", uapi::kO_CREAT | uapi::kO_RDWR | uapi::kO_TRUNC, 0644);
      bool ok = fd >= 0 && px::write(fd, block, sizeof block) == sizeof block && px::lseek(fd, 0, uapi::kSEEK_SET) == 0 &&
                px::read(fd, back, sizeof back) == sizeof back;
      px::close(fd);
      if (!ok) g_sim.ok = false;
    }
    g_sim.file_us = std::min(g_sim.file_us, us_per(t0, Clock::now(), kFileCycles));
  }
  px::pipe(g_to_child);
  px::pipe(g_to_parent);
  int child = px::fork_to(&echo_child, 0);
  char c = 'x';
  px::write(g_to_child[1], &c, 1);  // warm up: the child is in its loop
  px::read(g_to_parent[0], &c, 1);
  for (int r = 0; r < kRepeats; ++r) {
    auto t0 = Clock::now();
    for (long i = 0; i < kPipeRounds; ++i) {
      px::write(g_to_child[1], &c, 1);
      if (px::read(g_to_parent[0], &c, 1) != 1) g_sim.ok = false;
    }
    g_sim.pipe_us = std::min(g_sim.pipe_us, us_per(t0, Clock::now(), kPipeRounds));
  }
  int status = 0;
  px::waitpid(child, &status, 0);
  const char* dirs[] = {"/tmp/a", "/tmp/a/b", "/tmp/a/b/c", "/tmp/a/b/c/d", "/tmp/a/b/c/d/e"};
  for (const char* d : dirs) px::mkdir(d, 0755);
  px::Stat st{};
  for (int r = 0; r < kRepeats; ++r) {
    auto t0 = Clock::now();
    for (long i = 0; i < kStats; ++i)
      if (px::stat("/tmp/a/b/c/d/e", &st) != 0) g_sim.ok = false;
    g_sim.stat_us = std::min(g_sim.stat_us, us_per(t0, Clock::now(), kStats));
  }
  return 0;
}

std::string image(const std::string& entry) { return "#!trona-image v1\nentry=" + entry + "\n"; }

void run_simulated() {
  saltysim::programs::register_program("bench_vfs", &measure);
  const std::map<std::string, std::string> files = {
      {"services/mmsrv.service",
       "[Service]\nName=mmsrv\nBinary=bin/mmsrv\nCNodeBits=12\nMemoryKB=4096\nPreProcmgr=yes\nRole=pager\n"},
      {"services/procmgr.service", "[Service]\nName=procmgr\nBinary=bin/procmgr\nCNodeBits=12\nMemoryKB=8192\n"},
      {"services/namesrv.service", "[Service]\nName=namesrv\nBinary=bin/namesrv\n"},
      {"services/rsrcsrv.service", "[Service]\nName=rsrcsrv\nBinary=bin/rsrcsrv\n[Dependencies]\nAfter=namesrv\n"},
      {"services/vfs.service",
       "[Service]\nName=vfs\nBinary=bin/vfs\nType=notify\nCNodeBits=12\nMemoryKB=16384\n[Dependencies]\nAfter=rsrcsrv\n"},
      {"services/bench_vfs.service", "[Service]\nName=bench_vfs\nBinary=bin/bench_vfs\n[Dependencies]\nAfter=vfs\n"},
  };
  hw::MachineConfig cfg;
  cfg.name = "m0";
  cfg.ram_bytes = 64ull << 20;
  hw::CpioBuilder initrd;
  initrd.add_dir("services");
  for (const auto& [path, text] : files) initrd.add_file(path, text);
  for (const char* name : {"mmsrv", "procmgr", "namesrv", "rsrcsrv", "vfs", "bench_vfs", "hello"})
    initrd.add_file(std::string("bin/") + name, image(name));
  cfg.initrd = initrd.build();
  sim::Scheduler sched(sim::SchedulerOptions{.seed = 1});
  hw::Machine machine(sched.clock(), sched.seeds(), cfg);
  kmodel::Kernel kernel(sched, &machine);
  saltysim::programs::install_image_start(kernel);
  kernel.create_root_task([&] { saltysim::programs::run_init(kernel); });
  sched.run(sim::RunLimits{.until = sim::VTime{600} * 1'000'000'000});
}

// --- the host side ---------------------------------------------------------------

double host_file_cycle_us(const std::string& dir) {
  static char block[4096], back[4096];
  const std::string path = dir + "/saltysim-bench-vfs." + std::to_string(getpid());
  double best = 1e9;
  for (int r = 0; r < kRepeats; ++r) {
    auto t0 = Clock::now();
    for (long i = 0; i < kFileCycles; ++i) {
      int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_TRUNC, 0644);
      if (::write(fd, block, sizeof block) < 0 || ::lseek(fd, 0, SEEK_SET) != 0 || ::read(fd, back, sizeof back) < 0)
        std::perror("bench_vfs: host cycle");
      ::close(fd);
    }
    best = std::min(best, us_per(t0, Clock::now(), kFileCycles));
  }
  ::unlink(path.c_str());
  return best;
}

double host_pipe_round_trip_us() {
  int there[2], back[2];
  if (::pipe(there) != 0 || ::pipe(back) != 0) return 0;
  std::thread echo([&] {
    char c;
    while (::read(there[0], &c, 1) == 1) (void)!::write(back[1], &c, 1);
  });
  char c = 'x';
  double best = 1e9;
  for (int r = 0; r < kRepeats; ++r) {
    auto t0 = Clock::now();
    for (long i = 0; i < kPipeRounds; ++i) {
      (void)!::write(there[1], &c, 1);
      (void)!::read(back[0], &c, 1);
    }
    best = std::min(best, us_per(t0, Clock::now(), kPipeRounds));
  }
  ::close(there[1]);
  echo.join();
  for (int fd : {there[0], back[0], back[1]}) ::close(fd);
  return best;
}

double host_stat_us(const std::string& dir) {
  std::string p = dir + "/saltysim-bench-stat." + std::to_string(getpid());
  const std::string top = p;
  ::mkdir(p.c_str(), 0755);
  for (const char* d : {"/b", "/c", "/d", "/e"}) {
    p += d;
    ::mkdir(p.c_str(), 0755);
  }
  struct stat st {};
  double best = 1e9;
  for (int r = 0; r < kRepeats; ++r) {
    auto t0 = Clock::now();
    for (long i = 0; i < kStats; ++i) ::stat(p.c_str(), &st);
    best = std::min(best, us_per(t0, Clock::now(), kStats));
  }
  for (std::string q = p; q.size() >= top.size(); q = q.substr(0, q.rfind('/'))) ::rmdir(q.c_str());
  return best;
}

}  // namespace

int main() {
  sim::log::configure("warn");  // the figures only (the boot's console lines are info)
  run_simulated();
  if (!g_sim.ok) std::fprintf(stderr, "bench_vfs: a simulated call failed; the figures are not meaningful\n");
  struct stat st {};
  const std::string dir = ::stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp";
  const double host_file = host_file_cycle_us(dir);
  const double host_pipe = host_pipe_round_trip_us();
  const double host_stat = host_stat_us(dir);
  std::printf("vfs_small_file_cycle_us = %.2f\n", g_sim.file_us);
  std::printf("host_small_file_cycle_us = %.2f\n", host_file);
  std::printf("ratio_vs_host = %.2f\n", g_sim.file_us / host_file);
  std::printf("pipe_round_trip_us = %.2f\n", g_sim.pipe_us);
  std::printf("host_pipe_round_trip_us = %.2f\n", host_pipe);
  std::printf("pipe_ratio_vs_host = %.2f\n", g_sim.pipe_us / host_pipe);
  std::printf("stat_us = %.3f\n", g_sim.stat_us);
  std::printf("host_stat_us = %.3f\n", host_stat);
  std::printf("stat_ratio_vs_host = %.2f\n", g_sim.stat_us / host_stat);
  return g_sim.ok ? 0 : 1;
}
