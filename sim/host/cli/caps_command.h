// `saltysim caps FILE QUERY...` on a saved capability record, and the same
// queries live at the end of a run (`saltysim run --caps-query 'QUERY'`).
// QUERY is one of (README.md, sim/host/inspect/README.md):
//   reach ENDPOINT [--at T] [--format text|dot]
//   origin CAP | origin --process P --slot N [--at T]   [--format ...]
//   held PROCESS [--at T]                                [--format ...]
//   diff PROCESS --from T1 --to T2                       [--format ...]
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "sim/host/inspect/caps_record.h"

namespace sim {

// Exit codes: 0 answered, 2 bad query (or --help: 0).
int caps_query(const inspect::caps::Record& r, const std::vector<std::string>& args, std::ostream& out,
               std::ostream& err);
// Loads `file` (exit 2 when unreadable or malformed), then caps_query.
int caps_command(const std::string& file, const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// "reach procmgr --at 5ms" -> {"reach", "procmgr", "--at", "5ms"} (split at spaces).
std::vector<std::string> split_words(const std::string& s);
// The help text of the query forms (for `saltysim caps --help`).
const char* caps_query_help();

}  // namespace sim
