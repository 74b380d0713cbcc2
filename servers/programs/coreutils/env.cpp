// programs/coreutils — env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND
// [ARG...]]: prints the environment, or runs COMMAND ($PATH lookup) in
// the changed one. GNU's statuses: 125 for env's own errors, 126 when
// COMMAND cannot run, 127 when it is not found.
#include "programs/coreutils/exec_path.h"
#include "trona/core/heap.h"

namespace cu {

int env_main(Prog& p, int argc, char** argv) {
  bool clear = false;
  const char* unset[32];
  size_t nunset = 0;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; ++i) {
    Str a(argv[i]);
    if (a == Str("--")) {
      ++i;
      break;
    }
    if (a == Str("-i") || a == Str("--ignore-environment")) {
      clear = true;
    } else if (a == Str("-u")) {
      if (i + 1 >= argc) return p.missing_arg('u', 125);
      if (nunset < 32) unset[nunset++] = argv[++i];
    } else if (a.starts_with("--")) {
      return p.bad_long_option(argv[i], 125);
    } else {
      return p.bad_option(a[1], 125);
    }
  }
  if (i < argc && Str(argv[i]) == Str("-")) {
    clear = true;
    ++i;
  }
  size_t n = 0;
  for (char** e = p.envp; e != nullptr && *e != nullptr; ++e) ++n;
  for (int j = i; j < argc; ++j) ++n;
  char** env = static_cast<char**>(trona::malloc((n + 1) * sizeof(char*)));
  if (env == nullptr) return 125;
  size_t k = 0;
  auto set = [&](char* kv) {
    Str s(kv);
    size_t eq = s.find('=');
    Str key = s.head(eq);
    for (size_t j = 0; j < k; ++j) {
      Str t(env[j]);
      if (t.starts_with(key) && t.size > key.size && t[key.size] == '=') {
        env[j] = kv;
        return;
      }
    }
    env[k++] = kv;
  };
  if (!clear)
    for (char** e = p.envp; e != nullptr && *e != nullptr; ++e) {
      Str s(*e);
      bool drop = false;
      for (size_t u = 0; u < nunset; ++u) {
        Str key(unset[u]);
        if (s.starts_with(key) && s.size > key.size && s[key.size] == '=') drop = true;
      }
      if (!drop) set(*e);
    }
  for (; i < argc && Str(argv[i]).find('=') != Str::npos && argv[i][0] != '='; ++i) set(argv[i]);
  env[k] = nullptr;
  if (i >= argc) {
    for (size_t j = 0; j < k; ++j) p.out.put(env[j]).put('\n');
    trona::free(env);
    return 0;
  }
  p.out.flush();
  int e = exec_path(argv[i], argv + i, env);
  p.say_errno(e, Quoted(argv[i]));
  trona::free(env);
  return e == 2 ? 127 : 126;
}

}  // namespace cu
