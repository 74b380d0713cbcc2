// Host-side view of the trona heap's host bytes (heap_bytes.cpp), for
// tests and diagnostics: how many host blocks an address space holds — the
// break's reservation (once the heap is in use) plus one per large mapping.
#pragma once

#include <cstddef>

#include "kernel_model/vspace/vspace.h"

namespace saltysim {

std::size_t heap_host_blocks(const kmodel::VSpace& vs);

}  // namespace saltysim
