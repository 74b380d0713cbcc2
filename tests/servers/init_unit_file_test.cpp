// init/unit_file: every key of the era-B `.service` format (kernel-abi.md
// §1.4) and every error, with the exact "<unit>:<line>: ..." text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/init/unit_file.h"

namespace {

using init::Unit;

struct Parsed {
  bool ok = false;
  Unit unit;
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

Parsed parse(const std::string& text, init::Arch arch = init::Arch::kX86_64, const char* file = "t.service") {
  Parsed p;
  lib::Diagnostics diag;
  p.ok = init::parse_unit(file, lib::Str(text.data(), text.size()), arch, &p.unit, &diag);
  for (size_t i = 0; i < diag.size(); ++i)
    (diag[i].error ? p.errors : p.warnings).push_back(std::string(diag[i].text));
  EXPECT_EQ(p.ok, p.errors.empty());
  return p;
}

// A minimal valid unit followed by `extra` lines from line 4 on.
std::string unit(const std::string& extra) { return "[Service]\nName=svc\nBinary=svc.elf\n" + extra; }

std::string str(lib::Str s) { return std::string(s.data, s.size); }

TEST(UnitFile, MinimalUnitGetsDefaults) {
  Parsed p = parse(unit(""));
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(str(p.unit.name.str()), "svc");
  EXPECT_EQ(p.unit.name_line, 2u);
  EXPECT_EQ(str(p.unit.binary.str()), "svc.elf");
  EXPECT_EQ(str(p.unit.file.str()), "t.service");
  EXPECT_EQ(p.unit.type, init::ServiceType::kSimple);
  EXPECT_EQ(p.unit.restart, init::RestartPolicy::kNo);
  EXPECT_EQ(p.unit.cnode_bits, 10);
  EXPECT_EQ(p.unit.memory_kb, 0u);
  EXPECT_EQ(p.unit.memory_bits, 0);
  EXPECT_EQ(p.unit.timeout_us, init::kTimeoutAuto);
  EXPECT_FALSE(p.unit.map_initrd);
  EXPECT_FALSE(p.unit.pre_procmgr);
  EXPECT_EQ(p.unit.role, init::Role::kNone);
  EXPECT_EQ(p.unit.argc, 0u);
  EXPECT_TRUE(p.warnings.empty());
}

TEST(UnitFile, EveryKey) {
  Parsed p = parse(
      "# vfs unit\n"
      "; another comment\n"
      "[Service]\n"
      "Name=vfs\n"
      "Binary=vfs_server\n"
      "Type=notify\n"
      "Restart=on-failure\n"
      "MemoryKB=3000\n"
      "TimeoutStartSec=1min 30s\n"
      "CNodeBits=12\n"
      "MapInitrd=yes\n"
      "PreProcmgr=no\n"
      "Args=--root /dev/blk0 -v\n"
      "Role=pager\n"
      "\n"
      "[Dependencies]\n"
      "After=console, nameserv\n"
      "After=procmgr\n"
      "Before=getty\n"
      "Requires=mmsrv procmgr:70:badge\n"
      "[Capabilities]\n"
      "CopyCap=12:64 13:65\n"
      "NeedEP=nameserv:66 mmsrv:67:badge\n"
      "InjectEP=procmgr:80\n"
      "CreateEP=32 40\n");
  ASSERT_TRUE(p.ok) << p.errors[0];
  const Unit& u = p.unit;
  EXPECT_EQ(str(u.name.str()), "vfs");
  EXPECT_EQ(str(u.binary.str()), "vfs_server");
  EXPECT_EQ(u.type, init::ServiceType::kNotify);
  EXPECT_EQ(u.restart, init::RestartPolicy::kOnFailure);
  EXPECT_EQ(u.memory_kb, 3000u);
  EXPECT_EQ(u.memory_bits, 22);  // 3000 KiB rounds up to 4 MiB
  EXPECT_EQ(u.timeout_us, 90'000'000u);
  EXPECT_EQ(u.cnode_bits, 12);
  EXPECT_TRUE(u.map_initrd);
  EXPECT_FALSE(u.pre_procmgr);
  ASSERT_EQ(u.argc, 3u);
  EXPECT_EQ(str(u.arg(0)), "--root");
  EXPECT_EQ(str(u.arg(1)), "/dev/blk0");
  EXPECT_EQ(str(u.arg(2)), "-v");
  EXPECT_EQ(u.args_len, 20u);  // NUL-packed
  EXPECT_EQ(u.role, init::Role::kPager);
  EXPECT_EQ(u.role_line, 14u);
  ASSERT_EQ(u.after.size(), 3u);
  EXPECT_EQ(str(u.after[0].name.str()), "console");
  EXPECT_EQ(str(u.after[1].name.str()), "nameserv");
  EXPECT_EQ(str(u.after[2].name.str()), "procmgr");
  EXPECT_EQ(u.after[2].line, 18u);
  ASSERT_EQ(u.before.size(), 1u);
  EXPECT_EQ(str(u.before[0].name.str()), "getty");
  ASSERT_EQ(u.requires_.size(), 1u);
  EXPECT_EQ(str(u.requires_[0].name.str()), "mmsrv");
  ASSERT_EQ(u.need_ep.size(), 3u);  // Requires=procmgr:70:badge is a NeedEP
  EXPECT_EQ(str(u.need_ep[0].service.str()), "procmgr");
  EXPECT_EQ(u.need_ep[0].slot, 70u);
  EXPECT_TRUE(u.need_ep[0].badged);
  EXPECT_EQ(str(u.need_ep[1].service.str()), "nameserv");
  EXPECT_EQ(u.need_ep[1].slot, 66u);
  EXPECT_FALSE(u.need_ep[1].badged);
  EXPECT_TRUE(u.need_ep[2].badged);
  ASSERT_EQ(u.copy_caps.size(), 2u);
  EXPECT_EQ(u.copy_caps[0].src, 12u);
  EXPECT_EQ(u.copy_caps[0].dst, 64u);
  EXPECT_EQ(u.copy_caps[1].src, 13u);
  EXPECT_EQ(u.copy_caps[1].dst, 65u);
  ASSERT_EQ(u.inject_ep.size(), 1u);
  EXPECT_EQ(str(u.inject_ep[0].target.str()), "procmgr");
  EXPECT_EQ(u.inject_ep[0].slot, 80u);
  ASSERT_EQ(u.create_ep.size(), 2u);
  EXPECT_EQ(u.create_ep[0].slot, 32u);
  EXPECT_EQ(u.create_ep[1].slot, 40u);
  EXPECT_EQ(u.create_ep[1].line, 25u);
}

TEST(UnitFile, KeysAndSectionsAreCaseInsensitiveCrlfAccepted) {
  Parsed p = parse("[service]\r\nNAME=a\r\nbinary=a.elf\r\ntype=Notify\r\nrestart=ALWAYS\r\nPREPROCMGR=True\r\n");
  ASSERT_TRUE(p.ok) << p.errors[0];
  EXPECT_EQ(p.unit.type, init::ServiceType::kNotify);
  EXPECT_EQ(p.unit.restart, init::RestartPolicy::kAlways);
  EXPECT_TRUE(p.unit.pre_procmgr);
}

TEST(UnitFile, TimeoutUnitsAndInfinity) {
  struct Case {
    const char* text;
    uint64_t us;
  } cases[] = {{"5", 5'000'000},       {"5s", 5'000'000}, {"250ms", 250'000}, {"7us", 7},
               {"2m", 120'000'000},   {"1h", 3'600'000'000}, {"infinity", init::kTimeoutAuto},
               {"1s 500ms", 1'500'000}};
  for (const Case& c : cases) {
    Parsed p = parse(unit(std::string("TimeoutSec=") + c.text + "\n"));
    ASSERT_TRUE(p.ok) << c.text;
    EXPECT_EQ(p.unit.timeout_us, c.us) << c.text;
  }
}

TEST(UnitFile, MemoryKbToSizeBits) {
  EXPECT_EQ(parse(unit("MemoryKB=1\n")).unit.memory_bits, 12);  // at least one page
  EXPECT_EQ(parse(unit("MemoryKB=4\n")).unit.memory_bits, 12);
  EXPECT_EQ(parse(unit("MemoryKB=5\n")).unit.memory_bits, 13);
  EXPECT_EQ(parse(unit("MemoryKB=262144\n")).unit.memory_bits, 28);
  EXPECT_EQ(parse(unit("MemoryKB=0\n")).unit.memory_bits, 0);
}

TEST(UnitFile, CNodeBitsZeroMeansDefault) {
  EXPECT_EQ(parse(unit("CNodeBits=0\n")).unit.cnode_bits, 10);
  EXPECT_EQ(parse(unit("CNodeBits=16\n")).unit.cnode_bits, 16);
}

TEST(UnitFile, ArchSuffixOverridesOnItsArchOnly) {
  std::string text = unit("MemoryKB.x86_64=8192\nMemoryKB=1024\nArgs.aarch64=arm\n");
  Parsed x = parse(text, init::Arch::kX86_64);
  ASSERT_TRUE(x.ok);
  EXPECT_EQ(x.unit.memory_kb, 8192u);  // suffixed wins although it comes first
  EXPECT_EQ(x.unit.argc, 0u);
  Parsed a = parse(text, init::Arch::kAarch64);
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.unit.memory_kb, 1024u);
  ASSERT_EQ(a.unit.argc, 1u);
  EXPECT_EQ(str(a.unit.arg(0)), "arm");
}

TEST(UnitFile, ArchSuffixedListsAppend) {
  Parsed p = parse(unit("[Dependencies]\nAfter=a\nAfter.x86_64=b\nAfter.aarch64=c\n"));
  ASSERT_TRUE(p.ok);
  ASSERT_EQ(p.unit.after.size(), 2u);
  EXPECT_EQ(str(p.unit.after[1].name.str()), "b");
}

TEST(UnitFile, EmptyListValueResetsTheList) {
  Parsed p = parse(unit("[Dependencies]\nAfter=a b\nAfter=\nAfter=c\n"));
  ASSERT_TRUE(p.ok);
  ASSERT_EQ(p.unit.after.size(), 1u);
  EXPECT_EQ(str(p.unit.after[0].name.str()), "c");
}

TEST(UnitFile, EraCKeysAndSectionsWarn) {
  Parsed p = parse(unit("ProvidesInterface=vfs\n[Quotas]\nTCB=64\n[Memory]\nStackReserveKiB=64\n"));
  ASSERT_TRUE(p.ok);
  ASSERT_EQ(p.warnings.size(), 3u);
  EXPECT_EQ(p.warnings[0], "t.service:4: warning: era-C key 'ProvidesInterface' ignored (era-B unit format)");
  EXPECT_EQ(p.warnings[1], "t.service:5: warning: era-C section '[Quotas]' ignored");
  EXPECT_EQ(p.warnings[2], "t.service:7: warning: era-C section '[Memory]' ignored");
}

// Every error, with its exact text.
struct ErrorCase {
  std::string text;
  std::string error;
};

class UnitFileError : public testing::TestWithParam<ErrorCase> {};

TEST_P(UnitFileError, ReportsUnitLineAndMessage) {
  Parsed p = parse(GetParam().text, init::Arch::kX86_64, "vfs.service");
  EXPECT_FALSE(p.ok);
  ASSERT_FALSE(p.errors.empty());
  EXPECT_EQ(p.errors[0], GetParam().error);
}

const std::string kHead = "[Service]\nName=vfs\nBinary=vfs.elf\n";

INSTANTIATE_TEST_SUITE_P(
    All, UnitFileError,
    testing::Values(
        ErrorCase{kHead + "Type=forking\n", "vfs.service:4: unknown Type 'forking' (use simple or notify)"},
        ErrorCase{kHead + "Restart=sometimes\n",
                  "vfs.service:4: unknown Restart 'sometimes' (use no, always or on-failure)"},
        ErrorCase{kHead + "Role=boss\n", "vfs.service:4: unknown Role 'boss' (use pager or authority)"},
        ErrorCase{kHead + "MapInitrd=maybe\n", "vfs.service:4: invalid MapInitrd 'maybe' (use yes or no)"},
        ErrorCase{kHead + "PreProcmgr=2\n", "vfs.service:4: invalid PreProcmgr '2' (use yes or no)"},
        ErrorCase{kHead + "MemoryKB=lots\n", "vfs.service:4: invalid number 'lots' for MemoryKB"},
        ErrorCase{kHead + "MemoryKB=262145\n", "vfs.service:4: MemoryKB value '262145' out of range (max 262144)"},
        ErrorCase{kHead + "MemoryKB=99999999999999999999999\n",
                  "vfs.service:4: MemoryKB value '99999999999999999999999' out of range (max 262144)"},
        ErrorCase{kHead + "CNodeBits=17\n", "vfs.service:4: CNodeBits value '17' out of range (max 16)"},
        ErrorCase{kHead + "CNodeBits=3\n", "vfs.service:4: CNodeBits 3 out of range (0 or 4..16)"},
        ErrorCase{kHead + "TimeoutStartSec=5 fortnights\n",
                  "vfs.service:4: invalid duration '5 fortnights' for TimeoutStartSec (e.g. 5s, 500ms, 1min, infinity)"},
        ErrorCase{kHead + "TimeoutSec=\n", "vfs.service:4: empty duration for TimeoutSec"},
        ErrorCase{kHead + "Args=a b c d e f g\n", "vfs.service:4: too many Args (max 6)"},
        ErrorCase{kHead + "Args=" + std::string(60, 'x') + " " + std::string(40, 'y') + "\n",
                  "vfs.service:4: Args longer than 96 bytes (NUL-packed)"},
        ErrorCase{"[Service]\nName=" + std::string(33, 'n') + "\nBinary=b\n",
                  "vfs.service:2: service name '" + std::string(33, 'n') +
                      "' in Name is longer than 32 bytes"},
        ErrorCase{"[Service]\nName=my service\nBinary=b\n",
                  "vfs.service:2: invalid character ' ' in service name 'my service'"},
        ErrorCase{"[Service]\nName=vfs\nBinary=" + std::string(49, 'b') + "\n",
                  "vfs.service:3: Binary '" + std::string(49, 'b') + "' is longer than 48 bytes"},
        ErrorCase{"[Service]\nBinary=vfs.elf\n", "vfs.service: missing Name= in [Service]"},
        ErrorCase{"[Service]\nName=vfs\n", "vfs.service: missing Binary= in [Service]"},
        ErrorCase{kHead + "this is not a key\n",
                  "vfs.service:4: malformed line 'this is not a key' (expected [Section], Key=Value or a comment)"},
        ErrorCase{kHead + "=value\n",
                  "vfs.service:4: malformed line '=value' (expected [Section], Key=Value or a comment)"},
        ErrorCase{kHead + "[Capabilities\n", "vfs.service:4: malformed section header '[Capabilities'"},
        ErrorCase{kHead + "[Install]\nWantedBy=x\n",
                  "vfs.service:4: unknown section '[Install]' (use [Service], [Dependencies] or [Capabilities])"},
        ErrorCase{"Name=vfs\n[Service]\nName=vfs\nBinary=b\n", "vfs.service:1: key 'Name' outside a section"},
        ErrorCase{kHead + "ExecStart=/bin/vfs\n", "vfs.service:4: unknown key 'ExecStart' in [Service]"},
        ErrorCase{kHead + "After=console\n",
                  "vfs.service:4: key 'After' belongs in [Dependencies], not [Service]"},
        ErrorCase{kHead + "Args.riscv64=x\n",
                  "vfs.service:4: unknown architecture suffix 'riscv64' in 'Args.riscv64' (use x86_64 or aarch64)"},
        ErrorCase{kHead + "[Dependencies]\nAfter=a b c d e f g h i\n",
                  "vfs.service:5: too many After entries (max 8)"},
        ErrorCase{kHead + "[Dependencies]\nBefore=bad/name\n",
                  "vfs.service:5: invalid character '/' in service name 'bad/name'"},
        ErrorCase{kHead + "[Capabilities]\nCopyCap=12\n", "vfs.service:5: CopyCap entry '12' is not src:dst"},
        ErrorCase{kHead + "[Capabilities]\nCopyCap=12:63\n",
                  "vfs.service:5: CopyCap slot 63 is below 64 (reserved for well-known caps)"},
        ErrorCase{kHead + "[Capabilities]\nCopyCap=4096:64\n",
                  "vfs.service:5: CopyCap value '4096' out of range (max 4095)"},
        ErrorCase{kHead + "[Capabilities]\nCopyCap=1:64 2:65 3:66 4:67 5:68 6:69 7:70\n",
                  "vfs.service:5: too many CopyCap entries (max 6)"},
        ErrorCase{kHead + "[Capabilities]\nNeedEP=nameserv\n",
                  "vfs.service:5: NeedEP entry 'nameserv' needs a slot (svc:slot[:badge])"},
        ErrorCase{kHead + "[Capabilities]\nNeedEP=nameserv:10\n",
                  "vfs.service:5: NeedEP slot 10 is below 64 (reserved for well-known caps)"},
        ErrorCase{kHead + "[Capabilities]\nNeedEP=nameserv:70:mint\n",
                  "vfs.service:5: NeedEP entry 'nameserv:70:mint': unknown flag 'mint' (only :badge)"},
        ErrorCase{kHead + "[Capabilities]\nNeedEP=nameserv:x7\n",
                  "vfs.service:5: invalid number 'x7' for NeedEP"},
        ErrorCase{kHead + "[Dependencies]\nRequires=nameserv:9\n",
                  "vfs.service:5: Requires slot 9 is below 64 (reserved for well-known caps)"},
        ErrorCase{kHead + "[Capabilities]\nInjectEP=procmgr\n",
                  "vfs.service:5: InjectEP entry 'procmgr' is not target:slot"},
        ErrorCase{kHead + "[Capabilities]\nInjectEP=a:64 b:65 c:66\n",
                  "vfs.service:5: too many InjectEP entries (max 2)"},
        ErrorCase{kHead + "[Capabilities]\nCreateEP=64\n", "vfs.service:5: CreateEP slot 64 outside [32, 63]"},
        ErrorCase{kHead + "[Capabilities]\nCreateEP=31\n", "vfs.service:5: CreateEP slot 31 outside [32, 63]"},
        ErrorCase{kHead + "CNodeBits=6\n[Capabilities]\nCopyCap=12:64\n",
                  "vfs.service:6: CopyCap slot 64 does not fit the child CNode (CNodeBits 6 = 64 slots)"},
        ErrorCase{kHead + "[Capabilities]\nCopyCap=12:70\nNeedEP=nameserv:70\n",
                  "vfs.service:6: NeedEP slot 70 already filled by CopyCap on line 5"}));

TEST(UnitFile, ReportsEveryErrorNotJustTheFirst) {
  Parsed p = parse("[Service]\nName=vfs\nType=forking\nRestart=never\n");
  ASSERT_EQ(p.errors.size(), 3u);
  EXPECT_EQ(p.errors[0], "t.service:3: unknown Type 'forking' (use simple or notify)");
  EXPECT_EQ(p.errors[1], "t.service:4: unknown Restart 'never' (use no, always or on-failure)");
  EXPECT_EQ(p.errors[2], "t.service: missing Binary= in [Service]");
}

}  // namespace
