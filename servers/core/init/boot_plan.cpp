// init/boot_plan.cpp — dependency graph, deterministic topological order,
// PreProcmgr split, pager check, capability steps.
//
// Order: Kahn's algorithm in two phases (first the services init spawns
// itself, then those spawned through procmgr); among ready services the
// smallest name goes first, so the order does not depend on the order of
// the unit files in the initrd.
#include "core/init/boot_plan.h"

namespace init {

using lib::Str;

namespace {

constexpr uint16_t kNone = 0xFFFF;

// "a before b", declared on `line` of units[origin] by `key`.
struct Edge {
  uint16_t from = 0;
  uint16_t to = 0;
  uint16_t origin = 0;
  uint32_t line = 0;
  const char* key = "";
  const char* name = "";  // the service the key named
};

struct Graph {
  const Unit* units;
  size_t count;
  lib::Diagnostics* diag;
  lib::FixedVector<Edge, kMaxServices * 2 * kMaxOrdering> edges;

  Str file(size_t i) const { return units[i].file.str(); }

  int index_of(Str name) const {
    for (size_t i = 0; i < count; ++i)
      if (units[i].name.str() == name) return static_cast<int>(i);
    return -1;
  }

  // Index of a referenced service, or kNone after reporting it missing.
  uint16_t resolve(size_t unit, uint32_t line, const char* key, Str name) {
    int i = index_of(name);
    if (i >= 0) return static_cast<uint16_t>(i);
    diag->error(file(unit), line).put(key).put(" names unknown service '").put(name).put("' (no unit has Name=")
        .put(name).put(")");
    return kNone;
  }

  void add_edge(uint16_t from, uint16_t to, size_t origin, const NameRef& ref, const char* key) {
    if (from == kNone || to == kNone) return;
    Edge e;
    e.from = from;
    e.to = to;
    e.origin = static_cast<uint16_t>(origin);
    e.line = ref.line;
    e.key = key;
    e.name = ref.name.c_str();
    edges.push_back(e);
  }

  void build() {
    for (size_t i = 0; i < count; ++i) {
      const Unit& u = units[i];
      auto self = static_cast<uint16_t>(i);
      for (const NameRef& r : u.after) add_edge(resolve(i, r.line, "After", r.name.str()), self, i, r, "After");
      for (const NameRef& r : u.before) add_edge(self, resolve(i, r.line, "Before", r.name.str()), i, r, "Before");
      for (const NameRef& r : u.requires_) resolve(i, r.line, "Requires", r.name.str());
      for (const NeedEp& n : u.need_ep) resolve(i, n.line, "NeedEP", n.service.str());
      for (const InjectEp& n : u.inject_ep) resolve(i, n.line, "InjectEP", n.target.str());
    }
  }
};

bool spawned_by_init(const Unit& u) { return u.pre_procmgr || u.name.str() == Str(kProcmgrName); }

bool check_names(const Unit* units, size_t count, lib::Diagnostics* diag) {
  bool ok = true;
  if (count > kMaxServices) {
    diag->error(kBootOrigin, 0).put("too many services: ").dec(count).put(" (max ").dec(kMaxServices).put(")");
    return false;
  }
  for (size_t i = 0; i < count; ++i)
    for (size_t j = 0; j < i; ++j)
      if (units[i].name.str() == units[j].name.str()) {
        diag->error(units[i].file.str(), units[i].name_line).put("duplicate service name '")
            .put(units[i].name.str()).put("' (also ").put(units[j].file.str()).put(':').dec(units[j].name_line)
            .put(")");
        ok = false;
      }
  return ok;
}

bool check_pager(const Unit* units, size_t count, lib::Diagnostics* diag) {
  int first = -1;
  bool ok = true;
  for (size_t i = 0; i < count; ++i) {
    if (units[i].role != Role::kPager) continue;
    if (first < 0) {
      first = static_cast<int>(i);
      continue;
    }
    const Unit& f = units[first];
    diag->error(units[i].file.str(), units[i].role_line).put("second Role=pager service '").put(units[i].name.str())
        .put("' (first: '").put(f.name.str()).put("' at ").put(f.file.str()).put(':').dec(f.role_line)
        .put("); exactly one service must have Role=pager");
    ok = false;
  }
  if (first < 0) {
    diag->error(kBootOrigin, 0).put("no service has Role=pager; exactly one service must have Role=pager");
    ok = false;
  }
  return ok;
}

class Sorter {
 public:
  Sorter(const Graph& g, BootPlan* plan) : g_(g), plan_(plan) {}

  bool run() {
    if (!phase(true)) return false;
    plan_->pre_procmgr_count = plan_->services.size();
    return phase(false);
  }

 private:
  size_t pending_preds(size_t v) const {
    size_t n = 0;
    for (const Edge& e : g_.edges)
      if (e.to == v && !done_[e.from]) ++n;
    return n;
  }

  bool phase(bool init_group) {
    for (;;) {
      int best = -1;
      for (size_t v = 0; v < g_.count; ++v) {
        if (done_[v] || spawned_by_init(g_.units[v]) != init_group || pending_preds(v) != 0) continue;
        if (best < 0 || g_.units[v].name.str().compare(g_.units[best].name.str()) < 0) best = static_cast<int>(v);
      }
      if (best < 0) break;
      done_[best] = true;
      PlannedService* s = plan_->services.emplace();
      s->unit = &g_.units[best];
      order_[best] = static_cast<uint16_t>(plan_->services.size() - 1);
    }
    for (size_t v = 0; v < g_.count; ++v)
      if (!done_[v] && spawned_by_init(g_.units[v]) == init_group) return report_stuck(v, init_group);
    return true;
  }

  // A pending edge into v; in the init phase one from a service spawned
  // through procmgr first (that is the error to report).
  size_t pending_edge_into(size_t v, bool init_group) const {
    size_t any = g_.edges.size();
    for (size_t k = 0; k < g_.edges.size(); ++k) {
      const Edge& e = g_.edges[k];
      if (e.to != v || done_[e.from]) continue;
      if (init_group && !spawned_by_init(g_.units[e.from])) return k;
      if (any == g_.edges.size()) any = k;
    }
    return any;  // exists: v is not ready
  }

  // `start` cannot be placed: it waits (transitively) for a service
  // spawned through procmgr, or it is on a cycle. Walk back along pending
  // predecessors until a service repeats.
  bool report_stuck(size_t start, bool init_group) {
    uint16_t via[kMaxServices];  // via[v] = the pending edge taken into v
    bool seen[kMaxServices] = {};
    size_t v = start;
    while (!seen[v]) {
      seen[v] = true;
      size_t k = pending_edge_into(v, init_group);
      via[v] = static_cast<uint16_t>(k);
      const Edge& e = g_.edges[k];
      if (init_group && !spawned_by_init(g_.units[e.from])) {
        g_.diag->error(g_.file(e.origin), e.line).put("PreProcmgr service '").put(g_.units[e.to].name.str())
            .put("' is ordered after '").put(g_.units[e.from].name.str())
            .put("', which is spawned through procmgr (").put(e.key).put('=').put(e.name).put(")");
        return false;
      }
      v = e.from;
    }
    // v is on the cycle; collect it forwards (pred -> ... -> v).
    uint16_t cycle[kMaxServices + 1];
    size_t n = 0;
    size_t w = v;
    do {
      cycle[n++] = via[w];
      w = g_.edges[via[w]].from;
    } while (w != v);
    const Edge& first = g_.edges[cycle[n - 1]];
    lib::Formatter f = g_.diag->error(g_.file(first.origin), first.line);
    f.put("dependency cycle: ");
    for (size_t i = n; i > 0; --i) f.put(g_.units[g_.edges[cycle[i - 1]].from].name.str()).put(" -> ");
    f.put(g_.units[v].name.str()).put(" (");
    for (size_t i = n; i > 0; --i) {
      const Edge& e = g_.edges[cycle[i - 1]];
      f.put(i == n ? "" : ", ").put(g_.file(e.origin)).put(':').dec(e.line).put(' ').put(e.key).put('=').put(e.name);
    }
    f.put(")");
    return false;
  }

  const Graph& g_;
  BootPlan* plan_;
  bool done_[kMaxServices] = {};

 public:
  uint16_t order_[kMaxServices] = {};  // unit index -> boot order index
};

class StepPlanner {
 public:
  StepPlanner(const Unit* units, size_t count, const uint16_t* order, BootPlan* plan, lib::Diagnostics* diag)
      : units_(units), count_(count), order_(order), plan_(plan), diag_(diag) {}

  bool run() {
    for (size_t c = 0; c < plan_->services.size(); ++c) {
      const Unit& u = *plan_->services[c].unit;
      for (const CreateEp& e : u.create_ep) add(CapStepKind::kCreateEp, c, kNone, 0, e.slot, false, e.line);
      for (const CopyCap& e : u.copy_caps) add(CapStepKind::kCopyCap, c, kNone, e.src, e.dst, false, e.line);
      for (const NeedEp& e : u.need_ep) {
        uint16_t p = by_name(e.service.str());
        add(CapStepKind::kNeedEp, c, p, plan_->services[p].endpoint_slot, e.slot, e.badged, e.line);
      }
      for (size_t p = 0; p < plan_->services.size(); ++p)
        for (const InjectEp& e : plan_->services[p].unit->inject_ep)
          if (e.target.str() == u.name.str()) inject(c, p, e);
    }
    return ok_;
  }

 private:
  uint16_t by_name(Str name) const {
    for (size_t i = 0; i < count_; ++i)
      if (units_[i].name.str() == name) return order_[i];
    return 0;  // unreachable: names were resolved before
  }

  void add(CapStepKind kind, size_t child, uint16_t provider, uint64_t src, uint64_t dst, bool badged, uint32_t line) {
    CapStep* s = plan_->cap_steps.emplace();
    if (!s) {
      if (ok_) diag_->error(kBootOrigin, 0).put("too many capability steps (max ").dec(kMaxCapSteps).put(")");
      ok_ = false;
      return;
    }
    s->kind = kind;
    s->child = static_cast<uint16_t>(child);
    s->provider = provider;
    s->src = static_cast<uint32_t>(src);
    s->dst = static_cast<uint32_t>(dst);
    s->badged = badged;
    s->line = line;
  }

  // InjectEP from provider p into child c: the slot must fit c's CNode and
  // not collide with a slot c fills itself.
  void inject(size_t c, size_t p, const InjectEp& e) {
    const Unit& target = *plan_->services[c].unit;
    const Unit& from = *plan_->services[p].unit;
    if (e.slot >= (uint64_t{1} << target.cnode_bits)) {
      diag_->error(from.file.str(), e.line).put("InjectEP slot ").dec(e.slot).put(" does not fit the CNode of '")
          .put(target.name.str()).put("' (CNodeBits ").dec(target.cnode_bits).put(")");
      ok_ = false;
      return;
    }
    for (const CapStep& s : plan_->cap_steps)
      if (s.child == c && s.dst == e.slot) {
        const Unit& owner = s.kind == CapStepKind::kInjectEp ? *plan_->services[s.provider].unit : target;
        diag_->error(from.file.str(), e.line).put("InjectEP slot ").dec(e.slot).put(" of '").put(target.name.str())
            .put("' is already filled (").put(owner.file.str()).put(':').dec(s.line).put(")");
        ok_ = false;
        return;
      }
    add(CapStepKind::kInjectEp, c, static_cast<uint16_t>(p), plan_->services[p].endpoint_slot, e.slot, false, e.line);
  }

  const Unit* units_;
  size_t count_;
  const uint16_t* order_;
  BootPlan* plan_;
  lib::Diagnostics* diag_;
  bool ok_ = true;
};

}  // namespace

int BootPlan::find(Str name) const {
  for (size_t i = 0; i < services.size(); ++i)
    if (services[i].unit->name.str() == name) return static_cast<int>(i);
  return -1;
}

bool make_boot_plan(const Unit* units, size_t count, BootPlan* plan, lib::Diagnostics* diag) {
  *plan = BootPlan();
  size_t errors_before = diag->errors();
  if (!check_names(units, count, diag)) return false;
  bool pager_ok = check_pager(units, count, diag);
  Graph g{units, count, diag, {}};
  g.build();
  if (diag->errors() != errors_before) return false;
  Sorter sorter(g, plan);
  if (!sorter.run() || !pager_ok) return false;

  size_t pre = 0;
  for (size_t i = 0; i < plan->services.size(); ++i) {
    PlannedService& s = plan->services[i];
    s.endpoint_slot = kServiceEndpointBase + i;
    s.pre_procmgr = i < plan->pre_procmgr_count;
    if (s.pre_procmgr) {
      s.window_base = kChildWindowBase + kChildWindowSize * pre;
      s.badge = kChildBadgeBase + pre;
      ++pre;
    }
    if (s.unit->role == Role::kPager) plan->pager = i;
  }
  if (pre > kMaxPreProcmgr) {
    diag->error(kBootOrigin, 0).put("too many services spawned by init: ").dec(pre).put(" (max ").dec(kMaxPreProcmgr)
        .put(")");
    return false;
  }
  StepPlanner steps(units, count, sorter.order_, plan, diag);
  return steps.run();
}

}  // namespace init
