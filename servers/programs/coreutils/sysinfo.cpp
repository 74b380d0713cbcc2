// programs/coreutils — free and dmesg.
//
// free: no server reports the machine's memory (rsrcsrv and mmsrv answer
// per owner / per client only), so free shows GNU's table with the one
// system-wide figure there is, the VFS's tmpfs file pages as "shared"
// (Linux counts tmpfs there too), and "-" for the rest. -k (default), -b,
// -m take effect on that figure.
//
// dmesg: the kernel's debug console (SYS_DEBUG_PUTSTR) is the simulator's
// log and no process can read it back; the system log a process can read
// is /var/log/messages, which init writes when it seeds the VFS (one line
// per service: started with its pid, or failed; servers/core/init
// vfs_seed.cpp). dmesg prints it; without it, util-linux's message and
// status 1.
#include "programs/coreutils/util.h"
#include "proto/vfs_client.h"
#include "trona/posix/errno.h"
#include "uapi/linux_numbers.h"

namespace cu {

namespace px = trona::posix;

int free_main(Prog& p, int argc, char** argv) {
  uint64_t unit = 1024;
  Opts o(argc, argv, "bkmhw");
  for (int c; (c = o.next()) != 0;) {
    if (c == 'b') unit = 1;
    else if (c == 'k') unit = 1024;
    else if (c == 'm') unit = 1024 * 1024;
    else if (c == 'h' || c == 'w') continue;
    else if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    else return p.bad_option(o.bad(), 1);
  }
  if (o.operand_count() > 0) return p.usage_error2("extra operand", o.operand(0), 1);
  proto::vfs::VfsDumpPending::Reply r{};
  bool have = proto::vfs::call(uapi::SLOT_VFS_EP, proto::vfs::VfsDumpPending::Request{}, &r) == 0;
  p.out.put("               total        used        free      shared  buff/cache   available\n");
  p.out.put("Mem:     ").pad("-", 11).put(' ').pad("-", 11).put(' ').pad("-", 11).put(' ');
  if (have) p.out.padnum(r.pages * 4096 / unit, 11);
  else p.out.pad("-", 11);
  p.out.put(' ').pad("-", 11).put(' ').pad("-", 11).put('\n');
  p.out.put("Swap:    ").padnum(0, 11).put(' ').padnum(0, 11).put(' ').padnum(0, 11).put('\n');
  return 0;
}

int dmesg_main(Prog& p, int argc, char** argv) {
  Opts o(argc, argv, "");
  for (int c; (c = o.next()) != 0;) {
    if (c == Opts::kLong) return p.bad_long_option(o.long_opt(), 1);
    return p.bad_option(o.bad(), 1);
  }
  int fd = px::open("/var/log/messages", uapi::kO_RDONLY);
  if (fd < 0) {
    p.say_errno(px::errno_ref(), "read kernel buffer failed");
    return 1;
  }
  Buf b;
  int e = read_all(fd, &b);
  px::close(fd);
  if (e != 0) {
    p.say_errno(e, "read kernel buffer failed");
    return 1;
  }
  p.out.put(b.str());
  return 0;
}

}  // namespace cu
