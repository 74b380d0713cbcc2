// A 4 KiB frame of real bytes (or of device registers).
#pragma once

#include <utility>
#include <vector>

#include "kernel_model/objects/object.h"

namespace kmodel {

class Frame final : public KObject {
 public:
  Frame(Word paddr, bool device, bool kernel_owned)
      : KObject(abi::OBJ_FRAME), paddr(paddr), device(device), kernel_owned(kernel_owned) {}
  Word paddr;
  bool device;        // from a device untyped: MMIO when the machine has no bytes for it
  bool kernel_owned;  // from the kernel pool; every mapping holds a reference
  Word used_as_table_level = 0;  // non-zero once given to VSPACE_MAP_PT
  VSpace* table_owner = nullptr;
  std::vector<std::pair<VSpace*, Word>> mappings;  // (vspace, virtual page number)
};

}  // namespace kmodel
