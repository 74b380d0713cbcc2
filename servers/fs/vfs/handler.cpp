// The wire side of the VFS (fs/vfs/handler.h): each handler decodes nothing
// itself (the generated dispatch did), calls fs/vfs/vfs.h with the
// caller's client record and maps the errno to a reply status
// (fs/vfs/errors.h). A deferred call (a blocked pipe read) sends no reply
// now: the caller stays blocked until Vfs::pump answers it.
#include "fs/vfs/handler.h"

#include "fs/vfs/errors.h"
#include "proto/posix_vfs_server.h"
#include "proto/vfs_server.h"
#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

using namespace proto::vfs;
using namespace proto::posix_vfs;

// fds travel as u32; AT_FDCWD is 0xFFFFFF9C.
int fd_of(uint64_t w) { return static_cast<int>(static_cast<int32_t>(static_cast<uint32_t>(w))); }

template <class R>
void put_stat(const StatInfo& st, R& out) {
  out.ino = st.ino;
  out.mode = st.mode;
  out.nlink = st.nlink;
  out.size = st.size;
  out.uid = st.uid;
  out.gid = st.gid;
  out.mtime = st.mtime_ns;
  out.type = st.type;
}

struct Service {
  Vfs& vfs;
  Client* me = nullptr;

  // The status of `e`; kDeferred: no reply now.
  uint64_t done(int e, proto::Call& call) {
    if (e == kDeferred) {
      call.defer();
      return uapi::TRONA_OK;
    }
    return status_from_errno(e);
  }

  // --- descriptors and data ---
  uint64_t vfs_posix_open(const VfsPosixOpen::In& in, VfsPosixOpen::Reply& out, proto::Call& call) {
    int fd = -1;
    int e = vfs.open(*me, kAtFdcwd, in.path, in.flags, static_cast<uint32_t>(in.mode), &fd);
    out.fd = static_cast<uint64_t>(fd);
    return done(e, call);
  }
  uint64_t vfs_posix_openat(const VfsPosixOpenat::In& in, VfsPosixOpenat::Reply& out, proto::Call& call) {
    int fd = -1;
    int e = vfs.open(*me, fd_of(in.dirfd), in.path, in.flags, static_cast<uint32_t>(in.mode), &fd);
    out.fd = static_cast<uint64_t>(fd);
    return done(e, call);
  }
  uint64_t vfs_close(const VfsClose::In& in, VfsClose::Reply&, proto::Call& call) {
    return done(vfs.close(*me, fd_of(in.fd)), call);
  }
  uint64_t vfs_read(const VfsRead::In& in, VfsRead::Reply& out, proto::Call& call) {
    size_t n = in.count < sizeof out.data_buf ? static_cast<size_t>(in.count) : sizeof out.data_buf;
    return done(vfs.read(*me, fd_of(in.fd), out.data_buf, n, -1, &out.data_len), call);
  }
  uint64_t vfs_pread(const VfsPread::In& in, VfsPread::Reply& out, proto::Call& call) {
    if (in.offset > static_cast<uint64_t>(INT64_MAX)) return status_from_errno(uapi::kEINVAL);
    size_t n = in.count < sizeof out.data_buf ? static_cast<size_t>(in.count) : sizeof out.data_buf;
    return done(vfs.read(*me, fd_of(in.fd), out.data_buf, n, static_cast<int64_t>(in.offset), &out.data_len),
                call);
  }
  uint64_t vfs_write(const VfsWrite::In& in, VfsWrite::Reply& out, proto::Call& call) {
    size_t n = 0;
    int e = vfs.write(*me, fd_of(in.fd), in.data.data, in.data.size, -1, &n);
    out.written = n;
    return done(e, call);
  }
  uint64_t vfs_pwrite(const VfsPwrite::In& in, VfsPwrite::Reply& out, proto::Call& call) {
    if (in.offset > static_cast<uint64_t>(INT64_MAX)) return status_from_errno(uapi::kEINVAL);
    size_t n = 0;
    int e = vfs.write(*me, fd_of(in.fd), in.data.data, in.data.size, static_cast<int64_t>(in.offset), &n);
    out.written = n;
    return done(e, call);
  }
  uint64_t vfs_lseek(const VfsLseek::In& in, VfsLseek::Reply& out, proto::Call& call) {
    return done(vfs.lseek(*me, fd_of(in.fd), in.offset, in.whence, &out.pos), call);
  }
  uint64_t vfs_posix_ftruncate(const VfsPosixFtruncate::In& in, VfsPosixFtruncate::Reply&, proto::Call& call) {
    return done(vfs.ftruncate(*me, fd_of(in.fd), in.length), call);
  }
  uint64_t vfs_fsync(const VfsFsync::In& in, VfsFsync::Reply&, proto::Call& call) {
    return done(vfs.fsync(*me, fd_of(in.fd)), call);
  }
  uint64_t vfs_posix_fstat(const VfsPosixFstat::In& in, VfsPosixFstat::Reply& out, proto::Call& call) {
    StatInfo st{};
    int e = vfs.fstat(*me, fd_of(in.fd), &st);
    put_stat(st, out);
    return done(e, call);
  }
  uint64_t vfs_posix_pipe(const VfsPosixPipe::In& in, VfsPosixPipe::Reply& out, proto::Call& call) {
    int r = -1, w = -1;
    int e = vfs.pipe(*me, in.flags, &r, &w);
    out.read_fd = static_cast<uint64_t>(r);
    out.write_fd = static_cast<uint64_t>(w);
    return done(e, call);
  }
  uint64_t vfs_posix_dup(const VfsPosixDup::In& in, VfsPosixDup::Reply& out, proto::Call& call) {
    int fd = -1;
    int e = vfs.dup(*me, fd_of(in.fd), 0, false, &fd);
    out.fd = static_cast<uint64_t>(fd);
    return done(e, call);
  }
  uint64_t vfs_posix_dup2(const VfsPosixDup2::In& in, VfsPosixDup2::Reply& out, proto::Call& call) {
    int fd = -1;
    int e = vfs.dup2(*me, fd_of(in.oldfd), fd_of(in.newfd), false, false, &fd);
    out.fd = static_cast<uint64_t>(fd);
    return done(e, call);
  }
  uint64_t vfs_posix_dup3(const VfsPosixDup3::In& in, VfsPosixDup3::Reply& out, proto::Call& call) {
    if (in.flags & ~static_cast<uint64_t>(uapi::kO_CLOEXEC)) return status_from_errno(uapi::kEINVAL);
    int fd = -1;
    int e = vfs.dup2(*me, fd_of(in.oldfd), fd_of(in.newfd), in.flags != 0, true, &fd);
    out.fd = static_cast<uint64_t>(fd);
    return done(e, call);
  }
  uint64_t vfs_posix_fchmod(const VfsPosixFchmod::In& in, VfsPosixFchmod::Reply&, proto::Call& call) {
    return done(vfs.fchmod(*me, fd_of(in.fd), static_cast<uint32_t>(in.mode)), call);
  }
  uint64_t vfs_posix_fchown(const VfsPosixFchown::In& in, VfsPosixFchown::Reply&, proto::Call& call) {
    return done(vfs.fchown(*me, fd_of(in.fd), static_cast<uint32_t>(in.uid), static_cast<uint32_t>(in.gid)),
                call);
  }
  uint64_t vfs_posix_isatty(const VfsPosixIsatty::In& in, VfsPosixIsatty::Reply& out, proto::Call& call) {
    return done(vfs.isatty(*me, fd_of(in.fd), &out.tty, &out.id, &out.flags), call);
  }
  uint64_t vfs_posix_fcntl(const VfsPosixFcntl::In& in, VfsPosixFcntl::Reply& out, proto::Call& call) {
    return done(vfs.fcntl(*me, fd_of(in.fd), in.cmd, in.arg, &out.result), call);
  }

  // --- POSIX shared memory ---
  uint64_t vfs_posix_shm_open(const VfsPosixShmOpen::In& in, VfsPosixShmOpen::Reply& out, proto::Call& call) {
    int fd = -1;
    int e = vfs.shm_open(*me, in.name, in.flags, static_cast<uint32_t>(in.mode), &fd);
    out.fd = static_cast<uint64_t>(fd);
    return done(e, call);
  }
  uint64_t vfs_posix_shm_unlink(const VfsPosixShmUnlink::In& in, VfsPosixShmUnlink::Reply&, proto::Call& call) {
    return done(vfs.shm_unlink(*me, in.name), call);
  }
  uint64_t vfs_backend_resolve_backing(const VfsBackendResolveBacking::In& in, VfsBackendResolveBacking::Reply& out,
                                       proto::Call& call) {
    return done(vfs.resolve_backing(*me, fd_of(in.fd), in.shared_write, &out.kind, &out.shm_id, &out.size), call);
  }
  uint64_t vfs_backend_pager_write(const VfsBackendPagerWrite::In& in, VfsBackendPagerWrite::Reply&,
                                   proto::Call& call) {
    return done(vfs.pager_write(*me, in.shm_id, in.offset, in.length), call);
  }

  // --- the bulk path ---
  uint64_t vfs_bulk_setup(const VfsBulkSetup::In& in, VfsBulkSetup::Reply&, proto::Call& call) {
    return done(vfs.bulk_setup(*me, in.shm_id, in.pages), call);
  }
  uint64_t vfs_bulk_read(const VfsBulkRead::In& in, VfsBulkRead::Reply& out, proto::Call& call) {
    size_t n = 0;
    int e = vfs.bulk_read(*me, fd_of(in.fd), static_cast<size_t>(in.count), in.shm_offset, &n);
    out.done = n;
    return done(e, call);
  }
  uint64_t vfs_bulk_pwrite(const VfsBulkPwrite::In& in, VfsBulkPwrite::Reply& out, proto::Call& call) {
    size_t n = 0;
    int e = vfs.bulk_pwrite(*me, fd_of(in.fd), static_cast<size_t>(in.count), in.file_offset, in.shm_offset, &n);
    out.done = n;
    return done(e, call);
  }

  // --- poll and epoll ---
  uint64_t vfs_posix_poll(const VfsPosixPoll::In& in, VfsPosixPoll::Reply& out, proto::Call& call) {
    out.revents_count = in.fds_count;
    return done(vfs.poll(*me, in.fds, in.fds_count, in.timeout_ms, out.revents, &out.ready), call);
  }
  uint64_t vfs_posix_epoll_create(const VfsPosixEpollCreate::In& in, VfsPosixEpollCreate::Reply& out,
                                  proto::Call& call) {
    int fd = -1;
    int e = vfs.epoll_create(*me, in.flags, &fd);
    out.fd = static_cast<uint64_t>(fd);
    return done(e, call);
  }
  uint64_t vfs_posix_epoll_ctl(const VfsPosixEpollCtl::In& in, VfsPosixEpollCtl::Reply&, proto::Call& call) {
    return done(vfs.epoll_ctl(*me, fd_of(in.epfd), in.op, fd_of(in.fd), in.events, in.data), call);
  }
  uint64_t vfs_posix_epoll_wait(const VfsPosixEpollWait::In& in, VfsPosixEpollWait::Reply& out, proto::Call& call) {
    int e = vfs.epoll_wait(*me, fd_of(in.epfd), static_cast<size_t>(in.max_events < 0x7FFFFFFF ? in.max_events : 0x80000000),
                           in.timeout_ms, out.events, &out.count);
    out.events_count = 2 * out.count;
    return done(e, call);
  }

  // --- mounts ---
  uint64_t vfs_mount(const VfsMount::In& in, VfsMount::Reply&, proto::Call& call) {
    // A file-system server's endpoint is kept only when the mount works.
    const bool server = in.backend != lib::kNoCap && !in.fstype.equals("tmpfs");
    const uint64_t slot = server ? vfs.take_backend_slot() : 0;
    if (server && slot == 0) return status_from_errno(uapi::kENOMEM);
    int e = vfs.mount(*me, in.flags, in.fstype, in.target, slot ? in.backend : 0, slot);
    if (e == 0 && slot) call.keep_cap(slot);
    else if (slot) vfs.release_backend_slot(slot);  // the loop deletes the cap that came
    return done(e, call);
  }
  uint64_t vfs_umount(const VfsUmount::In& in, VfsUmount::Reply&, proto::Call& call) {
    return done(vfs.umount(*me, in.flags, in.target), call);
  }

  uint64_t vfs_pivot_root(const VfsPivotRoot::In& in, VfsPivotRoot::Reply&, proto::Call& call) {
    return done(vfs.pivot_root(*me, in.new_root, in.put_old), call);
  }
  uint64_t vfs_posix_unshare(const VfsPosixUnshare::In& in, VfsPosixUnshare::Reply&, proto::Call& call) {
    return done(vfs.unshare(*me, in.flags), call);
  }

  // --- extended attributes ---
  uint64_t vfs_getxattr(const VfsGetxattr::In& in, VfsGetxattr::Reply& out, proto::Call& call) {
    return done(vfs.getxattr(*me, fd_of(in.dirfd), in.path, in.at_flags, in.name, out.value_buf,
                             sizeof out.value_buf, &out.value_len),
                call);
  }
  uint64_t vfs_setxattr(const VfsSetxattr::In& in, VfsSetxattr::Reply&, proto::Call& call) {
    return done(vfs.setxattr(*me, fd_of(in.dirfd), in.path, in.at_flags, in.name, in.value, in.xflags), call);
  }
  uint64_t vfs_removexattr(const VfsRemovexattr::In& in, VfsRemovexattr::Reply&, proto::Call& call) {
    return done(vfs.removexattr(*me, fd_of(in.dirfd), in.path, in.at_flags, in.name), call);
  }
  uint64_t vfs_listxattr(const VfsListxattr::In& in, VfsListxattr::Reply& out, proto::Call& call) {
    return done(vfs.listxattr(*me, fd_of(in.dirfd), in.path, in.at_flags, out.names_buf, sizeof out.names_buf,
                              &out.names_len),
                call);
  }

  // --- AF_UNIX sockets ---
  uint64_t vfs_posix_socket(const VfsPosixSocket::In& in, VfsPosixSocket::Reply& out, proto::Call& call) {
    int fd = -1;
    int e = vfs.socket(*me, in.domain, in.type, in.protocol, &fd);
    out.fd = static_cast<uint64_t>(fd);
    return done(e, call);
  }
  uint64_t vfs_posix_sockpair(const VfsPosixSockpair::In& in, VfsPosixSockpair::Reply& out, proto::Call& call) {
    int a = -1, b = -1;
    int e = vfs.socketpair(*me, in.domain, in.type, in.protocol, &a, &b);
    out.fd0 = static_cast<uint64_t>(a);
    out.fd1 = static_cast<uint64_t>(b);
    return done(e, call);
  }
  uint64_t vfs_posix_bind(const VfsPosixBind::In& in, VfsPosixBind::Reply&, proto::Call& call) {
    return done(vfs.bind(*me, fd_of(in.fd), in.path), call);
  }
  uint64_t vfs_posix_listen(const VfsPosixListen::In& in, VfsPosixListen::Reply&, proto::Call& call) {
    return done(vfs.listen(*me, fd_of(in.fd), in.backlog), call);
  }
  uint64_t vfs_posix_accept(const VfsPosixAccept::In& in, VfsPosixAccept::Reply& out, proto::Call& call) {
    int fd = -1;
    int e = vfs.accept(*me, fd_of(in.fd), in.flags, &fd);
    out.fd = static_cast<uint64_t>(fd);
    return done(e, call);
  }
  uint64_t vfs_posix_connect(const VfsPosixConnect::In& in, VfsPosixConnect::Reply&, proto::Call& call) {
    return done(vfs.connect(*me, fd_of(in.fd), in.path), call);
  }
  uint64_t vfs_posix_sendmsg(const VfsPosixSendmsg::In& in, VfsPosixSendmsg::Reply& out, proto::Call& call) {
    size_t sent = 0;
    int e = vfs.sendmsg(*me, fd_of(in.fd), in.flags, in.fds, in.fds_count, in.data.data, in.data.size, &sent);
    out.sent = sent;
    return done(e, call);
  }
  uint64_t vfs_posix_recvmsg(const VfsPosixRecvmsg::In& in, VfsPosixRecvmsg::Reply& out, proto::Call& call) {
    size_t n = in.count < sizeof out.data_buf ? static_cast<size_t>(in.count) : sizeof out.data_buf;
    int e = vfs.recvmsg(*me, fd_of(in.fd), in.flags, n, out.data_buf, &out.data_len, out.fds, &out.fds_count);
    return done(e, call);
  }
  uint64_t vfs_posix_shutdown(const VfsPosixShutdown::In& in, VfsPosixShutdown::Reply&, proto::Call& call) {
    return done(vfs.shutdown(*me, fd_of(in.fd), in.how), call);
  }
  uint64_t vfs_posix_getsockname(const VfsPosixGetsockname::In& in, VfsPosixGetsockname::Reply& out,
                                 proto::Call& call) {
    out.family = uapi::kAF_UNIX;
    return done(vfs.sockname(*me, fd_of(in.fd), false, out.path_buf, sizeof out.path_buf, &out.path_len), call);
  }
  uint64_t vfs_posix_getpeername(const VfsPosixGetpeername::In& in, VfsPosixGetpeername::Reply& out,
                                 proto::Call& call) {
    out.family = uapi::kAF_UNIX;
    return done(vfs.sockname(*me, fd_of(in.fd), true, out.path_buf, sizeof out.path_buf, &out.path_len), call);
  }
  uint64_t vfs_posix_setsockopt(const VfsPosixSetsockopt::In& in, VfsPosixSetsockopt::Reply&, proto::Call& call) {
    return done(vfs.setsockopt(*me, fd_of(in.fd), in.level, in.name, in.value), call);
  }
  uint64_t vfs_posix_getsockopt(const VfsPosixGetsockopt::In& in, VfsPosixGetsockopt::Reply& out, proto::Call& call) {
    return done(vfs.getsockopt(*me, fd_of(in.fd), in.level, in.name, &out.value), call);
  }

  // --- names ---
  uint64_t stat_into(int dirfd, lib::Str path, uint64_t at_flags, StatInfo* st, proto::Call& call) {
    if (at_flags & ~static_cast<uint64_t>(uapi::kAT_SYMLINK_NOFOLLOW | uapi::kAT_EMPTY_PATH))
      return status_from_errno(uapi::kEINVAL);
    return done(vfs.stat(*me, dirfd, path, !(at_flags & uapi::kAT_SYMLINK_NOFOLLOW),
                         at_flags & uapi::kAT_EMPTY_PATH, st),
                call);
  }
  uint64_t vfs_posix_stat(const VfsPosixStat::In& in, VfsPosixStat::Reply& out, proto::Call& call) {
    StatInfo st{};
    uint64_t s = stat_into(kAtFdcwd, in.path, 0, &st, call);
    put_stat(st, out);
    return s;
  }
  uint64_t vfs_posix_lstat(const VfsPosixLstat::In& in, VfsPosixLstat::Reply& out, proto::Call& call) {
    StatInfo st{};
    uint64_t s = stat_into(kAtFdcwd, in.path, uapi::kAT_SYMLINK_NOFOLLOW, &st, call);
    put_stat(st, out);
    return s;
  }
  uint64_t vfs_posix_fstatat(const VfsPosixFstatat::In& in, VfsPosixFstatat::Reply& out, proto::Call& call) {
    StatInfo st{};
    uint64_t s = stat_into(fd_of(in.dirfd), in.path, in.at_flags, &st, call);
    put_stat(st, out);
    return s;
  }
  uint64_t vfs_posix_access(const VfsPosixAccess::In& in, VfsPosixAccess::Reply&, proto::Call& call) {
    return done(vfs.access(*me, kAtFdcwd, in.path, static_cast<uint32_t>(in.mode), 0), call);
  }
  uint64_t vfs_posix_faccessat(const VfsPosixFaccessat::In& in, VfsPosixFaccessat::Reply&, proto::Call& call) {
    return done(vfs.access(*me, fd_of(in.dirfd), in.path, static_cast<uint32_t>(in.mode), in.at_flags), call);
  }
  uint64_t vfs_posix_unlink(const VfsPosixUnlink::In& in, VfsPosixUnlink::Reply&, proto::Call& call) {
    return done(vfs.unlink(*me, kAtFdcwd, in.path, 0), call);
  }
  uint64_t vfs_posix_rmdir(const VfsPosixRmdir::In& in, VfsPosixRmdir::Reply&, proto::Call& call) {
    return done(vfs.unlink(*me, kAtFdcwd, in.path, uapi::kAT_REMOVEDIR), call);
  }
  uint64_t vfs_posix_unlinkat(const VfsPosixUnlinkat::In& in, VfsPosixUnlinkat::Reply&, proto::Call& call) {
    return done(vfs.unlink(*me, fd_of(in.dirfd), in.path, in.at_flags), call);
  }
  uint64_t vfs_posix_mkdir(const VfsPosixMkdir::In& in, VfsPosixMkdir::Reply&, proto::Call& call) {
    return done(vfs.mkdir(*me, kAtFdcwd, in.path, static_cast<uint32_t>(in.mode)), call);
  }
  uint64_t vfs_posix_mkdirat(const VfsPosixMkdirat::In& in, VfsPosixMkdirat::Reply&, proto::Call& call) {
    return done(vfs.mkdir(*me, fd_of(in.dirfd), in.path, static_cast<uint32_t>(in.mode)), call);
  }
  uint64_t vfs_posix_mkfifo(const VfsPosixMkfifo::In& in, VfsPosixMkfifo::Reply&, proto::Call& call) {
    return done(vfs.mkfifo(*me, kAtFdcwd, in.path, static_cast<uint32_t>(in.mode)), call);
  }
  uint64_t vfs_posix_rename(const VfsPosixRename::In& in, VfsPosixRename::Reply&, proto::Call& call) {
    return done(vfs.rename(*me, kAtFdcwd, in.from, kAtFdcwd, in.to), call);
  }
  uint64_t vfs_posix_renameat(const VfsPosixRenameat::In& in, VfsPosixRenameat::Reply&, proto::Call& call) {
    return done(vfs.rename(*me, fd_of(in.from_dirfd), in.from, fd_of(in.to_dirfd), in.to), call);
  }
  uint64_t vfs_posix_linkat(const VfsPosixLinkat::In& in, VfsPosixLinkat::Reply&, proto::Call& call) {
    return done(vfs.link(*me, fd_of(in.from_dirfd), in.from, fd_of(in.to_dirfd), in.to, in.flags), call);
  }
  uint64_t vfs_posix_readlinkat(const VfsPosixReadlinkat::In& in, VfsPosixReadlinkat::Reply& out,
                                proto::Call& call) {
    return done(vfs.readlink(*me, fd_of(in.dirfd), in.path, out.target_buf, sizeof out.target_buf,
                             &out.target_len),
                call);
  }
  uint64_t vfs_posix_fchmodat(const VfsPosixFchmodat::In& in, VfsPosixFchmodat::Reply&, proto::Call& call) {
    return done(vfs.chmod(*me, fd_of(in.dirfd), in.path, static_cast<uint32_t>(in.mode), in.at_flags), call);
  }
  uint64_t vfs_posix_fchownat(const VfsPosixFchownat::In& in, VfsPosixFchownat::Reply&, proto::Call& call) {
    return done(vfs.chown(*me, fd_of(in.dirfd), in.path, static_cast<uint32_t>(in.uid),
                          static_cast<uint32_t>(in.gid), in.at_flags),
                call);
  }
  uint64_t vfs_posix_utimensat(const VfsPosixUtimensat::In& in, VfsPosixUtimensat::Reply&, proto::Call& call) {
    const int64_t t[4] = {in.atime_sec, in.atime_nsec, in.mtime_sec, in.mtime_nsec};
    return done(vfs.utimens(*me, fd_of(in.dirfd), in.path, t, in.at_flags), call);
  }
  uint64_t vfs_posix_chdir(const VfsPosixChdir::In& in, VfsPosixChdir::Reply&, proto::Call& call) {
    return done(vfs.chdir(*me, fd_of(in.dirfd), in.path), call);
  }
  uint64_t vfs_posix_getcwd(const VfsPosixGetcwd::In&, VfsPosixGetcwd::Reply& out, proto::Call& call) {
    return done(vfs.getcwd(*me, out.path_buf, sizeof out.path_buf, &out.path_len), call);
  }
  uint64_t vfs_posix_opendir(const VfsPosixOpendir::In& in, VfsPosixOpendir::Reply& out, proto::Call& call) {
    int fd = -1;
    int e = vfs.open(*me, kAtFdcwd, in.path, uapi::kO_RDONLY | uapi::kO_DIRECTORY, 0, &fd);
    out.fd = static_cast<uint64_t>(fd);
    return done(e, call);
  }

  // Raw labels: fixed layouts the generated codec does not describe.
  void vfs_posix_readdir(const lib::Request& rq, lib::Reply* rp) {
    uint64_t ino = 0;
    uint32_t type = 0;
    char name[128];
    size_t len = 0;
    int e = rq.length < 1 ? uapi::kEINVAL : vfs.readdir(*me, fd_of(rq.mr[0]), &ino, &type, name, sizeof name, &len);
    rp->status(status_from_errno(e));
    if (e != 0) return;
    rp->push(len);
    if (len == 0) return;
    rp->push(0);
    rp->push(ino);
    rp->push(type);
    for (size_t i = 0; i < len; i += 8) {
      uint64_t w = 0;
      for (size_t j = 0; j < 8 && i + j < len; ++j) w |= static_cast<uint64_t>(static_cast<uint8_t>(name[i + j])) << (8 * j);
      rp->push(w);
    }
  }
  // MR0 dirfd, MR1 target length, MR2..9 target, MR10 link length, MR11..18 link.
  void vfs_posix_symlinkat(const lib::Request& rq, lib::Reply* rp) {
    auto unpack = [&](size_t len_mr, char* out, size_t* len) {
      *len = static_cast<size_t>(rq.mr[len_mr]);
      if (*len > 64) return false;
      for (size_t i = 0; i < *len; ++i) out[i] = static_cast<char>(rq.mr[len_mr + 1 + i / 8] >> (8 * (i % 8)));
      return true;
    };
    char target[64], link[64];
    size_t tl = 0, ll = 0;
    int e = 0;
    if (rq.length < 19 || !unpack(1, target, &tl) || !unpack(10, link, &ll)) e = uapi::kEINVAL;
    else e = vfs.symlink(*me, lib::Str(target, tl), fd_of(rq.mr[0]), lib::Str(link, ll));
    rp->status(status_from_errno(e));
  }

  uint64_t vfs_dump_pending(const VfsDumpPending::In&, VfsDumpPending::Reply& out, proto::Call&) {
    const VfsStats st = vfs.stats();
    out.clients = st.clients;
    out.open_files = st.open_files;
    out.pipes = st.pipes;
    out.waiters = st.waiters;
    out.nodes = st.tree.nodes;
    out.pages = st.tree.pages;
    return uapi::TRONA_OK;
  }

  // --- procmgr's calls ---
  uint64_t vfs_client_register(const VfsClientRegister::In& in, VfsClientRegister::Reply&, proto::Call& call) {
    Creds c;
    c.uid = static_cast<uint32_t>(in.uid);
    c.euid = static_cast<uint32_t>(in.euid);
    c.gid = static_cast<uint32_t>(in.gid);
    c.egid = static_cast<uint32_t>(in.egid);
    c.group_count = in.groups_count < kMaxGroups ? in.groups_count : kMaxGroups;
    for (size_t i = 0; i < c.group_count; ++i) c.groups[i] = static_cast<uint32_t>(in.groups[i]);
    return done(vfs.register_client(call.badge(), in.badge, in.pid, c, in.nofile, static_cast<uint32_t>(in.umask)),
                call);
  }
  uint64_t vfs_posix_clone_fds(const VfsPosixCloneFds::In& in, VfsPosixCloneFds::Reply&, proto::Call& call) {
    return done(vfs.clone_fds(call.badge(), in.parent_badge, in.child_badge, in.child_pid), call);
  }
  uint64_t vfs_client_exec(const VfsClientExec::In& in, VfsClientExec::Reply&, proto::Call& call) {
    return done(vfs.client_exec(call.badge(), in.badge), call);
  }
  uint64_t vfs_client_exit(const VfsClientExit::In& in, VfsClientExit::Reply&, proto::Call& call) {
    return done(vfs.client_exit(call.badge(), in.badge), call);
  }

  void unhandled(const lib::Request& rq, lib::Reply* rp) {
    struct PosixSide {
      Service& s;
      uint64_t vfs_posix_isatty(const VfsPosixIsatty::In& in, VfsPosixIsatty::Reply& out, proto::Call& c) {
        return s.vfs_posix_isatty(in, out, c);
      }
      uint64_t vfs_posix_fcntl(const VfsPosixFcntl::In& in, VfsPosixFcntl::Reply& out, proto::Call& c) {
        return s.vfs_posix_fcntl(in, out, c);
      }
    } posix{*this};
    proto::posix_vfs::dispatch(posix, rq, rp);
  }
};

}  // namespace

uint64_t next_deadline(Vfs& vfs) { return vfs.next_deadline(); }
void on_deadline(Vfs& vfs, uint64_t now) { vfs.expire(now); }

void handle(Vfs& vfs, const lib::Request& rq, lib::Reply* reply) {
  *reply = lib::Reply();
  Client* me = vfs.client(rq.badge);
  if (!me) {
    reply->status(uapi::TRONA_OUT_OF_MEMORY);
    return;
  }
  Service s{vfs, me};
  proto::vfs::dispatch(s, rq, reply);
}

}  // namespace vfs
