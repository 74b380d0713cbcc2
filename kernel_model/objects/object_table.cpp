#include "kernel_model/objects/object_table.h"

namespace kmodel {

void ObjectTable::release(KObject& o) {
  if (o.refs_ > 0) --o.refs_;
  discard_if_unreferenced(o);
}

void ObjectTable::discard_if_unreferenced(KObject& o) {
  if (o.refs_ > 0 || o.dying_) return;
  o.dying_ = true;
  if (teardown_) teardown_(o);
  if (o.refs_ > 0) {  // teardown resurrected it (should not happen)
    o.dying_ = false;
    return;
  }
  auto it = objects_.find(o.id_);
  graveyard_.push_back(std::move(it->second));
  objects_.erase(it);
}

void ObjectTable::clear() {
  // Host shutdown: no teardown, objects only point at each other.
  objects_.clear();
  graveyard_.clear();
}

}  // namespace kmodel
