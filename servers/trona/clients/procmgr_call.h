// trona/procmgr_call.h — the common call of the procmgr stubs kept in
// separate files (procmgr_client_signals.cpp, procmgr_client_threads.cpp):
// server_call with procmgr's NOT_FOUND reported as ESRCH.
#pragma once

#include <stdint.h>

#include "trona/core/client.h"

namespace trona::detail {

int procmgr_call(uint64_t ep, const ClientRequest& rq, ClientReply* rp);

// A request of `n` words; idempotent ones are resent after INTERRUPTED.
int procmgr_words(uint64_t ep, uint64_t label, const uint64_t* words, size_t n, bool idempotent, ClientReply* rp);

// MR0 count, MR1 next cursor, MR2.. ids (PM_LIST_PIDS, PM_THREAD_LIST).
void unpack_id_list(const ClientReply& rp, uint64_t* ids, size_t max, size_t* n, uint64_t* next);

}  // namespace trona::detail
