// programs/coreutils — the utilities as one multi-call program. Every
// /bin/<utility> image names the entry `coreutils`; the utility is the
// basename of argv[0] (`/bin/ls` -> ls), or argv[1] when argv[0] is
// `coreutils` itself (`coreutils ls -l`), as busybox does.
#include "programs/coreutils/util.h"
#include "trona/core/program.h"

namespace cu {

int dmesg_main(Prog&, int, char**);
int true_main(Prog&, int, char**);
int false_main(Prog&, int, char**);
int echo_main(Prog&, int, char**);
int printf_main(Prog&, int, char**);
int cat_main(Prog&, int, char**);
int yes_main(Prog&, int, char**);
int ls_main(Prog&, int, char**);
int mkdir_main(Prog&, int, char**);
int rmdir_main(Prog&, int, char**);
int rm_main(Prog&, int, char**);
int mv_main(Prog&, int, char**);
int cp_main(Prog&, int, char**);
int ln_main(Prog&, int, char**);
int stat_main(Prog&, int, char**);
int touch_main(Prog&, int, char**);
int chmod_main(Prog&, int, char**);
int chown_main(Prog&, int, char**);
int ps_main(Prog&, int, char**);
int kill_main(Prog&, int, char**);
int sleep_main(Prog&, int, char**);
int env_main(Prog&, int, char**);
int id_main(Prog&, int, char**);
int whoami_main(Prog&, int, char**);
int su_main(Prog&, int, char**);
int login_main(Prog&, int, char**);
int wc_main(Prog&, int, char**);
int head_main(Prog&, int, char**);
int tail_main(Prog&, int, char**);
int grep_main(Prog&, int, char**);
int sort_main(Prog&, int, char**);
int uniq_main(Prog&, int, char**);
int tee_main(Prog&, int, char**);
int seq_main(Prog&, int, char**);
int date_main(Prog&, int, char**);
int uname_main(Prog&, int, char**);
int mount_main(Prog&, int, char**);
int umount_main(Prog&, int, char**);
int df_main(Prog&, int, char**);
int free_main(Prog&, int, char**);
int mkfifo_main(Prog&, int, char**);

const Utility kUtilities[] = {
    {"cat", cat_main},     {"chmod", chmod_main},   {"chown", chown_main},   {"cp", cp_main},
    {"date", date_main},   {"df", df_main},         {"dmesg", dmesg_main},   {"echo", echo_main},
    {"env", env_main},     {"false", false_main},   {"free", free_main},     {"grep", grep_main},
    {"head", head_main},   {"id", id_main},         {"kill", kill_main},     {"ln", ln_main},
    {"login", login_main}, {"ls", ls_main},         {"mkdir", mkdir_main},   {"mkfifo", mkfifo_main},
    {"mount", mount_main}, {"mv", mv_main},         {"printf", printf_main}, {"ps", ps_main},
    {"rm", rm_main},       {"rmdir", rmdir_main},   {"seq", seq_main},       {"sleep", sleep_main},
    {"sort", sort_main},   {"stat", stat_main},     {"su", su_main},         {"tail", tail_main},
    {"tee", tee_main},     {"touch", touch_main},   {"true", true_main},     {"umount", umount_main},
    {"uname", uname_main}, {"uniq", uniq_main},     {"wc", wc_main},         {"whoami", whoami_main},
    {"yes", yes_main},
};
const size_t kUtilityCount = sizeof kUtilities / sizeof kUtilities[0];

namespace {

const Utility* find(Str name) {
  for (size_t i = 0; i < kUtilityCount; ++i)
    if (name == Str(kUtilities[i].name)) return &kUtilities[i];
  return nullptr;
}

int run(int argc, char** argv, char** envp) {
  Str self = argc > 0 ? base_name(Str(argv[0])) : Str("coreutils");
  if (self == Str("coreutils") && argc > 1) {
    --argc;
    ++argv;
    self = base_name(Str(argv[0]));
  }
  if (self.size > 1 && self[0] == '-') self = self.tail_from(1);  // a login shell's "-sh"
  const Utility* u = find(self);
  if (u == nullptr) {
    Out err(2);
    err.put("coreutils: unknown utility '").put(self).put("'\n");
    err.flush();
    return 127;
  }
  Prog p{u->name, envp};
  int status = u->main(p, argc, argv);
  p.out.flush();
  p.err.flush();
  return status;
}

}  // namespace

}  // namespace cu

TRONA_PROGRAM(coreutils, cu::run)
