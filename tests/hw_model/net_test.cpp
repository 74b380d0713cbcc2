// virtio-net NICs of several machines exchanging frames through the
// virtual switch, driven through registers and virtqueues; link faults.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/hw_model/net_fixture.h"

using namespace hwtest;

TEST(Net, TwoMachinesExchangeFramesThroughTheSwitch) {
  NetRig rig(2);
  ASSERT_TRUE(rig.drv(0).link_up());
  EXPECT_EQ(rig.drv(0).mac(), rig.nodes[0]->machine->nic(0).mac());
  EXPECT_NE(rig.drv(0).mac(), rig.drv(1).mac());

  const auto ping = eth_frame(rig.drv(1).mac(), rig.drv(0).mac(), 1);
  rig.drv(0).send(ping);
  rig.settle();
  auto got = rig.drv(1).receive_all();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], ping);
  // tx 1 us + hop 5 us + 78 bytes * 8 ns + rx 1 us.
  ASSERT_EQ(ping.size(), 78u);
  EXPECT_EQ(rig.clock.now(), 1000u + 5000u + 78u * 8u + 1000u);
  ASSERT_FALSE(rig.nodes[1]->irqs.empty());
  EXPECT_EQ(rig.nodes[1]->irqs.back(), rig.nodes[1]->machine->pci().at({1, 0})->interrupt_line());

  const auto pong = eth_frame(rig.drv(0).mac(), rig.drv(1).mac(), 2, 1000);
  rig.drv(1).send(pong);
  rig.settle();
  got = rig.drv(0).receive_all();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], pong);
  EXPECT_TRUE(rig.drv(1).receive_all().empty());
  EXPECT_EQ(rig.sw.totals().frames_out, 2u);
  EXPECT_EQ(rig.nodes[0]->machine->nic(0).counters().tx_frames, 1u);
  EXPECT_EQ(rig.nodes[0]->machine->nic(0).counters().rx_frames, 1u);
}

TEST(Net, BroadcastFloodsAndLearnedUnicastDoesNot) {
  NetRig rig(3);
  const std::array<std::uint8_t, 6> bcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  rig.drv(0).send(eth_frame(bcast, rig.drv(0).mac(), 1));
  rig.settle();
  EXPECT_EQ(rig.drv(1).receive_all().size(), 1u);
  EXPECT_EQ(rig.drv(2).receive_all().size(), 1u);
  EXPECT_TRUE(rig.drv(0).receive_all().empty());
  // m2 is unknown yet: flooded. m0 is learned: only m0 gets the reply.
  rig.drv(1).send(eth_frame(rig.drv(0).mac(), rig.drv(1).mac(), 2));
  rig.settle();
  EXPECT_EQ(rig.drv(0).receive_all().size(), 1u);
  EXPECT_TRUE(rig.drv(2).receive_all().empty());
}

TEST(Net, DropAndPartitionCountersMove) {
  NetRig rig(2);
  const auto f = eth_frame(rig.drv(1).mac(), rig.drv(0).mac(), 1);

  rig.sw.faults(rig.port(0)).drop = 1.0;
  for (int i = 0; i < 5; ++i) rig.drv(0).send(f);
  rig.settle();
  EXPECT_TRUE(rig.drv(1).receive_all().empty());
  EXPECT_EQ(rig.sw.counters(rig.port(0)).dropped, 5u);
  EXPECT_EQ(rig.sw.fault_log().count("drop"), 5u);

  rig.sw.faults(rig.port(0)).drop = 0;
  rig.sw.partition({rig.port(0)}, {rig.port(1)});
  rig.drv(0).send(f);
  rig.drv(1).send(eth_frame(rig.drv(0).mac(), rig.drv(1).mac(), 2));
  rig.settle();
  EXPECT_TRUE(rig.drv(1).receive_all().empty());
  EXPECT_TRUE(rig.drv(0).receive_all().empty());
  EXPECT_EQ(rig.sw.counters(rig.port(0)).partition_drops, 1u);
  EXPECT_EQ(rig.sw.counters(rig.port(1)).partition_drops, 1u);

  rig.sw.heal();
  rig.drv(0).send(f);
  rig.settle();
  EXPECT_EQ(rig.drv(1).receive_all().size(), 1u);
  EXPECT_EQ(rig.sw.totals().partition_drops, 2u);
}

TEST(Net, DuplicateCorruptReorderAndDelay) {
  NetRig rig(2);
  auto& faults = rig.sw.faults(rig.port(0));
  const auto a = eth_frame(rig.drv(1).mac(), rig.drv(0).mac(), 1);
  const auto b = eth_frame(rig.drv(1).mac(), rig.drv(0).mac(), 2);
  rig.drv(0).send(a);  // teach the switch m0's address
  rig.drv(1).send(eth_frame(rig.drv(0).mac(), rig.drv(1).mac(), 9));
  rig.settle();
  rig.drv(1).receive_all();
  rig.drv(0).receive_all();

  faults.duplicate = 1.0;
  rig.drv(0).send(a);
  rig.settle();
  EXPECT_EQ(rig.drv(1).receive_all(), (std::vector<std::vector<std::uint8_t>>{a, a}));
  faults.duplicate = 0;

  faults.reorder = 1.0;
  rig.drv(0).send(a);
  rig.drv(0).send(b);
  rig.settle();
  EXPECT_EQ(rig.drv(1).receive_all(), (std::vector<std::vector<std::uint8_t>>{b, a}));
  faults.reorder = 0;

  faults.corrupt = 1.0;
  auto payload_only = eth_frame(rig.drv(1).mac(), rig.drv(0).mac(), 3, 1400);
  rig.drv(0).send(payload_only);
  rig.settle();
  auto got = rig.drv(1).receive_all();
  faults.corrupt = 0;
  if (got.size() == 1) {  // a flipped destination bit may misroute the frame
    int bits = 0;
    for (std::size_t i = 0; i < got[0].size(); ++i) bits += __builtin_popcount(got[0][i] ^ payload_only[i]);
    EXPECT_EQ(bits, 1);
  }
  EXPECT_EQ(rig.sw.counters(rig.port(0)).corrupted, 1u);

  faults.delay_probability = 1.0;
  faults.delay = hw::LatencyDist::fixed(5 * sim::kMs);
  const sim::VTime t0 = rig.clock.now();
  rig.drv(0).send(a);
  rig.settle();
  EXPECT_EQ(rig.drv(1).receive_all().size(), 1u);
  EXPECT_GE(rig.clock.now() - t0, 5 * sim::kMs);
  const auto& c = rig.sw.counters(rig.port(0));
  EXPECT_EQ(c.duplicated, 1u);
  EXPECT_EQ(c.reordered, 1u);
  EXPECT_EQ(c.delayed, 1u);
}

TEST(Net, FramesWaitForReceiveBuffersAndLinkStatusFollowsTheCable) {
  NetRig rig(2);
  // Use all of m1's receive buffers, then send more: they wait in the backlog.
  for (std::uint16_t i = 0; i < 40; ++i) rig.drv(0).send(eth_frame(rig.drv(1).mac(), rig.drv(0).mac(), i));
  rig.settle();
  EXPECT_EQ(rig.nodes[1]->machine->nic(0).counters().rx_frames, 32u);
  auto first = rig.drv(1).receive_all();  // reposts buffers as it goes
  rig.settle();
  auto rest = rig.drv(1).receive_all();
  EXPECT_EQ(first.size() + rest.size(), 40u);
  for (std::size_t i = 0; i < rest.size(); ++i) EXPECT_EQ(rest[i][15], static_cast<std::uint8_t>(first.size() + i));

  hw::unplug(rig.sw, rig.port(1), rig.nodes[1]->machine->nic(0));
  EXPECT_FALSE(rig.drv(1).link_up());
  EXPECT_EQ(rig.drv(1).virtio().read_isr() & 2, 2);  // config change
}

TEST(Net, PcapFileParsesWithTshark) {
  if (std::system("command -v tshark >/dev/null 2>&1") != 0) GTEST_SKIP() << "tshark is not installed (tools/setup.sh installs it)";
  const auto path = std::filesystem::temp_directory_path() / ("hw_net_test_" + std::to_string(::getpid()) + ".pcap");
  NetRig rig(2);
  rig.sw.set_pcap(std::make_shared<hw::PcapWriter>(path.string()));
  for (std::uint16_t i = 0; i < 3; ++i) {
    rig.drv(0).send(eth_frame(rig.drv(1).mac(), rig.drv(0).mac(), i, 100 + i));
    rig.drv(1).send(eth_frame(rig.drv(0).mac(), rig.drv(1).mac(), i, 200));
    rig.settle();
  }
  rig.sw.set_pcap(nullptr);  // closes the file

  const std::string cmd = "tshark -r " + path.string() + " -T fields -e eth.src -e eth.dst -e frame.len 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  ASSERT_EQ(::pclose(p), 0) << out;
  std::filesystem::remove(path);

  std::istringstream lines(out);
  std::string src, dst;
  unsigned len = 0, n = 0;
  const std::string m0 = hw::to_string(rig.drv(0).mac()), m1 = hw::to_string(rig.drv(1).mac());
  while (lines >> src >> dst >> len) {
    const bool from0 = n % 2 == 0;
    EXPECT_EQ(src, from0 ? m0 : m1) << out;
    EXPECT_EQ(dst, from0 ? m1 : m0) << out;
    EXPECT_EQ(len, from0 ? 14u + 100 + n / 2 : 14u + 200) << out;
    ++n;
  }
  EXPECT_EQ(n, 6u) << out;
}
