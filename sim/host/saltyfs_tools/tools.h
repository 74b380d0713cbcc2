// sim/host/saltyfs_tools/tools.h — the host tools for SaltyFS images
// (`saltysim mkfs.saltyfs`, `fsck.saltyfs`, `dumpfs`), on the format code
// the server uses (servers/fs/saltyfs/format). Each returns its exit
// status and puts what it has to say in *report.
#pragma once

#include <cstdint>
#include <string>

namespace saltyfs_tools {

struct MkfsOptions {
  std::string image;
  std::uint64_t size_bytes = 64ull << 20;
  std::string from;                    // a host directory to copy in ("" = empty)
  std::string label;                   // "" = "saltyfs"
  std::uint64_t time_seconds = 0;      // superblock times (0 keeps the image reproducible)
  std::uint64_t uuid_seed = 0x5A17;    // the fs UUID's bytes (deterministic)
};
// 0 made; 1 failed (too small, unreadable input); 2 bad options.
int mkfs(const MkfsOptions& o, std::string* report);

// e2fsck's exit status: 0 clean, 1 errors corrected (--repair), 4 errors
// left, 8 could not check (no such file, not SaltyFS at all).
int fsck(const std::string& image, bool repair, std::string* report);

// The superblock and every B-tree node and item, readable. 0, or 8 as fsck.
int dumpfs(const std::string& image, std::string* report);

}  // namespace saltyfs_tools
