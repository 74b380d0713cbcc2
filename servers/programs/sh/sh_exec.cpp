// Running the tree: simple commands (builtins, functions, $PATH search and
// exec), redirections, pipelines, subshells, background jobs, the compound
// commands, command substitution, and the job table with job control.
#include "programs/sh/shell.h"
#include "trona/core/syscall.h"
#include "trona/posix/errno.h"
#include "trona/posix/fd.h"
#include "trona/posix/file.h"
#include "trona/posix/process.h"
#include "trona/posix/signal.h"
#include "trona/posix/termios.h"
#include "uapi/linux_numbers.h"

namespace sh {

namespace px = trona::posix;

namespace {

enum ChildMode : uint8_t { RUN_NODE, RUN_EXEC, RUN_STRING };

// What a forked child does. It lives in the parent until the child has
// cloned it (sh_fork waits for that).
struct ChildSpec {
  ChildMode mode;
  Node* node;
  char** argv;
  const char* text;
  size_t text_len;
  int pgid;  // -1 leave; 0 a group of its own; > 0 that group
  bool foreground;
  bool bg_noctl;  // background without job control
  int in, out;    // put on 0 / 1 when >= 0
  int close_fd;
  int sync_r, sync_w;
};

[[noreturn]] void exec_command(Node* n, char** argv);

void default_signals() {
  for (int sig : kJobSignals) px::signal(sig, nullptr);
}

void child_entry(uint64_t arg) {
  const ChildSpec c = *reinterpret_cast<const ChildSpec*>(arg);
  clone_state_for_child();
  Node* node = clone_node(c.node);
  StrVec argv;
  for (char** a = c.argv; a != nullptr && *a != nullptr; ++a) argv.push(xstrdup(*a));
  char* text = c.text != nullptr ? xstrndup(c.text, c.text_len) : nullptr;
  // The parent may go on: everything this child needs is its own now.
  px::close(c.sync_w);
  px::close(c.sync_r);
  Sh& s = S();
  s.in_child = true;
  if (s.job_control && c.pgid >= 0) {
    const int pg = c.pgid == 0 ? px::getpid() : c.pgid;
    px::setpgid(0, pg);
    if (c.foreground) px::tcsetpgrp(s.tty_fd, pg);
  }
  if (s.interactive || s.job_control) default_signals();
  reset_traps_for_child();
  s.job_control = false;
  s.interactive = false;
  if (c.bg_noctl) {
    px::signal(uapi::kSIGINT, px::ignored_handler());
    px::signal(uapi::kSIGQUIT, px::ignored_handler());
    if (c.in < 0) {
      int fd = px::open("/dev/null", uapi::kO_RDONLY);
      if (fd >= 0 && fd != 0) {
        px::dup2(fd, 0);
        px::close(fd);
      }
    }
  }
  if (c.in >= 0 && c.in != 0) {
    px::dup2(c.in, 0);
    px::close(c.in);
  }
  if (c.out >= 0 && c.out != 1) {
    px::dup2(c.out, 1);
    px::close(c.out);
  }
  if (c.close_fd >= 0) px::close(c.close_fd);
  if (c.mode == RUN_EXEC) exec_command(node, argv.terminated());
  if (c.mode == RUN_STRING) exit_shell(run_string(text, slen(text), nullptr));
  exit_shell(run_node(node, true));
}

int sh_fork(ChildSpec& c) {
  int sync[2];
  if (px::pipe2(sync, uapi::kO_CLOEXEC) != 0) {
    error_msg("cannot make a pipe: ", errno_text(px::errno_ref()));
    return -1;
  }
  c.sync_r = sync[0];
  c.sync_w = sync[1];
  const int pid = px::fork_to(child_entry, reinterpret_cast<uint64_t>(&c));
  px::close(sync[1]);
  if (pid < 0) {
    px::close(sync[0]);
    error_msg("Cannot fork");
    return -1;
  }
  char b;
  while (px::read(sync[0], &b, 1) > 0 || px::errno_ref() == uapi::kEINTR) {
    if (px::errno_ref() == uapi::kEINTR) px::errno_ref() = 0;
    else break;
  }
  px::close(sync[0]);
  if (S().job_control && c.pgid >= 0) px::setpgid(pid, c.pgid == 0 ? pid : c.pgid);
  return pid;
}

ChildSpec spec_for(ChildMode m, Node* n) {
  ChildSpec c{};
  c.mode = m;
  c.node = n;
  c.pgid = -1;
  c.in = c.out = c.close_fd = -1;
  return c;
}

// ---- redirections ----

struct Saved {
  int fd[10];
  int copy[10];
  int n;
};

void save_fd(Saved* sv, int fd) {
  if (sv == nullptr) return;
  for (int i = 0; i < sv->n; ++i)
    if (sv->fd[i] == fd) return;
  if (sv->n == 10) return;
  sv->fd[sv->n] = fd;
  sv->copy[sv->n++] = px::fcntl(fd, uapi::kF_DUPFD_CLOEXEC, 10);
}

void restore(Saved* sv) {
  for (int i = sv->n - 1; i >= 0; --i) {
    if (sv->copy[i] >= 0) {
      px::dup2(sv->copy[i], sv->fd[i]);
      px::close(sv->copy[i]);
    } else {
      px::close(sv->fd[i]);
    }
  }
  sv->n = 0;
}

int heredoc_fd(const char* text) {
  const size_t n = slen(text);
  if (n <= 4096) {
    int p[2];
    if (px::pipe2(p, uapi::kO_CLOEXEC) != 0) return -1;
    write_all(p[1], text, n);
    px::close(p[1]);
    return p[0];
  }
  Buf path;
  path.puts("/tmp/.sh-heredoc-");
  path.num(px::getpid());
  path.put('-');
  path.num(++S().heredoc_seq);
  int fd = px::open(path.c_str(), uapi::kO_RDWR | uapi::kO_CREAT | uapi::kO_TRUNC | uapi::kO_CLOEXEC, 0600);
  if (fd >= 0) {
    write_all(fd, text, n);
    px::lseek(fd, 0, 0);
    px::unlink(path.c_str());
  }
  path.release();
  return fd;
}

// false: a redirection failed (reported; the earlier ones stay applied,
// the caller restores).
bool apply_redirs(Redir* r, Saved* sv) {
  for (; r != nullptr; r = r->next) {
    int fd = -1;
    save_fd(sv, r->fd);  // before anything opens: the new fd may be this number
    if (r->type == R_HEREDOC) {
      char* text = r->quoted ? xstrdup(r->word) : expand_heredoc(r->word);
      if (text == nullptr) return false;
      fd = heredoc_fd(text);
      xfree(text);
      if (fd < 0) {
        error_msg("cannot create temp file for here document");
        return false;
      }
    } else {
      char* t = expand_one(r->word);
      if (t == nullptr) return false;
      if (r->type == R_DUPIN || r->type == R_DUPOUT) {
        if (seq(t, "-")) {
          px::close(r->fd);
          xfree(t);
          continue;
        }
        long src = 0;
        if (!parse_int(t, &src) || src < 0) {
          error_msg("Syntax error: Bad fd number");
          xfree(t);
          return false;
        }
        if (px::fcntl(static_cast<int>(src), uapi::kF_GETFD) < 0) {
          error_msg(t, ": Bad file descriptor");
          xfree(t);
          return false;
        }
        xfree(t);
        if (src != r->fd) px::dup2(static_cast<int>(src), r->fd);
        continue;
      }
      int flags = 0;
      switch (r->type) {
        case R_IN: flags = uapi::kO_RDONLY; break;
        case R_OUT:
        case R_CLOBBER: flags = uapi::kO_WRONLY | uapi::kO_CREAT | uapi::kO_TRUNC; break;
        case R_APPEND: flags = uapi::kO_WRONLY | uapi::kO_CREAT | uapi::kO_APPEND; break;
        default: flags = uapi::kO_RDWR | uapi::kO_CREAT; break;
      }
      // A stop and continue (^Z, bg) interrupts a blocked open here (a
      // FIFO waiting for its other end); Linux would restart it.
      do fd = px::open(t, flags | uapi::kO_CLOEXEC, 0666);
      while (fd < 0 && px::errno_ref() == uapi::kEINTR);
      if (fd < 0) {
        const int e = px::errno_ref();
        if (r->type == R_IN) error_msg("cannot open ", t, ": ", errno_text(e));
        else error_msg("cannot create ", t, ": ", e == uapi::kENOENT ? "Directory nonexistent" : errno_text(e));
        xfree(t);
        return false;
      }
      xfree(t);
    }
    if (fd != r->fd) {
      px::dup2(fd, r->fd);
      px::close(fd);
    } else {
      px::fcntl(fd, uapi::kF_SETFD, 0);
    }
  }
  return true;
}

// ---- jobs ----

const char* signal_text(int sig) {
  switch (sig) {
    case 1: return "Hangup";
    case 3: return "Quit";
    case 4: return "Illegal instruction";
    case 5: return "Trace/breakpoint trap";
    case 6: return "Aborted";
    case 7: return "Bus error";
    case 8: return "Floating point exception";
    case 9: return "Killed";
    case 10: return "User defined signal 1";
    case 11: return "Segmentation fault";
    case 12: return "User defined signal 2";
    case 14: return "Alarm clock";
    case 15: return "Terminated";
    default: return nullptr;
  }
}

int status_of(int st) { return uapi::w_ifexited(st) ? uapi::w_exitstatus(st) : 128 + uapi::w_termsig(st); }

Job* new_job(int pgid, const int* pids, int n, const char* text, bool bg) {
  Sh& s = S();
  int id = 1;
  for (bool taken = true; taken; ++id) {
    taken = false;
    for (Job* j = s.jobs; j != nullptr; j = j->next)
      if (j->id == id) taken = true;
    if (!taken) break;
  }
  Job* j = static_cast<Job*>(xalloc(sizeof(Job)));
  j->id = id;
  j->pgid = pgid;
  j->n = n;
  for (int i = 0; i < n; ++i) j->pid[i] = pids[i];
  j->text = xstrdup(text != nullptr ? text : "");
  j->background = bg;
  Job** at = &s.jobs;
  while (*at != nullptr) at = &(*at)->next;
  *at = j;
  return j;
}

void make_current(Job* j) {
  Sh& s = S();
  if (s.cur_job != j->id) {
    s.prev_job = s.cur_job;
    s.cur_job = j->id;
  }
}

void drop_job(Job* j) {
  Sh& s = S();
  for (Job** at = &s.jobs; *at != nullptr; at = &(*at)->next)
    if (*at == j) {
      *at = j->next;
      break;
    }
  if (s.cur_job == j->id) {
    s.cur_job = s.prev_job;
    s.prev_job = 0;
    if (s.cur_job == 0)
      for (Job* k = s.jobs; k != nullptr; k = k->next) s.cur_job = k->id;
  }
  if (s.prev_job == j->id) s.prev_job = 0;
  xfree(j->text);
  xfree(j);
}

void update_state(Job* j) {
  bool stopped = false, running = false;
  for (int i = 0; i < j->n; ++i) {
    if (j->pstate[i] == J_RUNNING) running = true;
    if (j->pstate[i] == J_STOPPED) stopped = true;
  }
  const JobState ns = running ? J_RUNNING : stopped ? J_STOPPED : J_DONE;
  if (ns != j->state) j->changed = true;
  j->state = ns;
}

bool record(int pid, int st) {
  for (Job* j = S().jobs; j != nullptr; j = j->next)
    for (int i = 0; i < j->n; ++i)
      if (j->pid[i] == pid) {
        if (uapi::w_ifstopped(st)) {
          j->pstate[i] = J_STOPPED;
        } else {
          j->pstate[i] = J_DONE;
          j->status[i] = st;
        }
        update_state(j);
        return true;
      }
  return false;
}

char* node_text(const Node* n) {
  if (n->str != nullptr) return xstrdup(n->str);
  Buf b;
  if (n->type == N_SIMPLE) {
    for (int i = 0; i < n->assigns.n; ++i) b.puts(n->assigns.v[i]), b.put(' ');
    for (int i = 0; i < n->words.n; ++i) {
      if (i > 0) b.put(' ');
      b.puts(n->words.v[i]);
    }
  } else {
    b.puts("(...)");
  }
  return b.take();
}

// The wait of a foreground job (not yet in the table).
int wait_fg(const int* pids, int n, int pgid, const Node* for_text) {
  Sh& s = S();
  int st[kMaxJobProcs] = {};
  bool stopped = false;
  int stop_sig = 0;
  uint8_t state[kMaxJobProcs] = {};
  for (int i = 0; i < n; ++i) {
    for (;;) {
      int w = px::waitpid(pids[i], &st[i], s.job_control ? 2 /* WUNTRACED */ : 0);
      if (w == pids[i]) break;
      if (w < 0 && px::errno_ref() == uapi::kEINTR) continue;
      st[i] = 0;
      break;
    }
    if (uapi::w_ifstopped(st[i])) {
      stopped = true;
      stop_sig = uapi::w_stopsig(st[i]);
      state[i] = J_STOPPED;
    } else {
      state[i] = J_DONE;
    }
  }
  if (s.job_control) set_foreground(s.shell_pgid);
  if (stopped) {
    char* text = node_text(for_text);
    Job* j = new_job(pgid, pids, n, text, false);
    xfree(text);
    for (int i = 0; i < n; ++i) {
      j->pstate[i] = state[i];
      j->status[i] = st[i];
    }
    j->state = J_STOPPED;
    make_current(j);
    out(2, "\n");
    report_job(j, true);
    return 128 + stop_sig;
  }
  const int last = st[n - 1];
  if (uapi::w_ifsignaled(last)) {
    const char* t = signal_text(uapi::w_termsig(last));
    if (t != nullptr) {
      out(2, t);
      out(2, "\n");
    } else if (uapi::w_termsig(last) == uapi::kSIGINT && s.interactive) {
      out(2, "\n");
    }
  }
  return status_of(last);
}

// ---- simple commands ----

struct TempVars {
  StrVec names, values;
  bool had[32];
  bool exp[32];
};

void trace(const StrVec& assigns, const StrVec& args) {
  Buf b;
  const char* ps4 = getvar("PS4");
  b.puts(ps4 != nullptr ? ps4 : "+ ");
  bool first = true;
  const StrVec* both[] = {&assigns, &args};
  for (const StrVec* v : both)
    for (int i = 0; i < v->n; ++i) {
      if (!first) b.put(' ');
      b.puts(v->v[i]);
      first = false;
    }
  b.put('\n');
  write_all(2, b.p, b.n);
  b.release();
}

// The assignment words expanded, NAME=value each; false on an error.
bool expand_assigns(Node* n, StrVec* out_v) {
  for (int i = 0; i < n->assigns.n; ++i) {
    const char* a = n->assigns.v[i];
    size_t k = 0;
    while (a[k] != '=') ++k;
    char* v = expand_one(a + k + 1);
    if (v == nullptr) return false;
    Buf b;
    b.put(a, k + 1);
    b.puts(v);
    xfree(v);
    out_v->push(b.take());
  }
  return true;
}

void assign_all(const StrVec& as, bool exp, TempVars* tmp) {
  for (int i = 0; i < as.n; ++i) {
    const char* a = as.v[i];
    size_t k = 0;
    while (a[k] != '=') ++k;
    if (tmp != nullptr && i < 32) {
      Var* old = findvar(a, k);
      tmp->names.push(xstrndup(a, k));
      tmp->had[i] = old != nullptr && old->value != nullptr;
      tmp->exp[i] = old != nullptr && old->exported;
      tmp->values.push(tmp->had[i] ? xstrdup(old->value) : xstrdup(""));
    }
    setvar_n(a, k, a + k + 1);
    if (exp) findvar(a, k)->exported = true;
  }
}

void undo_temp(TempVars& t) {
  for (int i = 0; i < t.names.n; ++i) {
    if (t.had[i]) {
      setvar(t.names.v[i], t.values.v[i]);
      findvar(t.names.v[i], slen(t.names.v[i]))->exported = t.exp[i];
    } else {
      unsetvar(t.names.v[i]);
    }
  }
  t.names.release();
  t.values.release();
}

int call_function(Func* f, StrVec& args) {
  Sh& s = S();
  char** saved_pos = s.pos;
  const int saved_n = s.npos;
  s.pos = nullptr;
  s.npos = 0;
  set_positional(args.n - 1, args.v + 1);
  ++s.func_depth;
  const int saved_loop = s.loop_depth;
  LocalSave* const mark = s.locals;
  s.loop_depth = 0;
  int st = run_node(f->body);
  undo_locals(mark);
  s.loop_depth = saved_loop;
  --s.func_depth;
  if (s.returning) {
    s.returning = false;
    st = s.status;
  }
  set_positional(0, nullptr);
  xfree(s.pos);
  s.pos = saved_pos;
  s.npos = saved_n;
  return st;
}

int run_simple(Node* n, bool tail) {
  Sh& s = S();
  s.line = n->line;
  s.last_subst = -1;
  StrVec args;
  if (!expand_words(n->words, &args)) {
    args.release();
    if (!s.interactive) exit_shell(2);
    return 2;
  }
  StrVec assigns;
  if (!expand_assigns(n, &assigns)) {
    args.release();
    assigns.release();
    if (!s.interactive) exit_shell(2);
    return 2;
  }
  if (s.opt_x) trace(assigns, args);
  int st = 0;
  if (args.n == 0) {
    assign_all(assigns, false, nullptr);
    st = s.last_subst >= 0 ? s.last_subst : 0;
    if (n->redirs != nullptr) {
      Saved sv{};
      if (!apply_redirs(n->redirs, &sv)) st = 2;
      restore(&sv);
    }
    assigns.release();
    return st;
  }
  const char* name = args.v[0];
  if (seq(name, "exec")) {
    if (args.n == 1) {
      st = apply_redirs(n->redirs, nullptr) ? 0 : 2;
      assign_all(assigns, false, nullptr);
      args.release();
      assigns.release();
      if (st != 0 && !s.interactive) exit_shell(st);
      return st;
    }
    if (s.interactive) {
      // The terminal goes back to how the shell found it.
      s.interactive = false;
    }
    Node tmp = *n;
    tmp.assigns = assigns;
    exec_command(&tmp, args.v + 1);
  }
  bool special = false;
  BuiltinFn bi = find_builtin(name, &special);
  Func* f = special ? nullptr : findfunc(name);
  if (bi != nullptr || f != nullptr) {
    TempVars tmp{};
    assign_all(assigns, false, special ? nullptr : &tmp);
    Saved sv{};
    if (!apply_redirs(n->redirs, &sv)) {
      restore(&sv);
      if (!special) undo_temp(tmp);
      args.release();
      assigns.release();
      if (special && !s.interactive) exit_shell(2);
      return 2;
    }
    st = f != nullptr ? call_function(f, args) : bi(args.n, args.v);
    restore(&sv);
    if (!special) undo_temp(tmp);
    args.release();
    assigns.release();
    return st;
  }
  if (tail && s.in_child && s.traps[0] == nullptr) {
    Node tmp = *n;
    tmp.assigns = assigns;
    exec_command(&tmp, args.v);
  }
  Node tmp = *n;
  tmp.assigns = assigns;
  ChildSpec c = spec_for(RUN_EXEC, &tmp);
  c.argv = args.terminated();
  c.pgid = s.job_control ? 0 : -1;
  c.foreground = true;
  const int pid = sh_fork(c);
  if (pid < 0) st = 2;
  else st = wait_fg(&pid, 1, pid, n);
  args.release();
  assigns.release();
  return st;
}

// Runs a file that is not an image as a shell script (what dash does on
// ENOEXEC): the shell starts over on it in this process.
[[noreturn]] void run_script_file(const char* path, char** argv) {
  int fd = px::open(path, uapi::kO_RDONLY);
  Buf text;
  char buf[512];
  for (long r; fd >= 0 && (r = px::read(fd, buf, sizeof buf)) > 0;) text.put(buf, static_cast<size_t>(r));
  if (fd >= 0) px::close(fd);
  Sh& s = S();
  s.arg0 = xstrdup(path);
  int n = 0;
  while (argv[n] != nullptr) ++n;
  s.pos = nullptr;
  s.npos = 0;
  set_positional(n > 0 ? n - 1 : 0, argv + (n > 0 ? 1 : 0));
  s.funcs = nullptr;
  s.line = 1;
  exit_shell(run_string(text.c_str(), text.n, nullptr));
}

bool executable_file(const char* path, bool* exists) {
  px::Stat st;
  *exists = px::stat(path, &st) == 0;
  if (!*exists) return false;
  return (st.st_mode & uapi::kS_IFMT) == uapi::kS_IFREG && px::access(path, 1 /* X_OK */) == 0;
}

[[noreturn]] void exec_command(Node* n, char** argv) {
  Sh& s = S();
  assign_all(n->assigns, true, nullptr);
  if (!apply_redirs(n->redirs, nullptr)) exit_shell(2);
  char** envp = build_env();
  const char* name = argv[0];
  bool slash = false;
  for (const char* c = name; *c != '\0'; ++c)
    if (*c == '/') slash = true;
  int err = uapi::kENOENT;
  if (slash) {
    px::execve(name, argv, envp);
    err = px::errno_ref();
    bool exists = false;
    if (err == uapi::kENOENT || err == uapi::kENOEXEC) {
      if (executable_file(name, &exists)) run_script_file(name, argv);
      if (exists) err = uapi::kEACCES;
    }
  } else {
    const char* path = getvar("PATH");
    if (path == nullptr) path = "/bin";
    for (const char* p = path;;) {
      const char* e = p;
      while (*e != '\0' && *e != ':') ++e;
      Buf full;
      if (e == p) full.put('.');
      else full.put(p, static_cast<size_t>(e - p));
      full.put('/');
      full.puts(name);
      px::execve(full.c_str(), argv, envp);
      int e2 = px::errno_ref();
      bool exists = false;
      if (e2 == uapi::kENOENT || e2 == uapi::kENOEXEC) {
        if (executable_file(full.c_str(), &exists)) run_script_file(full.c_str(), argv);
        if (exists) e2 = uapi::kEACCES;
      }
      if (e2 != uapi::kENOENT) err = e2;
      full.release();
      if (*e == '\0') break;
      p = e + 1;
    }
  }
  s.line = n->line;
  if (err == uapi::kENOENT) {
    error_msg(name, ": not found");
    px::_exit(127);
  }
  error_msg(name, ": ", errno_text(err));
  px::_exit(126);
}

// ---- compound commands ----

int run_pipe(Node* n) {
  Sh& s = S();
  int count = 0;
  for (Node* c = n->a; c != nullptr; c = c->next) ++count;
  const bool bang = (n->flags & F_BANG) != 0;
  if (count == 1) {
    ++s.cond_depth;
    int st = run_node(n->a);
    --s.cond_depth;
    return bang ? st == 0 : st;
  }
  int pids[kMaxJobProcs];
  int np = 0, pgid = 0, prev = -1;
  for (Node* c = n->a; c != nullptr; c = c->next) {
    int p[2] = {-1, -1};
    if (c->next != nullptr && px::pipe2(p, uapi::kO_CLOEXEC) != 0) {
      error_msg("Pipe call failed");
      break;
    }
    Node* saved_next = c->next;
    c->next = nullptr;  // the child clones this element only
    ChildSpec cs = spec_for(RUN_NODE, c);
    cs.in = prev;
    cs.out = p[1];
    cs.close_fd = p[0];
    cs.pgid = s.job_control ? pgid : -1;
    cs.foreground = true;
    const int pid = sh_fork(cs);
    c->next = saved_next;
    if (prev >= 0) px::close(prev);
    if (p[1] >= 0) px::close(p[1]);
    prev = p[0];
    if (pid < 0) break;
    if (np == 0) pgid = pid;
    if (np < kMaxJobProcs) pids[np++] = pid;
  }
  if (prev >= 0) px::close(prev);
  if (np == 0) return 2;
  int st = wait_fg(pids, np, pgid, n);
  return bang ? st == 0 : st;
}

int run_async(Node* n) {
  Sh& s = S();
  reap_jobs(false);  // finished jobs free their process slots (their status stays in the table)
  ChildSpec c = spec_for(RUN_NODE, n->a);
  c.pgid = s.job_control ? 0 : -1;
  c.foreground = false;
  c.bg_noctl = !s.job_control;
  const int pid = sh_fork(c);
  if (pid < 0) return 2;
  s.last_bg = pid;
  Job* j = new_job(pid, &pid, 1, n->str, true);
  make_current(j);
  if (s.interactive) {
    Buf b;
    b.put('[');
    b.num(j->id);
    b.puts("] ");
    b.num(pid);
    b.put('\n');
    write_all(2, b.p, b.n);
    b.release();
  }
  return 0;
}

// A loop of builtins makes no system call: every 64 rounds it sleeps 1 us
// (in the simulator nothing else would run, virtual time would stand
// still and a ^C could never arrive; a yield alone does not move time).
void loop_yield() {
  if ((++S().loop_iterations & 63) == 0) trona::nanosleep(1000);
}

// After a loop body ran: true when the loop ends here (break, a continue
// of an outer loop, return).
bool leave_loop(Sh& s) {
  loop_yield();
  if (s.breaking > 0) {
    --s.breaking;
    return true;
  }
  if (s.continuing > 0 && --s.continuing > 0) return true;
  return s.returning;
}

int run_for(Node* n) {
  Sh& s = S();
  StrVec items;
  if ((n->flags & F_NOIN) != 0) {
    for (int i = 0; i < s.npos; ++i) items.push(xstrdup(s.pos[i]));
  } else if (!expand_words(n->words, &items)) {
    items.release();
    return 2;
  }
  int st = 0;
  ++s.loop_depth;
  for (int i = 0; i < items.n; ++i) {
    setvar(n->str, items.v[i]);
    st = run_node(n->a);
    if (leave_loop(s)) break;
  }
  --s.loop_depth;
  items.release();
  return st;
}

int run_loop(Node* n) {
  Sh& s = S();
  int st = 0;
  ++s.loop_depth;
  for (;;) {
    ++s.cond_depth;
    int c = run_node(n->a);
    --s.cond_depth;
    if (s.breaking > 0 || s.continuing > 0 || s.returning) {
      if (leave_loop(s)) break;
      continue;
    }
    if ((c == 0) != (n->type == N_WHILE)) break;
    st = run_node(n->b);
    if (leave_loop(s)) break;
  }
  --s.loop_depth;
  return st;
}

int run_case(Node* n) {
  char* w = expand_one(n->str);
  if (w == nullptr) return 2;
  int st = 0;
  for (Node* item = n->b; item != nullptr; item = item->next) {
    bool hit = false;
    for (int i = 0; i < item->words.n && !hit; ++i) {
      Buf pc, pq;
      if (expand_pattern(item->words.v[i], &pc, &pq)) hit = pattern_match(pc.c_str(), pq.c_str(), pc.n, w, slen(w));
      pc.release();
      pq.release();
    }
    if (hit) {
      st = item->a != nullptr ? run_node(item->a) : 0;
      break;
    }
  }
  xfree(w);
  return st;
}

int run_subshell(Node* n, bool tail) {
  Sh& s = S();
  if (tail && s.in_child) {
    if (!apply_redirs(n->redirs, nullptr)) return 2;
    return run_node(n->a, true);
  }
  ChildSpec c = spec_for(RUN_NODE, n);
  c.pgid = s.job_control ? 0 : -1;
  c.foreground = true;
  // The child runs this node as its tail: it takes the in-child branch.
  const int pid = sh_fork(c);
  if (pid < 0) return 2;
  return wait_fg(&pid, 1, pid, n);
}

int run_node_inner(Node* n, bool tail) {
  Sh& s = S();
  switch (n->type) {
    case N_SIMPLE: return run_simple(n, tail);
    case N_PIPE: return run_pipe(n);
    case N_AND:
    case N_OR: {
      ++s.cond_depth;
      int st = run_node(n->a);
      --s.cond_depth;
      if (s.breaking || s.continuing || s.returning) return st;
      if ((st == 0) == (n->type == N_AND)) return run_node(n->b, tail);
      return st;
    }
    case N_SEQ: {
      run_node(n->a);
      if (s.breaking || s.continuing || s.returning) return s.status;
      return run_node(n->b, tail);
    }
    case N_ASYNC: return run_async(n);
    case N_SUBSHELL: return run_subshell(n, tail);
    case N_GROUP: return run_node(n->a, tail);
    case N_IF: {
      ++s.cond_depth;
      int c = run_node(n->a);
      --s.cond_depth;
      if (s.breaking || s.continuing || s.returning) return c;
      if (c == 0) return run_node(n->b, tail);
      return n->c != nullptr ? run_node(n->c, tail) : 0;
    }
    case N_WHILE:
    case N_UNTIL: return run_loop(n);
    case N_FOR: return run_for(n);
    case N_CASE: return run_case(n);
    case N_FUNC: setfunc(n->str, n->a); return 0;
    default: return 0;
  }
}

}  // namespace

int run_node(Node* n, bool tail) {
  if (n == nullptr) return S().status;
  Sh& s = S();
  int st;
  if (n->redirs != nullptr && n->type != N_SIMPLE && n->type != N_SUBSHELL) {
    Saved sv{};
    if (!apply_redirs(n->redirs, &sv)) {
      restore(&sv);
      s.status = 2;
      return 2;
    }
    st = run_node_inner(n, false);
    restore(&sv);
  } else {
    st = run_node_inner(n, tail);
  }
  s.status = st;
  if (s.trap_pending != 0) run_pending_traps();
  if (s.opt_e && st != 0 && s.cond_depth == 0 && !s.returning && !s.breaking && !s.continuing &&
      (n->type == N_SIMPLE || (n->type == N_PIPE && (n->flags & F_BANG) == 0) || n->type == N_SUBSHELL))
    exit_shell(st);
  return st;
}

int run_node(Node* n) { return run_node(n, false); }

int run_string(const char* src, size_t len, const char* name) {
  Sh& s = S();
  size_t pos = 0;
  int line = name != nullptr ? s.line : 1;
  int st = 0;
  s.status = s.status;
  for (;;) {
    int ps = 0;
    const char* saved_prefix = s.parse_prefix;
    if (name != nullptr && seq(name, "eval")) s.parse_prefix = "eval: ";
    Node* n = parse_command(src, len, &pos, &line, false, &ps);
    s.parse_prefix = saved_prefix;
    if (ps == 1) break;
    if (ps == 2) {
      if (!s.interactive) exit_shell(2);
      s.status = st = 2;
      break;
    }
    if (n == nullptr) continue;
    st = run_node(n, false);
    free_node(n);
    if (s.breaking || s.continuing || s.returning) break;
  }
  return st;
}

[[noreturn]] void exit_shell(int status) {
  run_exit_trap(status);
  px::_exit(status & 0xff);
}

void set_foreground(int pgid) {
  Sh& s = S();
  if (s.job_control) px::tcsetpgrp(s.tty_fd, pgid);
}

int wait_job(Job* j) {
  Sh& s = S();
  for (;;) {
    bool pending = false;
    for (int i = 0; i < j->n; ++i) {
      if (j->pstate[i] != J_RUNNING) continue;
      int st = 0;
      int w = px::waitpid(j->pid[i], &st, s.job_control ? 2 : 0);
      if (w == j->pid[i]) record(w, st);
      else if (w < 0 && px::errno_ref() != uapi::kEINTR) {
        j->pstate[i] = J_DONE;
        update_state(j);
      }
      pending = true;
      break;
    }
    if (!pending || j->state != J_RUNNING) break;
  }
  if (s.job_control && !j->background) set_foreground(s.shell_pgid);
  if (j->state == J_STOPPED) {
    make_current(j);
    out(2, "\n");
    report_job(j, true);
    j->changed = false;
    return 128 + uapi::kSIGTSTP;
  }
  const int st = status_of(j->status[j->n - 1]);
  drop_job(j);
  return st;
}

void reap_jobs(bool report) {
  Sh& s = S();
  for (;;) {
    int st = 0;
    int w = px::waitpid(-1, &st, px::kWNOHANG | (s.job_control ? 2 : 0));
    if (w <= 0) break;
    record(w, st);
  }
  if (!report) return;
  for (Job* j = s.jobs; j != nullptr;) {
    Job* nx = j->next;
    if (j->changed) {
      j->changed = false;
      report_job(j, true);
      if (j->state == J_DONE) drop_job(j);
    }
    j = nx;
  }
}

void report_job(Job* j, bool with_state) {
  Sh& s = S();
  Buf b;
  b.put('[');
  b.num(j->id);
  b.put(']');
  b.put(j->id == s.cur_job ? '+' : j->id == s.prev_job ? '-' : ' ');
  b.puts("  ");
  if (with_state) {
    const char* st = "Running";
    Buf tmp;
    if (j->state == J_STOPPED) st = "Stopped";
    if (j->state == J_DONE) {
      const int last = j->status[j->n - 1];
      if (uapi::w_ifsignaled(last)) {
        const char* t = signal_text(uapi::w_termsig(last));
        st = t != nullptr ? t : "Terminated";
      } else if (uapi::w_exitstatus(last) != 0) {
        tmp.puts("Done(");
        tmp.num(uapi::w_exitstatus(last));
        tmp.put(')');
        st = tmp.c_str();
      } else {
        st = "Done";
      }
    }
    b.puts(st);
    for (size_t k = slen(st); k < 24; ++k) b.put(' ');
    tmp.release();
  }
  b.puts(j->text);
  if (j->state == J_RUNNING && j->background) b.puts(" &");
  b.put('\n');
  write_all(with_state ? 1 : 2, b.p, b.n);
  b.release();
}

Job* find_job(const char* spec, const char* who) {
  Sh& s = S();
  int id = 0;
  if (spec == nullptr || seq(spec, "%%") || seq(spec, "%+") || seq(spec, "%")) {
    id = s.cur_job;
  } else if (seq(spec, "%-")) {
    id = s.prev_job;
  } else if (spec[0] == '%') {
    long v = 0;
    if (parse_int(spec + 1, &v)) id = static_cast<int>(v);
    else {
      // %string: the job whose command starts with it.
      for (Job* j = s.jobs; j != nullptr; j = j->next) {
        size_t k = 0;
        while (spec[1 + k] != '\0' && j->text[k] == spec[1 + k]) ++k;
        if (spec[1 + k] == '\0') return j;
      }
    }
  } else {
    long v = 0;
    if (parse_int(spec, &v))
      for (Job* j = s.jobs; j != nullptr; j = j->next)
        for (int i = 0; i < j->n; ++i)
          if (j->pid[i] == v) return j;
  }
  for (Job* j = s.jobs; j != nullptr; j = j->next)
    if (j->id == id && id != 0) return j;
  if (who != nullptr) {
    if (spec == nullptr) error_msg(who, ": No current job");
    else error_msg(who, ": No such job: ", spec);
  }
  return nullptr;
}

int command_subst(const char* src, size_t len, Buf* outb) {
  int p[2];
  if (px::pipe2(p, uapi::kO_CLOEXEC) != 0) return 2;
  ChildSpec c = spec_for(RUN_STRING, nullptr);
  c.text = src;
  c.text_len = len;
  c.out = p[1];
  c.close_fd = p[0];
  const int pid = sh_fork(c);
  px::close(p[1]);
  if (pid < 0) {
    px::close(p[0]);
    return 2;
  }
  char buf[512];
  for (;;) {
    long r = px::read(p[0], buf, sizeof buf);
    if (r > 0) outb->put(buf, static_cast<size_t>(r));
    else if (r < 0 && px::errno_ref() == uapi::kEINTR) continue;
    else break;
  }
  px::close(p[0]);
  int st = 0;
  while (px::waitpid(pid, &st, 0) < 0 && px::errno_ref() == uapi::kEINTR) {
  }
  return status_of(st);
}

// The job-control builtins live here with the table.
int builtin_jobs(int argc, char** argv) {
  reap_jobs(false);
  Sh& s = S();
  if (argc > 1) {
    for (int i = 1; i < argc; ++i) {
      Job* j = find_job(argv[i], "jobs");
      if (j == nullptr) return 1;
      report_job(j, true);
    }
  } else {
    for (Job* j = s.jobs; j != nullptr; j = j->next) report_job(j, true);
  }
  for (Job* j = s.jobs; j != nullptr;) {
    Job* nx = j->next;
    if (j->state == J_DONE) drop_job(j);
    else j->changed = false;
    j = nx;
  }
  return 0;
}

int builtin_fg_bg(int argc, char** argv) {
  Sh& s = S();
  const bool fg = seq(argv[0], "fg");
  reap_jobs(false);
  Job* j = find_job(argc > 1 ? argv[1] : nullptr, argv[0]);
  if (j == nullptr) return 2;
  if (!s.job_control) {
    error_msg(argv[0], ": job control turned off");
    return 2;
  }
  if (j->state == J_DONE) {
    error_msg(argv[0], ": job has terminated");
    return 2;
  }
  for (int i = 0; i < j->n; ++i)
    if (j->pstate[i] == J_STOPPED) j->pstate[i] = J_RUNNING;
  j->state = J_RUNNING;
  j->changed = false;
  make_current(j);
  if (fg) {
    j->background = false;
    out(1, j->text);
    out(1, "\n");
    set_foreground(j->pgid);
    px::kill(-j->pgid, uapi::kSIGCONT);
    return wait_job(j);
  }
  j->background = true;
  Buf b;
  b.put('[');
  b.num(j->id);
  b.puts("] ");
  b.puts(j->text);
  b.puts(" &\n");
  write_all(1, b.p, b.n);
  b.release();
  px::kill(-j->pgid, uapi::kSIGCONT);
  return 0;
}

int builtin_wait(int argc, char** argv) {
  Sh& s = S();
  if (argc == 1) {
    while (s.jobs != nullptr) {
      Job* j = s.jobs;
      j->background = true;
      if (j->state == J_STOPPED) {
        drop_job(j);
        continue;
      }
      wait_job(j);
    }
    return 0;
  }
  int st = 0;
  for (int i = 1; i < argc; ++i) {
    Job* j = find_job(argv[i], argv[i][0] == '%' ? "wait" : nullptr);
    if (j == nullptr) {
      if (argv[i][0] == '%') return 2;
      long pid = 0;
      if (!parse_int(argv[i], &pid)) {
        error_msg("wait: Illegal number: ", argv[i]);
        return 2;
      }
      st = 127;
      continue;
    }
    j->background = true;
    st = j->state == J_STOPPED ? 128 + uapi::kSIGTSTP : wait_job(j);
  }
  return st;
}

}  // namespace sh
