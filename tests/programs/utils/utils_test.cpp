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
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/builtin/boot.h"
#include "scenarios/builtin/run_program.h"
#include "sim/host/programs/programs.h"
#include "trona/posix/fd.h"
#include "trona/posix/file.h"
#include "trona/posix/process.h"
#include "uapi/linux_numbers.h"

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
  std::vector<std::string> has = {};  // stdout must contain each (with out = kAny)
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

namespace px = trona::posix;

// t_yes_reader PROGRAM ARGS...: runs PROGRAM with its stdout on a pipe,
// reads 12 bytes, closes the pipe and prints them, "|", and how PROGRAM
// ended (as a reader such as `head -c 12` would leave yes).
int yes_reader(int argc, char** argv, char**) {
  if (argc < 2) return 2;
  int p[2];
  if (px::pipe(p) != 0) return 2;
  struct Child {
    int w, r;
    char** argv;
  } c{p[1], p[0], argv + 1};
  px::pid_t pid = px::fork_to(
      [](std::uint64_t arg) {
        const Child& k = *reinterpret_cast<const Child*>(arg);
        px::dup2(k.w, 1);
        px::close(k.w);
        px::close(k.r);
        char* env[] = {nullptr};
        px::execve(k.argv[0], k.argv, env);
        px::_exit(127);
      },
      reinterpret_cast<std::uint64_t>(&c));
  px::close(p[1]);
  std::string got;
  char buf[12];
  while (got.size() < 12) {
    long n = px::read(p[0], buf, 12 - got.size());
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  px::close(p[0]);
  int st = 0;
  px::waitpid(pid, &st, 0);
  got += uapi::w_ifsignaled(st) ? "|signal " + std::to_string(uapi::w_termsig(st)) + "\n"
                                : "|exit " + std::to_string(uapi::w_exitstatus(st)) + "\n";
  px::write(1, got.data(), got.size());
  return 0;
}

void test_images(hw::CpioBuilder& initrd) {
  saltysim::programs::register_program("t_yes_reader", &yes_reader);
  initrd.add_file("bin/t_yes_reader", "#!trona-image v1\nentry=t_yes_reader\n");
}

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
  std::vector<ProgramResult> got = sim::scenarios::run_programs(runs, 7, test_images);
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
    for (const std::string& part : r.has) EXPECT_NE(s.out.find(part), std::string::npos) << part << " in " << s.out;
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

// --- files, processes, accounts and the system (the simulated side) -----

const std::string kTryLs = "Try 'ls --help' for more information.\n";

// 2000 numbered lines (50890 bytes).
std::string big_text() {
  std::string t;
  for (int i = 0; i < 2000; ++i) t += "line " + std::to_string(i) + " of the big file\n";
  return t;
}

TEST(Utils, FilesDirectoriesAndLinks) {
  std::vector<Row> rows = {
      // mkdir / rmdir
      {.argv = {"mkdir", "tmp/w"}, .out = "", .err = ""},
      {.argv = {"mkdir", "tmp/w"}, .err = "mkdir: cannot create directory 'tmp/w': File exists\n", .status = 1},
      {.argv = {"mkdir", "tmp/w/x/y"}, .err = "mkdir: cannot create directory 'tmp/w/x/y': No such file or directory\n",
       .status = 1},
      {.argv = {"mkdir", "-p", "tmp/w/p/q/r"}, .err = ""},
      {.argv = {"mkdir", "-p", "tmp/w/p/q"}, .err = ""},
      {.argv = {"mkdir", "-m", "700", "tmp/w/m"}, .err = ""},
      {.argv = {"stat", "-c", "%a %F", "tmp/w/m"}, .out = "700 directory\n"},
      {.argv = {"mkdir", "-m", "9", "tmp/w/bad"}, .err = "mkdir: invalid mode '9'\n", .status = 1},
      {.argv = {"mkdir"}, .err = "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", .status = 1},
      {.argv = {"mkdir", "-z", "d"}, .err = "mkdir: invalid option -- 'z'\nTry 'mkdir --help' for more information.\n",
       .status = 1},
      {.argv = {"rmdir", "tmp/w/p/q/r"}, .err = ""},
      {.argv = {"rmdir", "tmp/w/p"}, .err = "rmdir: failed to remove 'tmp/w/p': Directory not empty\n", .status = 1},
      {.argv = {"rmdir", "tmp/w/none"}, .err = "rmdir: failed to remove 'tmp/w/none': No such file or directory\n",
       .status = 1},
      {.argv = {"rmdir"}, .err = "rmdir: missing operand\nTry 'rmdir --help' for more information.\n", .status = 1},
      // touch, and files through tee
      {.argv = {"touch", "tmp/w/t"}, .err = ""},
      {.argv = {"stat", "-c", "%n %s %F %a %U:%G %h", "tmp/w/t"}, .out = "tmp/w/t 0 regular empty file 644 root:root 1\n"},
      {.argv = {"touch", "-c", "tmp/w/none"}, .err = ""},
      {.argv = {"ls", "tmp/w/none"}, .err = "ls: cannot access 'tmp/w/none': No such file or directory\n", .status = 2},
      {.argv = {"touch", "tmp/nodir/x"}, .err = "touch: cannot touch 'tmp/nodir/x': No such file or directory\n",
       .status = 1},
      {.argv = {"touch"}, .err = "touch: missing file operand\nTry 'touch --help' for more information.\n", .status = 1},
      {.argv = {"tee", "tmp/w/f", "tmp/w/g"}, .in = "hello\n", .out = "hello\n", .err = ""},
      {.argv = {"tee", "-a", "tmp/w/f"}, .in = "again\n", .out = "again\n"},
      {.argv = {"cat", "tmp/w/f", "tmp/w/g"}, .out = "hello\nagain\nhello\n"},
      {.argv = {"tee", "tmp/w/f", "tmp/nodir/x"}, .in = "both\n", .out = "both\n",
       .err = "tee: tmp/nodir/x: No such file or directory\n", .status = 1},
      {.argv = {"cat", "tmp/w/f"}, .out = "both\n"},
      // large data through the bulk paths (reads over 512, writes over 144 bytes)
      {.argv = {"tee", "tmp/big"}, .in = big_text(), .out = big_text()},
      {.argv = {"cat", "tmp/big"}, .out = big_text()},
      {.argv = {"wc", "tmp/big"}, .out = " 2000 12000 50890 tmp/big\n"},
      {.argv = {"tail", "-n", "1", "tmp/big"}, .out = "line 1999 of the big file\n"},
      {.argv = {"sort", "-r", "tmp/big"}, .has = {"line 999 of the big file\nline 998 of"}},
      {.argv = {"grep", "-c", "9 of", "tmp/big"}, .out = "200\n"},
      {.argv = {"cp", "tmp/big", "tmp/big2"}, .err = ""},
      {.argv = {"cat", "tmp/big2"}, .out = big_text()},
      {.argv = {"rm", "tmp/big", "tmp/big2"}, .err = ""},
      {.argv = {"ls", "-l", "/dev/null"}, .has = {" /dev/null\n"}},
      // ls -l, -a, -R, -d on what is there
      {.argv = {"ls", "tmp/w"}, .out = "f\ng\nm\np\nt\n"},
      {.argv = {"ls", "-l", "tmp/w/f", "tmp/w/t"},
       .out = "-rw-r--r-- 1 root root 5 Jan  1 00:00 tmp/w/f\n-rw-r--r-- 1 root root 0 Jan  1 00:00 tmp/w/t\n"},
      {.argv = {"ls", "-ld", "tmp/w/m"}, .out = "drwx------ 2 root root 40 Jan  1 00:00 tmp/w/m\n"},
      {.argv = {"ls", "-R", "tmp/w/p"}, .out = "tmp/w/p:\nq\n\ntmp/w/p/q:\n"},
      {.argv = {"ls", "-a", "tmp/w/p"}, .out = ".\n..\nq\n"},
      {.argv = {"ls", "-la", "tmp/w/p"},
       .has = {"total 0\n", " .\n", " ..\n", "drwxr-xr-x 2 root root  40 Jan  1 00:00 q\n"}},
      {.argv = {"ls", "-l", "tmp/w/p"}, .out = "total 0\ndrwxr-xr-x 2 root root 40 Jan  1 00:00 q\n"},
      {.argv = {"ls", "--bogus"}, .err = "ls: unrecognized option '--bogus'\n" + kTryLs, .status = 2},
      // ln -s / ln
      {.argv = {"ln", "-s", "f", "tmp/w/sl"}, .err = ""},
      {.argv = {"ls", "-l", "tmp/w/sl"}, .out = "lrwxrwxrwx 1 root root 1 Jan  1 00:00 tmp/w/sl -> f\n"},
      {.argv = {"cat", "tmp/w/sl"}, .out = "both\n"},
      {.argv = {"stat", "-c", "%N %F", "tmp/w/sl"}, .out = "'tmp/w/sl' -> 'f' symbolic link\n"},
      {.argv = {"ln", "tmp/w/f", "tmp/w/hard"}, .err = ""},
      {.argv = {"stat", "-c", "%h", "tmp/w/f"}, .out = "2\n"},
      {.argv = {"ln", "-s", "x", "tmp/w/f"}, .err = "ln: failed to create symbolic link 'tmp/w/f': File exists\n",
       .status = 1},
      {.argv = {"ln", "tmp/w/none", "tmp/w/h2"}, .err = "ln: failed to access 'tmp/w/none': No such file or directory\n",
       .status = 1},
      {.argv = {"ln"}, .err = "ln: missing file operand\nTry 'ln --help' for more information.\n", .status = 1},
      // stat
      {.argv = {"stat", "tmp/w/f"},
       .has = {"  File: tmp/w/f\n  Size: 5         \tBlocks: 1          IO Block: 4096   regular file\n",
               "Links: 2\n", "Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)\n",
               "Modify: 2024-01-01 00:00:00.", " Birth: -\n"}},
      {.argv = {"stat", "tmp/w/none"}, .err = "stat: cannot statx 'tmp/w/none': No such file or directory\n",
       .status = 1},
      {.argv = {"stat"}, .err = "stat: missing operand\nTry 'stat --help' for more information.\n", .status = 1},
      // cp
      {.argv = {"cp", "tmp/w/f", "tmp/w/c"}, .err = ""},
      {.argv = {"cat", "tmp/w/c"}, .out = "both\n"},
      {.argv = {"cp", "tmp/w/f", "tmp/w/g", "tmp/w/m"}, .err = ""},
      {.argv = {"ls", "tmp/w/m"}, .out = "f\ng\n"},
      {.argv = {"cp", "tmp/w/p", "tmp/w/p2"}, .err = "cp: -r not specified; omitting directory 'tmp/w/p'\n", .status = 1},
      {.argv = {"cp", "-r", "tmp/w/p", "tmp/w/p2"}, .err = ""},
      {.argv = {"ls", "-R", "tmp/w/p2"}, .out = "tmp/w/p2:\nq\n\ntmp/w/p2/q:\n"},
      {.argv = {"cp", "-r", "tmp/w/sl", "tmp/w/sl2"}, .err = ""},
      {.argv = {"stat", "-c", "%F", "tmp/w/sl2"}, .out = "symbolic link\n"},
      {.argv = {"cp", "-r", "tmp/w/p", "tmp/w/p/q/in"},
       .err = "cp: cannot copy a directory, 'tmp/w/p', into itself, 'tmp/w/p/q/in'\n", .status = 1},
      {.argv = {"cp", "tmp/w/none", "tmp/w/x"}, .err = "cp: cannot stat 'tmp/w/none': No such file or directory\n",
       .status = 1},
      {.argv = {"cp", "tmp/w/f", "tmp/w/f"}, .err = "cp: 'tmp/w/f' and 'tmp/w/f' are the same file\n", .status = 1},
      {.argv = {"cp", "tmp/w/f"}, .err = "cp: missing destination file operand after 'tmp/w/f'\n"
                                          "Try 'cp --help' for more information.\n", .status = 1},
      {.argv = {"cp", "tmp/w/f", "tmp/w/g", "tmp/w/t"}, .err = "cp: target 'tmp/w/t' is not a directory\n", .status = 1},
      // mv
      {.argv = {"mv", "tmp/w/c", "tmp/w/c2"}, .err = ""},
      {.argv = {"ls", "tmp/w/c", "tmp/w/c2"}, .out = "tmp/w/c2\n",
       .err = "ls: cannot access 'tmp/w/c': No such file or directory\n", .status = 2},
      {.argv = {"mv", "tmp/w/c2", "tmp/w/p2"}, .err = ""},
      {.argv = {"ls", "tmp/w/p2"}, .out = "c2\nq\n"},
      {.argv = {"mv", "tmp/w/none", "tmp/w/x"}, .err = "mv: cannot stat 'tmp/w/none': No such file or directory\n",
       .status = 1},
      {.argv = {"mv"}, .err = "mv: missing file operand\nTry 'mv --help' for more information.\n", .status = 1},
      {.argv = {"mv", "tmp/w/p2", "tmp/w/p2/q"}, .status = 1},
      // chmod
      {.argv = {"chmod", "600", "tmp/w/g"}, .err = ""},
      {.argv = {"stat", "-c", "%a %A", "tmp/w/g"}, .out = "600 -rw-------\n"},
      {.argv = {"chmod", "u+x,g+r", "tmp/w/g"}, .err = ""},
      {.argv = {"stat", "-c", "%a", "tmp/w/g"}, .out = "740\n"},
      {.argv = {"chmod", "a=r", "tmp/w/g"}, .err = ""},
      {.argv = {"stat", "-c", "%a", "tmp/w/g"}, .out = "444\n"},
      {.argv = {"chmod", "+x", "tmp/w/g"}, .err = ""},
      {.argv = {"stat", "-c", "%a", "tmp/w/g"}, .out = "555\n"},
      {.argv = {"chmod", "-x", "tmp/w/g"}, .err = ""},
      {.argv = {"stat", "-c", "%a", "tmp/w/g"}, .out = "444\n"},
      {.argv = {"chmod", "-R", "700", "tmp/w/p"}, .err = ""},
      {.argv = {"stat", "-c", "%a", "tmp/w/p/q"}, .out = "700\n"},
      {.argv = {"chmod", "zz", "tmp/w/g"}, .err = "chmod: invalid mode: 'zz'\nTry 'chmod --help' for more information.\n",
       .status = 1},
      {.argv = {"chmod", "644", "tmp/w/none"}, .err = "chmod: cannot access 'tmp/w/none': No such file or directory\n",
       .status = 1},
      {.argv = {"chmod", "644"}, .err = "chmod: missing operand after '644'\nTry 'chmod --help' for more information.\n",
       .status = 1},
      // chown (root may; user may not)
      {.argv = {"chown", "user", "tmp/w/t"}, .err = ""},
      {.argv = {"stat", "-c", "%U:%G", "tmp/w/t"}, .out = "user:root\n"},
      {.argv = {"chown", "root:users", "tmp/w/t"}, .err = ""},
      {.argv = {"stat", "-c", "%u:%g %U:%G", "tmp/w/t"}, .out = "0:100 root:users\n"},
      {.argv = {"chown", "user:", "tmp/w/t"}, .err = ""},
      {.argv = {"stat", "-c", "%U:%G", "tmp/w/t"}, .out = "user:user\n"},
      {.argv = {"chown", ":wheel", "tmp/w/t"}, .err = ""},
      {.argv = {"stat", "-c", "%U:%G", "tmp/w/t"}, .out = "user:wheel\n"},
      {.argv = {"chown", "-R", "1000:1000", "tmp/w/p"}, .err = ""},
      {.argv = {"stat", "-c", "%u:%g", "tmp/w/p/q"}, .out = "1000:1000\n"},
      {.argv = {"chown", "nosuch", "tmp/w/t"}, .err = "chown: invalid user: 'nosuch'\n", .status = 1},
      {.argv = {"chown", "root:nogroup", "tmp/w/t"}, .err = "chown: invalid group: 'root:nogroup'\n", .status = 1},
      {.argv = {"chown", "root", "tmp/w/none"}, .err = "chown: cannot access 'tmp/w/none': No such file or directory\n",
       .status = 1},
      {.argv = {"su", "-s", "/bin/chown", "user", "root", "tmp/w/f"},
       .err = "chown: changing ownership of 'tmp/w/f': Operation not permitted\n", .status = 1},
      // mkfifo
      {.argv = {"mkfifo", "tmp/w/fifo"}, .err = ""},
      {.argv = {"stat", "-c", "%F %a", "tmp/w/fifo"}, .out = "fifo 644\n"},
      {.argv = {"ls", "-l", "tmp/w/fifo"}, .out = "prw-r--r-- 1 root root 0 Jan  1 00:00 tmp/w/fifo\n"},
      {.argv = {"mkfifo", "tmp/w/fifo"}, .err = "mkfifo: cannot create fifo 'tmp/w/fifo': File exists\n", .status = 1},
      {.argv = {"mkfifo", "-m", "600", "tmp/w/fifo2"}, .err = ""},
      {.argv = {"stat", "-c", "%a", "tmp/w/fifo2"}, .out = "600\n"},
      {.argv = {"mkfifo"}, .err = "mkfifo: missing operand\nTry 'mkfifo --help' for more information.\n", .status = 1},
      // rm
      {.argv = {"rm", "tmp/w/hard"}, .err = ""},
      {.argv = {"stat", "-c", "%h", "tmp/w/f"}, .out = "1\n"},
      {.argv = {"rm", "tmp/w/none"}, .err = "rm: cannot remove 'tmp/w/none': No such file or directory\n", .status = 1},
      {.argv = {"rm", "-f", "tmp/w/none"}, .err = ""},
      {.argv = {"rm", "tmp/w/p"}, .err = "rm: cannot remove 'tmp/w/p': Is a directory\n", .status = 1},
      {.argv = {"rm", "-r", "tmp/w/p"}, .err = ""},
      {.argv = {"rm", "-rf", "tmp/w/p2", "tmp/w/none"}, .err = ""},
      {.argv = {"ls", "tmp/w"}, .out = "f\nfifo\nfifo2\ng\nm\nsl\nsl2\nt\n"},
      {.argv = {"rm", "-r", "tmp/w/."}, .err = "rm: refusing to remove '.' or '..' directory: skipping 'tmp/w/.'\n",
       .status = 1},
      {.argv = {"rm"}, .err = "rm: missing operand\nTry 'rm --help' for more information.\n", .status = 1},
      {.argv = {"rm", "-f"}, .err = ""},
      {.argv = {"rm", "-rf", "tmp/w"}, .err = ""},
      {.argv = {"ls", "tmp"}, .out = "hello.txt\nu\n"},
  };
  run_table(rows);
}

TEST(Utils, ProcessesAccountsAndTheSystem) {
  std::vector<Row> rows = {
      {.argv = {"true"}, .out = "", .status = 0},
      {.argv = {"true", "--ignored"}, .status = 0},
      {.argv = {"false"}, .out = "", .status = 1},
      // echo / env
      {.argv = {"env"}, .out = "A=1\nB=2\n", .env = {"A=1", "B=2"}},
      {.argv = {"env", "-u", "A"}, .out = "B=2\n", .env = {"A=1", "B=2"}},
      {.argv = {"env", "-i", "C=3", "/bin/env"}, .out = "C=3\n", .env = {"A=1"}},
      {.argv = {"env", "A=9", "env"}, .out = "A=9\nPATH=/bin\n", .env = {"A=1", "PATH=/bin"}},
      {.argv = {"env", "-i", "Z=1", "echo", "run", "by", "env"}, .out = "run by env\n"},
      {.argv = {"env", "/bin/nope"}, .err = "env: '/bin/nope': No such file or directory\n", .status = 127},
      {.argv = {"env", "-q"}, .err = "env: invalid option -- 'q'\nTry 'env --help' for more information.\n",
       .status = 125},
      // id / whoami / su / login
      {.argv = {"id"}, .out = "uid=0(root) gid=0(root) groups=0(root)\n"},
      {.argv = {"id", "user"}, .out = "uid=1000(user) gid=1000(user) groups=1000(user),10(wheel),100(users)\n"},
      {.argv = {"id", "-u"}, .out = "0\n"},
      {.argv = {"id", "-un"}, .out = "root\n"},
      {.argv = {"id", "-g", "user"}, .out = "1000\n"},
      {.argv = {"id", "-Gn", "user"}, .out = "user wheel users\n"},
      {.argv = {"id", "-G", "root"}, .out = "0 10\n"},
      {.argv = {"id", "nosuch"}, .err = "id: 'nosuch': no such user\n", .status = 1},
      {.argv = {"id", "-u", "-g"}, .err = "id: cannot print \"only\" of more than one choice\n", .status = 1},
      {.argv = {"id", "-n"}, .err = "id: cannot print only names or real IDs in default format\n", .status = 1},
      {.argv = {"whoami"}, .out = "root\n"},
      {.argv = {"whoami", "x"}, .err = "whoami: extra operand 'x'\nTry 'whoami --help' for more information.\n",
       .status = 1},
      {.argv = {"su", "-s", "/bin/whoami", "user"}, .out = "user\n"},
      {.argv = {"su", "-s", "/bin/id", "user"}, .out = "uid=1000(user) gid=1000(user) groups=1000(user),10(wheel),100(users)\n"},
      // user -> root: the password is right, but there is no set-user-ID exec
      // to give su the right to change ids (README): EPERM, as documented.
      {.argv = {"su", "-s", "/bin/su", "user", "-s", "/bin/id", "root"}, .in = "root\n", .out = "",
       .err = "Password: \nsu: cannot set user id: Operation not permitted\n", .status = 1},
      {.argv = {"su", "-s", "/bin/su", "user", "-s", "/bin/id", "root"}, .in = "wrong\n", .out = "",
       .err = "Password: \nsu: Authentication failure\n", .status = 1},
      {.argv = {"su", "nosuch"},
       .err = "su: user nosuch does not exist or the user entry does not contain all the required fields\n", .status = 1},
      {.argv = {"su", "-s", "/bin/nope", "user"}, .err = "su: failed to execute /bin/nope: No such file or directory\n",
       .status = 127},
      {.argv = {"su", "-s", "/bin/env", "-", "user"}, .out = "HOME=/home/user\nSHELL=/bin/env\nUSER=user\nLOGNAME=user\nPATH=/bin\n"},
      // an account whose shell shows who it is: login runs it as a login shell
      {.argv = {"tee", "-a", "/etc/passwd", "/etc/group"}, .in = "guest:pw:2000:2000:guest:/tmp:/bin/id\n",
       .out = kAny},
      {.argv = {"login", "guest"}, .in = "pw\n", .out = "Password: \nuid=2000(guest) gid=2000(guest) groups=2000(guest)\n"},
      {.argv = {"login"}, .in = "guest\npw\n", .out = "login: Password: \nuid=2000(guest) gid=2000(guest) groups=2000(guest)\n"},
      {.argv = {"login", "-f", "guest"}, .out = "uid=2000(guest) gid=2000(guest) groups=2000(guest)\n"},
      {.argv = {"login", "guest"}, .in = "nope\n", .out = "Password: \n\nLogin incorrect\n", .status = 1},
      {.argv = {"login", "nosuch"}, .in = "x\n", .out = "Password: \n\nLogin incorrect\n", .status = 1},
      {.argv = {"su", "-s", "/bin/login", "user", "guest"}, .err = "login: Cannot possibly work without effective root\n",
       .status = 1},
      // ps / kill / sleep / yes
      {.argv = {"ps"}, .has = {"    PID    PPID   UID S CMD\n", "      1       0     0 R init\n", " bin/vfs\n",
                               " bin/run_program\n", " R /bin/ps\n"}},
      {.argv = {"ps", "-p", "1"}, .out = "    PID    PPID   UID S CMD\n      1       0     0 R init\n"},
      {.argv = {"ps", "-f", "-p", "1"}, .out = "UID          PID    PPID S CMD\nroot           1       0 R init\n"},
      {.argv = {"ps", "-p", "9999"}, .out = "    PID    PPID   UID S CMD\n", .status = 1},
      {.argv = {"ps", "-Z"}, .err = "error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]\n", .status = 1},
      {.argv = {"kill", "-l"}, .has = {"HUP\nINT\nQUIT\n", "\nKILL\n", "\nSYS\n"}},
      {.argv = {"kill", "-l", "9", "TERM", "SIGHUP"}, .out = "KILL\n15\n1\n"},
      {.argv = {"kill", "-l", "BOGUS"}, .err = "kill: 'BOGUS': invalid signal\n", .status = 1},
      {.argv = {"kill", "-s", "TERM", "0"}, .status = 128 + 15},
      {.argv = {"kill", "-9", "0"}, .status = 128 + 9},
      {.argv = {"kill", "-USR1", "0"}, .status = 128 + 10},
      {.argv = {"kill", "-SIGINT", "0"}, .status = 128 + 2},
      {.argv = {"kill", "0"}, .status = 128 + 15},
      {.argv = {"kill", "-FOO", "1"}, .err = "kill: 'FOO': invalid signal\n", .status = 1},
      {.argv = {"kill", "99999"}, .err = "kill: 99999: No such process\n", .status = 1},
      {.argv = {"kill", "abc"}, .err = "kill: 'abc': invalid process id\n", .status = 1},
      {.argv = {"kill"}, .err = "kill: no process ID specified\nTry 'kill --help' for more information.\n", .status = 1},
      {.argv = {"sleep", "0.5"}, .status = 0, .timeout = 1 * sim::kSec},
      {.argv = {"sleep", "3"}, .status = 128 + 9, .timeout = 2 * sim::kSec},
      {.argv = {"sleep", "1m"}, .status = 128 + 9, .timeout = 30 * sim::kSec},
      {.argv = {"sleep", "1", "0.5"}, .status = 0, .timeout = 2 * sim::kSec},
      {.argv = {"sleep"}, .err = "sleep: missing operand\nTry 'sleep --help' for more information.\n", .status = 1},
      {.argv = {"sleep", "x"}, .err = "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n",
       .status = 1},
      // yes: a reader takes some lines and goes; yes ends by SIGPIPE
      {.argv = {"t_yes_reader", "/bin/yes"}, .out = "y\ny\ny\ny\ny\ny\n|signal 13\n"},
      {.argv = {"t_yes_reader", "/bin/yes", "a", "b"}, .out = "a b\na b\na b\n|signal 13\n"},
      // date / uname / dmesg / df / free
      {.argv = {"date"}, .has = {"Jan  1 00:0", " UTC 2024\n"}},
      {.argv = {"date", "+%Y-%m-%d"}, .out = "2024-01-01\n"},
      {.argv = {"date", "-d", "@86400", "+%F %T"}, .out = "1970-01-02 00:00:00\n"},
      {.argv = {"date", "bogus"}, .err = "date: invalid date 'bogus'\n", .status = 1},
      {.argv = {"date", "-d", "yesterday"}, .err = "date: invalid date 'yesterday'\n", .status = 1},
      {.argv = {"uname"}, .out = "SaltyOS\n"},
      {.argv = {"uname", "-s", "-r", "-m"}, .out = "SaltyOS 0.1 x86_64\n"},
      {.argv = {"uname", "-n"}, .out = "saltyos\n"},
      {.argv = {"uname", "-m", "-s"}, .out = "SaltyOS x86_64\n"},
      {.argv = {"uname", "-a"}, .out = "SaltyOS saltyos 0.1 #1 era-B x86_64 x86_64 x86_64 SaltyOS\n"},
      {.argv = {"uname", "x"}, .err = "uname: extra operand 'x'\nTry 'uname --help' for more information.\n",
       .status = 1},
      {.argv = {"uname", "-q"}, .err = "uname: invalid option -- 'q'\nTry 'uname --help' for more information.\n",
       .status = 1},
      {.argv = {"dmesg"}, .has = {"init: vfs started, pid ", "init: ttysrv started, pid ", "init: run_program started, pid "}},
      {.argv = {"dmesg", "-x"}, .status = 1},
      // mount / umount / df / free
      {.argv = {"mount"}, .out = "tmpfs on / type tmpfs (rw)\n"},
      {.argv = {"mkdir", "/tmp/mnt"}},
      {.argv = {"mount", "-t", "tmpfs", "none", "/tmp/mnt"}, .err = ""},
      {.argv = {"mount"}, .out = "tmpfs on / type tmpfs (rw)\nnone on /tmp/mnt type tmpfs (rw)\n"},
      {.argv = {"mount", "-t", "tmpfs"}, .out = "tmpfs on / type tmpfs (rw)\nnone on /tmp/mnt type tmpfs (rw)\n"},
      {.argv = {"touch", "/tmp/mnt/inside"}},
      {.argv = {"ls", "/tmp/mnt"}, .out = "inside\n"},
      {.argv = {"df"}, .has = {"Filesystem     1K-blocks    Used Available Use% Mounted on\ntmpfs                  -", " /\n",
                               "none                   -       -         -    - /tmp/mnt\n"}},
      {.argv = {"mount", "-t", "tmpfs", "none", "/tmp/mnt"}, .err = "mount: /tmp/mnt: none already mounted or mount point busy.\n",
       .status = 32},
      {.argv = {"mount", "-t", "tmpfs", "none", "/tmp/nodir"}, .err = "mount: /tmp/nodir: mount point does not exist.\n",
       .status = 32},
      {.argv = {"mount", "-t", "ext9", "none", "/tmp"}, .err = "mount: /tmp: unknown filesystem type 'ext9'.\n",
       .status = 32},
      {.argv = {"su", "-s", "/bin/mount", "user", "-t", "tmpfs", "none", "/tmp/mnt"},
       .err = "mount: /tmp/mnt: must be superuser to use mount.\n", .status = 1},
      {.argv = {"umount", "/tmp/mnt"}, .err = ""},
      {.argv = {"ls", "/tmp/mnt"}, .out = ""},
      {.argv = {"mount"}, .out = "tmpfs on / type tmpfs (rw)\n"},
      {.argv = {"umount", "/tmp"}, .err = "umount: /tmp: not mounted.\n", .status = 32},
      {.argv = {"umount"}, .err = "umount: bad usage\nTry 'umount --help' for more information.\n", .status = 1},
      {.argv = {"free"}, .has = {"               total        used        free      shared  buff/cache   available\nMem:",
                                 "\nSwap:              0           0           0\n"}},
      {.argv = {"free", "x"}, .status = 1},
  };
  run_table(rows);
}

// Every utility the default initrd installs runs under its own name, and
// each refuses an option it does not know as GNU does: stderr names it,
// nothing on stdout, GNU's status (ls, grep, sort 2; env 125; the rest 1);
// the GNU ones also against the host's tool.
// echo, printf, true and false take no options of that kind in GNU either
// (echo prints it, printf prints it as its format, true/false ignore it).
TEST(Utils, EveryUtilityRefusesAnUnknownOption) {
  std::vector<Row> rows;
  for (const char* name : sim::scenarios::kUtilityNames) {
    std::string n = name;
    Row r{.argv = {n, "--no-such-option"}};
    if (n == "true") {
      r.out = "";
      r.status = 0;
    } else if (n == "false") {
      r.out = "";
      r.status = 1;
    } else if (n == "echo") {
      r.out = "--no-such-option\n";
      r.status = 0;
    } else if (n == "printf") {
      r.out = "--no-such-option";
      r.status = 0;
    } else if (n == "ps") {
      r.out = "";
      r.status = 1;
      r.err = "error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]\n";
    } else if (n == "grep") {
      r.out = "";
      r.status = 2;
      r.err = "grep: unrecognized option '--no-such-option'\n"
              "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
    } else {
      r.out = "";
      r.status = n == "ls" || n == "sort" ? 2 : n == "env" ? 125 : 1;
      r.err = n + ": unrecognized option '--no-such-option'\nTry '" + n + " --help' for more information.\n";
    }
    // The GNU tools on the host answer the same (util-linux's and procps'
    // programs are not compared: their option parsers differ).
    const std::string not_gnu[] = {"dmesg", "free", "kill", "login", "mount", "ps", "su", "umount"};
    if (std::find(std::begin(not_gnu), std::end(not_gnu), n) == std::end(not_gnu)) r.check = kHostAll;
    rows.push_back(r);
  }
  // The multi-call form and an unknown name.
  rows.push_back({.argv = {"coreutils", "echo", "via", "coreutils"}, .out = "via coreutils\n"});
  rows.push_back({.argv = {"coreutils", "nosuch"}, .out = "", .err = "coreutils: unknown utility 'nosuch'\n",
                  .status = 127});
  run_table(rows);
}

}  // namespace
