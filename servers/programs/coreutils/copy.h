// programs/coreutils/copy.h — the copy behind cp and mv (cp.cpp).
#pragma once

#include "programs/coreutils/util.h"

namespace cu {

// Copies from -> to (a directory only when recursive; links as links when
// links_as_links), reporting each failure as cp does. True when all of it
// was copied.
bool copy_tree(Prog& p, const char* from, const char* to, bool recursive, bool links_as_links);
bool is_directory(const char* path);

// The SOURCE... DEST operands of cp and mv: *dest the last operand, *into
// whether it is a directory to copy/move into. Non-zero: the status after
// GNU's message (missing operand, missing destination, not a directory).
int target_operands(Prog& p, const Opts& o, const char** dest, bool* into);

}  // namespace cu
