// A tiny world with known answers: a server process named "vfs" serves two
// clients; the first CALLs VFS_POSIX_OPEN (3 words) and is served for 5 us,
// the second CALLs VFS_CLOSE (1 word) while the server is busy, so it
// queues (depth 1) and is served for 3 us after the first reply, then gets
// NOT_FOUND. The trace is checked event for event (golden) and the
// statistics number for number.
#include <gtest/gtest.h>

#include <sstream>

#include "kernel_model/kernel.h"
#include "sim/host/inspect/inspection.h"
#include "tests/trace/trace_check.h"

namespace {

using namespace kmodel;
using namespace kmodel::abi;

struct Tiny {
  sim::Scheduler sched{sim::SchedulerOptions{.seed = 3}};
  Kernel k{sched};
  std::ostringstream trace;
  sim::inspect::Inspection ins;

  explicit Tiny(sim::inspect::InspectOptions o) : ins(o, trace) {
    ins.on_kernel()(k, "m0");
    Endpoint& ep = k.new_endpoint();
    auto mi = [](Word label, Word len) { return MsgInfo::encode(label, len, 0); };
    Process srv = k.create_process(
        [this, mi] {
          k.syscall(SYS_RECV, 10);
          k.syscall(SYS_NANOSLEEP, 5000);
          k.syscall(SYS_REPLY_RECV, 10, mi(0, 2), 11, 22);
          k.syscall(SYS_NANOSLEEP, 3000);
          k.syscall(SYS_REPLY_RECV, 10, mi(NOT_FOUND, 0));
        },
        ProcessOptions{.name = "vfs#1"});
    k.install(*srv.cnode, 10, ep, RIGHTS_ALL);
    Process a = k.create_process([this, mi] { k.syscall(SYS_CALL, 10, mi(1, 3), 7, 8, 9); },
                                 ProcessOptions{.name = "hello#2"});
    k.install(*a.cnode, 10, ep, RIGHTS_ALL, 1);
    Process b = k.create_process([this, mi] { k.syscall(SYS_CALL, 10, mi(4, 1), 3); },
                                 ProcessOptions{.name = "cat#3"});
    k.install(*b.cnode, 10, ep, RIGHTS_ALL, 2);
    sched.run();
    ins.finish(sched.now());
  }
};

TEST(TinyTrace, Golden) {
  sim::inspect::InspectOptions o;
  Tiny t(o);
  const char* expected = R"([
{"ph":"M","name":"process_name","pid":1,"tid":0,"args":{"name":"m0: hello"}},
{"ph":"M","name":"process_sort_index","pid":1,"tid":0,"args":{"sort_index":1}},
{"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"hello#2"}},
{"ph":"s","cat":"ipc.flow","name":"call","pid":1,"tid":1,"ts":0.000,"id":2},
{"ph":"M","name":"process_name","pid":2,"tid":0,"args":{"name":"m0: vfs"}},
{"ph":"M","name":"process_sort_index","pid":2,"tid":0,"args":{"sort_index":2}},
{"ph":"M","name":"thread_name","pid":2,"tid":2,"args":{"name":"vfs#1"}},
{"ph":"f","cat":"ipc.flow","name":"call","pid":2,"tid":2,"ts":0.000,"bp":"e","id":2},
{"ph":"X","cat":"ipc","name":"VFS_POSIX_OPEN","pid":1,"tid":1,"ts":0.000,"dur":5.000,"args":{"seq":1,"label":1,"family":"vfs","server":"vfs#1","endpoint":ENDPOINT,"badge":1,"request_words":3,"end":"replied","status":0,"status_name":"TRONA_OK","reply_words":2}},
{"ph":"s","cat":"ipc.flow","name":"reply","pid":2,"tid":2,"ts":5.000,"id":3},
{"ph":"f","cat":"ipc.flow","name":"reply","pid":1,"tid":1,"ts":5.000,"bp":"e","id":3},
{"ph":"X","cat":"ipc.serve","name":"VFS_POSIX_OPEN","pid":2,"tid":2,"ts":0.000,"dur":5.000,"args":{"seq":1,"label":1,"caller":"hello#2","endpoint":ENDPOINT,"badge":1,"request_words":3,"deferred":false}},
{"ph":"M","name":"process_name","pid":3,"tid":0,"args":{"name":"m0: cat"}},
{"ph":"M","name":"process_sort_index","pid":3,"tid":0,"args":{"sort_index":3}},
{"ph":"M","name":"thread_name","pid":3,"tid":3,"args":{"name":"cat#3"}},
{"ph":"s","cat":"ipc.flow","name":"call","pid":3,"tid":3,"ts":0.000,"id":4},
{"ph":"f","cat":"ipc.flow","name":"call","pid":2,"tid":2,"ts":5.000,"bp":"e","id":4},
{"ph":"X","cat":"ipc","name":"VFS_CLOSE","pid":3,"tid":3,"ts":0.000,"dur":8.000,"args":{"seq":2,"label":4,"family":"vfs","server":"vfs#1","endpoint":ENDPOINT,"badge":2,"request_words":1,"end":"replied","status":6,"status_name":"TRONA_NOT_FOUND","reply_words":0}},
{"ph":"s","cat":"ipc.flow","name":"reply","pid":2,"tid":2,"ts":8.000,"id":5},
{"ph":"f","cat":"ipc.flow","name":"reply","pid":3,"tid":3,"ts":8.000,"bp":"e","id":5},
{"ph":"X","cat":"ipc.serve","name":"VFS_CLOSE","pid":2,"tid":2,"ts":5.000,"dur":3.000,"args":{"seq":2,"label":4,"caller":"cat#3","endpoint":ENDPOINT,"badge":2,"request_words":1,"deferred":false}}
]
)";
  std::string want = expected;
  std::string got = t.trace.str();
  // The endpoint's object id is the kernel's to choose; everything else is exact.
  auto at = got.find("\"endpoint\":");
  ASSERT_NE(at, std::string::npos);
  std::string ep = got.substr(at + 11, got.find(',', at) - at - 11);
  for (auto p = want.find("ENDPOINT"); p != std::string::npos; p = want.find("ENDPOINT")) want.replace(p, 8, ep);
  EXPECT_EQ(got, want);
  EXPECT_TRUE(tracecheck::problems(jmini::parse(got)).empty());
}

TEST(TinyTrace, Stats) {
  sim::inspect::InspectOptions o;
  o.stats = true;
  Tiny t(o);
  const auto& servers = t.ins.stats()->servers();
  ASSERT_EQ(servers.size(), 1u);
  const auto& vfs = servers.at("m0/vfs");
  EXPECT_EQ(vfs.max_queue, 1u);
  ASSERT_EQ(vfs.labels.size(), 2u);
  const auto& open = vfs.labels.at("VFS_POSIX_OPEN");
  EXPECT_EQ(open.calls, 1u);
  EXPECT_EQ(open.replied, 1u);
  EXPECT_EQ(open.mean(), 5000u);
  EXPECT_EQ(open.p99(), 5000u);
  EXPECT_EQ(open.bytes, (3u + 2u) * 8u);
  const auto& close = vfs.labels.at("VFS_CLOSE");
  EXPECT_EQ(close.calls, 1u);
  EXPECT_EQ(close.mean(), 3000u);
  EXPECT_EQ(close.max(), 3000u);
  EXPECT_EQ(close.bytes, 8u);
  std::ostringstream table;
  t.ins.stats()->print(table);
  EXPECT_NE(table.str().find("m0/vfs"), std::string::npos);
  EXPECT_NE(table.str().find("VFS_POSIX_OPEN"), std::string::npos);
  EXPECT_NE(table.str().find("5.000"), std::string::npos);
  EXPECT_NE(table.str().find("max queue 1"), std::string::npos);
}

TEST(Percentile, NearestRankOverAHundredCalls) {
  sim::inspect::ServerStats::Label l;
  for (sim::VDuration d = 1; d <= 200; ++d) l.service.push_back(d * 1000);
  EXPECT_EQ(l.p99(), 198'000u);
  EXPECT_EQ(l.mean(), 100'500u);
  EXPECT_EQ(l.max(), 200'000u);
}

}  // namespace
