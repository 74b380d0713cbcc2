// Owns every kernel object, hands out ids in creation order (so dumps and
// traces are deterministic) and destroys an object when its last
// reference goes, after the kernel's teardown hook has unlinked it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "kernel_model/objects/object.h"

namespace kmodel {

class ObjectTable {
 public:
  using Teardown = std::function<void(KObject&)>;
  void set_teardown(Teardown t) { teardown_ = std::move(t); }

  template <class T, class... A>
  T& make(A&&... args) {
    auto obj = std::make_unique<T>(std::forward<A>(args)...);
    T& ref = *obj;
    ref.id_ = next_id_++;
    objects_.emplace(ref.id_, std::move(obj));
    return ref;
  }

  void retain(KObject& o) { ++o.refs_; }
  // Drops one reference; the last one tears the object down.
  void release(KObject& o);
  // Destroys an object nobody references (e.g. a failed creation).
  void discard_if_unreferenced(KObject& o);
  bool dying(const KObject& o) const { return o.dying_; }

  KObject* find(Word id) const {
    auto it = objects_.find(id);
    return it == objects_.end() ? nullptr : it->second.get();
  }
  const std::map<Word, std::unique_ptr<KObject>>& all() const { return objects_; }
  void clear();
  // Frees objects torn down since the last call (they stay readable until
  // then, so code that held a reference across a teardown stays safe).
  void collect() { graveyard_.clear(); }

 private:
  std::map<Word, std::unique_ptr<KObject>> objects_;
  std::vector<std::unique_ptr<KObject>> graveyard_;
  Word next_id_ = 1;
  Teardown teardown_;
};

}  // namespace kmodel
