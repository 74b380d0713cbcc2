// The VSpace invocation decoder (vspace_decode.cpp): a free function on the
// kernel context, like the object types' decoders. The VSpace operations
// themselves (vs_*) are still Kernel members (mapping.cpp, cow.cpp).
#pragma once

#include "kernel_model/types.h"

namespace kmodel {

SysResult decode_vspace(Kernel& k, Invocation& inv);

}  // namespace kmodel
