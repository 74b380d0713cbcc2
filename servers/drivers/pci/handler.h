// drivers/pci/handler.h — the PCI server's messages: the generated dispatch
// of pci.idl onto Pci. Freestanding.
#pragma once

#include "drivers/pci/pci.h"
#include "lib/message.h"

namespace pci {

void handle(Pci& p, const lib::Request& rq, lib::Reply* reply);

}  // namespace pci
