// The sim column: a simulated machine (boot_harness.h) with the VFS
// service "vfs" (the program entry `vfs`, registered by the VFS server)
// and the first program "vfs_table_rows", which runs every row in a
// fresh directory /vfs_table/r<N> with SimFs and the shared runner. The
// program is host code: it reads the rows and appends the outcomes
// through g_job, a pointer into this function's frame.
#include <string>

#include "boot_harness.h"
#include "columns.h"
#include "sim/host/programs/programs.h"
#include "trona/posix/fd.h"
#include "trona/posix/file.h"
#include "trona/posix/signal.h"
#include "uapi/linux_numbers.h"

namespace vfs_table {

namespace {

namespace px = trona::posix;

struct SimJob {
  const std::vector<Row>* rows = nullptr;
  std::vector<RowOutcome>* out = nullptr;
};
SimJob* g_job = nullptr;

constexpr const char* kBase = "/vfs_table";

int table_rows_main(int, char**, char**) {
  if (!g_job) return 2;
  // As the host column: a write to a pipe without readers is EPIPE, not death.
  px::SigAction ignore;
  ignore.ignore = true;
  px::sigaction(uapi::kSIGPIPE, &ignore, nullptr);
  px::mkdir(kBase, 0755);
  for (size_t i = 0; i < g_job->rows->size(); ++i) {
    const std::string dir = std::string(kBase) + "/r" + std::to_string(i);
    const Row& row = (*g_job->rows)[i];
    // 0755 like the host's, 0777 when another user acts in it (as there).
    const px::mode_t mode = row.switches_user() ? 0777 : 0755;
    if (px::mkdir(dir.c_str(), mode) != 0 || px::chmod(dir.c_str(), mode) != 0 || px::chdir(dir.c_str()) != 0) {
      g_job->out->push_back({row.name, false, false, "sim: cannot make the row's directory", ""});
      continue;
    }
    auto fs = make_sim_fs(dir);
    g_job->out->push_back(run_row(*fs, row));
    px::chdir("/");
  }
  boot_test::say("vfs_table_rows: " + std::to_string(g_job->out->size()) + " rows\n");
  return 0;
}

}  // namespace

bool sim_vfs_available() { return saltysim::programs::find_program("vfs") != nullptr; }

std::vector<RowOutcome> run_rows_in_sim(const std::vector<Row>& rows) {
  std::vector<RowOutcome> out;
  SimJob job{&rows, &out};
  g_job = &job;
  saltysim::programs::register_program("vfs_table_rows", &table_rows_main);
  boot_test::Files files = boot_test::standard_system();
  boot_test::add_vfs_service(files);
  boot_test::add_service(files, "vfs_table_rows", "[Dependencies]\nAfter=vfs\n");
  const boot_test::BootResult r = boot_test::boot(files);
  g_job = nullptr;
  // The program stopped early: the end of the console says why.
  const std::string tail = r.console.size() > 600 ? r.console.substr(r.console.size() - 600) : r.console;
  for (size_t i = out.size(); i < rows.size(); ++i)
    out.push_back({rows[i].name, false, false, "sim: not run; console ends: " + tail, ""});
  return out;
}

}  // namespace vfs_table
