// Readiness (kernel-abi.md §1.3 step 7, §1.4 Type=/TimeoutStartSec=): a
// Type=notify service is waited for before what is ordered after it
// starts; one that does not signal in time is logged and counts as
// failed (what Requires= it is skipped, the rest goes on); one that ends
// first is noticed.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "boot_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/core/readiness.h"
#include "trona/core/syscall.h"
#include "uapi/kernel_abi.h"

namespace {

using namespace boot_test;

[[noreturn]] void serve_forever() {
  for (;;) trona::recv(uapi::SLOT_BOOTSTRAP_PRIVATE_BASE);
}

// Sets up for 50 ms of virtual time, then says it is ready.
int slow(int, char**, char**) {
  trona::nanosleep(50'000'000);
  say("slow: ready at " + std::to_string(now_ms()) + " ms\n");
  trona::notify_ready();
  serve_forever();
}

// Says when it started, as `<binary name>: started at <t> ms`.
int late(int, char** argv, char**) {
  const std::string path = argv[0];
  say(path.substr(path.rfind('/') + 1) + ": started at " + std::to_string(now_ms()) + " ms\n");
  serve_forever();
}

// Never says it is ready.
int mute(int, char**, char**) { serve_forever(); }

int quitter(int, char**, char**) { return 3; }

void register_programs() {
  saltysim::programs::register_program("slow", &slow);
  saltysim::programs::register_program("late", &late);
  saltysim::programs::register_program("mute", &mute);
  saltysim::programs::register_program("needy", &late);
  saltysim::programs::register_program("other", &late);
  saltysim::programs::register_program("quitter", &quitter);
}

// The standard system plus these services (name, unit lines), booted.
BootResult boot_with(const std::vector<std::pair<std::string, std::string>>& services) {
  register_programs();
  Files f = standard_system();
  for (const auto& [name, extra] : services) add_service(f, name, extra);
  return boot(f);
}

BootResult slow_then_late(const std::string& slow_type) {
  return boot_with({{"slow", "Type=" + slow_type + "\n"}, {"late", "[Dependencies]\nAfter=slow\n"}});
}

TEST(InitReadiness, NotifyServiceIsWaitedForBeforeWhatIsOrderedAfterIt) {
  BootResult r = slow_then_late("notify");
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_EQ(r.init_status, kInitMonitoring);
  const size_t signalled = pos(r.console, "slow: ready at 50 ms\n"), seen = pos(r.console, "init: slow ready\n"),
               started = pos(r.console, "init: started late\n");
  ASSERT_NE(signalled, std::string::npos);
  ASSERT_NE(seen, std::string::npos);
  ASSERT_NE(started, std::string::npos);
  EXPECT_LT(signalled, seen);
  EXPECT_LT(seen, started);
  // Virtual time: late starts once slow signalled (init polls every 1 ms).
  const size_t at = pos(r.console, "late: started at ");
  ASSERT_NE(at, std::string::npos);
  const int late_ms = std::stoi(r.console.substr(at + sizeof "late: started at " - 1));
  EXPECT_GE(late_ms, 50);
  EXPECT_LE(late_ms, 52);
  EXPECT_NE(pos(r.console, "hello: hello from the initrd"), std::string::npos);
}

TEST(InitReadiness, SimpleServiceIsNotWaitedFor) {
  BootResult r = slow_then_late("simple");
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_EQ(pos(r.console, "init: slow ready"), std::string::npos);
  EXPECT_NE(pos(r.console, "late: started at 0 ms\n"), std::string::npos);
  EXPECT_LT(pos(r.console, "late: started at"), pos(r.console, "slow: ready at 50 ms"));
}

TEST(InitReadiness, NotReadyInTimeIsLoggedAndWhatRequiresItIsSkipped) {
  BootResult r = boot_with({{"mute", "Type=notify\nTimeoutStartSec=200ms\n"},
                            {"needy", "[Dependencies]\nAfter=mute\nRequires=mute\n"},
                            {"other", "[Dependencies]\nAfter=mute\n"}});
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_EQ(r.init_status, kInitMonitoring);
  const size_t timeout = pos(r.console, "init: mute not ready after 200ms\n");
  ASSERT_NE(timeout, std::string::npos);
  EXPECT_NE(pos(r.console, "init: needy not started: it requires mute\n"), std::string::npos);
  EXPECT_EQ(pos(r.console, "init: started needy"), std::string::npos);
  // The others go on, after the timeout.
  EXPECT_LT(timeout, pos(r.console, "init: started other\n"));
  EXPECT_NE(pos(r.console, "other: started at 200 ms\n"), std::string::npos);
  EXPECT_NE(pos(r.console, "hello: hello from the initrd"), std::string::npos);
}

TEST(InitReadiness, DefaultTimeoutIsTenSeconds) {
  BootResult r = boot_with(
      {{"mute", "Type=notify\nTimeoutStartSec=infinity\n"}, {"other", "[Dependencies]\nAfter=mute\n"}});
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_NE(pos(r.console, "init: mute not ready after 10s\n"), std::string::npos);
  EXPECT_NE(pos(r.console, "other: started at 10000 ms\n"), std::string::npos);
}

TEST(InitReadiness, ServiceThatEndsBeforeItIsReadyIsNoticed) {
  BootResult r = boot_with({{"quitter", "Type=notify\nRestart=on-failure\n"},
                            {"needy", "[Dependencies]\nAfter=quitter\nRequires=quitter\n"}});
  SCOPED_TRACE(r.console);
  EXPECT_EQ(r.run, sim::RunResult::Idle);
  EXPECT_NE(pos(r.console, "init: quitter exited before it was ready (status 3)\n"), std::string::npos);
  EXPECT_NE(pos(r.console, "init: needy not started: it requires quitter\n"), std::string::npos);
  // A start that failed is not a crash of a running service: no restart.
  EXPECT_EQ(pos(r.console, "init: restarted quitter"), std::string::npos);
  EXPECT_NE(pos(r.console, "hello: hello from the initrd"), std::string::npos);
}

}  // namespace
