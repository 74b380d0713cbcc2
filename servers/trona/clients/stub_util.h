// trona/clients/stub_util.h — what the device and personality facades (ttysrv,
// csrss, console, display, pci, blk, dns, driver registry) share beyond the
// generated stubs (proto/<p>_client.h, from servers/uapi/proto/*.idl): a
// write chunked over several messages that stops at a short transfer, and
// the copy of a reply's bytes into the caller's smaller buffer.
// Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/span.h"

namespace trona::stub {

// Data bytes one inline-data message carries (like VFS READ, §3.2).
inline constexpr size_t kChunk = 152;

// Sends `len` bytes in kChunk pieces: send(piece, &taken) makes one call
// (0 or an errno; taken = the reply's byte count). Stops at a short
// transfer; an error after some bytes went out reports the partial count
// with success (POSIX write). *written = bytes taken.
template <class Send>
int chunked_write(const void* data, size_t len, size_t* written, Send send) {
  const char* p = static_cast<const char*>(data);
  size_t done = 0;
  while (done < len) {
    size_t piece = len - done < kChunk ? len - done : kChunk;
    uint64_t taken = 0;
    int e = send(lib::Str(p + done, piece), &taken);
    if (e != 0) {
      *written = done;
      return done != 0 ? 0 : e;
    }
    size_t took = taken < piece ? static_cast<size_t>(taken) : piece;
    done += took;
    if (took < piece) break;
  }
  *written = done;
  return 0;
}

// Copies the n reply bytes at src into buf[0..max): EIO when the server
// sent more than `max`. *got = n.
int copy_reply(const char* src, size_t n, void* buf, size_t max, size_t* got);

}  // namespace trona::stub
