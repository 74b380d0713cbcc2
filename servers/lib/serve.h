// lib/serve.h — the receive/dispatch/reply loop of a server on the trona
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

[[noreturn]] void serve(const ServeConfig& config, Handler handler, void* ctx);

// serve() with a typed handler: Handle(state, request, reply).
template <typename State, void (*Handle)(State&, const Request&, Reply*)>
[[noreturn]] void serve_state(const ServeConfig& config, State& state) {
  serve(
      config, [](void* ctx, const Request& rq, Reply* rp) { Handle(*static_cast<State*>(ctx), rq, rp); }, &state);
}

}  // namespace lib
