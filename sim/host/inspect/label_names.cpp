#include "sim/host/inspect/label_names.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "uapi/abi/errors.h"
#include "uapi/abi/faults.h"
#include "uapi/uapi.h"

namespace sim::inspect {

namespace {

using Table = std::map<std::uint64_t, std::string_view>;

#define SALTY_INSPECT_ENTRY(name, value) {value, #name},

struct Family {
  std::string_view family;
  std::vector<std::string_view> servers;  // process names that serve it
  Table labels;
};

const std::vector<Family>& families() {
  static const std::vector<Family> all = {
      {"vfs", {"vfs"}, {UAPI_VFS_LABELS(SALTY_INSPECT_ENTRY) UAPI_POSIX_VFS_LABELS(SALTY_INSPECT_ENTRY)}},
      {"procmgr", {"procmgr"}, {UAPI_PROCMGR_LABELS(SALTY_INSPECT_ENTRY)}},
      {"mmsrv", {"mmsrv"}, {UAPI_MMSRV_LABELS(SALTY_INSPECT_ENTRY)}},
      {"namesrv", {"namesrv"}, {UAPI_NAMESRV_LABELS(SALTY_INSPECT_ENTRY)}},
      {"rsrcsrv", {"rsrcsrv"}, {UAPI_RSRCSRV_LABELS(SALTY_INSPECT_ENTRY)}},
      {"posix_ttysrv", {"ttysrv", "posix_ttysrv"}, {UAPI_POSIX_TTYSRV_LABELS(SALTY_INSPECT_ENTRY)}},
      {"win32", {"csrss", "win32"}, {UAPI_WIN32_LABELS(SALTY_INSPECT_ENTRY)}},
      {"console", {"console"}, {UAPI_SERVER_CONSOLE_LABELS(SALTY_INSPECT_ENTRY)}},
      {"display", {"display"}, {UAPI_SERVER_DISPLAY_LABELS(SALTY_INSPECT_ENTRY)}},
      {"pci", {"pci", "pcisrv"}, {UAPI_SERVER_PCI_LABELS(SALTY_INSPECT_ENTRY)}},
      {"blk", {"blk", "virtio_blk", "ahci"}, {UAPI_SERVER_BLK_LABELS(SALTY_INSPECT_ENTRY)}},
      {"saltyfs", {"saltyfs"}, {UAPI_SERVER_SALTYFS_LABELS(SALTY_INSPECT_ENTRY)}},
      {"net", {"netsrv", "net"}, {UAPI_SERVER_NET_LABELS(SALTY_INSPECT_ENTRY)}},
      {"dns", {"dns", "dnssrv"}, {UAPI_SERVER_DNS_LABELS(SALTY_INSPECT_ENTRY)}},
      {"driver", {"driver", "devmgr"}, {UAPI_SERVER_DRIVER_LABELS(SALTY_INSPECT_ENTRY)}},
      {kFaultFamily, {}, {UAPI_FAULT_LABELS(SALTY_INSPECT_ENTRY)}},
  };
  return all;
}

const Table& statuses() {
  static const Table t = {UAPI_KERNEL_ERRORS(SALTY_INSPECT_ENTRY) UAPI_SERVER_STATUS(SALTY_INSPECT_ENTRY)};
  return t;
}

#undef SALTY_INSPECT_ENTRY

}  // namespace

std::string family_of_server(std::string_view process_name) {
  for (const Family& f : families())
    for (std::string_view s : f.servers)
      if (s == process_name) return std::string(f.family);
  return std::string(process_name);
}

std::string label_name(std::string_view family, std::uint64_t label) {
  for (const Family& f : families()) {
    if (f.family != family) continue;
    auto it = f.labels.find(label);
    if (it != f.labels.end()) return std::string(it->second);
    break;
  }
  return std::string(family) + ":" + std::to_string(label);
}

std::string_view status_name(std::uint64_t status) {
  auto it = statuses().find(status);
  return it == statuses().end() ? std::string_view() : it->second;
}

std::string process_name_of(const std::string& thread_name) {
  auto hash = thread_name.rfind('#');
  if (hash == std::string::npos || hash == 0 || hash + 1 == thread_name.size()) return thread_name;
  bool digits = std::all_of(thread_name.begin() + static_cast<long>(hash) + 1, thread_name.end(),
                            [](char ch) { return ch >= '0' && ch <= '9'; });
  return digits ? thread_name.substr(0, hash) : thread_name;
}

}  // namespace sim::inspect
