// The capability-flow recorder on a world with known answers: process a
// holds a cap to endpoint X (with GRANT); at t=1us it CALLs b (label 1 on
// endpoint EB) passing X; at t=2us b CALLs c (label 2 on EC) passing its
// copy; at t=3us b revokes its copy, which deletes c's. Reach sets,
// derivation paths, held sets and diffs are checked exactly as built, on
// the live record and on the record saved and loaded again.
#include <gtest/gtest.h>

#include <sstream>

#include "kernel_model/kernel.h"
#include "sim/host/cli/caps_command.h"
#include "sim/host/inspect/caps_query.h"
#include "sim/host/inspect/inspection.h"

namespace {

using namespace kmodel;
using namespace kmodel::abi;
namespace ic = sim::inspect::caps;

constexpr sim::VTime kUs = 1000;

struct Grants {
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 5}};
  Kernel k{sched};
  sim::inspect::Inspection ins{options()};
  Endpoint* x = nullptr;
  Endpoint* eb = nullptr;
  Endpoint* ec = nullptr;
  sim::RunResult result{};

  static sim::inspect::InspectOptions options() {
    sim::inspect::InspectOptions o;
    o.caps = true;
    o.command = "test grants";
    return o;
  }
  IpcBuffer& buf() { return *k.ipc_buffer(); }
  static Word mi(Word label, Word len, Word caps = 0) { return MsgInfo::encode(label, len, caps); }

  Grants() {
    ins.on_kernel()(k, "m0");
    x = &k.new_endpoint();
    eb = &k.new_endpoint();
    ec = &k.new_endpoint();
    Process a = k.create_process(
        [this] {
          k.syscall(SYS_NANOSLEEP, 1000);
          buf().caps[0] = 20;
          k.syscall(SYS_CALL, 10, mi(1, 0, 1));
        },
        ProcessOptions{.name = "a#1"});
    k.install(*a.cnode, 10, *eb, RIGHTS_ALL);
    k.install(*a.cnode, 20, *x, RIGHTS_ALL);
    Process b = k.create_process(
        [this] {
          buf().receive_cnode = SLOT_CNODE;
          buf().receive_index = 60;
          k.syscall(SYS_RECV, 10);
          k.syscall(SYS_INVOKE, SLOT_CNODE, CNODE_SAVE_CALLER, 30);  // answer a through a reply cap
          k.syscall(SYS_SEND, 30, mi(0, 0));
          k.syscall(SYS_NANOSLEEP, 1000);
          buf().caps[0] = 60;
          k.syscall(SYS_CALL, 11, mi(2, 0, 1));
          k.syscall(SYS_NANOSLEEP, 1000);
          k.syscall(SYS_INVOKE, SLOT_CNODE, CNODE_REVOKE, 60);
        },
        ProcessOptions{.name = "b#2"});
    k.install(*b.cnode, 10, *eb, RIGHTS_ALL);
    k.install(*b.cnode, 11, *ec, RIGHTS_ALL);
    Process c = k.create_process(
        [this] {
          buf().receive_cnode = SLOT_CNODE;
          buf().receive_index = 60;
          k.syscall(SYS_RECV, 10);
          k.syscall(SYS_REPLY_RECV, 10, mi(0, 0));
        },
        ProcessOptions{.name = "c#3"});
    k.install(*c.cnode, 10, *ec, RIGHTS_ALL);
    result = sched.run();
    ins.finish(sched.now());
  }
  const ic::Record& rec() const { return *ins.caps_record(); }
};

int pid(const ic::Record& r, const char* name) {
  auto p = ic::find_processes(r, name);
  return p.size() == 1 ? p[0] : 0;
}

// The cap of object `obj` `pid` held in `slot` at `t` (0: none).
int cap_in(const ic::Record& r, const char* process, Word slot, sim::VTime t) {
  for (int id : ic::held(r, pid(r, process), t))
    if (r.cap(id)->slot == slot) return id;
  return 0;
}

std::string reach_text(const ic::Record& r, ic::EndpointRef ep, sim::VTime t) {
  std::ostringstream os;
  ic::print_reach(os, r, ep, t, ic::reach(r, ep, t), ic::Format::Text);
  return os.str();
}

void check_record(const ic::Record& r, Word x, Word eb, Word ec) {
  ASSERT_TRUE(pid(r, "a") && pid(r, "b") && pid(r, "c"));
  const int a_x = cap_in(r, "a", 20, 0);
  const int b_x = cap_in(r, "b", 60, 2 * kUs + 500);
  const int c_x = cap_in(r, "c", 60, 2 * kUs + 500);
  ASSERT_TRUE(a_x && b_x && c_x);
  EXPECT_EQ(r.cap(a_x)->obj, x);
  EXPECT_EQ(r.cap(c_x)->obj, x);

  // Derivation: a's cap (made by the host) -> b's (transfer on a's call)
  // -> c's (transfer on b's call), revoked at 3us by b's revoke of its cap.
  EXPECT_EQ(ic::derivation_path(r, c_x), (std::vector<int>{a_x, b_x, c_x}));
  const ic::CapRec& bc = *r.cap(b_x);
  EXPECT_EQ(bc.how, ic::How::Transfer);
  EXPECT_EQ(bc.t_made, 1 * kUs);
  ASSERT_NE(bc.ipc, 0);
  const ic::IpcRec& i1 = r.ipcs[static_cast<std::size_t>(bc.ipc - 1)];
  EXPECT_EQ(i1.kind, "call");
  EXPECT_EQ(i1.endpoint, eb);
  EXPECT_EQ(i1.label, 1u);
  EXPECT_EQ(r.thread_label(i1.from_tid), "a#1");
  EXPECT_EQ(r.thread_label(i1.to_tid), "b#2");
  const ic::CapRec& cc = *r.cap(c_x);
  EXPECT_EQ(cc.how, ic::How::Transfer);
  EXPECT_EQ(cc.t_made, 2 * kUs);
  const ic::IpcRec& i2 = r.ipcs[static_cast<std::size_t>(cc.ipc - 1)];
  EXPECT_EQ(i2.endpoint, ec);
  EXPECT_EQ(i2.label, 2u);
  EXPECT_EQ(r.thread_label(i2.from_tid), "b#2");
  EXPECT_EQ(r.thread_label(i2.to_tid), "c#3");
  EXPECT_EQ(cc.end, ic::End::Revoke);
  EXPECT_EQ(cc.t_end, 3 * kUs);
  EXPECT_EQ(cc.revoke_root, b_x);
  EXPECT_EQ(r.thread_label(cc.end_actor), "b#2");
  EXPECT_EQ(r.cap(b_x)->end, ic::End::Live);  // a revoke keeps the revoked cap itself
  EXPECT_EQ(r.ipcs.size(), 2u);               // only the two calls carried caps

  // Reach X before the revoke: all three hold it.
  const ic::EndpointRef ex{0, x};
  auto before = ic::reach(r, ex, 2 * kUs + 500);
  ASSERT_EQ(before.size(), 3u);
  for (auto& e : before) EXPECT_TRUE(e.direct());
  EXPECT_EQ(before[0].cap, a_x);
  EXPECT_EQ(before[1].cap, b_x);
  EXPECT_EQ(before[2].cap, c_x);
  // After: a and b directly; c only through b's grant (b holds X with GRANT
  // and can call EC, which c serves).
  auto after = ic::reach(r, ex, r.end);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_TRUE(after[0].direct());
  EXPECT_EQ(after[0].pid, pid(r, "a"));
  EXPECT_TRUE(after[1].direct());
  EXPECT_EQ(after[1].pid, pid(r, "b"));
  EXPECT_EQ(after[2].pid, pid(r, "c"));
  ASSERT_EQ(after[2].chain.size(), 1u);
  EXPECT_EQ(after[2].chain[0].from, pid(r, "b"));
  EXPECT_EQ(after[2].chain[0].to, pid(r, "c"));
  EXPECT_EQ(after[2].chain[0].endpoint, ec);
  EXPECT_FALSE(after[2].chain[0].reply);
  // Before a's call nobody but a could reach X: b and c only by grants.
  auto start = ic::reach(r, ex, 0);
  ASSERT_EQ(start.size(), 3u);
  EXPECT_TRUE(start[0].direct());
  EXPECT_EQ(start[1].chain.size(), 1u);  // a -> b
  EXPECT_EQ(start[2].chain.size(), 2u);  // a -> b -> c
  EXPECT_EQ(start[2].chain[1].endpoint, ec);

  // Held and diffs.
  auto c_mid = ic::held(r, pid(r, "c"), 2 * kUs + 500);
  auto c_end = ic::held(r, pid(r, "c"), r.end);
  EXPECT_EQ(c_mid.size(), c_end.size() + 1);
  auto d = ic::diff(r, pid(r, "c"), 2 * kUs + 500, r.end);
  EXPECT_EQ(d.gained, std::vector<int>{});
  EXPECT_EQ(d.lost, std::vector<int>{c_x});
  auto g = ic::diff(r, pid(r, "c"), 0, 2 * kUs + 500);
  EXPECT_EQ(g.gained, std::vector<int>{c_x});
  EXPECT_EQ(g.lost, std::vector<int>{});
  auto bd = ic::diff(r, pid(r, "b"), 0, r.end);
  EXPECT_EQ(bd.gained, std::vector<int>{b_x});
  EXPECT_TRUE(bd.lost.empty());
}

TEST(CapsFlow, GrantChainRevokedAtB) {
  Grants w;
  EXPECT_EQ(w.result, sim::RunResult::Idle);
  check_record(w.rec(), w.x->id(), w.eb->id(), w.ec->id());
}

TEST(CapsFlow, SavedRecordLoadsAndAnswersTheSame) {
  Grants w;
  std::ostringstream saved;
  w.rec().save(saved);
  std::istringstream in(saved.str());
  ic::Record back = ic::Record::load(in);
  EXPECT_EQ(back.command, "test grants");
  check_record(back, w.x->id(), w.eb->id(), w.ec->id());
  std::ostringstream again;
  back.save(again);
  EXPECT_EQ(again.str(), saved.str());
  const ic::EndpointRef ex{0, w.x->id()};
  EXPECT_EQ(reach_text(back, ex, back.end), reach_text(w.rec(), ex, w.rec().end));
}

TEST(CapsFlow, QueryCommandText) {
  Grants w;
  const std::string x = "ep:" + std::to_string(w.x->id());
  std::ostringstream out, err;
  ASSERT_EQ(sim::caps_query(w.rec(), sim::split_words("reach " + x), out, err), 0) << err.str();
  EXPECT_NE(out.str().find("direct  a: cap"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("grants  c: b sends to c on endpoint m0#" + std::to_string(w.ec->id())), std::string::npos)
      << out.str();

  std::ostringstream o2, e2;
  ASSERT_EQ(sim::caps_query(w.rec(), sim::split_words("origin --process c --slot 60 --at 2500ns"), o2, e2), 0)
      << e2.str();
  const std::string path = o2.str();
  EXPECT_NE(path.find("transfer at t=   0.000001000 by a#1, carried by call b:1 from a#1 to b#2"), std::string::npos)
      << path;
  EXPECT_NE(path.find("carried by call c:2 from b#2 to c#3"), std::string::npos) << path;
  EXPECT_NE(path.find("revoke at t=   0.000003000 by b#2"), std::string::npos) << path;

  std::ostringstream o3, e3;
  ASSERT_EQ(sim::caps_query(w.rec(), sim::split_words("diff c --from 2500ns --to end"), o3, e3), 0) << e3.str();
  EXPECT_NE(o3.str().find("0 gained, 1 lost"), std::string::npos) << o3.str();
  EXPECT_NE(o3.str().find("  - cap"), std::string::npos);

  std::ostringstream o4, e4;
  ASSERT_EQ(sim::caps_query(w.rec(), sim::split_words("reach " + x + " --format dot"), o4, e4), 0);
  EXPECT_EQ(o4.str().rfind("digraph reach {", 0), 0u);
  EXPECT_NE(o4.str().find("style=dashed"), std::string::npos);
  EXPECT_EQ(o4.str().back(), '\n');

  std::ostringstream o5, e5;
  EXPECT_EQ(sim::caps_query(w.rec(), sim::split_words("held nobody"), o5, e5), 2);
  EXPECT_NE(e5.str().find("no process 'nobody'"), std::string::npos);
}

}  // namespace
