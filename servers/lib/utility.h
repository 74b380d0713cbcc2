// lib/utility.h — move, forward, swap and remove_reference without <utility>
// (the target build has no C++ library headers).
//
//   lib::Vector<Owner> v = lib::move(other);
//   template <class... A> void f(A&&... a) { g(lib::forward<A>(a)...); }
//   lib::swap(a, b);
// Freestanding, header-only.
#pragma once

namespace lib {

template <class T> struct remove_reference { using type = T; };
template <class T> struct remove_reference<T&> { using type = T; };
template <class T> struct remove_reference<T&&> { using type = T; };
template <class T> using remove_reference_t = typename remove_reference<T>::type;

template <class T>
constexpr remove_reference_t<T>&& move(T&& v) noexcept {
  return static_cast<remove_reference_t<T>&&>(v);
}

template <class T>
constexpr T&& forward(remove_reference_t<T>& v) noexcept {
  return static_cast<T&&>(v);
}
template <class T>
constexpr T&& forward(remove_reference_t<T>&& v) noexcept {
  return static_cast<T&&>(v);
}

template <class T>
constexpr void swap(T& a, T& b) noexcept {
  T t(lib::move(a));
  a = lib::move(b);
  b = lib::move(t);
}

}  // namespace lib
