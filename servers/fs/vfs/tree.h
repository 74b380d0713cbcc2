// fs/vfs/tree.h — the file tree: a tmpfs root, /dev, path lookup and the
// operations on names (create, link, unlink, rename, ...), all with Linux's
// errors and permission rules.
//
//   Tree t(alloc);
//   t.init(now_ns);
//   Walk w;
//   int e = t.walk(creds, cwd, "a/b", kFollow, &w);   // w.node, w.dir, w.name
//
// Lookup (walk): absolute paths start at the root, relative ones at
// `start` (the working directory or a dirfd). Every directory passed
// through needs search (x) permission (EACCES); a component longer than
// 255 bytes is ENAMETOOLONG; a non-directory in the middle is ENOTDIR;
// symlinks in the middle are always followed, the last one only with
// kFollow (or when the path ends in '/'); more than 40 symlinks in one
// lookup is ELOOP. ".." of the root is the root. A missing last component
// is not an error of walk: w.node is null and w.dir/w.name say where it
// would be (callers that need it return ENOENT).
// Errors are Linux errno values (0 = success). Freestanding.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "fs/vfs/creds.h"
#include "fs/vfs/node.h"
#include "lib/allocator.h"
#include "lib/span.h"
#include "lib/string.h"
#include "lib/tree_map.h"
#include "lib/vector.h"

namespace vfs {

inline constexpr int kMaxSymlinkHops = 40;
inline constexpr uint32_t kFollow = 1;  // walk: follow a symlink as last component

struct Walk {
  explicit Walk(lib::Allocator a) : name(a) {}
  Node* dir = nullptr;   // the directory holding the last component
  Node* node = nullptr;  // what the path names; nullptr when it does not exist
  lib::String name;      // the last component ("" for "/", "." for "a/.")
  bool trailing_slash = false;
};

// A mount namespace: what is mounted where (mount point's ino -> the
// mounted root). Processes share one until unshare(CLONE_NEWNS) gives one
// its own copy; later mounts and umounts change only that copy.
struct Namespace {
  explicit Namespace(lib::Allocator a) : mounts(a) {}
  lib::TreeMap<uint64_t, Node*> mounts;
  uint32_t refs = 1;  // clients using it
  Node* root = nullptr;            // after pivot_root: "/" here (nullptr: the tree's root)
  Node* old_root_point = nullptr;  // after pivot_root: where the tree's root is seen (held open)
};

struct TreeStats {
  uint64_t nodes = 0;  // live nodes
  uint64_t pages = 0;  // file data pages (4 KiB)
};

class Tree {
 public:
  explicit Tree(lib::Allocator a) : alloc_(a), initial_(a), mount_roots_(a) {}
  ~Tree();
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;

  // The root (0755 root:root), /tmp (01777) and /dev with its devices.
  int init(int64_t now_ns);
  Node* root() const { return root_; }
  lib::Allocator allocator() const { return alloc_; }

  int walk(const Creds& c, Node* start, lib::Str path, uint32_t flags, Walk* w) const;

  // A new node (not yet in a directory): mode & 07777, owner euid, group
  // egid — or the directory's group when `dir` is setgid (a new directory
  // there is setgid too).
  Node* make_node(NodeType type, uint32_t mode, const Creds& c, const Node* dir, int64_t now_ns);
  // Links `n` into `dir` as `name` (the name must be free). ENOMEM.
  int add_entry(Node* dir, lib::Str name, Node* n, int64_t now_ns);
  // Takes the entry out; frees the node when nothing else holds it.
  void remove_entry(Node* dir, lib::Str name, Node* n, int64_t now_ns);
  // Drops one open file description of `n` (and frees it when unlinked).
  void close_node(Node* n);
  // Mounts (vfs_mounts.cpp): a new empty file system on directory `point`
  // (EBUSY if one is there), and its removal (EINVAL if `root` is not a
  // mounted root, EBUSY while anything in it is open or mounted on).
  int mount_tmpfs(Node* point, int64_t now_ns);
  // A new mounted root on `point` (EBUSY / ENOTDIR as mount_tmpfs), for
  // the caller to fill (a file-system server's root).
  int mount_root(Node* point, int64_t now_ns, Node** root);
  // The walk asks this for a name not cached in a server-backed directory
  // (nullptr: no such entry).
  void set_on_lookup(Node* (*fn)(void* ctx, Node* dir, lib::Str name), void* ctx) {
    on_lookup_ = fn;
    on_lookup_ctx_ = ctx;
  }
  int umount(Node* root);
  // The namespace the next lookups and mounts use (the VFS sets the
  // caller's before each path operation), the initial one, copies.
  void use(Namespace* ns) { ns_ = ns ? ns : &initial_; }
  Namespace* initial() { return &initial_; }
  Namespace* copy_namespace(const Namespace& from);
  void release_namespace(Namespace* ns);
  // pivot_root (vfs_mounts.cpp): new_root (a mounted root) becomes "/" of
  // the current namespace and the old root is seen at put_old.
  int pivot_root(Node* new_root, Node* put_old);
  Node* ns_root() const { return ns_->root ? ns_->root : root_; }

  // The name operations (errno). `start`: cwd or the dirfd's directory.
  int create(const Creds& c, Node* start, lib::Str path, NodeType type, uint32_t mode, int64_t now_ns,
             Node** out = nullptr);
  int symlink(const Creds& c, Node* start, lib::Str target, lib::Str path, int64_t now_ns);
  int unlink(const Creds& c, Node* start, lib::Str path, bool dir, int64_t now_ns);
  int link(const Creds& c, Node* from_start, lib::Str from, Node* to_start, lib::Str to, bool follow,
           int64_t now_ns);
  int rename(const Creds& c, Node* from_start, lib::Str from, Node* to_start, lib::Str to, int64_t now_ns);
  // The same on paths the caller has walked already (walk() with the flags
  // above: 0, or kFollow for link's source), so a path is walked once.
  int create_in(const Creds& c, const Walk& w, NodeType type, uint32_t mode, int64_t now_ns, Node** out = nullptr);
  int symlink_in(const Creds& c, const Walk& w, lib::Str target, int64_t now_ns);
  int unlink_in(const Creds& c, const Walk& w, bool dir, int64_t now_ns);
  int link_in(const Creds& c, const Walk& src, const Walk& dst, int64_t now_ns);
  int rename_in(const Creds& c, const Walk& src, const Walk& dst, int64_t now_ns);

  // The absolute path of directory `d` into `out` (ERANGE past `cap`).
  int path_of(const Node* d, char* out, size_t cap, size_t* len) const;

  TreeStats stats() const { return stats_; }
  // Called for every node just before it is freed (the VFS drops SHM segments).
  void set_on_free(void (*fn)(void* ctx, Node* n), void* ctx) {
    on_free_ = fn;
    on_free_ctx_ = ctx;
  }

 private:
  void free_node(Node* n);
  bool busy(const Node* n) const;
  Node* mounted_on(const Node* point) const;
  void drop_mount(Namespace& ns, Node* root);
  void maybe_free(Node* n);
  int add_device(Node* dev, lib::Str name, Device d, int64_t now_ns, uint64_t tty_id = 0);
  // Walks to the parent of the last component for a name operation and
  // checks write + search on it: ENOENT when a middle part is missing.
  int parent_for_change(const Creds& c, Node* start, lib::Str path, Walk* w) const;

  lib::Allocator alloc_;
  Node* root_ = nullptr;
  uint64_t next_ino_ = 1;
  uint32_t next_fs_ = 1;
  void (*on_free_)(void*, Node*) = nullptr;
  void* on_free_ctx_ = nullptr;
  Node* (*on_lookup_)(void*, Node*, lib::Str) = nullptr;
  void* on_lookup_ctx_ = nullptr;
  Namespace initial_;
  Namespace* ns_ = &initial_;
  lib::Vector<Node*> mount_roots_;  // every mounted root (freed with the tree)
  TreeStats stats_;
};

}  // namespace vfs
