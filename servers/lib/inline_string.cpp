#include "lib/inline_string.h"

namespace lib {

size_t pack_inline(uint64_t* mr, size_t mr_count, size_t k, Str s) {
  size_t end = k + 1 + inline_words(s.size);
  if (end > mr_count) return 0;
  mr[k] = s.size;
  for (size_t w = 0; w < inline_words(s.size); ++w) {
    uint64_t v = 0;
    for (size_t b = 0; b < 8 && w * 8 + b < s.size; ++b)
      v |= uint64_t{static_cast<unsigned char>(s[w * 8 + b])} << (8 * b);
    mr[k + 1 + w] = v;
  }
  return end;
}

UnpackError unpack_inline(const uint64_t* mr, size_t length, size_t k, char* out, size_t max, size_t* out_len) {
  if (k >= length) return UnpackError::kTruncated;
  uint64_t len = mr[k];
  if (len > max) return UnpackError::kTooLong;
  if (k + 1 + inline_words(len) > length) return UnpackError::kTruncated;
  for (size_t i = 0; i < len; ++i) out[i] = static_cast<char>((mr[k + 1 + i / 8] >> (8 * (i % 8))) & 0xFF);
  *out_len = len;
  return UnpackError::kOk;
}

}  // namespace lib
