// Small read-only looks into a kernel model for the observers: a TCB by
// object id, an object type's name.
#pragma once

#include <iterator>

#include "kernel_model/kernel.h"

namespace sim::inspect {

inline const kmodel::Tcb* tcb_by_id(const kmodel::Kernel& k, std::uint64_t id) {
  kmodel::KObject* o = id ? k.objects().find(id) : nullptr;
  return o && o->type() == kmodel::abi::OBJ_TCB ? static_cast<const kmodel::Tcb*>(o) : nullptr;
}

inline const char* object_type_name(kmodel::abi::ObjType t) {
  static const char* names[] = {"null", "untyped", "endpoint", "notification", "tcb", "cnode",
                                "vspace", "frame", "irq_handler", "io_port", "sched_context", "memory_object"};
  return t < std::size(names) ? names[t] : "?";
}

}  // namespace sim::inspect
