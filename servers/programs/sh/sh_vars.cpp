// Shell variables, functions and positional parameters, and what a
// forked child clones of them (shell.h).
#include "programs/sh/shell.h"

namespace sh {

Var* findvar(const char* name, size_t len) {
  for (Var* v = S().vars; v != nullptr; v = v->next)
    if (slen(v->name) == len) {
      size_t i = 0;
      while (i < len && v->name[i] == name[i]) ++i;
      if (i == len) return v;
    }
  return nullptr;
}

const char* getvar(const char* name) {
  Var* v = findvar(name, slen(name));
  return v == nullptr ? nullptr : v->value;
}

void setvar_n(const char* name, size_t nlen, const char* value) {
  Var* v = findvar(name, nlen);
  if (v == nullptr) {
    v = static_cast<Var*>(xalloc(sizeof(Var)));
    v->name = xstrndup(name, nlen);
    // Sorted by name: `set` and `export` list them in order.
    Var** at = &S().vars;
    while (*at != nullptr && scmp((*at)->name, v->name) < 0) at = &(*at)->next;
    v->next = *at;
    *at = v;
  }
  char* old = v->value;
  v->value = value == nullptr ? nullptr : xstrdup(value);
  xfree(old);
}

void setvar(const char* name, const char* value, bool exp) {
  setvar_n(name, slen(name), value);
  if (exp) findvar(name, slen(name))->exported = true;
}

void unsetvar(const char* name) {
  for (Var** at = &S().vars; *at != nullptr; at = &(*at)->next)
    if (seq((*at)->name, name)) {
      Var* v = *at;
      *at = v->next;
      xfree(v->name);
      xfree(v->value);
      xfree(v);
      return;
    }
}

char** build_env() {
  StrVec env;
  for (Var* v = S().vars; v != nullptr; v = v->next) {
    if (!v->exported || v->value == nullptr) continue;
    Buf b;
    b.puts(v->name);
    b.put('=');
    b.puts(v->value);
    env.push(b.take());
  }
  return env.terminated();
}

void import_env(char** envp) {
  for (char** e = envp; e != nullptr && *e != nullptr; ++e) {
    const char* s = *e;
    size_t i = 0;
    while (s[i] != '\0' && s[i] != '=') ++i;
    if (s[i] != '=' || !is_name(s, i)) continue;
    setvar_n(s, i, s + i + 1);
    findvar(s, i)->exported = true;
  }
}

Func* findfunc(const char* name) {
  for (Func* f = S().funcs; f != nullptr; f = f->next)
    if (seq(f->name, name)) return f;
  return nullptr;
}

void setfunc(const char* name, Node* body) {
  Func* f = findfunc(name);
  if (f == nullptr) {
    f = static_cast<Func*>(xalloc(sizeof(Func)));
    f->name = xstrdup(name);
    f->next = S().funcs;
    S().funcs = f;
  }
  // The old body may be running (a function redefining itself): it is
  // left, not freed.
  f->body = clone_node(body);
}

void unsetfunc(const char* name) {
  for (Func** at = &S().funcs; *at != nullptr; at = &(*at)->next)
    if (seq((*at)->name, name)) {
      *at = (*at)->next;
      return;
    }
}

void set_positional(int n, char** args) {
  char** old = S().pos;
  const int oldn = S().npos;
  char** p = static_cast<char**>(xalloc(sizeof(char*) * static_cast<size_t>(n + 1)));
  for (int i = 0; i < n; ++i) p[i] = xstrdup(args[i]);
  S().pos = p;
  S().npos = n;
  for (int i = 0; i < oldn; ++i) xfree(old[i]);
  xfree(old);
}

void make_local(const char* word) {
  size_t k = 0;
  while (word[k] != '\0' && word[k] != '=') ++k;
  Sh& s = S();
  Var* v = findvar(word, k);
  LocalSave* l = static_cast<LocalSave*>(xalloc(sizeof(LocalSave)));
  l->name = xstrndup(word, k);
  l->value = v != nullptr && v->value != nullptr ? xstrdup(v->value) : nullptr;
  l->exported = v != nullptr && v->exported;
  l->next = s.locals;
  s.locals = l;
  if (word[k] == '=') setvar_n(word, k, word + k + 1);
}

void undo_locals(LocalSave* mark) {
  Sh& s = S();
  while (s.locals != nullptr && s.locals != mark) {
    LocalSave* l = s.locals;
    s.locals = l->next;
    if (l->value != nullptr) {
      setvar(l->name, l->value);
      findvar(l->name, slen(l->name))->exported = l->exported;
    } else {
      unsetvar(l->name);
    }
    xfree(l->name);
    xfree(l->value);
    xfree(l);
  }
}

void clone_state_for_child() {
  Sh& s = S();
  s.locals = nullptr;  // the child never returns past them (and must not free them)
  Var* vars = nullptr;
  Var** vt = &vars;
  for (Var* v = s.vars; v != nullptr; v = v->next) {
    Var* c = static_cast<Var*>(xalloc(sizeof(Var)));
    c->name = xstrdup(v->name);
    c->value = xstrdup(v->value);
    c->exported = v->exported;
    *vt = c;
    vt = &c->next;
  }
  s.vars = vars;
  Func* funcs = nullptr;
  Func** ft = &funcs;
  for (Func* f = s.funcs; f != nullptr; f = f->next) {
    Func* c = static_cast<Func*>(xalloc(sizeof(Func)));
    c->name = xstrdup(f->name);
    c->body = clone_node(f->body);
    *ft = c;
    ft = &c->next;
  }
  s.funcs = funcs;
  char** p = static_cast<char**>(xalloc(sizeof(char*) * static_cast<size_t>(s.npos + 1)));
  for (int i = 0; i < s.npos; ++i) p[i] = xstrdup(s.pos[i]);
  s.pos = p;
  s.arg0 = xstrdup(s.arg0);
  // A subshell has no jobs of its own and no history.
  s.jobs = nullptr;
  s.cur_job = s.prev_job = 0;
  for (int i = 0; i < s.nhist; ++i) s.hist[i] = nullptr;
  s.nhist = 0;
}

}  // namespace sh
