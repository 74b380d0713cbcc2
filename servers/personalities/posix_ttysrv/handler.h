// personalities/posix_ttysrv/handler.h — ttysrv's messages: the generated
// dispatch of posix_ttysrv.idl onto Ttysrv, and its VTIME timers for the
// server loop. Freestanding.
#pragma once

#include <stdint.h>

#include "lib/message.h"
#include "personalities/posix_ttysrv/ttysrv.h"

namespace posix_ttysrv {

void handle(Ttysrv& t, const lib::Request& rq, lib::Reply* reply);
uint64_t next_deadline(Ttysrv& t);
void on_deadline(Ttysrv& t, uint64_t now);

}  // namespace posix_ttysrv
