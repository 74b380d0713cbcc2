// What a TCB is doing (the thread's state as waits and reports show it).
#pragma once

#include <cstdint>

namespace kmodel {

enum class TcbState : std::uint8_t {
  Inactive,      // never resumed, suspended, exited, or faulted with no handler
  Running,       // running or ready
  BlockedSend,   // in an endpoint's send queue (SEND, CALL, fault message)
  BlockedRecv,   // in one or more endpoints' receive queues
  BlockedReply,  // waiting for the reply to a CALL or a fault
  BlockedNotif,  // WAIT on a notification
  BlockedFutex,
  BlockedSleep,
};
const char* to_string(TcbState s);

}  // namespace kmodel
