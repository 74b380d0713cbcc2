// The utilities (servers/programs/coreutils) as real processes on a booted
// default system: every row runs /bin/<utility> through
// scenarios/builtin/run_program (argv, stdin, env -> stdout, stderr, exit
// status), all rows in order in one system, so earlier rows make the files
// later ones use. Rows marked kHost (the text tools: wc head tail sort uniq
// seq grep printf echo cat, and ls/date where the output is the same) also
// run through the host's GNU tool in a host directory holding the same
// fixture files, and both must agree on stdout, status and (kHostAll)
// stderr. Relative paths work on both sides: the runner's children start
// in "/" of the simulated system, the host tools in the fixture directory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/builtin/boot.h"
#include "scenarios/builtin/run_program.h"

namespace {

using sim::scenarios::ProgramResult;
using sim::scenarios::ProgramRun;

enum Check { kSim, kHost, kHostAll };

// One row: what to run and what must come back. Expected fields that are
// `kAny` are not compared (a host row's output is compared with the host).
const char* const kAny = "\x01any";

struct Row {
  std::vector<std::string> argv = {};  // argv[0] = utility name
  std::string in = "";
  std::string out = kAny;
  std::string err = kAny;
  int status = 0;
  Check check = kSim;
  std::vector<std::string> env = {"PATH=/bin"};
  sim::VDuration timeout = 10 * sim::kSec;
};

// Files both sides start from (relative to "/" in the simulation, to the
// host fixture directory on the host).
const std::vector<std::pair<std::string, std::string>> kFixtures = {
    {"tmp/u/a.txt", "banana\napple\ncherry\napple\n10\n9\n-2\nBanana\n"},
    {"tmp/u/b.txt", "one two  three\nfour\n\nfive six\n"},
    {"tmp/u/nonl.txt", "first\nno newline at end"},
    {"tmp/u/nums.txt", "3\n1\n2\n1.5\n-1\n10\nx\n007\n"},
    {"tmp/u/dup.txt", "a\na\nb\nc\nc\nc\nd\nA\na\n"},
    {"tmp/u/sub/deep.txt", "deep\n"},
    {"tmp/u/.hidden", "h\n"},
};

std::string sim_path(const std::string& name) { return "/bin/" + name; }

// The host tool on the same row: stdin through a pipe (as the simulated
// side gets it), stdout and stderr into files, the status.
ProgramResult run_host(const Row& r, const std::string& dir) {
  ProgramResult res;
  std::string out = dir + "/../stdout", err = dir + "/../stderr";
  int in[2];
  if (pipe(in) != 0) return res;
  pid_t pid = fork();
  if (pid == 0) {
    close(in[1]);
    dup2(in[0], 0);
    close(in[0]);
    if (chdir(dir.c_str()) != 0) _exit(126);
    if (!freopen(out.c_str(), "wb", stdout) || !freopen(err.c_str(), "wb", stderr)) _exit(126);
    setenv("LC_ALL", "C", 1);
    setenv("TZ", "UTC", 1);
    std::vector<char*> argv;
    for (const std::string& a : r.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(in[0]);
  signal(SIGPIPE, SIG_IGN);
  for (size_t done = 0; done < r.in.size();) {
    ssize_t n = write(in[1], r.in.data() + done, r.in.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  close(in[1]);
  int st = 0;
  waitpid(pid, &st, 0);
  res.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  auto slurp = [](const std::string& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  res.out = slurp(out);
  res.err = slurp(err);
  return res;
}

std::string show(const Row& r) {
  std::string s;
  for (const std::string& a : r.argv) s += "'" + a + "' ";
  return s;
}

// Runs every row in one booted system (fixtures made first with mkdir -p
// and tee) and checks each.
void run_table(const std::vector<Row>& rows) {
  std::vector<ProgramRun> runs;
  for (const auto& [path, text] : kFixtures) {
    std::string dir = path.substr(0, path.rfind('/'));
    runs.push_back({.argv = {"/bin/mkdir", "-p", dir}});
    runs.push_back({.argv = {"/bin/tee", path}, .stdin_bytes = text});
  }
  const size_t first = runs.size();
  for (const Row& r : rows) {
    ProgramRun run{.argv = r.argv, .stdin_bytes = r.in, .env = r.env, .timeout = r.timeout};
    run.argv[0] = sim_path(r.argv[0]);
    runs.push_back(run);
  }
  std::vector<ProgramResult> got = sim::scenarios::run_programs(runs);
  ASSERT_EQ(got.size(), runs.size());
  for (size_t i = 0; i < first; ++i) ASSERT_EQ(got[i].status, 0) << "fixture " << runs[i].argv[1] << got[i].err;

  char tmpl[] = "/tmp/saltysim_utils_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string host_dir = std::string(tmpl) + "/root";
  mkdir(host_dir.c_str(), 0755);
  for (const auto& [path, text] : kFixtures) {
    std::string full = host_dir + "/" + path;
    for (size_t s = host_dir.size() + 1; (s = full.find('/', s)) != std::string::npos; ++s)
      mkdir(full.substr(0, s).c_str(), 0755);
    std::ofstream(full, std::ios::binary) << text;
  }

  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const ProgramResult& s = got[first + i];
    SCOPED_TRACE("row " + std::to_string(i) + ": " + show(r));
    EXPECT_TRUE(s.started);
    if (r.out != kAny) {
      EXPECT_EQ(s.out, r.out);
    }
    if (r.err != kAny) {
      EXPECT_EQ(s.err, r.err);
    }
    EXPECT_EQ(s.status, r.status) << "stderr: " << s.err;
    if (r.check == kSim) continue;
    ProgramResult h = run_host(r, host_dir);
    EXPECT_EQ(s.out, h.out) << "the host's " << r.argv[0] << " printed something else";
    EXPECT_EQ(s.status, h.status) << "host stderr: " << h.err;
    if (r.check == kHostAll) {
      EXPECT_EQ(s.err, h.err);
    }
  }
  std::string cleanup = "rm -rf " + std::string(tmpl);
  EXPECT_EQ(std::system(cleanup.c_str()), 0);
}

// --- the text tools, against the host ---------------------------------

TEST(Utils, TextToolsAgreeWithGnu) {
  const std::string a = "tmp/u/a.txt", b = "tmp/u/b.txt", nonl = "tmp/u/nonl.txt", nums = "tmp/u/nums.txt",
                    dup = "tmp/u/dup.txt", missing = "tmp/u/missing";
  std::vector<Row> rows = {
      // wc
      {.argv = {"wc", a}, .out = " 8  8 41 tmp/u/a.txt\n", .check = kHostAll},
      {.argv = {"wc", "-l", a}, .out = "8 tmp/u/a.txt\n", .check = kHostAll},
      {.argv = {"wc", "-w", b}, .check = kHostAll},
      {.argv = {"wc", "-c", b}, .check = kHostAll},
      {.argv = {"wc", "-m", nonl}, .check = kHostAll},
      {.argv = {"wc", "-lw", a, b}, .check = kHostAll},
      {.argv = {"wc"}, .in = "x y\nz\n", .out = "      2       3       6\n", .check = kHostAll},
      {.argv = {"wc", "-l"}, .in = "x y\nz\n", .out = "2\n", .check = kHostAll},
      {.argv = {"wc", "-c", "-"}, .in = "abc", .check = kHostAll},
      {.argv = {"wc", missing}, .err = "wc: tmp/u/missing: No such file or directory\n", .status = 1, .check = kHostAll},
      {.argv = {"wc", a, missing}, .status = 1, .check = kHostAll},
      {.argv = {"wc", "-x"}, .err = "wc: invalid option -- 'x'\nTry 'wc --help' for more information.\n", .status = 1,
       .check = kHostAll},
      // head
      {.argv = {"head", a}, .check = kHostAll},
      {.argv = {"head", "-n", "2", a}, .out = "banana\napple\n", .check = kHostAll},
      {.argv = {"head", "-n", "-6", a}, .out = "banana\napple\n", .check = kHostAll},
      {.argv = {"head", "-c", "5", a}, .out = "banan", .check = kHostAll},
      {.argv = {"head", "-c", "-40", a}, .check = kHostAll},
      {.argv = {"head", "-3", a}, .check = kHostAll},
      {.argv = {"head", "-n1", a, b}, .out = "==> tmp/u/a.txt <==\nbanana\n\n==> tmp/u/b.txt <==\none two  three\n",
       .check = kHostAll},
      {.argv = {"head", "-q", "-n1", a, b}, .check = kHostAll},
      {.argv = {"head", "-v", "-n1", a}, .check = kHostAll},
      {.argv = {"head", "-n", "2"}, .in = "1\n2\n3\n", .check = kHostAll},
      {.argv = {"head", "-n", "x", a}, .err = "head: invalid number of lines: 'x'\n", .status = 1, .check = kHostAll},
      {.argv = {"head", "-c", "y", a}, .status = 1, .check = kHostAll},
      {.argv = {"head", missing}, .err = "head: cannot open 'tmp/u/missing' for reading: No such file or directory\n",
       .status = 1, .check = kHostAll},
      {.argv = {"head", "-n", "1", missing, a}, .status = 1, .check = kHostAll},
      // tail
      {.argv = {"tail", a}, .check = kHostAll},
      {.argv = {"tail", "-n", "2", a}, .out = "-2\nBanana\n", .check = kHostAll},
      {.argv = {"tail", "-n", "+7", a}, .out = "-2\nBanana\n", .check = kHostAll},
      {.argv = {"tail", "-c", "4", a}, .check = kHostAll},
      {.argv = {"tail", "-c", "+44", a}, .check = kHostAll},
      {.argv = {"tail", "-2", a}, .check = kHostAll},
      {.argv = {"tail", "-n", "1", nonl}, .out = "no newline at end", .check = kHostAll},
      {.argv = {"tail", "-n1", a, b}, .check = kHostAll},
      {.argv = {"tail", "-n", "2"}, .in = "1\n2\n3\n", .check = kHostAll},
      {.argv = {"tail", "-n", "z", a}, .err = "tail: invalid number of lines: 'z'\n", .status = 1, .check = kHostAll},
      {.argv = {"tail", missing}, .status = 1, .check = kHostAll},
      // sort
      {.argv = {"sort", a}, .out = "-2\n10\n9\nBanana\napple\napple\nbanana\ncherry\n", .check = kHostAll},
      {.argv = {"sort", "-r", a}, .check = kHostAll},
      {.argv = {"sort", "-n", nums}, .check = kHostAll},
      {.argv = {"sort", "-nr", nums}, .check = kHostAll},
      {.argv = {"sort", "-u", dup}, .check = kHostAll},
      {.argv = {"sort", "-n", "-u", nums}, .check = kHostAll},
      {.argv = {"sort", "-rn", a, nums}, .check = kHostAll},
      {.argv = {"sort"}, .in = "b\na\nc", .out = "a\nb\nc\n", .check = kHostAll},
      {.argv = {"sort", missing}, .err = "sort: cannot read: tmp/u/missing: No such file or directory\n", .status = 2,
       .check = kHostAll},
      {.argv = {"sort", "-Q"}, .status = 2, .check = kHostAll},
      // uniq
      {.argv = {"uniq", dup}, .out = "a\nb\nc\nd\nA\na\n", .check = kHostAll},
      {.argv = {"uniq", "-c", dup}, .out = "      2 a\n      1 b\n      3 c\n      1 d\n      1 A\n      1 a\n",
       .check = kHostAll},
      {.argv = {"uniq", "-d", dup}, .out = "a\nc\n", .check = kHostAll},
      {.argv = {"uniq", "-cd", dup}, .check = kHostAll},
      {.argv = {"uniq", "-u", dup}, .check = kHostAll},
      {.argv = {"uniq", "-i", dup}, .check = kHostAll},
      {.argv = {"uniq"}, .in = "x\nx\ny\n", .check = kHostAll},
      {.argv = {"uniq", missing}, .err = "uniq: tmp/u/missing: No such file or directory\n", .status = 1,
       .check = kHostAll},
      // seq
      {.argv = {"seq", "5"}, .out = "1\n2\n3\n4\n5\n", .check = kHostAll},
      {.argv = {"seq", "2", "5"}, .check = kHostAll},
      {.argv = {"seq", "1", "2", "9"}, .check = kHostAll},
      {.argv = {"seq", "5", "-1", "1"}, .check = kHostAll},
      {.argv = {"seq", "-3", "-1"}, .check = kHostAll},
      {.argv = {"seq", "1", "0.5", "3"}, .out = "1.0\n1.5\n2.0\n2.5\n3.0\n", .check = kHostAll},
      {.argv = {"seq", "0.1", "0.1", "0.5"}, .check = kHostAll},
      {.argv = {"seq", "-w", "8", "10"}, .out = "08\n09\n10\n", .check = kHostAll},
      {.argv = {"seq", "-s", ",", "1", "4"}, .out = "1,2,3,4\n", .check = kHostAll},
      {.argv = {"seq", "3", "1"}, .out = "", .check = kHostAll},
      {.argv = {"seq"}, .err = "seq: missing operand\nTry 'seq --help' for more information.\n", .status = 1,
       .check = kHostAll},
      {.argv = {"seq", "x"}, .status = 1, .check = kHostAll},
      {.argv = {"seq", "1", "0", "5"}, .status = 1, .check = kHostAll},
      {.argv = {"seq", "1", "2", "3", "4"}, .status = 1, .check = kHostAll},
      // grep
      {.argv = {"grep", "apple", a}, .out = "apple\napple\n", .check = kHostAll},
      {.argv = {"grep", "-v", "an", a}, .check = kHostAll},
      {.argv = {"grep", "-i", "BANANA", a}, .out = "banana\nBanana\n", .check = kHostAll},
      {.argv = {"grep", "-n", "an", a}, .out = "1:banana\n8:Banana\n", .check = kHostAll},
      {.argv = {"grep", "-c", "a", a}, .out = "4\n", .check = kHostAll},
      {.argv = {"grep", "-q", "cherry", a}, .out = "", .check = kHostAll},
      {.argv = {"grep", "-q", "durian", a}, .status = 1, .check = kHostAll},
      {.argv = {"grep", "-F", "a.", a}, .out = "", .status = 1, .check = kHostAll},
      {.argv = {"grep", "a.", a}, .check = kHostAll},
      {.argv = {"grep", "^a", a}, .check = kHostAll},
      {.argv = {"grep", "a$", a}, .check = kHostAll},
      {.argv = {"grep", "^-", a}, .check = kHostAll},
      {.argv = {"grep", "an*a", a}, .check = kHostAll},
      {.argv = {"grep", "[[:digit:]]", a}, .check = kHostAll},
      {.argv = {"grep", "[^a-z]", a}, .check = kHostAll},
      {.argv = {"grep", "\\(an\\)\\1", a}, .out = "banana\nBanana\n", .check = kHostAll},
      {.argv = {"grep", "p\\{2\\}", a}, .check = kHostAll},
      {.argv = {"grep", "e\\|9", a}, .check = kHostAll},
      {.argv = {"grep", "ap\\+l", a}, .check = kHostAll},
      {.argv = {"grep", "-E", "ap+le|ch(er)+y", a}, .check = kHostAll},
      {.argv = {"grep", "-E", "^(b|B)an", a}, .check = kHostAll},
      {.argv = {"grep", "*", "-"}, .in = "a*b\nc\n", .check = kHostAll},
      {.argv = {"grep", "-e", "apple", "-e", "cherry", a}, .check = kHostAll},
      {.argv = {"grep", "-n", "o", a, b}, .check = kHostAll},
      {.argv = {"grep", "-c", "e", a, b}, .check = kHostAll},
      {.argv = {"grep", "-h", "e", a, b}, .check = kHostAll},
      {.argv = {"grep", "-l", "e", a, b, nums}, .check = kHostAll},
      {.argv = {"grep", "x"}, .in = "axb\nc\n", .out = "axb\n", .check = kHostAll},
      {.argv = {"grep", "apple", missing}, .err = "grep: tmp/u/missing: No such file or directory\n", .status = 2,
       .check = kHostAll},
      {.argv = {"grep", "apple", a, missing}, .status = 2, .check = kHostAll},
      {.argv = {"grep", "-s", "apple", missing}, .err = "", .status = 2, .check = kHostAll},
      {.argv = {"grep", "-q", "apple", missing, a}, .status = 0, .check = kHost},
      {.argv = {"grep", "["}, .err = "grep: Invalid regular expression\n", .status = 2, .check = kHostAll},
      {.argv = {"grep", "[a"}, .err = "grep: Unmatched [, [^, [:, [., or [=\n", .status = 2, .check = kHostAll},
      {.argv = {"grep", "[[:foo:]]"}, .err = "grep: Invalid character class name\n", .status = 2, .check = kHostAll},
      {.argv = {"grep", "a\\{1"}, .err = "grep: Unmatched \\{\n", .status = 2, .check = kHostAll},
      {.argv = {"grep", "a\\{2,1\\}"}, .err = "grep: Invalid content of \\{\\}\n", .status = 2, .check = kHostAll},
      {.argv = {"grep", "\\"}, .err = "grep: Trailing backslash\n", .status = 2, .check = kHostAll},
      {.argv = {"grep", "-E", "a{1"}, .in = "a{1\n", .out = "a{1\n", .check = kHostAll},
      {.argv = {"grep", "-E", "x)"}, .in = "x)\n", .check = kHostAll},
      {.argv = {"grep", "\\(a"}, .err = "grep: Unmatched ( or \\(\n", .status = 2, .check = kHostAll},
      {.argv = {"grep", "a\\)"}, .err = "grep: Unmatched ) or \\)\n", .status = 2, .check = kHostAll},
      {.argv = {"grep", "\\(a\\)\\2"}, .err = "grep: Invalid back reference\n", .status = 2, .check = kHostAll},
      {.argv = {"grep"}, .err = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
       .status = 2, .check = kHostAll},
      // printf
      {.argv = {"printf", "%s-%s\\n", "a", "b", "c"}, .out = "a-b\nc-\n", .check = kHostAll},
      {.argv = {"printf", "%d %i|%u\\n", "42", "-7", "3"}, .check = kHostAll},
      {.argv = {"printf", "%5.2s|%-4s|\\n", "abc", "x"}, .out = "   ab|x   |\n", .check = kHostAll},
      {.argv = {"printf", "%-5d|%05d|%+d|% d\\n", "3", "42", "5", "7"}, .check = kHostAll},
      {.argv = {"printf", "%x %X %o %#x %#o\\n", "255", "255", "8", "255", "8"}, .out = "ff FF 10 0xff 010\n",
       .check = kHostAll},
      {.argv = {"printf", "%d %d %d\\n", "0x1f", "010", "'A"}, .out = "31 8 65\n", .check = kHostAll},
      {.argv = {"printf", "%c%c\\n", "hello", "w"}, .check = kHostAll},
      {.argv = {"printf", "%b|\\n", "a\\tb\\0101"}, .check = kHostAll},
      {.argv = {"printf", "a\\nb\\tc\\\\\\101\\n"}, .check = kHostAll},
      {.argv = {"printf", "%%|%5s|%.1s\\n", "ab", "xyz"}, .check = kHostAll},
      {.argv = {"printf", "%.3f %.0f %f\\n", "3.14159", "2.5", "1"}, .check = kHostAll},
      {.argv = {"printf", "%*d|%-*d|\\n", "4", "7", "3", "1"}, .check = kHostAll},
      {.argv = {"printf", "[%s][%d]\\n"}, .out = "[][0]\n", .check = kHostAll},
      {.argv = {"printf", "%d\\n", "abc"}, .out = "0\n", .err = "printf: 'abc': expected a numeric value\n",
       .status = 1, .check = kHostAll},
      {.argv = {"printf", "%d\\n", "12abc"}, .err = "printf: '12abc': value not completely converted\n", .status = 1,
       .check = kHostAll},
      {.argv = {"printf"}, .err = "printf: missing operand\nTry 'printf --help' for more information.\n",
       .status = 1, .check = kHostAll},
      {.argv = {"printf", "x%zy"}, .status = 1, .check = kHost},
      // echo
      {.argv = {"echo", "a", "b"}, .out = "a b\n", .check = kHostAll},
      {.argv = {"echo", "-n", "x"}, .out = "x", .check = kHostAll},
      {.argv = {"echo", "-e", "a\\tb\\n"}, .check = kHostAll},
      {.argv = {"echo", "-E", "a\\tb"}, .out = "a\\tb\n", .check = kHostAll},
      {.argv = {"echo", "-e", "x\\cy", "z"}, .out = "x", .check = kHostAll},
      {.argv = {"echo", "-e", "\\0101\\x42\\e[0m\\q"}, .check = kHostAll},
      {.argv = {"echo", "--", "a"}, .out = "-- a\n", .check = kHostAll},
      {.argv = {"echo", "-nx", "y"}, .out = "-nx y\n", .check = kHostAll},
      {.argv = {"echo", "-ne", "k\\n"}, .out = "k\n", .check = kHostAll},
      {.argv = {"echo"}, .out = "\n", .check = kHostAll},
      // cat
      {.argv = {"cat", a}, .check = kHostAll},
      {.argv = {"cat", a, nonl, b}, .check = kHostAll},
      {.argv = {"cat"}, .in = "from stdin\n", .out = "from stdin\n", .check = kHostAll},
      {.argv = {"cat", nonl, "-", nonl}, .in = "[mid]", .check = kHostAll},
      {.argv = {"cat", missing}, .err = "cat: tmp/u/missing: No such file or directory\n", .status = 1,
       .check = kHostAll},
      {.argv = {"cat", a, missing, b}, .status = 1, .check = kHostAll},
      {.argv = {"cat", "tmp/u"}, .err = "cat: tmp/u: Is a directory\n", .status = 1, .check = kHostAll},
      {.argv = {"cat", "-z"}, .status = 1, .check = kHostAll},
      // ls (names only: the same on both sides)
      {.argv = {"ls", "tmp/u"}, .out = "a.txt\nb.txt\ndup.txt\nnonl.txt\nnums.txt\nsub\n", .check = kHostAll},
      {.argv = {"ls", "-a", "tmp/u"}, .check = kHostAll},
      {.argv = {"ls", "-R", "tmp/u"}, .check = kHostAll},
      {.argv = {"ls", "-d", "tmp/u", a}, .check = kHostAll},
      {.argv = {"ls", b, a, "tmp/u/sub"}, .check = kHostAll},
      {.argv = {"ls", missing}, .err = "ls: cannot access 'tmp/u/missing': No such file or directory\n", .status = 2,
       .check = kHostAll},
      {.argv = {"ls", missing, "tmp/u/sub"}, .status = 2, .check = kHostAll},
      {.argv = {"ls", "-y"}, .err = "ls: invalid option -- 'y'\nTry 'ls --help' for more information.\n", .status = 2,
       .check = kHostAll},
      // date on a given time (the host in UTC)
      {.argv = {"date", "-u", "-d", "@0"}, .out = "Thu Jan  1 00:00:00 UTC 1970\n", .check = kHostAll},
      {.argv = {"date", "-u", "-d", "@1700000000", "+%F %T %a %A %b %B %e %j %u %w %y %s %Z %z %%"}, .check = kHostAll},
      {.argv = {"date", "-u", "-d", "@951782400", "+%D %I %p %k %l"}, .check = kHostAll},
  };
  run_table(rows);
}

}  // namespace
