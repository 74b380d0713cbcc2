// programs/coreutils — grep [-F|-G|-E] [-v] [-i] [-n] [-c] [-q] [-l] [-s]
// [-h|-H] [-e PATTERN]... [PATTERN] [FILE...]: fixed strings or regular
// expressions (regex.h), one pattern per line of PATTERN. GNU's output
// ("file:" prefixes with more than one file, "N:" with -n) and statuses:
// 0 a line was selected, 1 none, 2 an error (even with matches, unless -q
// found one).
#include "programs/coreutils/regex.h"
#include "programs/coreutils/util.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

namespace {

constexpr size_t kMaxPatterns = 16;

struct Grep {
  Prog& p;
  bool fixed = false, extended = false, invert = false, icase = false, number = false, count = false;
  bool quiet = false, list = false, no_messages = false;
  int with_name = -1;  // -1 by the number of files
  Str patterns[kMaxPatterns] = {};
  size_t npatterns = 0;
  Regex* regexes = nullptr;

  bool fixed_match(Str line, Str pat) const {
    if (pat.size > line.size) return false;
    for (size_t i = 0; i + pat.size <= line.size; ++i) {
      size_t j = 0;
      for (; j < pat.size; ++j) {
        unsigned char a = static_cast<unsigned char>(line[i + j]), b = static_cast<unsigned char>(pat[j]);
        if (icase) {
          if (a >= 'A' && a <= 'Z') a = static_cast<unsigned char>(a + 32);
          if (b >= 'A' && b <= 'Z') b = static_cast<unsigned char>(b + 32);
        }
        if (a != b) break;
      }
      if (j == pat.size) return true;
    }
    return false;
  }

  bool matches(Str line) const {
    for (size_t i = 0; i < npatterns; ++i)
      if (fixed ? fixed_match(line, patterns[i]) : regexes[i].search(line)) return true;
    return false;
  }

  // Returns the selected-line count of one input.
  uint64_t run(Str data, const char* name, bool show_name) {
    uint64_t selected = 0, lineno = 0;
    size_t start = 0;
    while (start < data.size) {
      size_t end = data.find('\n', start);
      if (end == Str::npos) end = data.size;
      Str line = data.sub(start, end - start);
      start = end + 1;
      ++lineno;
      if (matches(line) == invert) continue;
      ++selected;
      if (quiet) return selected;
      if (list) {
        p.out.put(name).put('\n');
        return selected;
      }
      if (count) continue;
      if (show_name) p.out.put(name).put(':');
      if (number) p.out.dec(lineno).put(':');
      p.out.put(line).put('\n');
    }
    if (count) {
      if (show_name) p.out.put(name).put(':');
      p.out.dec(selected).put('\n');
    }
    return selected;
  }
};

int usage(Prog& p) {
  p.out.flush();
  p.err.put("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
  return 2;
}

}  // namespace

int grep_main(Prog& p, int argc, char** argv) {
  Grep g{p};
  Buf pattern_text;
  bool have_e = false;
  Opts o(argc, argv, "FGEvinclqshHe:");
  for (int c; (c = o.next()) != 0;) {
    switch (c) {
      case 'F': g.fixed = true; g.extended = false; break;
      case 'G': g.fixed = false; g.extended = false; break;
      case 'E': g.fixed = false; g.extended = true; break;
      case 'v': g.invert = true; break;
      case 'i': g.icase = true; break;
      case 'n': g.number = true; break;
      case 'c': g.count = true; break;
      case 'l': g.list = true; break;
      case 'q': g.quiet = true; break;
      case 's': g.no_messages = true; break;
      case 'h': g.with_name = 0; break;
      case 'H': g.with_name = 1; break;
      case 'e':
        if (have_e) pattern_text.push('\n');
        pattern_text.append(o.arg());
        have_e = true;
        break;
      case ':':
        p.say("option requires an argument -- 'e'");
        return usage(p);
      case Opts::kLong: {
        p.say("unrecognized option ", Quoted(o.long_opt()));
        return usage(p);
      }
      default: {
        char q[2] = {o.bad(), 0};
        p.say("invalid option -- ", Quoted(q));
        return usage(p);
      }
    }
  }
  int first_file = 0;
  if (!have_e) {
    if (o.operand_count() == 0) return usage(p);
    pattern_text.append(o.operand(0));
    first_file = 1;
  }
  // One pattern per line.
  Str all = pattern_text.str();
  size_t s = 0;
  for (;;) {
    size_t e = all.find('\n', s);
    if (g.npatterns < kMaxPatterns) g.patterns[g.npatterns++] = all.sub(s, e == Str::npos ? Str::npos : e - s);
    if (e == Str::npos) break;
    s = e + 1;
  }
  Regex regexes[kMaxPatterns];
  g.regexes = regexes;
  if (!g.fixed)
    for (size_t i = 0; i < g.npatterns; ++i)
      if (const char* err = regexes[i].compile(g.patterns[i], g.extended, g.icase)) {
        p.say(err);
        return 2;
      }
  int nfiles = o.operand_count() - first_file;
  bool show = g.with_name == 1 || (g.with_name == -1 && nfiles > 1);
  bool any = false, error = false;
  for (int i = 0; i < (nfiles <= 0 ? 1 : nfiles); ++i) {
    const char* name = nfiles <= 0 ? "-" : o.operand(first_file + i);
    bool is_stdin = Str(name) == Str("-");
    int fd = is_stdin ? 0 : px::open(name, uapi::kO_RDONLY);
    const char* shown = is_stdin ? "(standard input)" : name;
    Buf data;
    int e = fd < 0 ? px::errno_ref() : read_all(fd, &data);
    if (fd > 0) px::close(fd);
    if (e != 0) {
      data.release();
      if (!g.no_messages) p.say_errno(e, shown);
      error = true;
      continue;
    }
    const bool selected = g.run(data.str(), shown, show) > 0;
    data.release();
    if (selected) {
      any = true;
      if (g.quiet) return 0;
    }
  }
  p.out.flush();
  return error ? 2 : any ? 0 : 1;
}

}  // namespace cu
