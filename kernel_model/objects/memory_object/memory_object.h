// A MemoryObject (VMO): a resizable array of pages committed on request.
#pragma once

#include <vector>

#include "kernel_model/objects/object.h"

namespace kmodel {

class MemoryObject final : public KObject {
 public:
  explicit MemoryObject(Word pages) : KObject(abi::OBJ_MEMORY_OBJECT), pages(pages, nullptr) {}
  std::vector<Frame*> pages;  // nullptr = not committed; the MO holds a reference
  bool pristine() const {
    for (Frame* f : pages)
      if (f) return false;
    return true;
  }
};

}  // namespace kmodel
