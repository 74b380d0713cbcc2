// trona/core/saved_callers.h — SavedCallers<Base, N>: reply caps of callers
// a server answers later (CNODE_SAVE_CALLER), kept in slots Base ..
// Base + N - 1 of the server's own CSpace. save() takes a free slot,
// answer() replies on one (lib::send_to_saved) and frees it.
//
//   trona::SavedCallers<128, 32> saved;
//   uint64_t slot; if (saved.save(&slot)) { ... later: saved.answer(slot, reply); }
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/bitmap.h"
#include "lib/message.h"
#include "trona/core/serve.h"
#include "trona/core/syscall.h"

namespace trona {

template <uint64_t Base, size_t N>
class SavedCallers {
 public:
  // The caller of the message being handled, into a free slot; false when
  // none is free or there is no caller.
  bool save(uint64_t* slot) {
    const size_t i = used_.find_clear();
    if (i == lib::Bitmap<N>::npos) return false;
    const uint64_t s = Base + i;
    cnode(uapi::CNODE_DELETE, s);
    if (cnode(uapi::CNODE_SAVE_CALLER, s) != uapi::TRONA_OK) return false;
    used_.set(i);
    *slot = s;
    return true;
  }
  // Empties the slot (the caller, if still waiting, is never answered).
  void free(uint64_t slot) {
    cnode(uapi::CNODE_DELETE, slot);
    if (slot >= Base && slot < Base + N) used_.clear(slot - Base);
  }
  // Answers and frees; false when nobody took the reply (the caller is gone).
  bool answer(uint64_t slot, const lib::Reply& rp) {
    const bool taken = lib::send_to_saved(slot, rp);
    free(slot);
    return taken;
  }

 private:
  static uint64_t cnode(uint64_t label, uint64_t slot) {
    return invoke(uapi::SLOT_SELF_CNODE, label, slot).error;
  }
  lib::Bitmap<N> used_;
};

}  // namespace trona
