// tests/vfs/columns.h — the two columns of the table: the host kernel
// (host_fs.cpp) and the simulated VFS (sim_runner.cpp, over SimFs of
// sim_fs.cpp). Each runs every row in a fresh empty directory with the
// shared runner (table.h) and returns one outcome a row, in order.
#pragma once

#include <memory>
#include <vector>

#include "fs_ops.h"
#include "table.h"

namespace vfs_table {

std::vector<RowOutcome> run_rows_on_host(const std::vector<Row>& rows);

// A program named "vfs" is registered (the VFS server exists).
bool sim_vfs_available();
// Boots a simulated machine with the "vfs" service and runs the rows in
// a simulated process (program "vfs_table_rows"); the outcomes come back
// through a host pointer. Call only when sim_vfs_available().
std::vector<RowOutcome> run_rows_in_sim(const std::vector<Row>& rows);

// FsOps over trona::posix, for code running in a simulated process.
std::unique_ptr<FsOps> make_sim_fs(std::string scratch_root);

}  // namespace vfs_table
