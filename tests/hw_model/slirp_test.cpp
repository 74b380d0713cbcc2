// Real-time mode: a NIC bridged to the host through libslirp. Only host
// loopback is used: the guest (this test, through the NIC's virtqueues)
// talks UDP to 10.0.2.2, which slirp maps to 127.0.0.1.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "hw_model/host_driver/net_driver.h"
#include "hw_model/machine.h"
#include "hw_model/net/slirp_bridge.h"
#include "sim/runtime/realtime/realtime_pacer.h"

using namespace hostdrv;

namespace {
using Mac = std::array<std::uint8_t, 6>;
const Mac kBroadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

void put16(std::vector<std::uint8_t>& f, std::uint16_t v) {
  f.push_back(static_cast<std::uint8_t>(v >> 8));
  f.push_back(static_cast<std::uint8_t>(v));
}
void put_ip(std::vector<std::uint8_t>& f, const char* ip) {
  in_addr a{};
  ::inet_pton(AF_INET, ip, &a);
  const auto* b = reinterpret_cast<const std::uint8_t*>(&a);
  f.insert(f.end(), b, b + 4);
}

std::vector<std::uint8_t> arp_request(const Mac& mine, const char* my_ip, const char* target_ip) {
  std::vector<std::uint8_t> f(kBroadcast.begin(), kBroadcast.end());
  f.insert(f.end(), mine.begin(), mine.end());
  put16(f, 0x0806);
  put16(f, 1);       // Ethernet
  put16(f, 0x0800);  // IPv4
  f.push_back(6);
  f.push_back(4);
  put16(f, 1);  // request
  f.insert(f.end(), mine.begin(), mine.end());
  put_ip(f, my_ip);
  f.insert(f.end(), 6, 0);
  put_ip(f, target_ip);
  return f;
}

std::vector<std::uint8_t> udp_frame(const Mac& dst, const Mac& src, const char* sip, const char* dip, std::uint16_t sport,
                                    std::uint16_t dport, const std::string& payload) {
  std::vector<std::uint8_t> f(dst.begin(), dst.end());
  f.insert(f.end(), src.begin(), src.end());
  put16(f, 0x0800);
  const std::size_t ip = f.size();
  f.push_back(0x45);
  f.push_back(0);
  put16(f, static_cast<std::uint16_t>(20 + 8 + payload.size()));
  put16(f, 1);
  put16(f, 0);
  f.push_back(64);
  f.push_back(17);  // UDP
  put16(f, 0);      // checksum, below
  put_ip(f, sip);
  put_ip(f, dip);
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < 20; i += 2) sum += (f[ip + i] << 8) | f[ip + i + 1];
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  f[ip + 10] = static_cast<std::uint8_t>(~sum >> 8);
  f[ip + 11] = static_cast<std::uint8_t>(~sum);
  put16(f, sport);
  put16(f, dport);
  put16(f, static_cast<std::uint16_t>(8 + payload.size()));
  put16(f, 0);  // no UDP checksum
  f.insert(f.end(), payload.begin(), payload.end());
  return f;
}

struct SlirpRig {
  sim::VirtualClock clock;
  sim::RealtimePacer pacer;
  std::unique_ptr<hw::Machine> m;
  std::unique_ptr<DmaArena> arena;
  std::unique_ptr<NetDriver> drv;
  std::unique_ptr<hw::SlirpBridge> bridge;

  SlirpRig() {
    hw::MachineConfig cfg;
    hw::NicConfig nic;
    nic.costs = hw::NetCosts::zero();
    cfg.nics.push_back(nic);
    m = std::make_unique<hw::Machine>(clock, sim::SeedSource(1), cfg);
    bridge = std::make_unique<hw::SlirpBridge>(clock, pacer, m->nic(0), hw::SlirpOptions{});
    m->nic(0).attach(bridge.get());
    arena = std::make_unique<DmaArena>(*m);
    drv = std::make_unique<NetDriver>(*arena, *find_pci(*m, 0x1AF4, 0x1000), VirtioMode::Legacy);
    drv->post_rx(16);
  }
  // Runs the Asio loop (which polls slirp) until a frame with `ethertype`
  // reaches the guest or `limit` of wall time passed.
  std::optional<std::vector<std::uint8_t>> receive(std::uint16_t ethertype,
                                                   std::chrono::milliseconds limit = std::chrono::milliseconds(3000)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      while (auto f = drv->receive())
        if (f->size() > 14 && ((*f)[12] << 8 | (*f)[13]) == ethertype) return f;
      pacer.io().run_for(std::chrono::milliseconds(5));
    }
    return std::nullopt;
  }
};
}  // namespace

TEST(Slirp, ArpAndUdpToAHostProgramOnLoopbackAndBack) {
  SlirpRig rig;
  const Mac guest = rig.drv->mac();
  rig.drv->send(arp_request(guest, "10.0.2.15", "10.0.2.2"));
  auto arp = rig.receive(0x0806);
  ASSERT_TRUE(arp) << "no ARP reply from slirp";
  EXPECT_EQ((*arp)[21], 2);  // reply
  const Mac gateway{(*arp)[22], (*arp)[23], (*arp)[24], (*arp)[25], (*arp)[26], (*arp)[27]};

  // A host program on 127.0.0.1.
  const int s = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t alen = sizeof addr;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &alen);
  timeval tv{0, 10000};
  ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

  rig.drv->send(udp_frame(gateway, guest, "10.0.2.15", "10.0.2.2", 5555, ntohs(addr.sin_port), "ping"));
  char buf[64] = {};
  sockaddr_in from{};
  socklen_t flen = sizeof from;
  ssize_t n = -1;
  for (int i = 0; i < 300 && n < 0; ++i) {
    rig.pacer.io().run_for(std::chrono::milliseconds(5));
    n = ::recvfrom(s, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &flen);
  }
  ASSERT_EQ(n, 4);
  EXPECT_EQ(std::string(buf, 4), "ping");

  ASSERT_EQ(::sendto(s, "pong!", 5, 0, reinterpret_cast<sockaddr*>(&from), flen), 5);
  auto reply = rig.receive(0x0800);
  ::close(s);
  ASSERT_TRUE(reply) << "no UDP reply reached the guest";
  ASSERT_GE(reply->size(), 14u + 20 + 8 + 5);
  EXPECT_EQ((*reply)[14 + 9], 17);
  EXPECT_EQ(std::string(reply->begin() + 42, reply->begin() + 47), "pong!");
  EXPECT_EQ(((*reply)[36] << 8) | (*reply)[37], 5555);  // to the guest's port
  EXPECT_GE(rig.bridge->counters().to_guest, 2u);
  EXPECT_GE(rig.bridge->counters().to_host, 2u);
}

// The other direction: a host program reaches a server inside the
// simulated machine through a port forward, and gets its answer.
TEST(Slirp, PortForwardLetsAHostProgramReachAServerInsideAndBack) {
  SlirpRig rig;
  const Mac guest = rig.drv->mac();
  // Let slirp learn the guest's MAC (as a guest's first ARP does).
  rig.drv->send(arp_request(guest, "10.0.2.15", "10.0.2.2"));
  ASSERT_TRUE(rig.receive(0x0806)) << "no ARP reply from slirp";

  // A free loopback UDP port for the forward.
  const int probe = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in any{};
  any.sin_family = AF_INET;
  any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(probe, reinterpret_cast<sockaddr*>(&any), sizeof any), 0);
  socklen_t alen = sizeof any;
  ::getsockname(probe, reinterpret_cast<sockaddr*>(&any), &alen);
  const std::uint16_t port = ntohs(any.sin_port);
  ::close(probe);
  rig.bridge->add_forward(hw::PortForward{.udp = true, .host_addr = "127.0.0.1", .host_port = port,
                                          .guest_addr = "10.0.2.15", .guest_port = 7});

  const int s = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(s, 0);
  timeval tv{0, 10000};
  ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(port);
  ASSERT_EQ(::sendto(s, "knock", 5, 0, reinterpret_cast<sockaddr*>(&to), sizeof to), 5);

  auto in = rig.receive(0x0800);
  ASSERT_TRUE(in) << "the forwarded datagram never reached the guest";
  ASSERT_GE(in->size(), 14u + 20 + 8 + 5);
  ASSERT_EQ((*in)[14 + 9], 17);
  EXPECT_EQ(((*in)[36] << 8) | (*in)[37], 7);  // to the server's port
  EXPECT_EQ(std::string(in->begin() + 42, in->begin() + 47), "knock");

  // The server answers to whoever asked (slirp's side of the connection).
  const Mac peer{(*in)[6], (*in)[7], (*in)[8], (*in)[9], (*in)[10], (*in)[11]};
  char peer_ip[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, in->data() + 26, peer_ip, sizeof peer_ip);
  const std::uint16_t peer_port = static_cast<std::uint16_t>(((*in)[34] << 8) | (*in)[35]);
  rig.drv->send(udp_frame(peer, guest, "10.0.2.15", peer_ip, 7, peer_port, "who's there"));

  char buf[64] = {};
  ssize_t n = -1;
  for (int i = 0; i < 300 && n < 0; ++i) {
    rig.pacer.io().run_for(std::chrono::milliseconds(5));
    n = ::recv(s, buf, sizeof buf, 0);
  }
  ::close(s);
  ASSERT_EQ(n, 11) << "the server's answer never reached the host program";
  EXPECT_EQ(std::string(buf, 11), "who's there");
}
