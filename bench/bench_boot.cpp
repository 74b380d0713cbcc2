// Booting to a prompt and running a pipeline, on the whole simulated OS
// (the default boot: init, mmsrv, procmgr, namesrv, rsrcsrv, the VFS, the
// console server, posix_ttysrv, getty, login, /bin/sh), against the host's
// dash measured in the same run:
//   - boot_to_prompt_ms: wall time of one boot from the initrd until the
//     shell's "# " prompt is on COM1 (getty's login prompt answered with
//     root / root as it appears), the best of kRounds rounds of the mean of
//     kBoots boots, on a fresh scheduler each; boots_per_second = 1000 / that (one host thread: one core);
//   - shell_pipeline_us: `sh -c 'echo x | cat | wc -c'` run by the program
//     runner in one booted system (fork, exec of /bin/sh, its pipeline of
//     three processes, wait), the wall time per run beyond the boot;
//     host_pipeline_us: the same command line run by the host's /bin/sh
//     (dash) with fork/exec/wait; pipeline_ratio_vs_host = sim / host.
// Wall time (steady_clock) only measures; it never reaches simulated code.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bench/boot_session.h"
#include "scenarios/builtin/run_program.h"
#include "sim/runtime/log/log.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kBoots = 20, kRounds = 5;
constexpr int kPipelines = 200;
const char* const kPipeline = "echo x | cat | wc -c";

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// One boot to the shell prompt; false when the prompt never came.
bool boot_to_prompt(std::uint64_t seed) {
  return bench::boot_and_type(seed, {{"login: ", "root\r"}, {"Password: ", "root\r"}, {"# ", ""}});
}

// Wall ms of one booted system running `n` pipelines through the runner.
double pipelines_ms(int n, bool* ok) {
  std::vector<sim::scenarios::ProgramRun> runs(
      static_cast<std::size_t>(n), sim::scenarios::ProgramRun{.argv = {"/bin/sh", "-c", kPipeline}});
  const auto t0 = Clock::now();
  auto results = sim::scenarios::run_programs(runs);
  const double ms = ms_since(t0);
  for (auto& r : results)
    if (r.status != 0 || r.out != "2\n") *ok = false;
  return ms;
}

double host_pipeline_us(bool* ok) {
  const auto t0 = Clock::now();
  for (int i = 0; i < kPipelines; ++i) {
    int out[2];
    if (pipe(out) != 0) return *ok = false, 0;
    pid_t pid = fork();
    if (pid == 0) {
      dup2(out[1], 1);
      close(out[0]);
      close(out[1]);
      execl("/bin/sh", "sh", "-c", kPipeline, static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    char buf[16];
    std::string got;
    for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) got.append(buf, static_cast<std::size_t>(n));
    close(out[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    if (got != "2\n" || !WIFEXITED(st) || WEXITSTATUS(st) != 0) *ok = false;
  }
  return ms_since(t0) * 1000.0 / kPipelines;
}

}  // namespace

int main() {
  sim::log::configure("warn");  // the figures only
  bool ok = true;
  (void)boot_to_prompt(1);  // warm-up
  // Best of kRounds rounds of kBoots boots: other load on the machine only
  // ever adds wall time, so the fastest round is the steadiest estimate.
  double boot_ms = 1e9;
  for (int round = 0; round < kRounds; ++round) {
    const auto t0 = Clock::now();
    for (int i = 0; i < kBoots; ++i) ok = boot_to_prompt(static_cast<std::uint64_t>(i + 1)) && ok;
    boot_ms = std::min(boot_ms, ms_since(t0) / kBoots);
  }
  const double one = pipelines_ms(1, &ok);
  const double many = pipelines_ms(1 + kPipelines, &ok);
  const double sim_us = (many - one) * 1000.0 / kPipelines;
  const double host_us = host_pipeline_us(&ok);
  std::printf("boot_to_prompt_ms = %.3f\n", boot_ms);
  std::printf("boots_per_second = %.1f\n", 1000.0 / boot_ms);
  std::printf("shell_pipeline_us = %.1f\n", sim_us);
  std::printf("host_pipeline_us = %.1f\n", host_us);
  std::printf("pipeline_ratio_vs_host = %.3f\n", sim_us / host_us);
  if (!ok) std::fprintf(stderr, "bench_boot: a boot or a pipeline did not give the expected result\n");
  return ok ? 0 : 1;
}
