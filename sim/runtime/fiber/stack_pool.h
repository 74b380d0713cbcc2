// Pool of fiber stacks, each an mmap'ed region with a PROT_NONE guard page
// below it. Creating a guarded stack costs a few system calls (~10 us), so
// released stacks are kept and handed out again.
#pragma once

#include <cstddef>
#include <vector>

namespace sim {

struct Stack {
  void* base = nullptr;   // lowest address of the mapping (the guard page)
  std::size_t size = 0;   // total mapping size, guard page included
  void* top() const { return static_cast<char*>(base) + size; }
  void* usable_bottom() const;          // first byte above the guard page
  std::size_t usable_size() const;
  bool in_guard(const void* addr) const;
  explicit operator bool() const { return base != nullptr; }
};

class StackPool {
 public:
  // Only touched pages cost host memory; procmgr keeps per-entry arrays
  // of its process table (kMaxProcesses) on its stack.
  static constexpr std::size_t kDefaultStackSize = 512 * 1024;

  explicit StackPool(std::size_t stack_size = kDefaultStackSize, std::size_t max_cached = 4096);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  // Throws std::bad_alloc when the host refuses the mapping.
  Stack acquire();
  void release(Stack s);

  std::size_t stack_size() const { return stack_size_; }
  std::size_t cached() const { return free_.size(); }
  std::size_t created() const { return created_; }

  static std::size_t page_size();

 private:
  std::size_t stack_size_;
  std::size_t max_cached_;
  std::size_t created_ = 0;
  std::vector<Stack> free_;
};

}  // namespace sim
