// Every protocol label of servers/uapi against data/labels.tsv, which
// data/extract_labels.py transcribed from spec/trona-protocol-labels.txt,
// plus data/upstream_extensions.tsv (kernel-abi.md §3.1's upstream labels).
// The tables below reach each constant by its name (X-macro lists of the
// headers), so a wrong number, a missing label or an extra one fails.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "tsv.h"
#include "uapi/mmsrv.h"
#include "uapi/namesrv.h"
#include "uapi/posix.h"
#include "uapi/procmgr.h"
#include "uapi/rsrcsrv.h"
#include "uapi/server.h"
#include "uapi/vfs.h"
#include "uapi/win32.h"

namespace {

struct Constant {
  std::string protocol;
  std::string name;
  std::uint64_t value;
};

#define VFS_ROW(name, value) {"vfs", #name, ::uapi::vfs::name},
#define PROCMGR_ROW(name, value) {"procmgr", #name, ::uapi::procmgr::name},
#define MMSRV_ROW(name, value) {"mmsrv", #name, ::uapi::mmsrv::name},
#define NAMESRV_ROW(name, value) {"namesrv", #name, ::uapi::namesrv::name},
#define POSIX_ROW(name, value) {"posix", #name, ::uapi::posix::name},
#define WIN32_ROW(name, value) {"win32", #name, ::uapi::win32::name},
#define SERVER_ROW(name, value) {"server", #name, ::uapi::server::name},
#define RSRCSRV_ROW(name, value) {"rsrcsrv", #name, ::uapi::rsrcsrv::name},

const std::vector<Constant>& header_labels() {
  static const std::vector<Constant> rows = {
      UAPI_VFS_LABELS(VFS_ROW) UAPI_PROCMGR_LABELS(PROCMGR_ROW) UAPI_MMSRV_LABELS(MMSRV_ROW)
          UAPI_NAMESRV_LABELS(NAMESRV_ROW) UAPI_POSIX_LABELS(POSIX_ROW) UAPI_WIN32_LABELS(WIN32_ROW)
              UAPI_SERVER_LABELS(SERVER_ROW) UAPI_RSRCSRV_LABELS(RSRCSRV_ROW)};
  return rows;
}

const std::vector<Constant>& header_constants() {
  static const std::vector<Constant> rows = {UAPI_WIN32_CONSTANTS(WIN32_ROW) UAPI_RSRCSRV_CONSTANTS(RSRCSRV_ROW)};
  return rows;
}

struct SpecRow {
  std::string kind, protocol, group, name;
  std::uint64_t value;
};

const std::vector<SpecRow>& spec_rows() {
  static const std::vector<SpecRow> rows = [] {
    std::vector<SpecRow> out;
    // The protocol file's labels, and the upstream extensions kernel-abi.md
    // §3.1 lists (present upstream, absent from the protocol file).
    for (const char* file : {SALTYSIM_LABELS_TSV, SALTYSIM_EXTENSIONS_TSV})
      for (const auto& f : servers_test::read_tsv(file)) {
        if (f.size() == 5) out.push_back({f[0], f[1], f[2], f[3], servers_test::parse_number(f[4])});
      }
    return out;
  }();
  return rows;
}

std::vector<SpecRow> spec_of_kind(const std::string& kind) {
  std::vector<SpecRow> out;
  for (const auto& r : spec_rows())
    if (r.kind == kind) out.push_back(r);
  return out;
}

using Key = std::pair<std::string, std::string>;  // protocol, name

std::map<Key, std::uint64_t> by_key(const std::vector<Constant>& constants) {
  std::map<Key, std::uint64_t> out;
  for (const auto& c : constants) out[{c.protocol, c.name}] = c.value;
  return out;
}

// Both directions: every spec row has a header constant with its number,
// and every header constant has a spec row.
void expect_same(const std::vector<SpecRow>& spec, const std::vector<Constant>& header) {
  const auto defined = by_key(header);
  std::set<Key> in_spec;
  for (const auto& row : spec) {
    in_spec.insert({row.protocol, row.name});
    auto it = defined.find({row.protocol, row.name});
    if (it == defined.end()) {
      ADD_FAILURE() << row.protocol << ": " << row.name << " (" << row.value << ") is missing from servers/uapi";
      continue;
    }
    EXPECT_EQ(it->second, row.value) << row.protocol << ": " << row.name;
  }
  for (const auto& c : header) {
    EXPECT_TRUE(in_spec.count({c.protocol, c.name}))
        << c.protocol << ": " << c.name << " is not in the protocol file";
  }
}

TEST(UapiLabels, SpecTranscriptionIsComplete) {
  // 286 labels in the protocol file + 16 posix_ttysrv re-declared in
  // server.rs + 1 upstream extension (VFS_CLIENT_EXEC).
  EXPECT_EQ(spec_of_kind("label").size(), 303u);
  EXPECT_EQ(spec_of_kind("reserved").size(), 8u);
}

TEST(UapiLabels, EveryLabelHasTheSpecNumber) { expect_same(spec_of_kind("label"), header_labels()); }

TEST(UapiLabels, EveryConstantHasTheSpecValue) { expect_same(spec_of_kind("const"), header_constants()); }

TEST(UapiLabels, RetiredNumbersStayUnused) {
  for (const auto& reserved : spec_of_kind("reserved")) {
    for (const auto& c : header_labels()) {
      if (c.protocol == reserved.protocol) {
        EXPECT_NE(c.value, reserved.value) << c.protocol << ": " << c.name << " reuses a retired number";
      }
    }
  }
}

TEST(UapiLabels, NumbersAreUniquePerEndpoint) {
  std::map<Key, std::string> groups;  // (protocol, name) -> group
  for (const auto& r : spec_of_kind("label")) groups[{r.protocol, r.name}] = r.group;
  std::map<std::pair<std::string, std::uint64_t>, std::string> seen;  // (group, value) -> name
  for (const auto& c : header_labels()) {
    const std::string group = c.protocol + "/" + groups[{c.protocol, c.name}];
    auto [it, inserted] = seen.emplace(std::make_pair(group, c.value), c.name);
    EXPECT_TRUE(inserted) << group << ": " << c.name << " and " << it->second << " share " << c.value;
  }
}

TEST(UapiLabels, ServerReexportsPosixTtysrvLabels) {
  EXPECT_EQ(&uapi::server::POSIX_TTYSRV_PTY_ALLOC, &uapi::posix::POSIX_TTYSRV_PTY_ALLOC);
  EXPECT_EQ(uapi::server::POSIX_TTYSRV_CLIENT_EXIT, 21u);
}

}  // namespace
