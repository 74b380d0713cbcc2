// A scripted stand-in server for testing client stubs over real IPC
// without the real server: it serves a fixed number of requests, records
// each (label, MRs) and answers with a test-given function, replying
// through a saved reply cap so its body ends after the last request.
//
//   std::vector<standin::Seen> seen;
//   standin::run_pair(2, answer, &seen, [&] { /* client: stubs on kServerEp */ });
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ipc_harness.h"
#include "lib/inline_string.h"
#include "trona/core/syscall.h"

namespace standin {

using ipct::Word;

inline constexpr Word kServerEp = ipct::kFree;      // the endpoint, in both processes
inline constexpr Word kReply = ipct::kFree + 1;     // the stand-in's saved reply cap
inline constexpr Word kReceived = ipct::kFree + 2;  // where a request's cap lands (deleted after it)
inline constexpr Word kProbe = ipct::kFree + 3;     // an empty slot: a move into it tells a cap arrived
inline constexpr Word kClientCap = ipct::kFree + 10;  // a notification the client may send (GRANT)

struct Seen {
  Word label;
  std::vector<Word> mr;
  bool cap = false;  // a cap came with it
};

// Fills out[0..*n) with the reply MRs; returns the reply status.
using Answer = std::function<Word(const Seen&, Word* out, size_t* n)>;

inline void serve(int count, std::vector<Seen>* seen, const Answer& answer) {
  auto* ipc = trona::ipc_buffer();
  for (int i = 0; i < count; ++i) {
    ipc->receive_cnode = 0;
    ipc->receive_index = kReceived;
    ipc->receive_depth = 0;
    ASSERT_TRUE(trona::recv(kServerEp).ok());
    Seen s{ipc->msg[uapi::kIpcMsgLabel], {}};
    // (CNODE_DELETE of an empty slot succeeds: a move tells whether one came)
    s.cap = trona::invoke(uapi::SLOT_SELF_CNODE, uapi::CNODE_MOVE, kProbe, uapi::SLOT_SELF_CNODE, kReceived).ok();
    trona::invoke(uapi::SLOT_SELF_CNODE, uapi::CNODE_DELETE, kProbe);
    for (Word k = 0; k < ipc->msg[uapi::kIpcMsgLength]; ++k) s.mr.push_back(ipc->mr(k));
    seen->push_back(s);
    Word out[uapi::kMaxMessageRegisters] = {};
    size_t n = 0;
    Word status = answer(s, out, &n);
    ASSERT_TRUE(trona::invoke(uapi::SLOT_SELF_CNODE, uapi::CNODE_SAVE_CALLER, kReply).ok());
    for (size_t k = 4; k < n; ++k) ipc->mr(k) = out[k];
    ASSERT_TRUE(trona::send(kReply, uapi::msginfo(status, n), out[0], out[1], out[2], out[3]).ok());
  }
}

// The string packed inline at MR[k] (length) and MR[k+1..] of a request.
inline std::string bytes_of(const Seen& s, size_t k) {
  char buf[256];
  size_t n = 0;
  EXPECT_EQ(lib::unpack_inline(s.mr.data(), s.mr.size(), k, buf, sizeof buf, &n), lib::UnpackError::kOk);
  return std::string(buf, n);
}

// The stand-in serving `count` requests and one client running `body`
// with the endpoint (call + send rights, badge 0x77) at kServerEp and a
// notification at kClientCap (to send as a cap).
inline void run_pair(int count, const Answer& answer, std::vector<Seen>* seen, std::function<void()> body) {
  ipct::SimOs os;
  kmodel::Process server = os.client("stand-in", ipct::kClientBadge + 1, [&] { serve(count, seen, answer); });
  kmodel::Process client = os.client("client", ipct::kClientBadge + 2, std::move(body));
  kmodel::Endpoint& ep = os.k.new_endpoint();
  os.k.install(*server.cnode, kServerEp, ep);
  os.k.install(*client.cnode, kServerEp, ep, kmodel::abi::RIGHT_CALL | kmodel::abi::RIGHT_SEND, 0x77);
  os.k.install(*client.cnode, kClientCap, os.k.new_notification());
  ASSERT_TRUE(os.run());
}

}  // namespace standin
