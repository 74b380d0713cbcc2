// drivers/console/handler.h — the console server's messages: the generated
// dispatch of console.idl onto Console, and the bound notification's
// interrupt bits. Freestanding.
#pragma once

#include <stdint.h>

#include "drivers/console/console.h"
#include "lib/message.h"

namespace console {

void handle(Console& c, const lib::Request& rq, lib::Reply* reply);
void on_notification(Console& c, uint64_t bits);

}  // namespace console
