// fs/vfs/vfs.h — the VFS server's state and operations, independent of the
// wire: the tree, the clients and their fd tables, pipes and the calls that
// wait (a read of an empty pipe answers later through a saved reply cap,
// so one blocked client never stalls the server).
//
//   vfs::Vfs v(alloc, ops);
//   v.init();
//   vfs::Client* c = v.client(badge);
//   int fd;
//   int e = v.open(*c, kAtFdcwd, "/tmp/x", O_CREAT | O_WRONLY, 0644, &fd);
//
// Every operation returns 0 or a Linux errno, or kDeferred: the caller's
// reply cap has been saved and the answer comes later (Vfs::pump). The
// wire side is fs/vfs/handler.cpp. Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "fs/vfs/files.h"
#include "fs/vfs/ops.h"
#include "fs/vfs/socket.h"
#include "fs/vfs/tree.h"
#include "lib/allocator.h"
#include "lib/bitmap.h"
#include "lib/intrusive_list.h"
#include "lib/span.h"
#include "lib/tree_map.h"

namespace vfs {

inline constexpr int kDeferred = -1;
inline constexpr int kAtFdcwd = -100;
// Caps of file-system servers (VFS_MOUNT): slots 256 .. 256 + 64 of the VFS's CSpace.
inline constexpr uint64_t kBackendSlotBase = 256;
inline constexpr size_t kMaxBackends = 64;
inline constexpr size_t kMaxInlineWrite = 144;  // the largest WRITE payload

inline constexpr uint64_t kNoDeadline = ~uint64_t{0};
inline constexpr size_t kMaxPollFds = 16;      // VFS_POSIX_POLL words
inline constexpr size_t kMaxEpollEvents = 9;   // VFS_POSIX_EPOLL_WAIT pairs

// One fd an epoll instance watches (Linux keys it by fd and file too).
struct EpollWatch {
  int fd = -1;
  OpenFile* file = nullptr;  // not a reference: release() takes the watch out
  uint32_t events = 0;
  uint64_t data = 0;
  uint64_t seen = ~uint64_t{0};  // EPOLLET: the pipe generation last reported
  bool disabled = false;         // EPOLLONESHOT after its report
};

struct Epoll {
  explicit Epoll(lib::Allocator a) : watches(a) {}
  lib::ListNode node;
  lib::Vector<EpollWatch> watches;  // in the order they were added
};

// A call answered later: a pipe or FIFO read/write/open, or a poll/epoll wait.
struct Waiter {
  explicit Waiter(lib::Allocator a = {}) : alloc(a) {}
  ~Waiter() {
    if (big) alloc.release(big, len);
  }
  Waiter(const Waiter&) = delete;
  Waiter& operator=(const Waiter&) = delete;
  // The bytes of a kWrite: inline, or a bulk write's (up to PIPE_BUF) on the heap.
  const char* bytes() const { return big ? big : data; }
  lib::Allocator alloc;
  char* big = nullptr;
  enum class Kind : uint8_t { kRead, kWrite, kOpen, kPoll, kEpoll, kAccept, kRecv, kConnect };
  lib::ListNode node;
  Kind kind = Kind::kRead;
  uint64_t badge = 0;
  uint64_t slot = 0;     // the saved reply cap
  Pipe* pipe = nullptr;
  int fd = -1;           // kOpen: the fd to answer with
  bool open_for_write = false;
  size_t count = 0;      // kRead: at most this many bytes
  size_t len = 0;        // kWrite: the bytes to write
  char data[kMaxInlineWrite] = {};
  uint64_t deadline = kNoDeadline;  // kPoll / kEpoll: CLOCK_MONOTONIC ns
  uint64_t words[kMaxPollFds] = {};  // kPoll: the request's fd | events words
  size_t word_count = 0;
  OpenFile* ep = nullptr;            // kEpoll: the instance waited on
  size_t max_events = 0;
  Socket* sock = nullptr;            // kAccept / kRecv / kConnect: the socket waited on (kConnect: the connecting one)
  Socket* target = nullptr;          // kConnect: the listener with a full backlog
  uint64_t flags = 0;                // kAccept: SOCK_*; kRecv: MSG_*
};

struct VfsStats {
  uint64_t clients = 0;
  uint64_t open_files = 0;  // open file descriptions
  uint64_t pipes = 0;
  uint64_t waiters = 0;
  uint64_t sockets = 0;
  TreeStats tree;
};

struct StatInfo {
  uint64_t ino, mode, nlink, size, uid, gid, mtime_ns, type;
};

class Vfs {
 public:
  Vfs(lib::Allocator a, Ops& ops) : alloc_(a), ops_(ops), tree_(a), clients_(a), segments_(a), deferred_(a) {}
  ~Vfs();
  Vfs(const Vfs&) = delete;
  Vfs& operator=(const Vfs&) = delete;

  int init();
  // The terminals (/dev/console, /dev/tty, /dev/pts/N) are posix_ttysrv's:
  // reading or writing one answers EREMOTEIO, and VFS_POSIX_ISATTY tells the
  // client which tty it is (vfs main: --ttysrv). Without it they print on
  // the kernel's debug console and read as empty.
  void serve_ttys_elsewhere() { ttys_elsewhere_ = true; }
  Tree& tree() { return tree_; }
  VfsStats stats() const;

  // The client of `badge`: registered by procmgr, or a default record
  // (nobody's credentials; procmgr's own badge 1 is root). nullptr: ENOMEM.
  Client* client(uint64_t badge);
  int register_client(uint64_t caller, uint64_t badge, uint64_t pid, const Creds& creds, uint64_t nofile,
                      uint32_t umask);
  int clone_fds(uint64_t caller, uint64_t parent, uint64_t child, uint64_t child_pid);
  int client_exit(uint64_t caller, uint64_t badge);
  // The client replaced its image: its FD_CLOEXEC fds close.
  int client_exec(uint64_t caller, uint64_t badge);

  // --- descriptors ---
  int open(Client& c, int dirfd, lib::Str path, uint64_t flags, uint32_t mode, int* fd);
  int close(Client& c, int fd);
  // offset < 0: at (and moving) the file offset.
  int read(Client& c, int fd, char* out, size_t count, int64_t offset, size_t* got);
  int write(Client& c, int fd, const char* data, size_t count, int64_t offset, size_t* done);
  int lseek(Client& c, int fd, int64_t offset, int whence, int64_t* pos);
  int ftruncate(Client& c, int fd, uint64_t length);
  int fsync(Client& c, int fd);
  int fstat(Client& c, int fd, StatInfo* st);
  int pipe(Client& c, uint64_t flags, int* read_fd, int* write_fd);
  int dup(Client& c, int fd, int min_fd, bool cloexec, int* out);
  int dup2(Client& c, int oldfd, int newfd, bool cloexec, bool dup3, int* out);
  int fcntl(Client& c, int fd, uint64_t cmd, uint64_t arg, uint64_t* result);
  // *tty, and for a terminal its posix_ttysrv id and the open file's flags.
  int isatty(Client& c, int fd, bool* tty, uint64_t* tty_id = nullptr, uint64_t* flags = nullptr);
  int fchmod(Client& c, int fd, uint32_t mode);
  int fchown(Client& c, int fd, uint32_t uid, uint32_t gid);
  int readdir(Client& c, int fd, uint64_t* ino, uint32_t* type, char* name, size_t cap, size_t* len);

  // --- POSIX shared memory (vfs_shm.cpp): /dev/shm objects in SHM segments ---
  int shm_open(Client& c, lib::Str name, uint64_t flags, uint32_t mode, int* fd);
  int shm_unlink(Client& c, lib::Str name);
  // What backs fd for mmap: the segment of a /dev/shm object (ENODEV otherwise).
  // VFS_BACKEND_RESOLVE_BACKING: the segment that holds fd's bytes for mmap
  // (`shared_write`: a MAP_SHARED mapping with PROT_WRITE, which needs O_RDWR).
  int resolve_backing(Client& c, int fd, bool shared_write, uint64_t* kind, uint64_t* shm_id, uint64_t* size);
  // VFS_BACKEND_PAGER_WRITE: [offset, offset + length) of the file held in
  // segment `shm_id` was written through a MAP_SHARED mapping (msync, munmap).
  int pager_write(Client& c, uint64_t shm_id, uint64_t offset, uint64_t length);

  // --- the bulk path (vfs_bulk.cpp): data through the client's SHM window ---
  int bulk_setup(Client& c, uint64_t shm_id, uint64_t pages);
  int bulk_read(Client& c, int fd, size_t count, uint64_t shm_offset, size_t* done);
  int bulk_pwrite(Client& c, int fd, size_t count, uint64_t file_offset, uint64_t shm_offset, size_t* done);

  // --- poll and epoll (vfs_poll.cpp); timeout_ms < 0: no limit ---
  // words: fd (low 32 bits) | events << 32; revents one per word.
  int poll(Client& c, const uint64_t* words, size_t n, int64_t timeout_ms, uint64_t* revents, uint64_t* ready);
  int epoll_create(Client& c, uint64_t flags, int* fd);
  int epoll_ctl(Client& c, int epfd, uint64_t op, int fd, uint64_t events, uint64_t data);
  // out: pairs (events, data); *count pairs.
  int epoll_wait(Client& c, int epfd, size_t max, int64_t timeout_ms, uint64_t* out, uint64_t* count);
  // --- mounts (vfs_mounts.cpp): root only ---
  // A file-system server's endpoint arrived at `backend_now` (0: none
  // came) and will be kept at `backend_keep` (take_backend_slot) when this
  // succeeds; SALTYFS_MOUNT goes to it before that.
  int mount(Client& c, uint64_t flags, lib::Str fstype, lib::Str target, uint64_t backend_now = 0,
            uint64_t backend_keep = 0);
  uint64_t take_backend_slot();
  void release_backend_slot(uint64_t slot);  // unused again (no cap there)
  void free_backend_slot(uint64_t slot);     // its cap deleted, unused again
  int umount(Client& c, uint64_t flags, lib::Str target);
  // unshare(2) of CLONE_NEWNS: the caller gets its own copy of the mounts.
  int unshare(Client& c, uint64_t flags);
  // pivot_root(2) in the caller's namespace (root only).
  int pivot_root(Client& c, lib::Str new_root, lib::Str put_old);

  // --- extended attributes (vfs_xattr.cpp); at_flags AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH ---
  int getxattr(Client& c, int dirfd, lib::Str path, uint64_t at_flags, lib::Str name, char* out, size_t cap,
               size_t* len);
  int setxattr(Client& c, int dirfd, lib::Str path, uint64_t at_flags, lib::Str name, lib::Str value,
               uint64_t xflags);
  int removexattr(Client& c, int dirfd, lib::Str path, uint64_t at_flags, lib::Str name);
  // The names, each NUL-terminated.
  int listxattr(Client& c, int dirfd, lib::Str path, uint64_t at_flags, char* out, size_t cap, size_t* len);

  // --- AF_UNIX sockets (vfs_sockets.cpp) ---
  int socket(Client& c, uint64_t domain, uint64_t type, uint64_t protocol, int* fd);
  int socketpair(Client& c, uint64_t domain, uint64_t type, uint64_t protocol, int* fd0, int* fd1);
  int bind(Client& c, int fd, lib::Str path);
  int listen(Client& c, int fd, uint64_t backlog);
  int accept(Client& c, int fd, uint64_t flags, int* out);
  int connect(Client& c, int fd, lib::Str path);
  int sendmsg(Client& c, int fd, uint64_t flags, const uint64_t* fds, size_t nfds, const char* data, size_t len,
              size_t* sent);
  // *nfds fds installed into `fds`.
  int recvmsg(Client& c, int fd, uint64_t flags, size_t count, char* out, size_t* got, uint64_t* fds, size_t* nfds);
  int shutdown(Client& c, int fd, uint64_t how);
  int sockname(Client& c, int fd, bool peer, char* out, size_t cap, size_t* len);
  int setsockopt(Client& c, int fd, uint64_t level, uint64_t name, uint64_t value);
  int getsockopt(Client& c, int fd, uint64_t level, uint64_t name, uint64_t* value);

  // The serve loop's timer: the next poll/epoll deadline, and its expiry.
  uint64_t next_deadline();
  void expire(uint64_t now_ns);

  // --- names (dirfd: an open directory or kAtFdcwd) ---
  int stat(Client& c, int dirfd, lib::Str path, bool follow, bool empty_path, StatInfo* st);
  int access(Client& c, int dirfd, lib::Str path, uint32_t mode, uint64_t at_flags);
  int mkdir(Client& c, int dirfd, lib::Str path, uint32_t mode);
  int mkfifo(Client& c, int dirfd, lib::Str path, uint32_t mode);
  int unlink(Client& c, int dirfd, lib::Str path, uint64_t at_flags);
  int rename(Client& c, int from_dirfd, lib::Str from, int to_dirfd, lib::Str to);
  int link(Client& c, int from_dirfd, lib::Str from, int to_dirfd, lib::Str to, uint64_t flags);
  int symlink(Client& c, lib::Str target, int dirfd, lib::Str path);
  int readlink(Client& c, int dirfd, lib::Str path, char* out, size_t cap, size_t* len);
  int chmod(Client& c, int dirfd, lib::Str path, uint32_t mode, uint64_t at_flags);
  int chown(Client& c, int dirfd, lib::Str path, uint32_t uid, uint32_t gid, uint64_t at_flags);
  int utimens(Client& c, int dirfd, lib::Str path, const int64_t times[4], uint64_t at_flags);
  int chdir(Client& c, int dirfd, lib::Str path);
  int getcwd(Client& c, char* out, size_t cap, size_t* len);

 private:
  int start_dir(Client& c, int dirfd, lib::Str path, Node** start);
  // `empty_path` (AT_EMPTY_PATH): an empty path names dirfd itself.
  int lookup(Client& c, int dirfd, lib::Str path, bool follow, Node** out, bool empty_path = false);
  int alloc_fd(Client& c, int min_fd, int* fd);
  int install(Client& c, OpenFile* f, bool cloexec, int min_fd, int* fd);
  void put_slot(Client& c, int fd, OpenFile* f, bool cloexec);
  OpenFile* new_file(Node* node, Pipe* pipe, bool write_end, uint32_t flags);
  void release(OpenFile* f);
  void release_now(OpenFile* f);
  void drop_client(Client* c);
  int open_fifo(Client& c, Node* n, uint64_t flags, int* fd);
  int open_path(Client& c, int dirfd, lib::Str path, uint64_t flags, int* fd);
  int wait_for(Waiter::Kind kind, uint64_t badge, Pipe* p, int fd, bool for_write, size_t count,
               const char* data, size_t len);
  // The pipe rules on `p` (a pipe, FIFO or socket queue); nonblock: EAGAIN instead of waiting.
  int pipe_read(Client& c, Pipe* p, bool nonblock, char* out, size_t count, size_t* got);
  int pipe_write(Client& c, Pipe* p, bool nonblock, const char* data, size_t count, size_t* done);
  int device_read(Node& n, char* out, size_t count, size_t* got);
  int device_write(Node& n, const char* data, size_t count, size_t* done);
  void touch(Node& n, bool modify);
  bool has_writer_waiting(const Pipe* p);
  uint32_t ready_mask(const OpenFile& f);
  size_t poll_now(Client& c, const uint64_t* words, size_t n, uint64_t* revents);
  size_t collect(Epoll& ep, size_t max, uint64_t* out);
  bool try_poll(Waiter& w, bool expired);
  void wake_polls();
  void forget_file(OpenFile* f);
  uint64_t deadline_after(int64_t timeout_ms);
  int xattr_node(Client& c, int dirfd, lib::Str path, uint64_t at_flags, Node** n);
  Socket* new_socket(uint32_t type);
  int bulk_pipe_write(Client& c, OpenFile& f, size_t count, uint64_t file_offset, uint64_t shm_offset, size_t* done);
  int shm_segment(Node& n);
  int promote(Node& n);
  // A server's file cached in its segment: [offset, offset + length) of the
  // segment written back to the server (clipped to the file's size).
  int write_back(Node& n, uint64_t offset, uint64_t length);
  // Every server file a shared writable mapping may have written: written back.
  void write_back_mapped();
  int mount_server(Node* point, uint64_t now_slot, uint64_t keep_slot);
  static Node* backend_lookup(void* self, Node* dir, lib::Str name);
  Node* backend_node(Node* dir, lib::Str name, const FsAttrs& a);
  int backend_create(Client& c, Node* dir, lib::Str name, bool directory, uint32_t mode, Node** out);
  int backend_remove(Client& c, Node* dir, lib::Str name, Node* n, bool directory);
  int backend_write(Node& n, uint64_t offset, const char* data, size_t count, size_t* done);
  int backend_symlink(Client& c, Node* dir, lib::Str name, lib::Str target);
  int backend_setattr(Client& c, Node& n, uint32_t mode, uint32_t uid, uint32_t gid);
  int backend_rename(Client& c, Walk& src, Walk& dst);
  int backend_link(Client& c, Node* n, Walk& dst);
  int backend_read(Node& n, uint64_t offset, char* out, size_t count, size_t* got);
  int backend_readdir(OpenFile& f, uint64_t* ino, uint32_t* type, char* name, size_t cap, size_t* len);
  size_t shm_read(Node& n, uint64_t offset, char* out, size_t count);
  int shm_write(Node& n, uint64_t offset, const char* data, size_t count);
  int shm_truncate(Node& n, uint64_t length);
  static void node_freed(void* self, Node* n);
  OpenFile* socket_file(Socket* s, uint64_t flags);
  void close_socket(Socket* s);
  void drop_pipe_end(Pipe*& p, bool write_end);
  bool free_if_unused(Pipe*& p);
  int recv_now(Client& c, Socket& s, uint64_t flags, size_t count, char* out, size_t* got, uint64_t* fds,
               size_t* nfds);
  int accept_now(Client& c, Socket& l, uint64_t flags, int* out);
  int connect_now(Socket* s, Socket* l);
  void drop_socket_waiters(Socket* s);
  bool try_socket_wait(Waiter& w);
  Waiter* start_wait(Waiter::Kind kind, Client& c, int64_t timeout_ms, int* e);
  bool try_complete(Waiter& w, bool writers_blocked);

 public:
  // Answers every waiter of `p` that can go on now (data, space, a peer,
  // EOF or EPIPE); called after every change of the pipe.
  void pump(Pipe* p);

 private:
  lib::Allocator alloc_;
  Ops& ops_;
  Tree tree_;
  lib::TreeMap<uint64_t, Client*> clients_;
  lib::TreeMap<uint64_t, Node*> segments_;  // shm_id → the node whose bytes the segment holds
  lib::IntrusiveList<Waiter, &Waiter::node> waiters_;
  lib::IntrusiveList<Epoll, &Epoll::node> epolls_;
  uint64_t open_files_ = 0;
  uint64_t pipes_ = 0;
  uint64_t sockets_ = 0;
  uint64_t next_shm_ = 1;
  bool ttys_elsewhere_ = false;
  bool pumping_ = false, again_ = false;  // pump(): a pass is running / another is due
  lib::Vector<OpenFile*> deferred_;     // releases asked for during a pass
  lib::Bitmap<kMaxBackends> backend_slots_;
  struct FsWindow {
    uint64_t shm = 0, va = 0;  // the mount's SALTYFS_SHM_SETUP window (0: none)
  } fs_windows_[kMaxBackends];
  uint64_t next_pipe_id_ = 1;
};

}  // namespace vfs
