// The file-semantics table (README.md): the host column must give every
// row's expected results (that checks the table against Linux); the sim
// column must give what the host gives, but for the rows of
// data/deviations.txt. Without a VFS server the sim column is "n/a" and
// its test is skipped.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "columns.h"
#include "table.h"

namespace {

using namespace vfs_table;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kTable = std::string(VFS_TABLE_DATA_DIR) + "/file_semantics.txt";
const std::string kDeviations = std::string(VFS_TABLE_DATA_DIR) + "/deviations.txt";

const std::vector<Row>& rows() {
  static const std::vector<Row> r = parse_table(read_file(kTable), kTable);
  return r;
}

const std::map<std::string, std::string>& deviations() {
  static const std::map<std::string, std::string> d = parse_deviations(read_file(kDeviations), kDeviations);
  return d;
}

const std::vector<RowOutcome>& host() {
  static const std::vector<RowOutcome> h = run_rows_on_host(rows());
  return h;
}

void report(const std::vector<Verdict>& verdicts) {
  std::cout << format_table(verdicts);
  for (const Verdict& v : verdicts)
    if (v.failed) ADD_FAILURE() << v.name << ": " << v.verdict << "\n  host: " << v.host << "\n  sim:  " << v.sim;
}

TEST(VfsSemantics, TheTableParses) {
  EXPECT_GE(rows().size(), 320u);
  for (const auto& [name, reason] : deviations()) {
    bool known = false;
    for (const Row& r : rows()) known = known || r.name == name;
    EXPECT_TRUE(known) << "deviations.txt names no row of the table: " << name;
  }
}

TEST(VfsSemantics, ParseErrorsNameTheLine) {
  auto error_of = [](const std::string& text) {
    try {
      parse_table(text, "t.txt");
    } catch (const ParseError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("row a\n  open f O_RDONLY -> ENOENT\n  frob x -> ok\n"), "t.txt:3: unknown call 'frob'");
  EXPECT_EQ(error_of("row a\n  open f O_BOGUS -> ok\n"), "t.txt:2: unknown constant 'O_BOGUS' in 'O_BOGUS'");
  EXPECT_EQ(error_of("row a\n  open f -> ok\n"), "t.txt:2: open takes 2..3 arguments, got 1");
  EXPECT_EQ(error_of("row a\n  close 3 -> EWHAT\n"), "t.txt:2: unknown errno 'EWHAT'");
  EXPECT_EQ(error_of("row a\n  close 3\n"), "t.txt:2: a step is: call args... -> expected");
  EXPECT_EQ(error_of("row a\nrow b\n  close 3 -> ok\n"), "t.txt:1: row a has no steps");
  EXPECT_EQ(error_of("row a\n  write 3 abc -> 3\n"), "t.txt:2: data must be a \"quoted string\": 'abc'");
  EXPECT_EQ(error_of("row a\n  stat f colour -> 3\n"), "t.txt:2: unknown stat field 'colour'");
  EXPECT_EQ(error_of("row a as somebody\n  close 3 -> ok\n"),
            "t.txt:1: row flags are 'as nobody' and 'needs root', got 'as somebody'");
  EXPECT_EQ(error_of("  close 3 -> ok\n"), "t.txt:1: a step before the first row");
  EXPECT_EQ(error_of("row a\n  write 3 \"abc -> 3\n"), "t.txt:2: unterminated string");
  EXPECT_EQ(error_of("row a\n  close 3 -> ok\nrow a\n  close 3 -> ok\n"), "t.txt:3: row a again");
}

// A wrong expectation fails the row with the step and what came instead.
TEST(VfsSemantics, AWrongExpectationFailsItsRow) {
  const std::vector<Row> bad = parse_table("row wrong\n  mkdir d 0755 -> ok\n  mkdir d 0755 -> ok\n", "t.txt");
  const std::vector<RowOutcome> out = run_rows_on_host(bad);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].passed);
  EXPECT_EQ(out[0].status, "line 3: mkdir d 0755 -> ok: got EEXIST");
  EXPECT_EQ(out[0].observed, "ok got:EEXIST");
}

TEST(VfsSemantics, HostColumnGivesTheExpectedResults) {
  report(judge(rows(), host(), nullptr, deviations()));
  size_t skipped = 0;
  for (const RowOutcome& o : host()) skipped += o.skipped;
  std::cout << rows().size() << " rows, " << skipped << " skipped on this host\n";
}

TEST(VfsSemantics, SimColumnMatchesTheHost) {
  if (!sim_vfs_available()) {
    std::cout << format_table(judge(rows(), host(), nullptr, deviations()));
    GTEST_SKIP() << "sim column n/a (no VFS server: no program named \"vfs\" is registered); " << rows().size()
                 << " rows not compared";
  }
  const std::vector<RowOutcome> sim = run_rows_in_sim(rows());
  report(judge(rows(), host(), &sim, deviations()));
}

}  // namespace
