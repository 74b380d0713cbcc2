// trona/clients/stub_util.h — the shapes most device and personality stubs share
// (ttysrv, csrss, console, display, pci, blk, dns, driver registry):
// a request of plain words; a request of words followed by inline bytes
// (count word, then 8 bytes per MR); a write chunked over such requests
// that stops at a short transfer; a reply of inline bytes.
// Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "trona/core/client.h"

namespace trona::stub {

// Data bytes one inline-data message carries (like VFS READ, §3.2).
inline constexpr size_t kChunk = 152;

// CALLs `label` with MR0.. = in[0..n). Getters pass idempotent = true
// (resent after INTERRUPTED).
int words(uint64_t ep, uint64_t label, const uint64_t* in, size_t n, bool idempotent, ClientReply* rp);

// CALLs `label` with MR0.. = head[0..n), then MR[n] = len and the bytes.
// EINVAL without a call when they do not fit one message.
int with_bytes(uint64_t ep, uint64_t label, const uint64_t* head, size_t n, const void* data, size_t len,
               ClientReply* rp);

// Sends `len` bytes in kChunk pieces, each `head` words + inline bytes; a
// reply's MR0 = bytes taken. Stops at a short transfer; an error after
// some bytes went out reports the partial count with success (POSIX
// write). *written = bytes taken.
int chunked_write(uint64_t ep, uint64_t label, const uint64_t* head, size_t n, const void* data, size_t len,
                  size_t* written);

// Reads the inline bytes at reply MR[k] (count) into buf[0..max): EIO when
// the server sent more than `max` or a truncated message.
int inline_reply(const ClientReply& rp, size_t k, void* buf, size_t max, size_t* got);

}  // namespace trona::stub
