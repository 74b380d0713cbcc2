// uapi/status.h — TRONA_* status codes to POSIX errno (kernel-abi.md §2.8).
//
// Two channels carry codes of the same number space: the syscall error
// register (kernel codes, incl. 24-26 SLOT_OCCUPIED/ALREADY_MAPPED/
// ALREADY_BOUND) and the reply label of a server (kernel names plus the
// userland extensions, whose 24-26 mean DNS_SERVER_FAIL/PROTO_NOT_SUPPORTED/
// HOST_UNREACHABLE). Hence two functions. Anything unmapped is EIO.
// RESTART never reaches the caller as an errno in trona (clients retry it);
// it maps to EINTR for completeness. PM_EXEC maps OUT_OF_RANGE to E2BIG
// itself.
#pragma once

#include "uapi/kernel_abi.h"
#include "uapi/linux_numbers.h"

namespace uapi {

// errno for an error from the syscall error register. Codes 0-16 mean the
// same on both channels.
constexpr int errno_from_syscall_error(uint64_t code) {
  switch (code) {
    case TRONA_OK: return 0;
    case TRONA_INVALID_CAPABILITY: return kEBADF;
    case TRONA_INVALID_OPERATION: return kEPERM;
    case TRONA_INSUFFICIENT_RIGHTS: return kEACCES;
    case TRONA_INVALID_ARGUMENT: return kEINVAL;
    case TRONA_OUT_OF_MEMORY: return kENOMEM;
    case TRONA_NOT_FOUND: return kENOENT;
    case TRONA_BUSY: return kEBUSY;
    case TRONA_ALREADY_EXISTS: return kEEXIST;
    case TRONA_WOULD_BLOCK: return kEAGAIN;
    case TRONA_BAD_ADDRESS: return kEFAULT;
    case TRONA_OUT_OF_RANGE: return kERANGE;
    case TRONA_CANCELLED: return kECANCELED;
    case TRONA_RESTART: return kEINTR;
    case TRONA_DEADLOCK: return kEDEADLK;
    case TRONA_INTERRUPTED: return kEINTR;
    case TRONA_IN_PROGRESS: return kEINPROGRESS;
    default: return kEIO;
  }
}

// errno for a status in a server's reply label.
constexpr int errno_from_reply_status(uint64_t code) {
  switch (code) {
    case TRONA_CONN_REFUSED: return kECONNREFUSED;
    case TRONA_TIMED_OUT: return kETIMEDOUT;
    case TRONA_DNS_NXDOMAIN: return kENOENT;
    case TRONA_DNS_SERVER_FAIL: return kEIO;
    case TRONA_PROTO_NOT_SUPPORTED: return kEPROTONOSUPPORT;
    case TRONA_HOST_UNREACHABLE: return kEHOSTUNREACH;
    case TRONA_NET_UNREACHABLE: return kENETUNREACH;
    case TRONA_NO_BUFS: return kENOBUFS;
    case TRONA_CONN_RESET: return kECONNRESET;
    case TRONA_NOT_CONNECTED: return kENOTCONN;
    case TRONA_IS_CONNECTED: return kEISCONN;
    case TRONA_ADDR_IN_USE: return kEADDRINUSE;
    case TRONA_STALE: return kESTALE;
    default: return errno_from_syscall_error(code);
  }
}

}  // namespace uapi
