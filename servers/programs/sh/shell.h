// servers/programs/sh — the shell's shared declarations (see README.md).
//
// Memory: everything is on the trona heap. The shell's state is one
// process_local Sh (process_local.h): in the simulator a forked child
// starts with a copy of it whose pointers lead into its parent's heap, and
// a fresh heap of its own, so every fork goes through sh_fork
// (sh_exec.cpp), which has the child clone what it uses (variables,
// functions, positional parameters, the node it runs) while the parent
// waits on a pipe, and never free what it inherited.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace sh {

// ---- memory and strings (sh_util.cpp) -------------------------------------
void* xalloc(size_t n);  // zeroed; out of memory ends the shell (status 2)
void* xrealloc(void* p, size_t n);
void xfree(void* p);
char* xstrdup(const char* s);
char* xstrndup(const char* s, size_t n);
size_t slen(const char* s);
bool seq(const char* a, const char* b);
int scmp(const char* a, const char* b);
void mcopy(void* d, const void* s, size_t n);
bool is_digit(char c);
bool is_name_start(char c);
bool is_name_char(char c);
bool is_name(const char* s, size_t n);
bool parse_int(const char* s, long* out);  // optional sign, decimal, whole string

struct Buf {
  char* p = nullptr;
  size_t n = 0, cap = 0;
  void put(char c);
  void put(const char* s, size_t len);
  void puts(const char* s) { put(s, slen(s)); }
  void num(long v);
  const char* c_str();  // NUL-terminated view (valid until the next put)
  char* take();         // the bytes as a heap string; the Buf is empty after
  void clear() { n = 0; }
  void release();
};

struct StrVec {
  char** v = nullptr;
  int n = 0, cap = 0;
  void push(char* s);  // takes ownership
  char** terminated();  // NULL-terminated
  void release();       // frees the strings and the array
};

// Output. write_all retries short writes.
void write_all(int fd, const char* s, size_t n);
void out(int fd, const char* s);
// 'value' quoted for the shell to read back ('"'"' for a quote).
void quote_value(Buf* b, const char* v);
// Writes the buffer on fd 1, releases it; 0 (a builtin's status).
int flush_out(Buf& b);
// "<arg0>: <line>: <msg>\n" on stderr, dash's form.
void error_msg(const char* a, const char* b = nullptr, const char* c = nullptr, const char* d = nullptr);
const char* errno_text(int e);  // dash's short texts ("No such file", ...)

// ---- the syntax tree (sh_parse.cpp) ---------------------------------------
enum NodeType : uint8_t {
  N_SIMPLE,    // words, assigns, redirs
  N_PIPE,      // a = first element (chained by next); flags & F_BANG
  N_AND,       // a && b
  N_OR,        // a || b
  N_SEQ,       // a ; b   (a may be N_ASYNC)
  N_ASYNC,     // a &
  N_SUBSHELL,  // ( a ) redirs
  N_GROUP,     // { a } redirs
  N_IF,        // if a then b else c
  N_WHILE,     // while a do b
  N_UNTIL,     // until a do b
  N_FOR,       // for str in words do a  (F_NOIN: "$@")
  N_CASE,      // case str in items: N_CASEITEM (words = patterns, a = body), chained by next in b
  N_CASEITEM,
  N_FUNC,      // str() a
};

enum RedirType : uint8_t { R_IN, R_OUT, R_APPEND, R_CLOBBER, R_RDWR, R_DUPIN, R_DUPOUT, R_HEREDOC };

struct Redir {
  RedirType type;
  int fd;
  char* word;     // target (raw), or the here-document's body
  bool quoted;    // here-document with a quoted delimiter: no expansion
  bool strip_tabs;
  Redir* next;
};

inline constexpr uint8_t F_BANG = 1, F_NOIN = 2;

struct Node {
  NodeType type;
  uint8_t flags;
  int line;
  Node *a, *b, *c;
  Node* next;
  StrVec words;    // raw words (SIMPLE, FOR list, CASEITEM patterns)
  StrVec assigns;  // raw NAME=value words (SIMPLE)
  Redir* redirs;
  char* str;  // FOR variable, CASE word, FUNC name, job text of PIPE/ASYNC
};

Node* clone_node(const Node* n);
void free_node(Node* n);

// Parses the next complete command of `src` from *pos (one line and what
// it continues onto). Returns the tree (nullptr for an empty line) with
// *status 0; *status 1 at end of input; 2 a syntax error (reported);
// 3 incomplete input (only when `more_ok`: the caller reads more and
// parses again from the same place).
Node* parse_command(const char* src, size_t len, size_t* pos, int* line, bool more_ok, int* status);

// ---- shell state -----------------------------------------------------------
struct Var {
  char* name;
  char* value;  // nullptr: declared (export NAME) but unset
  bool exported;
  Var* next;
};

// A variable's value before `local` (restored when the function returns).
struct LocalSave {
  char* name;
  char* value;  // nullptr: it did not exist
  bool exported;
  LocalSave* next;
};

struct Func {
  char* name;
  Node* body;
  Func* next;
};

inline constexpr int kMaxJobProcs = 16;
enum JobState : uint8_t { J_RUNNING, J_STOPPED, J_DONE };

struct Job {
  int id;
  int pgid;
  int n;
  int pid[kMaxJobProcs];
  int status[kMaxJobProcs];
  uint8_t pstate[kMaxJobProcs];  // JobState of each process
  JobState state;
  bool changed;  // to be reported
  bool background;
  char* text;
  Job* next;
};

struct HistEntry {
  char* line;
};
inline constexpr int kHistMax = 100;

struct Sh {
  Var* vars;
  Func* funcs;
  LocalSave* locals;  // innermost first
  char* arg0;
  char** pos;  // positional parameters $1.. (heap array of heap strings)
  int npos;
  int status;  // $?
  int last_subst;  // the status of the last command substitution, -1 none
  int last_bg;  // $!
  int shell_pid;  // $$
  int line;     // the line being run (messages)
  bool interactive;
  bool job_control;
  int tty_fd;
  int shell_pgid;
  bool in_child;  // a forked subshell
  Job* jobs;
  int cur_job, prev_job;
  // control flow
  int breaking, continuing;
  bool returning;
  int loop_depth, func_depth;
  int cond_depth;  // inside if/while conditions, && || left sides, !
  // options
  bool opt_e, opt_x, opt_u, opt_f, opt_n, opt_v;
  // history (interactive)
  char* hist[kHistMax];
  int nhist;
  // traps: the command of signal n (0 EXIT); "" ignored; nullptr default
  char* traps[65];
  uint64_t trap_pending;  // caught, not yet run
  bool in_trap;
  uint32_t heredoc_seq;
  uint32_t loop_iterations;
  const char* parse_prefix;  // "eval: " while eval parses (its syntax errors)
};

Sh& S();

// The signals an interactive shell ignores and its children reset.
inline constexpr int kJobSignals[] = {2 /* INT */, 3 /* QUIT */, 20 /* TSTP */, 21 /* TTIN */, 22 /* TTOU */};

// ---- variables (sh_vars.cpp) ----------------------------------------------
const char* getvar(const char* name);  // nullptr: unset
Var* findvar(const char* name, size_t len);
void setvar(const char* name, const char* value, bool exp = false);
void setvar_n(const char* name, size_t nlen, const char* value);
void unsetvar(const char* name);
char** build_env();  // exported variables, NAME=value, NULL-terminated (heap)
void import_env(char** envp);
Func* findfunc(const char* name);
void setfunc(const char* name, Node* body);  // body is cloned
void unsetfunc(const char* name);
void set_positional(int n, char** args);  // copies
// `local NAME[=value]` in the current function; undo_locals(mark) restores
// everything saved since `mark`.
void make_local(const char* word);
void undo_locals(LocalSave* mark);
void clone_state_for_child();

// ---- expansion (sh_expand.cpp) --------------------------------------------
// Expands raw words: parameters, quotes, field splitting, pathnames.
// false: an expansion error (${x?}, set -u), reported.
bool expand_words(const StrVec& raw, StrVec* out);
// One word, no field splitting or globbing (redirection targets, case
// words, assignments); nullptr on error.
char* expand_one(const char* raw);
// A here-document body: parameter expansion and backslash rules of
// double quotes.
char* expand_heredoc(const char* body);
// A case pattern as characters plus a "quoted" flag per character.
bool expand_pattern(const char* raw, Buf* chars, Buf* quoted);
bool pattern_match(const char* p, const char* pq, size_t plen, const char* s, size_t slen_);

// ---- execution (sh_exec.cpp) ----------------------------------------------
int run_node(Node* n);
int run_node(Node* n, bool tail);  // tail: nothing follows in this process
int run_string(const char* src, size_t len, const char* name);  // eval / . / -c: runs every command
[[noreturn]] void exit_shell(int status);
int wait_job(Job* j);  // foreground wait; the status
void reap_jobs(bool report);
Job* find_job(const char* spec, const char* who);
void report_job(Job* j, bool with_state);
void set_foreground(int pgid);
int command_subst(const char* src, size_t len, Buf* outb);

// ---- builtins (sh_builtins.cpp) -------------------------------------------
using BuiltinFn = int (*)(int argc, char** argv);
BuiltinFn find_builtin(const char* name, bool* special);

// Signal names without SIG (index = number, 0 "0"); -1 unknown.
int signal_number(const char* name);
const char* signal_name(int sig);

// ---- traps (sh_trap.cpp) --------------------------------------------------
int builtin_trap(int argc, char** argv);
void run_pending_traps();
void run_exit_trap(int status);
// A forked child: caught signals back to default (ignored stay ignored).
void reset_traps_for_child();

// ---- line editing (sh_lineedit.cpp) ---------------------------------------
// Reads one line from the terminal on fd 0 with the prompt, in raw mode
// (restored before returning). 1 a line (with its '\n'), 0 end of file
// (^D on an empty line), -1 interrupted (^C: an empty line).
int read_line_edit(const char* prompt, Buf* line);
void hist_add(const char* line, size_t len);

}  // namespace sh
