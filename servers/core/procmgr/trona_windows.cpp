// procmgr/trona_windows.cpp — the window CNodes of procmgr's CSpace
// (state.h: window(i) lives in block i / kWindowsPerCNode), made from
// procmgr's own untypeds the first time the table reaches a block.
#include "core/procmgr/trona_ops.h"

namespace procmgr {

uint64_t TronaOps::add_window_block(size_t block) {
  if (block >= kWindowCNodes) return uapi::TRONA_OUT_OF_RANGE;
  return retype(uapi::OBJ_CNODE, kWindowCNodeBits, kWindowBase + block);
}

}  // namespace procmgr
