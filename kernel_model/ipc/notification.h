// A notification: a 64-bit word that SIGNAL ORs into and WAIT clears.
#pragma once

#include <deque>

#include "kernel_model/objects/object.h"

namespace kmodel {

class Notification final : public KObject {
 public:
  Notification() : KObject(abi::OBJ_NOTIFICATION) {}
  Word word = 0;
  std::deque<Tcb*> waiters;  // blocked in WAIT
  Tcb* bound = nullptr;      // TCB_BIND_NOTIFICATION
};

}  // namespace kmodel
