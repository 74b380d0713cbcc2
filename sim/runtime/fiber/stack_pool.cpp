#include "sim/runtime/fiber/stack_pool.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <new>

#include "sim/runtime/fiber/sanitizer.h"

namespace sim {

std::size_t StackPool::page_size() {
  static const std::size_t ps = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return ps;
}

void* Stack::usable_bottom() const { return static_cast<char*>(base) + StackPool::page_size(); }
std::size_t Stack::usable_size() const { return size - StackPool::page_size(); }
bool Stack::in_guard(const void* addr) const {
  auto a = reinterpret_cast<std::uintptr_t>(addr);
  auto b = reinterpret_cast<std::uintptr_t>(base);
  return a >= b && a < b + StackPool::page_size();
}

StackPool::StackPool(std::size_t stack_size, std::size_t max_cached)
    : stack_size_((stack_size + page_size() - 1) / page_size() * page_size() + page_size()),
      max_cached_(max_cached) {}

StackPool::~StackPool() {
  for (auto& s : free_) {
    san::unpoison(s.usable_bottom(), s.usable_size());
    ::munmap(s.base, s.size);
  }
}

Stack StackPool::acquire() {
  if (!free_.empty()) {
    Stack s = free_.back();
    free_.pop_back();
    san::unpoison(s.usable_bottom(), s.usable_size());
    return s;
  }
  void* p = ::mmap(nullptr, stack_size_, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  if (::mprotect(p, page_size(), PROT_NONE) != 0) {
    ::munmap(p, stack_size_);
    throw std::bad_alloc();
  }
  ++created_;
  return Stack{p, stack_size_};
}

void StackPool::release(Stack s) {
  if (!s) return;
  // A pooled stack belongs to nobody: ASan reports any touch of it (a
  // pointer into a finished fiber's frames) until it is handed out again,
  // when it is unpoisoned whole (dropping redzones of abandoned frames).
  san::poison(s.usable_bottom(), s.usable_size());
  if (free_.size() < max_cached_) {
    free_.push_back(s);
  } else {
    san::unpoison(s.usable_bottom(), s.usable_size());
    ::munmap(s.base, s.size);
  }
}

}  // namespace sim
