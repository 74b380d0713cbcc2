// init/boot_plan: order, PreProcmgr split, capability steps, and the boot
// errors of issue 5 (missing dependency, cycle, malformed line, zero or two
// pagers), each naming the unit and line.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/init/boot_plan.h"

namespace {

using init::BootPlan;
using init::CapStepKind;

std::string str(lib::Str s) { return std::string(s.data, s.size); }

// Parses every (file, text) pair like init does, then plans the boot.
struct Boot {
  std::vector<init::Unit> units;
  std::unique_ptr<BootPlan> plan = std::make_unique<BootPlan>();
  lib::Diagnostics diag;
  bool ok = false;

  explicit Boot(const std::vector<std::pair<std::string, std::string>>& files) {
    units.resize(files.size());
    bool parsed = true;
    for (size_t i = 0; i < files.size(); ++i)
      parsed &= init::parse_unit(files[i].first.c_str(), lib::Str(files[i].second.data(), files[i].second.size()),
                                 init::Arch::kX86_64, &units[i], &diag);
    ok = parsed && init::make_boot_plan(units.data(), units.size(), plan.get(), &diag);
  }

  std::vector<std::string> order() const {
    std::vector<std::string> v;
    for (const auto& s : plan->services) v.push_back(str(s.unit->name.str()));
    return v;
  }
  std::vector<std::string> errors() const {
    std::vector<std::string> v;
    for (size_t i = 0; i < diag.size(); ++i)
      if (diag[i].error) v.push_back(diag[i].text);
    return v;
  }
};

// A unit file: name, extra [Service] lines, [Dependencies] lines,
// [Capabilities] lines.
std::pair<std::string, std::string> svc(const std::string& name, const std::string& service = "",
                                        const std::string& deps = "", const std::string& caps = "") {
  return {name + ".service", "[Service]\nName=" + name + "\nBinary=" + name + "\n" + service + "[Dependencies]\n" +
                                 deps + "[Capabilities]\n" + caps};
}

// The errors of a boot that must fail.
std::vector<std::string> boot_errors(const std::vector<std::pair<std::string, std::string>>& files) {
  Boot b(files);
  EXPECT_FALSE(b.ok);
  return b.errors();
}
using Errors = std::vector<std::string>;

// The era-B system of kernel-abi.md §1.3, files listed out of order.
std::vector<std::pair<std::string, std::string>> era_b_system() {
  return {
      svc("test_runner", "", "After=getty\n"),
      svc("vfs", "Type=notify\n", "After=procmgr\n", "NeedEP=nameserv:64\nInjectEP=procmgr:70\n"),
      svc("procmgr", "", "After=mmsrv\n", "NeedEP=mmsrv:64 rsrcsrv:65:badge\n"),
      svc("console", "PreProcmgr=yes\n", "Before=nameserv\n", "CopyCap=8:64 9:65 10:66\n"),
      svc("mmsrv", "PreProcmgr=yes\nRole=pager\n", "After=rsrcsrv\n", "CreateEP=40\n"),
      svc("nameserv", "PreProcmgr=yes\n"),
      svc("rsrcsrv", "PreProcmgr=yes\n", "After=nameserv\n"),
      svc("getty", "", "After=vfs\nRequires=console\n"),
      svc("blk", "", "After=vfs pci\n"),
      svc("pci", "", "After=vfs\n", "CopyCap=15:64\n"),
  };
}

TEST(BootPlan, EraBSystemBootsInDependencyOrder) {
  Boot b(era_b_system());
  ASSERT_TRUE(b.ok) << b.diag.first_error().data;
  EXPECT_EQ(b.order(), (std::vector<std::string>{"console", "nameserv", "rsrcsrv", "mmsrv", "procmgr", "vfs", "getty",
                                                 "pci", "blk", "test_runner"}));
  EXPECT_EQ(b.plan->pre_procmgr_count, 5u);  // procmgr is always spawned by init
  EXPECT_EQ(str(b.plan->services[b.plan->pager].unit->name.str()), "mmsrv");
  for (size_t i = 0; i < b.plan->services.size(); ++i) {
    const init::PlannedService& s = b.plan->services[i];
    EXPECT_EQ(s.endpoint_slot, init::kServiceEndpointBase + i);
    EXPECT_EQ(s.pre_procmgr, i < 5);
    if (s.pre_procmgr) {
      EXPECT_EQ(s.window_base, 200 + 128 * i);
      EXPECT_EQ(s.badge, 0x1000 + i);
    } else {
      EXPECT_EQ(s.badge, 0u);
    }
  }
}

TEST(BootPlan, OrderDoesNotDependOnFileOrder) {
  auto files = era_b_system();
  Boot a(files);
  std::reverse(files.begin(), files.end());
  Boot b(files);
  ASSERT_TRUE(a.ok && b.ok);
  EXPECT_EQ(a.order(), b.order());
}

TEST(BootPlan, UnrelatedServicesGoInNameOrder) {
  Boot b({svc("zeta", "Role=pager\n"), svc("alpha"), svc("mid")});
  ASSERT_TRUE(b.ok);
  EXPECT_EQ(b.order(), (std::vector<std::string>{"alpha", "mid", "zeta"}));
  EXPECT_EQ(b.plan->pre_procmgr_count, 0u);
}

TEST(BootPlan, CapabilityStepsAreDataPerChild) {
  Boot b(era_b_system());
  ASSERT_TRUE(b.ok);
  const BootPlan& p = *b.plan;
  auto idx = [&](const char* n) { return static_cast<uint16_t>(p.find(n)); };
  std::vector<init::CapStep> procmgr_steps, console_steps, mmsrv_steps;
  for (const init::CapStep& s : p.cap_steps) {
    if (s.child == idx("procmgr")) procmgr_steps.push_back(s);
    if (s.child == idx("console")) console_steps.push_back(s);
    if (s.child == idx("mmsrv")) mmsrv_steps.push_back(s);
  }
  ASSERT_EQ(console_steps.size(), 3u);
  EXPECT_EQ(console_steps[0].kind, CapStepKind::kCopyCap);
  EXPECT_EQ(console_steps[0].src, 8u);
  EXPECT_EQ(console_steps[0].dst, 64u);
  EXPECT_EQ(console_steps[2].src, 10u);
  EXPECT_EQ(console_steps[2].dst, 66u);

  ASSERT_EQ(mmsrv_steps.size(), 1u);
  EXPECT_EQ(mmsrv_steps[0].kind, CapStepKind::kCreateEp);
  EXPECT_EQ(mmsrv_steps[0].dst, 40u);

  // procmgr: its two NeedEPs, then vfs's InjectEP into it.
  ASSERT_EQ(procmgr_steps.size(), 3u);
  EXPECT_EQ(procmgr_steps[0].kind, CapStepKind::kNeedEp);
  EXPECT_EQ(procmgr_steps[0].provider, idx("mmsrv"));
  EXPECT_EQ(procmgr_steps[0].src, init::kServiceEndpointBase + idx("mmsrv"));
  EXPECT_EQ(procmgr_steps[0].dst, 64u);
  EXPECT_FALSE(procmgr_steps[0].badged);
  EXPECT_EQ(procmgr_steps[1].provider, idx("rsrcsrv"));
  EXPECT_TRUE(procmgr_steps[1].badged);
  EXPECT_EQ(procmgr_steps[2].kind, CapStepKind::kInjectEp);
  EXPECT_EQ(procmgr_steps[2].provider, idx("vfs"));
  EXPECT_EQ(procmgr_steps[2].src, init::kServiceEndpointBase + idx("vfs"));
  EXPECT_EQ(procmgr_steps[2].dst, 70u);

  // Grouped by child in boot order.
  for (size_t i = 1; i < p.cap_steps.size(); ++i) EXPECT_LE(p.cap_steps[i - 1].child, p.cap_steps[i].child);
}

TEST(BootPlan, MissingDependencyNamesUnitAndLine) {
  auto files = era_b_system();
  files.push_back(svc("net", "", "After=pci\nRequires=dhcpd\n"));
  EXPECT_EQ(boot_errors(files),
            Errors{"net.service:6: Requires names unknown service 'dhcpd' (no unit has Name=dhcpd)"});
}

TEST(BootPlan, MissingDependencyInEveryKindOfReference) {
  EXPECT_EQ(boot_errors({svc("a", "Role=pager\n", "After=x1\nBefore=x2\n", "NeedEP=x3:64\nInjectEP=x4:64\n")}),
            (Errors{
                "a.service:6: After names unknown service 'x1' (no unit has Name=x1)",
                "a.service:7: Before names unknown service 'x2' (no unit has Name=x2)",
                "a.service:9: NeedEP names unknown service 'x3' (no unit has Name=x3)",
                "a.service:10: InjectEP names unknown service 'x4' (no unit has Name=x4)",
            }));
}

TEST(BootPlan, CycleIsNamed) {
  EXPECT_EQ(boot_errors({svc("a", "Role=pager\n", "After=c\n"), svc("b", "", "After=a\n"), svc("c", "", "After=b\n"),
                         svc("d")}),
            Errors{"b.service:5: dependency cycle: a -> b -> c -> a "
                   "(b.service:5 After=a, c.service:5 After=b, a.service:6 After=c)"});
}

TEST(BootPlan, CycleThroughBefore) {
  EXPECT_EQ(boot_errors({svc("a", "Role=pager\n", "Before=b\n"), svc("b", "", "Before=a\n")}),
            Errors{"a.service:6: dependency cycle: a -> b -> a (a.service:6 Before=b, b.service:5 Before=a)"});
}

TEST(BootPlan, SelfDependencyIsACycle) {
  EXPECT_EQ(boot_errors({svc("a", "Role=pager\n", "After=a\n")}),
            Errors{"a.service:6: dependency cycle: a -> a (a.service:6 After=a)"});
}

TEST(BootPlan, MalformedLineIsABootError) {
  auto files = era_b_system();
  files[1].second += "NeedEP nameserv 64\n";
  EXPECT_EQ(boot_errors(files),
            Errors{"vfs.service:10: malformed line 'NeedEP nameserv 64' (expected [Section], Key=Value or a comment)"});
}

TEST(BootPlan, NoPager) {
  EXPECT_EQ(boot_errors({svc("a"), svc("b")}),
            Errors{"services: no service has Role=pager; exactly one service must have Role=pager"});
}

TEST(BootPlan, TwoPagers) {
  EXPECT_EQ(boot_errors({svc("mmsrv", "Role=pager\n"), svc("other", "Type=simple\nRole=pager\n")}),
            Errors{"other.service:5: second Role=pager service 'other' (first: 'mmsrv' at mmsrv.service:4); "
                   "exactly one service must have Role=pager"});
}

TEST(BootPlan, DuplicateServiceName) {
  EXPECT_EQ(boot_errors({svc("a", "Role=pager\n"), {"a2.service", "[Service]\nName=a\nBinary=x\n"}}),
            Errors{"a2.service:2: duplicate service name 'a' (also a.service:2)"});
}

TEST(BootPlan, PreProcmgrAfterProcmgrSpawnedServiceIsAnError) {
  EXPECT_EQ(
      boot_errors({svc("procmgr", "Role=pager\n"), svc("vfs"), svc("early", "PreProcmgr=yes\n", "After=vfs\n")}),
      Errors{"early.service:6: PreProcmgr service 'early' is ordered after 'vfs', which is spawned through procmgr "
             "(After=vfs)"});
}

TEST(BootPlan, InjectEpSlotConflicts) {
  EXPECT_EQ(boot_errors({svc("a", "Role=pager\n", "", "CopyCap=1:70\n"), svc("b", "", "", "InjectEP=a:70\n"),
                         svc("c", "", "", "InjectEP=a:5000\n")}),
            (Errors{
                "b.service:6: InjectEP slot 70 of 'a' is already filled (a.service:7)",
                "c.service:6: InjectEP slot 5000 does not fit the CNode of 'a' (CNodeBits 10)",
            }));
}

}  // namespace
