// An IPC endpoint: FIFO queues of blocked senders and receivers, plus the
// 128-deep ring of cap-free NBSEND messages waiting for a receiver.
#pragma once

#include <array>
#include <deque>
#include <vector>

#include "kernel_model/objects/object.h"

namespace kmodel {

// A message fully captured by the kernel (NBSEND ring entries).
struct QueuedMessage {
  Word label = 0;
  Word length = 0;
  Word badge = 0;
  Word seq = 0;
  std::array<Word, abi::kMaxMsgLength> mr{};
};

class Endpoint final : public KObject {
 public:
  Endpoint() : KObject(abi::OBJ_ENDPOINT) {}
  std::vector<Tcb*> tcb_links;  // TCBs whose fault endpoint this is: weak links, cleared at teardown
  std::deque<Tcb*> senders;    // blocked in SEND/CALL (and fault senders)
  std::deque<Tcb*> receivers;  // blocked in RECV / RECV_ANY
  std::deque<QueuedMessage> ring;
  Tcb* last_receiver = nullptr;  // for the wait-for chain
};

}  // namespace kmodel
