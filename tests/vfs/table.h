// tests/vfs/table.h — the file-semantics table: its row language, the
// parser, the row runner over any FsOps column, and the comparison and
// formatting both columns share (README.md has the language).
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "fs_ops.h"

namespace vfs_table {

struct Step {
  int line = 0;
  std::optional<Who> as;              // `as root:` / `as nobody:` (this step only)
  std::string call;
  std::vector<std::string> args;      // raw tokens (quoted strings keep their quotes)
  std::vector<std::string> expect;    // the tokens after "->"
  std::string text;                   // the step as written (for messages)
};

struct Row {
  std::string name;
  int line = 0;
  bool nobody = false;      // `as nobody`: every step acts as uid/gid 65534
  bool needs_root = false;  // `needs root`: skipped when the host runs unprivileged
  long umask = 022;
  std::vector<Step> steps;
  // Some step acts as another user than root (needs a process of its own).
  bool switches_user() const;
  bool has_root_steps() const;
};

struct ParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The rows of a table file; ParseError "file:line: what" on the first error.
std::vector<Row> parse_table(const std::string& text, const std::string& file);

struct RowOutcome {
  std::string name;
  bool skipped = false;
  bool passed = false;      // every step gave its expected result
  std::string status;       // "ok", "skipped: why", or the first mismatch
  std::string observed;     // one token per step, compared across columns
};

// Runs `row` on `fs`, whose working directory is the row's empty scratch
// directory: umask, identity, then each step; closes the fds it opened.
RowOutcome run_row(FsOps& fs, const Row& row);

// tests/vfs/data/deviations.txt: row name -> reason.
std::map<std::string, std::string> parse_deviations(const std::string& text, const std::string& file);

struct Verdict {
  std::string name, host, sim, verdict;
  bool failed = false;  // host wrong, or host != sim without a deviation
};

// One verdict a row; `sim` nullptr: the sim column is not available
// (its cells read "n/a (no VFS server)").
std::vector<Verdict> judge(const std::vector<Row>& rows, const std::vector<RowOutcome>& host,
                           const std::vector<RowOutcome>* sim, const std::map<std::string, std::string>& deviations);
std::string format_table(const std::vector<Verdict>& verdicts);

}  // namespace vfs_table
