// Sanitizer annotations for fiber switches. Debian's Boost.Context carries
// no hooks of its own, so every switch in sim/runtime/fiber goes through these.
// Without a sanitizer they compile to nothing.
#pragma once

#include <cstddef>

#if defined(SALTYSIM_ASAN)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#if defined(SALTYSIM_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace sim::san {

// ASan: call before leaving a stack. `fake_stack_save` == nullptr means the
// stack being left is finished for good (its fake frames are released).
inline void start_switch(void** fake_stack_save, const void* to_bottom, std::size_t to_size) {
#if defined(SALTYSIM_ASAN)
  __sanitizer_start_switch_fiber(fake_stack_save, to_bottom, to_size);
#else
  (void)fake_stack_save; (void)to_bottom; (void)to_size;
#endif
}

// ASan: call first thing after arriving on a stack.
inline void finish_switch(void* fake_stack_save, const void** from_bottom, std::size_t* from_size) {
#if defined(SALTYSIM_ASAN)
  __sanitizer_finish_switch_fiber(fake_stack_save, from_bottom, from_size);
#else
  (void)fake_stack_save; (void)from_bottom; (void)from_size;
#endif
}

inline void poison(void* p, std::size_t n) {
#if defined(SALTYSIM_ASAN)
  __asan_poison_memory_region(p, n);
#else
  (void)p; (void)n;
#endif
}

inline void unpoison(void* p, std::size_t n) {
#if defined(SALTYSIM_ASAN)
  __asan_unpoison_memory_region(p, n);
#else
  (void)p; (void)n;
#endif
}

// TSan fiber handles.
inline void* tsan_current() {
#if defined(SALTYSIM_TSAN)
  return __tsan_get_current_fiber();
#else
  return nullptr;
#endif
}
inline void* tsan_create() {
#if defined(SALTYSIM_TSAN)
  return __tsan_create_fiber(0);
#else
  return nullptr;
#endif
}
inline void tsan_switch_to(void* fiber) {
#if defined(SALTYSIM_TSAN)
  if (fiber) __tsan_switch_to_fiber(fiber, 0);
#else
  (void)fiber;
#endif
}
inline void tsan_destroy(void* fiber) {
#if defined(SALTYSIM_TSAN)
  if (fiber) __tsan_destroy_fiber(fiber);
#else
  (void)fiber;
#endif
}

}  // namespace sim::san
