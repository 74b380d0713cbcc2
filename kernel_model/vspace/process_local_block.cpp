// VSpace::ProcessLocalBlock (vspace.h): zeroed host bytes for
// trona::process_local, large ones from a lazily zeroed anonymous mapping.
#include <sys/mman.h>

#include <new>

#include "kernel_model/vspace/vspace.h"

namespace kmodel {

namespace {
constexpr std::size_t kMappedFrom = 64 * 1024;
}

VSpace::ProcessLocalBlock VSpace::ProcessLocalBlock::zeroed(std::size_t size) {
  if (size >= kMappedFrom) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return ProcessLocalBlock{std::unique_ptr<std::byte[], Release>(static_cast<std::byte*>(p), Release{size}), size};
  }
  return ProcessLocalBlock{std::unique_ptr<std::byte[], Release>(new std::byte[size](), Release{0}), size};
}

void VSpace::ProcessLocalBlock::Release::operator()(std::byte* p) const {
  if (mapped) munmap(p, mapped);
  else delete[] p;
}

}  // namespace kmodel
