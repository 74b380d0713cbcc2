// sim/host/cli/saltyfs_commands.h — `saltysim mkfs.saltyfs`, `fsck.saltyfs`
// and `dumpfs` (the tools are sim/host/saltyfs_tools).
#pragma once

#include <CLI/CLI.hpp>

#include <optional>

namespace sim {

struct SaltyfsCommands;
// Adds the three subcommands; the returned state lives as long as `app`.
SaltyfsCommands& add_saltyfs_commands(CLI::App& app);
// After parsing: the exit status when one of them was chosen.
std::optional<int> run_saltyfs_commands(const SaltyfsCommands& c);

}  // namespace sim
