// trona/core/serve.h — the receive/dispatch/reply loop of a server on the trona
// interface: decodes each message from the IPC buffer into a lib::Request,
// calls the handler, carries out Reply::keep_cap_at, and replies with
// reply_recv. Not part of the host logic library (it makes system calls);
// programs compile it into their target build and the simulator library
// (saltysim_servers_sim). Details of the cap probe, receive slots and
// reply retries: servers/uapi/README.md ("Server loop").
#pragma once

#include <stdint.h>

#include "lib/message.h"

namespace lib {

using Handler = void (*)(void* ctx, const Request& request, Reply* reply);

struct ServeConfig {
  uint64_t endpoint = 0;    // the service endpoint (a slot of the own CSpace)
  uint64_t recv_slot = 0;   // where transferred caps land: recv_slot .. recv_slot + 3 (kMaxExtraCaps)
  uint64_t probe_slot = 0;  // a free slot outside that range: a cap that arrived is moved here
};

// Optional timed events of a server (procmgr's itimers): before every
// blocking receive the loop asks for the next deadline (absolute
// CLOCK_MONOTONIC ns, kNoDeadline = none), runs on_deadline(ctx, now) for
// one that is due and asks again, and otherwise waits at most until it
// (RECV_ANY_TIMED / REPLY_RECV_ANY_TIMED on the one endpoint; a timeout is
// just another turn of the loop). Without a timer the loop makes exactly
// the calls it always made (RECV / REPLY_RECV).
inline constexpr uint64_t kNoDeadline = ~uint64_t{0};
//
// on_notification: the server's thread has a bound notification (a
// driver's interrupts): the loop then always receives with RECV_ANY /
// REPLY_RECV_ANY (the _TIMED ones when a deadline is set) on the one
// endpoint, and when the notification fired instead of a message it runs
// on_notification(ctx, bits) and receives again, answering nobody.
struct ServeTimer {
  uint64_t (*next_deadline)(void* ctx) = nullptr;
  void (*on_deadline)(void* ctx, uint64_t now) = nullptr;
  void (*on_notification)(void* ctx, uint64_t bits) = nullptr;
};

[[noreturn]] void serve(const ServeConfig& config, Handler handler, void* ctx, const ServeTimer& timer = {});

// Answers a caller saved earlier with CNODE_SAVE_CALLER in `slot` with `rp`
// (its words; no caps). False when nobody took it (the caller is gone).
// The slot is the caller's to empty (CNODE_DELETE) afterwards.
bool send_to_saved(uint64_t slot, const Reply& rp);

// serve() with a typed handler: Handle(state, request, reply).
template <typename State, void (*Handle)(State&, const Request&, Reply*)>
[[noreturn]] void serve_state(const ServeConfig& config, State& state) {
  serve(
      config, [](void* ctx, const Request& rq, Reply* rp) { Handle(*static_cast<State*>(ctx), rq, rp); }, &state);
}

// serve_state() with timed events: Next(state) and Fire(state, now) as in
// ServeTimer.
template <typename State, void (*Handle)(State&, const Request&, Reply*), uint64_t (*Next)(State&),
          void (*Fire)(State&, uint64_t)>
[[noreturn]] void serve_timed_state(const ServeConfig& config, State& state) {
  ServeTimer timer;
  timer.next_deadline = [](void* ctx) { return Next(*static_cast<State*>(ctx)); };
  timer.on_deadline = [](void* ctx, uint64_t now) { Fire(*static_cast<State*>(ctx), now); };
  serve(
      config, [](void* ctx, const Request& rq, Reply* rp) { Handle(*static_cast<State*>(ctx), rq, rp); }, &state,
      timer);
}

// serve_state() for a server with a bound notification: Notify(state, bits)
// as ServeTimer::on_notification.
template <typename State, void (*Handle)(State&, const Request&, Reply*), void (*Notify)(State&, uint64_t)>
[[noreturn]] void serve_notified_state(const ServeConfig& config, State& state) {
  ServeTimer timer;
  timer.on_notification = [](void* ctx, uint64_t bits) { Notify(*static_cast<State*>(ctx), bits); };
  serve(
      config, [](void* ctx, const Request& rq, Reply* rp) { Handle(*static_cast<State*>(ctx), rq, rp); }, &state,
      timer);
}

}  // namespace lib
