#include "trona/posix/errno.h"

#include "trona/core/process_local.h"

namespace trona::posix {

namespace {
struct ErrnoState {
  int value;
};
}  // namespace

int& errno_ref() { return process_local<ErrnoState>().value; }

}  // namespace trona::posix
