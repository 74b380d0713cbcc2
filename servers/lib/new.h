// lib/new.h — placement new, for the containers that construct elements in
// memory an Allocator handed out:
//
//   T* t = ::new (p) T(args...);
//
// The host build takes it from <new>; the target build (-nostdinc++, where
// <new> is not found) declares the two placement forms itself. Freestanding,
// header-only.
#pragma once

#include <stddef.h>

#if defined(TRONA_BACKEND_TARGET)
inline void* operator new(size_t, void* p) noexcept { return p; }
inline void* operator new[](size_t, void* p) noexcept { return p; }
#else
#include <new>
#endif
