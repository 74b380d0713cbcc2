// servers/drivers/pci — the PCI enumeration server (server.rs PCI_*,
// kernel-abi.md §4.2): scans bus 0 at start, then answers FIND_DEVICE,
// GET_CAPS, LIST, READ/WRITE_CONFIG32 and GET_BAR_CAP (a copy of the BAR's
// device untyped or I/O port cap). What it serves: README.md.
//
// Its state (the device table, a few KiB) lives on its own stack.
#include "drivers/pci/handler.h"
#include "drivers/pci/trona_ops.h"
#include "lib/format.h"
#include "trona/core/debug_put.h"
#include "trona/core/program.h"
#include "trona/core/readiness.h"
#include "trona/core/serve.h"

namespace {

int run(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  pci::TronaOps ops;
  if (!ops.have_caps()) {
    lib::debug_put("pci: the device caps are missing (pci.service: CopyCap=15:64 11:65)\n");
    return 1;
  }
  pci::Pci p(ops);
  const size_t n = p.enumerate();
  char line[64];
  lib::Formatter f(line, sizeof line);
  f.put("pci: ").dec(n).put(" functions on bus 0\n");
  lib::debug_put(f.str());
  trona::notify_ready();
  lib::serve_state<pci::Pci, pci::handle>({pci::kServiceEndpointSlot, pci::kRecvSlot, pci::kProbeSlot}, p);
}

}  // namespace

TRONA_PROGRAM(pci, run)
