// init/unit_file.cpp — parser of the era-B `.service` unit format.
//
// Two passes over the text: pass 0 applies keys without an arch suffix and
// reports every structural problem; pass 1 applies the keys suffixed with
// the target arch, so `Key.x86_64=` overrides `Key=` wherever it appears.
#include "core/init/unit_file.h"

#include "lib/parse.h"
#include "uapi/kernel_abi.h"
#include "lib/split.h"

namespace init {

using lib::Str;

namespace {

enum class Section : uint8_t { kAny, kService, kDependencies, kCapabilities, kEraC, kUnknown, kNone };

const char* section_name(Section s) {
  switch (s) {
    case Section::kService: return "[Service]";
    case Section::kDependencies: return "[Dependencies]";
    case Section::kCapabilities: return "[Capabilities]";
    default: return "no section";
  }
}

struct Ctx {
  Unit* u;
  lib::Diagnostics* diag;
  Str file;
  uint32_t line = 0;
  Str key;  // as written, for messages

  lib::Formatter err() { return diag->error(file, line); }
  lib::Formatter warn() { return diag->warning(file, line); }
};

// --- value helpers (each reports its own error) ---------------------------

bool number(Ctx& c, Str v, uint64_t max, uint64_t* out) {
  switch (lib::parse_u64_max(v, max, out)) {
    case lib::ParseError::kOk: return true;
    case lib::ParseError::kOverflow:
      c.err().put(c.key).put(" value '").put(v).put("' out of range (max ").dec(max).put(")");
      return false;
    default:
      c.err().put("invalid number '").put(v).put("' for ").put(c.key);
      return false;
  }
}

bool slot_at_least(Ctx& c, Str v, uint64_t min, uint64_t* out) {
  if (!number(c, v, 0xFFFF'FFFF, out)) return false;
  if (*out >= min) return true;
  c.err().put(c.key).put(" slot ").dec(*out).put(" is below ").dec(min).put(" (reserved for well-known caps)");
  return false;
}

bool is_name_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
         ch == '-' || ch == '.';
}

bool service_name(Ctx& c, Str v, ServiceName* out) {
  if (v.empty()) {
    c.err().put("empty service name in ").put(c.key);
    return false;
  }
  if (v.size > kMaxNameLen) {
    c.err().put("service name '").put(v).put("' in ").put(c.key).put(" is longer than ").dec(kMaxNameLen).put(" bytes");
    return false;
  }
  for (char ch : v)
    if (!is_name_char(ch)) {
      c.err().put("invalid character '").put(ch).put("' in service name '").put(v).put("'");
      return false;
    }
  out->assign(v);
  return true;
}

struct Choice {
  const char* word;
  uint8_t value;
};

template <size_t N>
bool choose(Ctx& c, Str v, const Choice (&choices)[N], uint8_t* out) {
  for (const Choice& ch : choices)
    if (v.equals_nocase(ch.word)) return *out = ch.value, true;
  lib::Formatter f = c.err();
  f.put("unknown ").put(c.key).put(" '").put(v).put("' (use ");
  for (size_t i = 0; i < N; ++i) f.put(i == 0 ? "" : (i + 1 == N ? " or " : ", ")).put(choices[i].word);
  f.put(")");
  return false;
}

bool boolean(Ctx& c, Str v, bool* out) {
  if (lib::parse_bool(v, out)) return true;
  c.err().put("invalid ").put(c.key).put(" '").put(v).put("' (use yes or no)");
  return false;
}

template <typename T, size_t N>
T* add_entry(Ctx& c, lib::FixedVector<T, N>* list) {
  T* e = list->emplace();
  if (!e) c.err().put("too many ").put(c.key).put(" entries (max ").dec(N).put(")");
  else e->line = c.line;
  return e;
}

// Duration: "<n><unit>" terms separated by spaces (systemd style: us, ms,
// s, m/min, h; no unit = s) or "infinity" (init's default).
bool duration_us(Ctx& c, Str v, uint64_t* out) {
  if (v.equals_nocase("infinity")) return *out = kTimeoutAuto, true;
  struct Unit_ {
    const char* suffix;
    uint64_t us;
  };
  static constexpr Unit_ kUnits[] = {{"us", 1},        {"usec", 1},         {"ms", 1000},      {"msec", 1000},
                                     {"s", 1000000},   {"sec", 1000000},    {"m", 60000000},   {"min", 60000000},
                                     {"h", 3600000000}, {"hr", 3600000000}, {"", 1000000}};
  uint64_t total = 0;
  lib::Words w(v);
  bool any = false;
  for (Str term; w.next(&term);) {
    size_t n = 0;
    while (n < term.size && term[n] >= '0' && term[n] <= '9') ++n;
    uint64_t num = 0;
    const Unit_* unit = nullptr;
    for (const Unit_& u : kUnits)
      if (term.tail_from(n).equals_nocase(u.suffix)) unit = &u;
    if (n == 0 || !unit || lib::parse_u64(term.head(n), &num) != lib::ParseError::kOk ||
        num > (~uint64_t{0} - total) / unit->us) {
      c.err().put("invalid duration '").put(v).put("' for ").put(c.key).put(" (e.g. 5s, 500ms, 1min, infinity)");
      return false;
    }
    total += num * unit->us;
    any = true;
  }
  if (!any) {
    c.err().put("empty duration for ").put(c.key);
    return false;
  }
  *out = total;
  return true;
}

// --- keys ----------------------------------------------------------------

void key_name(Ctx& c, Str v) {
  if (service_name(c, v, &c.u->name)) c.u->name_line = c.line;
}

void key_binary(Ctx& c, Str v) {
  if (v.empty()) c.err().put("empty Binary");
  else if (!c.u->binary.assign(v))
    c.err().put("Binary '").put(v).put("' is longer than ").dec(kMaxBinaryLen).put(" bytes");
}

void key_type(Ctx& c, Str v) {
  static constexpr Choice kChoices[] = {{"simple", uint8_t(ServiceType::kSimple)},
                                        {"notify", uint8_t(ServiceType::kNotify)}};
  uint8_t x;
  if (choose(c, v, kChoices, &x)) c.u->type = ServiceType(x);
}

void key_restart(Ctx& c, Str v) {
  static constexpr Choice kChoices[] = {{"no", uint8_t(RestartPolicy::kNo)},
                                        {"always", uint8_t(RestartPolicy::kAlways)},
                                        {"on-failure", uint8_t(RestartPolicy::kOnFailure)}};
  uint8_t x;
  if (choose(c, v, kChoices, &x)) c.u->restart = RestartPolicy(x);
}

void key_role(Ctx& c, Str v) {
  static constexpr Choice kChoices[] = {{"pager", uint8_t(Role::kPager)}, {"authority", uint8_t(Role::kAuthority)}};
  uint8_t x;
  if (choose(c, v, kChoices, &x)) {
    c.u->role = Role(x);
    c.u->role_line = c.line;
  }
}

void key_memory_kb(Ctx& c, Str v) {
  constexpr uint64_t kMaxKb = (uint64_t{1} << kMaxMemoryBits) / 1024;
  uint64_t kb;
  if (!number(c, v, kMaxKb, &kb)) return;
  c.u->memory_kb = kb;
  c.u->memory_bits = 0;
  if (kb == 0) return;
  unsigned bits = kMinMemoryBits;
  while ((uint64_t{1} << bits) < kb * 1024) ++bits;
  c.u->memory_bits = static_cast<uint8_t>(bits);
}

void key_timeout(Ctx& c, Str v) { duration_us(c, v, &c.u->timeout_us); }

void key_cnode_bits(Ctx& c, Str v) {
  uint64_t bits;
  if (!number(c, v, kMaxCNodeBits, &bits)) return;
  if (bits == 0) bits = kDefaultCNodeBits;
  if (bits < kMinCNodeBits) {
    c.err().put("CNodeBits ").dec(bits).put(" out of range (0 or ").dec(kMinCNodeBits).put("..").dec(kMaxCNodeBits).put(")");
    return;
  }
  c.u->cnode_bits = static_cast<uint8_t>(bits);
}

void key_map_initrd(Ctx& c, Str v) { boolean(c, v, &c.u->map_initrd); }
void key_pre_procmgr(Ctx& c, Str v) { boolean(c, v, &c.u->pre_procmgr); }

void key_args(Ctx& c, Str v) {
  Unit& u = *c.u;
  u.argc = u.args_len = 0;
  lib::Words w(v);
  for (Str a; w.next(&a);) {
    if (u.argc == kMaxArgs) {
      c.err().put("too many Args (max ").dec(kMaxArgs).put(")");
      return;
    }
    if (u.args_len + a.size + 1 > kMaxArgsBytes) {
      c.err().put("Args longer than ").dec(kMaxArgsBytes).put(" bytes (NUL-packed)");
      return;
    }
    for (char ch : a) u.args[u.args_len++] = ch;
    u.args[u.args_len++] = '\0';
    ++u.argc;
  }
}

void name_list(Ctx& c, Str v, lib::FixedVector<NameRef, kMaxOrdering>* list) {
  if (v.empty()) return list->clear();  // systemd: an empty value resets the list
  lib::Words w(v, /*comma=*/true);
  for (Str n; w.next(&n);) {
    ServiceName name;
    if (!service_name(c, n, &name)) continue;
    NameRef* e = add_entry(c, list);
    if (!e) return;
    e->name = name;
  }
}

void key_after(Ctx& c, Str v) { name_list(c, v, &c.u->after); }
void key_before(Ctx& c, Str v) { name_list(c, v, &c.u->before); }

// svc:slot[:badge]
void need_ep_entry(Ctx& c, Str entry) {
  Str svc, rest, slot, flag;
  lib::split_at(entry, ':', &svc, &rest);
  bool has_flag = lib::split_at(rest, ':', &slot, &flag);
  ServiceName name;
  uint64_t s;
  if (!service_name(c, svc, &name)) return;
  if (slot.empty()) {
    c.err().put(c.key).put(" entry '").put(entry).put("' needs a slot (svc:slot[:badge])");
    return;
  }
  if (!slot_at_least(c, slot, uapi::SLOT_INJECTED_BASE, &s)) return;
  if (has_flag && !flag.equals_nocase("badge")) {
    c.err().put(c.key).put(" entry '").put(entry).put("': unknown flag '").put(flag).put("' (only :badge)");
    return;
  }
  NeedEp* e = add_entry(c, &c.u->need_ep);
  if (!e) return;
  e->service = name;
  e->slot = s;
  e->badged = has_flag;
}

void key_need_ep(Ctx& c, Str v) {
  lib::Words w(v, true);
  for (Str e; w.next(&e);) need_ep_entry(c, e);
}

// Requires: a bare name (the service must exist) or NeedEP syntax (alias).
void key_requires(Ctx& c, Str v) {
  lib::Words w(v, true);
  for (Str e; w.next(&e);) {
    if (e.find(':') != Str::npos) {
      need_ep_entry(c, e);
      continue;
    }
    ServiceName name;
    if (!service_name(c, e, &name)) continue;
    NameRef* r = add_entry(c, &c.u->requires_);
    if (!r) return;
    r->name = name;
  }
}

void key_copy_cap(Ctx& c, Str v) {
  lib::Words w(v, true);
  for (Str e; w.next(&e);) {
    Str src, dst;
    if (!lib::split_at(e, ':', &src, &dst)) {
      c.err().put("CopyCap entry '").put(e).put("' is not src:dst");
      continue;
    }
    uint64_t s, d;
    if (!number(c, src, kInitCNodeSlots - 1, &s) || !slot_at_least(c, dst, uapi::SLOT_INJECTED_BASE, &d)) continue;
    CopyCap* cc = add_entry(c, &c.u->copy_caps);
    if (!cc) return;
    cc->src = s;
    cc->dst = d;
  }
}

void key_inject_ep(Ctx& c, Str v) {
  lib::Words w(v, true);
  for (Str e; w.next(&e);) {
    Str target, slot;
    ServiceName name;
    uint64_t s;
    if (!lib::split_at(e, ':', &target, &slot)) {
      c.err().put("InjectEP entry '").put(e).put("' is not target:slot");
      continue;
    }
    if (!service_name(c, target, &name) || !slot_at_least(c, slot, uapi::SLOT_INJECTED_BASE, &s)) continue;
    InjectEp* ie = add_entry(c, &c.u->inject_ep);
    if (!ie) return;
    ie->target = name;
    ie->slot = s;
  }
}

void key_create_ep(Ctx& c, Str v) {
  lib::Words w(v, true);
  for (Str e; w.next(&e);) {
    uint64_t s;
    if (!number(c, e, 0xFFFF'FFFF, &s)) continue;
    if (s < uapi::SLOT_BOOTSTRAP_PRIVATE_BASE || s >= uapi::SLOT_INJECTED_BASE) {
      c.err().put("CreateEP slot ").dec(s).put(" outside [").dec(uapi::SLOT_BOOTSTRAP_PRIVATE_BASE).put(", ")
          .dec(uapi::SLOT_INJECTED_BASE - 1).put("]");
      continue;
    }
    CreateEp* ce = add_entry(c, &c.u->create_ep);
    if (!ce) return;
    ce->slot = s;
  }
}

void key_era_c(Ctx& c, Str) { c.warn().put("era-C key '").put(c.key).put("' ignored (era-B unit format)"); }

struct KeyDef {
  const char* name;
  Section section;
  void (*apply)(Ctx&, Str);
};

constexpr KeyDef kKeys[] = {
    {"Name", Section::kService, key_name},
    {"Binary", Section::kService, key_binary},
    {"Type", Section::kService, key_type},
    {"Restart", Section::kService, key_restart},
    {"MemoryKB", Section::kService, key_memory_kb},
    {"TimeoutStartSec", Section::kService, key_timeout},
    {"TimeoutSec", Section::kService, key_timeout},
    {"CNodeBits", Section::kService, key_cnode_bits},
    {"MapInitrd", Section::kService, key_map_initrd},
    {"PreProcmgr", Section::kService, key_pre_procmgr},
    {"Args", Section::kService, key_args},
    {"Role", Section::kService, key_role},
    {"After", Section::kDependencies, key_after},
    {"Before", Section::kDependencies, key_before},
    {"Requires", Section::kDependencies, key_requires},
    {"CopyCap", Section::kCapabilities, key_copy_cap},
    {"NeedEP", Section::kCapabilities, key_need_ep},
    {"InjectEP", Section::kCapabilities, key_inject_ep},
    {"CreateEP", Section::kCapabilities, key_create_ep},
    {"RequiresInterface", Section::kAny, key_era_c},
    {"ProvidesInterface", Section::kAny, key_era_c},
    {"InterfaceRole", Section::kAny, key_era_c},
    {"InterfaceFlags", Section::kAny, key_era_c},
};

const KeyDef* find_key(Str name) {
  for (const KeyDef& k : kKeys)
    if (name.equals_nocase(k.name)) return &k;
  return nullptr;
}

Section parse_section(Str name) {
  if (name.equals_nocase("Service")) return Section::kService;
  if (name.equals_nocase("Dependencies")) return Section::kDependencies;
  if (name.equals_nocase("Capabilities")) return Section::kCapabilities;
  if (name.equals_nocase("Memory") || name.equals_nocase("Quotas")) return Section::kEraC;
  return Section::kUnknown;
}

// Splits "Key.arch" into key and arch suffix (empty if none).
void split_arch(Str key, Str* base, Str* suffix) {
  size_t dot = key.rfind('.');
  *base = dot == Str::npos ? key : key.head(dot);
  *suffix = dot == Str::npos ? Str() : key.tail_from(dot + 1);
}

bool known_arch(Str s, Arch* out) {
  if (s.equals_nocase("x86_64")) return *out = Arch::kX86_64, true;
  if (s.equals_nocase("aarch64")) return *out = Arch::kAarch64, true;
  return false;
}

void run_pass(Ctx& c, Str text, Arch arch, int pass) {
  Section section = Section::kNone;
  lib::Lines lines(text);
  for (Str raw; lines.next(&raw);) {
    c.line = static_cast<uint32_t>(lines.number());
    bool report = pass == 0;
    Str l = raw.trim();
    if (l.empty() || l[0] == '#' || l[0] == ';') continue;
    if (l[0] == '[') {
      if (l[l.size - 1] != ']') {
        if (report) c.err().put("malformed section header '").put(l).put("'");
        section = Section::kUnknown;
        continue;
      }
      Str name = l.sub(1, l.size - 2).trim();
      section = parse_section(name);
      if (report && section == Section::kUnknown)
        c.err().put("unknown section '[").put(name).put("]' (use [Service], [Dependencies] or [Capabilities])");
      if (report && section == Section::kEraC) c.warn().put("era-C section '[").put(name).put("]' ignored");
      continue;
    }
    Str key, value;
    if (!lib::split_at(l, '=', &key, &value) || key.trim().empty()) {
      if (report) c.err().put("malformed line '").put(l).put("' (expected [Section], Key=Value or a comment)");
      continue;
    }
    key = key.trim();
    value = value.trim();
    if (section == Section::kUnknown || section == Section::kEraC) continue;
    Str base, suffix;
    split_arch(key, &base, &suffix);
    Arch key_arch = arch;
    if (!suffix.empty() && !known_arch(suffix, &key_arch)) {
      if (report)
        c.err().put("unknown architecture suffix '").put(suffix).put("' in '").put(key).put("' (use x86_64 or aarch64)");
      continue;
    }
    const KeyDef* def = find_key(base);
    c.key = base;
    if (report) {
      if (section == Section::kNone) {
        c.err().put("key '").put(key).put("' outside a section");
        continue;
      }
      if (!def) {
        c.err().put("unknown key '").put(key).put("' in ").put(section_name(section));
        continue;
      }
      if (def->section != Section::kAny && def->section != section) {
        c.err().put("key '").put(base).put("' belongs in ").put(section_name(def->section)).put(", not ")
            .put(section_name(section));
        continue;
      }
    }
    if (!def || section == Section::kNone || (def->section != Section::kAny && def->section != section)) continue;
    bool applies = pass == 0 ? suffix.empty() : (!suffix.empty() && key_arch == arch);
    if (applies) def->apply(c, value);
  }
}

// Child-side slots must fit the child's CNode and be used once.
void check_child_slots(Ctx& c) {
  Unit& u = *c.u;
  struct Use {
    uint64_t slot;
    uint32_t line;
    const char* key;
  };
  lib::FixedVector<Use, kMaxCopyCaps + kMaxNeedEps + kMaxCreateEps> uses;
  for (const CopyCap& e : u.copy_caps) uses.push_back({e.dst, e.line, "CopyCap"});
  for (const NeedEp& e : u.need_ep) uses.push_back({e.slot, e.line, "NeedEP"});
  for (const CreateEp& e : u.create_ep) uses.push_back({e.slot, e.line, "CreateEP"});
  uint64_t slots = uint64_t{1} << u.cnode_bits;
  for (size_t i = 0; i < uses.size(); ++i) {
    c.line = uses[i].line;
    if (uses[i].slot >= slots) {
      c.err().put(uses[i].key).put(" slot ").dec(uses[i].slot).put(" does not fit the child CNode (CNodeBits ")
          .dec(u.cnode_bits).put(" = ").dec(slots).put(" slots)");
      continue;
    }
    for (size_t j = 0; j < i; ++j)
      if (uses[j].slot == uses[i].slot) {
        c.err().put(uses[i].key).put(" slot ").dec(uses[i].slot).put(" already filled by ").put(uses[j].key)
            .put(" on line ").dec(uses[j].line);
        break;
      }
  }
}

}  // namespace

Str Unit::arg(size_t i) const {
  size_t pos = 0;
  for (size_t k = 0; k < argc; ++k) {
    size_t len = lib::c_strlen(args + pos);
    if (k == i) return Str(args + pos, len);
    pos += len + 1;
  }
  return Str();
}

bool parse_unit(Str file_name, Str text, Arch arch, Unit* out, lib::Diagnostics* diag) {
  *out = Unit();
  out->file.assign(file_name.head(kMaxFileNameLen));
  size_t errors_before = diag->errors();
  Ctx c{out, diag, out->file.str(), 0, Str()};
  run_pass(c, text, arch, 0);
  run_pass(c, text, arch, 1);
  c.line = 0;
  if (out->name.empty()) c.err().put("missing Name= in [Service]");
  if (out->binary.empty()) c.err().put("missing Binary= in [Service]");
  check_child_slots(c);
  return diag->errors() == errors_before;
}

}  // namespace init
