// The base of every kernel object. Objects are owned by the kernel's object
// table and reference-counted by the capabilities (and kernel links, such
// as a TCB's CSpace root) that point at them; the last release destroys
// the object and gives its memory back to the untyped it came from.
#pragma once

#include <cstdint>

#include "kernel_model/types.h"

namespace kmodel {

class KObject {
 public:
  explicit KObject(abi::ObjType t) : type_(t) {}
  virtual ~KObject() = default;
  KObject(const KObject&) = delete;
  KObject& operator=(const KObject&) = delete;

  abi::ObjType type() const { return type_; }
  Word id() const { return id_; }
  std::uint32_t refs() const { return refs_; }

  // Where the object's memory came from (nullptr: the kernel's own pool).
  Untyped* source = nullptr;
  Word phys = 0;   // physical address of the object's memory
  Word bytes = 0;  // memory charged to `source`

 private:
  friend class ObjectTable;
  abi::ObjType type_;
  Word id_ = 0;
  std::uint32_t refs_ = 0;
  bool dying_ = false;
};

}  // namespace kmodel
