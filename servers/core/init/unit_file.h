// init/unit_file.h — the era-B `.service` unit format (kernel-abi.md §1.4)
// and its parser. See init/README.md for the accepted syntax and the
// choices where §1.4 is silent.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/diagnostics.h"
#include "lib/fixed_string.h"
#include "lib/fixed_vector.h"
#include "lib/span.h"

namespace init {

enum class Arch : uint8_t { kX86_64, kAarch64 };
enum class ServiceType : uint8_t { kSimple, kNotify };
enum class RestartPolicy : uint8_t { kNo, kAlways, kOnFailure };
enum class Role : uint8_t { kNone, kPager, kAuthority };

// Limits of §1.4.
inline constexpr size_t kMaxNameLen = 32;
inline constexpr size_t kMaxBinaryLen = 48;
inline constexpr size_t kMaxFileNameLen = 64;
inline constexpr size_t kMaxArgs = 6;
inline constexpr size_t kMaxArgsBytes = 96;  // NUL-packed
inline constexpr size_t kMaxOrdering = 8;    // After / Before / bare Requires, each
inline constexpr size_t kMaxCopyCaps = 6;
inline constexpr size_t kMaxNeedEps = 8;     // NeedEP + Requires=svc:slot
inline constexpr size_t kMaxInjectEps = 2;
inline constexpr size_t kMaxCreateEps = 4;
// MemoryKB -> untyped size bits, and the CNode size range (§2.5).
inline constexpr unsigned kMinMemoryBits = 12;
inline constexpr unsigned kMaxMemoryBits = 28;
inline constexpr unsigned kDefaultCNodeBits = 10;
inline constexpr unsigned kMinCNodeBits = 4;
inline constexpr unsigned kMaxCNodeBits = 16;
// Init's own CNode has 12 bits (§1.3): CopyCap sources are below 4096.
inline constexpr uint64_t kInitCNodeSlots = 4096;

using ServiceName = lib::FixedString<kMaxNameLen>;

// A service named in After/Before/Requires, with the line that named it.
struct NameRef {
  ServiceName name;
  uint32_t line = 0;
};
// CopyCap=src:dst — copy init's slot src into the child's slot dst.
struct CopyCap {
  uint64_t src = 0;
  uint64_t dst = 0;
  uint32_t line = 0;
};
// NeedEP=svc:slot[:badge] (and Requires=svc:slot[:badge]) — svc's endpoint
// in the child's slot, minted with the child's badge if `badged`.
struct NeedEp {
  ServiceName service;
  uint64_t slot = 0;
  bool badged = false;
  uint32_t line = 0;
};
// InjectEP=target:slot — this service's endpoint into target's slot.
struct InjectEp {
  ServiceName target;
  uint64_t slot = 0;
  uint32_t line = 0;
};
// CreateEP=slot — a private bootstrap endpoint in [32, 63].
struct CreateEp {
  uint64_t slot = 0;
  uint32_t line = 0;
};

// Readiness timeout meaning "init's default (10 s + bonuses)".
inline constexpr uint64_t kTimeoutAuto = 0;

struct Unit {
  lib::FixedString<kMaxFileNameLen> file;  // e.g. "vfs.service", for messages
  ServiceName name;
  uint32_t name_line = 0;
  lib::FixedString<kMaxBinaryLen> binary;
  ServiceType type = ServiceType::kSimple;
  RestartPolicy restart = RestartPolicy::kNo;
  uint64_t memory_kb = 0;     // 0 = default budget
  uint8_t memory_bits = 0;    // log2 of the budget in bytes, 0 = default
  uint64_t timeout_us = kTimeoutAuto;
  uint8_t cnode_bits = kDefaultCNodeBits;
  bool map_initrd = false;
  bool pre_procmgr = false;
  // Args: NUL-packed argv strings (each followed by a NUL).
  char args[kMaxArgsBytes] = {};
  size_t args_len = 0;
  size_t argc = 0;
  Role role = Role::kNone;
  uint32_t role_line = 0;

  lib::FixedVector<NameRef, kMaxOrdering> after;
  lib::FixedVector<NameRef, kMaxOrdering> before;
  lib::FixedVector<NameRef, kMaxOrdering> requires_;  // bare Requires=svc
  lib::FixedVector<NeedEp, kMaxNeedEps> need_ep;
  lib::FixedVector<CopyCap, kMaxCopyCaps> copy_caps;
  lib::FixedVector<InjectEp, kMaxInjectEps> inject_ep;
  lib::FixedVector<CreateEp, kMaxCreateEps> create_ep;

  // The i-th argument of Args (i < argc).
  lib::Str arg(size_t i) const;
};

// Parses one unit file. `file_name` names it in messages ("vfs.service");
// keys with an arch suffix apply only when it is `arch`. Appends every
// problem to `diag` ("vfs.service:7: unknown Type 'forking' (use simple or
// notify)"); returns true if no error was found in this unit.
bool parse_unit(lib::Str file_name, lib::Str text, Arch arch, Unit* out, lib::Diagnostics* diag);

}  // namespace init
