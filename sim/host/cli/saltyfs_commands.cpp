#include "sim/host/cli/saltyfs_commands.h"

#include <iostream>
#include <memory>

#include "sim/host/saltyfs_tools/tools.h"

namespace sim {

struct SaltyfsCommands {
  CLI::App* mkfs = nullptr;
  CLI::App* fsck = nullptr;
  CLI::App* dump = nullptr;
  saltyfs_tools::MkfsOptions mk;
  std::string size_text = "64M";
  std::string image;
  bool repair = false;
};

namespace {

// "64M", "1G", "65536", "512K": bytes (binary units).
std::optional<std::uint64_t> parse_size(const std::string& s) {
  if (s.empty()) return std::nullopt;
  std::size_t used = 0;
  std::uint64_t v = 0;
  try {
    v = std::stoull(s, &used);
  } catch (...) {
    return std::nullopt;
  }
  std::string unit = s.substr(used);
  std::uint64_t mul = 1;
  if (unit == "K" || unit == "k" || unit == "KiB") mul = 1ull << 10;
  else if (unit == "M" || unit == "MiB") mul = 1ull << 20;
  else if (unit == "G" || unit == "GiB") mul = 1ull << 30;
  else if (!unit.empty()) return std::nullopt;
  if (v > (1ull << 44) / mul) return std::nullopt;  // 16 TiB is plenty
  return v * mul;
}

}  // namespace

SaltyfsCommands& add_saltyfs_commands(CLI::App& app) {
  static std::vector<std::unique_ptr<SaltyfsCommands>> keep;  // one per App (the CLI is built once)
  keep.push_back(std::make_unique<SaltyfsCommands>());
  SaltyfsCommands& c = *keep.back();
  c.mkfs = app.add_subcommand("mkfs.saltyfs", "Make a SaltyFS image (kernel-abi.md §4.1), empty or from a directory");
  c.mkfs->add_option("IMAGE", c.mk.image, "Image file to write (replaced)")->required();
  c.mkfs->add_option("--size", c.size_text, "Image size in bytes, or with K/M/G")->capture_default_str();
  c.mkfs->add_option("--from", c.mk.from, "Host directory to copy in (files, directories, symlinks)");
  c.mkfs->add_option("--label", c.mk.label, "Volume label (at most 63 bytes; default saltyfs)");
  c.fsck = app.add_subcommand("fsck.saltyfs", "Check a SaltyFS image; exit status as e2fsck (0 clean, 1 fixed, 4 errors, 8 failed)");
  c.fsck->add_option("IMAGE", c.image, "Image file")->required();
  c.fsck->add_flag("--repair", c.repair, "Fix what can be fixed without guessing (bitmap, used count, primary superblock)");
  c.dump = app.add_subcommand("dumpfs", "Print a SaltyFS image's superblock and B-tree");
  c.dump->add_option("IMAGE", c.image, "Image file")->required();
  return c;
}

std::optional<int> run_saltyfs_commands(const SaltyfsCommands& c) {
  std::string report;
  int rc = 0;
  if (*c.mkfs) {
    saltyfs_tools::MkfsOptions o = c.mk;
    std::optional<std::uint64_t> size = parse_size(c.size_text);
    if (!size) {
      std::cerr << "mkfs.saltyfs: --size '" << c.size_text << "' is not a size (e.g. 64M, 1G, 1048576)\n";
      return 2;
    }
    o.size_bytes = *size;
    rc = saltyfs_tools::mkfs(o, &report);
  } else if (*c.fsck) {
    rc = saltyfs_tools::fsck(c.image, c.repair, &report);
  } else if (*c.dump) {
    rc = saltyfs_tools::dumpfs(c.image, &report);
  } else {
    return std::nullopt;
  }
  (rc == 0 || rc == 1 ? std::cout : std::cerr) << report;
  return rc;
}

}  // namespace sim
