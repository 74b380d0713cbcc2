// init/vfs_seed.h — copies the initrd's etc/, bin/, root/ and home/ into
// the VFS (/etc, /bin, /root, /home) as soon as the VFS is ready, before
// the services after it start and before the first program runs; each
// /home/<dir> named in etc/passwd is given to its account.
#pragma once

#include <stddef.h>

#include "core/init/boot_state.h"

namespace init {

// The VFS's endpoint (the service named "vfs" in the plan, if it started)
// is minted with the VFS's root identity (badge 1: procmgr's, the one the
// VFS treats as root) into a scratch slot for the copy and deleted after.
// Directories keep their cpio permissions, files their permissions and
// bytes; owner root. Returns the number of entries copied; logs
// `init: seeded the VFS with <n> files from the initrd` (or the first
// failure, `init: cannot seed /<path> (errno <e>)`, and goes on).
size_t seed_vfs(const Boot& b);

// /var/log/messages once every service was started (what dmesg shows).
void write_boot_log(const Boot& b);

}  // namespace init
