#include "hw_model/net/slirp_bridge.h"

#include <arpa/inet.h>
#include <poll.h>
#include <slirp/libslirp.h>

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <stdexcept>

#include "sim/runtime/log/log.h"
#include "sim/runtime/realtime/realtime_pacer.h"

namespace hw {

namespace {
in_addr parse_ip(const std::string& s) {
  in_addr a{};
  if (::inet_pton(AF_INET, s.c_str(), &a) != 1) throw std::invalid_argument("slirp: bad IPv4 address " + s);
  return a;
}
}  // namespace

struct SlirpBridge::Impl {
  struct Timer {
    SlirpTimerCb cb;
    void* cb_opaque;
    std::unique_ptr<EventSet> events;
  };

  Impl(SlirpBridge& o, sim::VirtualClock& c, sim::RealtimePacer& p, FrameSink& n)
      : owner(o), clock(c), pacer(p), nic(n), tick(p.io()) {}

  SlirpBridge& owner;
  sim::VirtualClock& clock;
  sim::RealtimePacer& pacer;
  FrameSink& nic;
  boost::asio::steady_timer tick;
  std::chrono::microseconds interval{1000};
  Slirp* slirp = nullptr;
  std::vector<pollfd> fds;
  SlirpCb callbacks{};

  void schedule_tick() {
    tick.expires_after(interval);
    tick.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      owner.poll();
      schedule_tick();
    });
  }
};

SlirpBridge::SlirpBridge(sim::VirtualClock& clock, sim::RealtimePacer& pacer, FrameSink& nic, const SlirpOptions& opts)
    : impl_(std::make_unique<Impl>(*this, clock, pacer, nic)) {
  SlirpConfig cfg{};
  cfg.version = 1;
  cfg.restricted = opts.restricted;
  cfg.in_enabled = true;
  cfg.vnetwork = parse_ip(opts.network);
  cfg.vnetmask = parse_ip(opts.netmask);
  cfg.vhost = parse_ip(opts.host);
  cfg.vdhcp_start = parse_ip(opts.dhcp_start);
  cfg.vnameserver = parse_ip(opts.dns);
  cfg.vhostname = "saltysim";

  auto& cb = impl_->callbacks;
  cb.send_packet = [](const void* buf, std::size_t len, void* opaque) -> ssize_t {
    auto* self = static_cast<SlirpBridge*>(opaque);
    ++self->counters_.to_guest;
    self->impl_->nic.deliver_frame(std::span(static_cast<const std::uint8_t*>(buf), len));
    return static_cast<ssize_t>(len);
  };
  cb.guest_error = [](const char* msg, void*) { sim::log::get("slirp")->warn("guest error: {}", msg); };
  cb.clock_get_ns = [](void* opaque) -> int64_t {
    return static_cast<int64_t>(static_cast<SlirpBridge*>(opaque)->impl_->clock.now());
  };
  cb.timer_new = [](SlirpTimerCb tcb, void* cb_opaque, void* opaque) -> void* {
    auto* self = static_cast<SlirpBridge*>(opaque);
    return new Impl::Timer{tcb, cb_opaque, std::make_unique<EventSet>(self->impl_->clock)};
  };
  cb.timer_free = [](void* t, void*) { delete static_cast<Impl::Timer*>(t); };
  cb.timer_mod = [](void* t, int64_t expire_ms, void*) {
    auto* timer = static_cast<Impl::Timer*>(t);
    timer->events->cancel_all();
    timer->events->at(static_cast<sim::VTime>(expire_ms) * sim::kMs, [timer] { timer->cb(timer->cb_opaque); });
  };
  cb.register_poll_fd = [](int, void*) {};
  cb.unregister_poll_fd = [](int, void*) {};
  cb.notify = [](void*) {};

  impl_->slirp = slirp_new(&cfg, &cb, this);
  if (!impl_->slirp) throw std::runtime_error("slirp: slirp_new failed");
  for (const auto& f : opts.forwards) add_forward(f);
  impl_->interval = std::chrono::microseconds(opts.poll_interval_us ? opts.poll_interval_us : 1000);
  pacer.add_host_source();
  impl_->schedule_tick();
}

SlirpBridge::~SlirpBridge() {
  impl_->tick.cancel();
  impl_->pacer.remove_host_source();
  slirp_cleanup(impl_->slirp);
}

void SlirpBridge::add_forward(const PortForward& f) {
  if (slirp_add_hostfwd(impl_->slirp, f.udp, parse_ip(f.host_addr), f.host_port, parse_ip(f.guest_addr), f.guest_port) < 0)
    throw std::runtime_error("slirp: cannot forward " + f.host_addr + ":" + std::to_string(f.host_port));
}

void SlirpBridge::transmit_frame(std::span<const std::uint8_t> frame) {
  ++counters_.to_host;
  slirp_input(impl_->slirp, frame.data(), static_cast<int>(frame.size()));
}

void SlirpBridge::poll() {
  ++counters_.polls;
  auto& fds = impl_->fds;
  fds.clear();
  std::uint32_t timeout = 0;
  slirp_pollfds_fill(
      impl_->slirp, &timeout,
      [](int fd, int events, void* opaque) -> int {
        auto& v = *static_cast<std::vector<pollfd>*>(opaque);
        short ev = 0;
        if (events & SLIRP_POLL_IN) ev |= POLLIN;
        if (events & SLIRP_POLL_OUT) ev |= POLLOUT;
        if (events & SLIRP_POLL_PRI) ev |= POLLPRI;
        v.push_back(pollfd{fd, ev, 0});
        return static_cast<int>(v.size() - 1);
      },
      &fds);
  const int rc = fds.empty() ? 0 : ::poll(fds.data(), fds.size(), 0);
  slirp_pollfds_poll(
      impl_->slirp, rc < 0,
      [](int idx, void* opaque) -> int {
        const auto& v = *static_cast<std::vector<pollfd>*>(opaque);
        const short re = v[static_cast<std::size_t>(idx)].revents;
        int out = 0;
        if (re & POLLIN) out |= SLIRP_POLL_IN;
        if (re & POLLOUT) out |= SLIRP_POLL_OUT;
        if (re & POLLPRI) out |= SLIRP_POLL_PRI;
        if (re & POLLERR) out |= SLIRP_POLL_ERR;
        if (re & POLLHUP) out |= SLIRP_POLL_HUP;
        return out;
      },
      &fds);
}

}  // namespace hw
