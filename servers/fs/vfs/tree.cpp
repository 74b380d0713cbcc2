// Lookup, creation and freeing of the nodes of fs/vfs/tree.h. The name
// operations (unlink, link, rename, ...) are in tree_names.cpp.
#include "fs/vfs/tree.h"

#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

bool is_dot(lib::Str s) { return s.size == 1 && s[0] == '.'; }
bool is_dotdot(lib::Str s) { return s.size == 2 && s[0] == '.' && s[1] == '.'; }

}  // namespace

Tree::~Tree() {
  for (Node* r : mount_roots_) free_node(r);
  if (root_) free_node(root_);
}

// Frees `n` and, for a directory, everything below it (teardown only).
void Tree::free_node(Node* n) {
  if (n->is_dir()) {
    for (auto it = n->entries.begin(); it != n->entries.end(); ++it) {
      Node* child = it->value;
      if (child->is_dir() && child->parent == n) {
        free_node(child);
      } else if (child->nlink > 0 && --child->nlink == 0) {
        free_node(child);
      }
    }
  }
  if (on_free_) on_free_(on_free_ctx_, n);
  stats_.nodes--;
  alloc_.destroy(n);
}

void Tree::maybe_free(Node* n) {
  if (n->nlink == 0 && n->open_count == 0 && n != root_) {
    if (on_free_) on_free_(on_free_ctx_, n);
    stats_.nodes--;
    alloc_.destroy(n);
  }
}

void Tree::close_node(Node* n) {
  if (n->open_count > 0) --n->open_count;
  maybe_free(n);
}

Node* Tree::make_node(NodeType type, uint32_t mode, const Creds& c, const Node* dir, int64_t now_ns) {
  Node* n = alloc_.make<Node>(alloc_);
  if (!n) return nullptr;
  n->ino = next_ino_++;
  n->page_count = &stats_.pages;
  n->fs = dir ? dir->fs : 0;
  n->shm_backed = type == NodeType::kRegular && dir && dir->shm_dir;
  n->type = type;
  n->mode = mode & 07777;
  n->uid = c.euid;
  n->gid = c.egid;
  if (dir && (dir->mode & 02000)) {
    n->gid = dir->gid;
    if (type == NodeType::kDirectory) n->mode |= 02000;
  }
  // Linux drops setgid of a new file whose group the creator is not in.
  if (type != NodeType::kDirectory && (n->mode & 02000) && !c.root() && !c.in_group(n->gid)) n->mode &= ~02000u;
  n->atime_ns = n->mtime_ns = n->ctime_ns = now_ns;
  stats_.nodes++;
  return n;
}

int Tree::add_entry(Node* dir, lib::Str name, Node* n, int64_t now_ns) {
  lib::String key(alloc_);
  if (!key.assign(name)) return uapi::kENOMEM;
  auto r = dir->entries.insert(static_cast<lib::String&&>(key), static_cast<Node*>(n));
  if (!r.value) return uapi::kENOMEM;
  if (!r.inserted) return uapi::kEEXIST;
  n->nlink++;
  if (n->is_dir()) {
    n->nlink++;  // its "."
    n->parent = dir;
    dir->nlink++;  // its ".."
  }
  dir->mtime_ns = dir->ctime_ns = now_ns;
  n->ctime_ns = now_ns;
  return 0;
}

void Tree::remove_entry(Node* dir, lib::Str name, Node* n, int64_t now_ns) {
  dir->entries.erase(name);
  if (n->is_dir()) {
    n->nlink = 0;
    dir->nlink--;
  } else if (n->nlink > 0) {
    n->nlink--;
  }
  dir->mtime_ns = dir->ctime_ns = now_ns;
  n->ctime_ns = now_ns;
  maybe_free(n);
}

int Tree::add_device(Node* dev, lib::Str name, Device d, int64_t now_ns, uint64_t tty_id) {
  Creds root;
  const uint32_t mode = d == Device::kConsole ? 0600 : d == Device::kPts ? 0620 : 0666;
  Node* n = make_node(NodeType::kCharDevice, mode, root, dev, now_ns);
  if (!n) return uapi::kENOMEM;
  n->device = d;
  n->tty_id = d == Device::kConsole ? kConsoleTtyId : tty_id;
  int e = add_entry(dev, name, n, now_ns);
  if (e != 0) alloc_.destroy(n), stats_.nodes--;
  return e;
}

int Tree::init(int64_t now_ns) {
  Creds root;
  root_ = make_node(NodeType::kDirectory, 0755, root, nullptr, now_ns);
  if (!root_) return uapi::kENOMEM;
  root_->nlink = 2;
  root_->parent = root_;
  Node* tmp = make_node(NodeType::kDirectory, 01777, root, root_, now_ns);
  Node* dev = make_node(NodeType::kDirectory, 0755, root, root_, now_ns);
  if (!tmp || !dev) return uapi::kENOMEM;
  if (int e = add_entry(root_, "tmp", tmp, now_ns)) return e;
  if (int e = add_entry(root_, "dev", dev, now_ns)) return e;
  const struct {
    const char* name;
    Device d;
  } devices[] = {{"null", Device::kNull},     {"zero", Device::kZero},     {"full", Device::kFull},
                 {"random", Device::kRandom}, {"urandom", Device::kRandom}, {"console", Device::kConsole},
                 {"tty", Device::kTty},       {"ptmx", Device::kPtmx}};
  for (const auto& d : devices)
    if (int e = add_device(dev, d.name, d.d, now_ns)) return e;
  Node* pts = make_node(NodeType::kDirectory, 0755, root, dev, now_ns);
  if (!pts) return uapi::kENOMEM;
  if (int e = add_entry(dev, "pts", pts, now_ns)) return e;
  for (uint64_t i = 0; i < kPtsNodes; ++i) {
    const char name[2] = {static_cast<char>('0' + (i < 10 ? i : i / 10)), static_cast<char>('0' + i % 10)};
    if (int e = add_device(pts, lib::Str(name, i < 10 ? 1 : 2), Device::kPts, now_ns, kFirstPtsTtyId + i)) return e;
  }
  Node* shm = make_node(NodeType::kDirectory, 01777, root, dev, now_ns);
  if (!shm) return uapi::kENOMEM;
  shm->shm_dir = true;
  return add_entry(dev, "shm", shm, now_ns);
}

int Tree::walk(const Creds& c, Node* start, lib::Str path, uint32_t flags, Walk* w) const {
  if (path.empty()) return uapi::kENOENT;
  lib::String todo(alloc_);
  if (!todo.assign(path)) return uapi::kENOMEM;
  Node* cur = path[0] == '/' ? ns_root() : start;
  size_t pos = 0;
  int hops = 0;
  // Replaces what is left to walk by `target` + `tail` (a symlink).
  auto expand = [&](const Node* link, lib::Str tail) -> int {
    if (++hops > kMaxSymlinkHops) return uapi::kELOOP;
    if (link->target.empty()) return uapi::kENOENT;
    lib::String next(alloc_);
    if (!next.assign(link->target.view()) || !next.append(tail)) return uapi::kENOMEM;
    if (link->target.view()[0] == '/') cur = ns_root();
    todo = static_cast<lib::String&&>(next);
    pos = 0;
    return 0;
  };
  for (;;) {
    lib::Str s = todo.view();
    while (pos < s.size && s[pos] == '/') ++pos;
    if (pos == s.size) {  // "/", or a path that ends in slashes after a symlink
      w->dir = cur;
      w->node = cur;
      w->trailing_slash = true;
      if (!w->name.assign("")) return uapi::kENOMEM;
      if (!cur->is_dir()) return uapi::kENOTDIR;
      return 0;
    }
    size_t end = s.find('/', pos);
    if (end == lib::Str::npos) end = s.size;
    lib::Str comp = s.sub(pos, end - pos);
    size_t after = end;
    while (after < s.size && s[after] == '/') ++after;
    const bool last = after == s.size;
    const bool slash_after = end < s.size;
    if (!cur->is_dir()) return uapi::kENOTDIR;
    if (!may(c, *cur, kMayExec)) return uapi::kEACCES;
    if (comp.size > kNameMax) return uapi::kENAMETOOLONG;
    Node* next = nullptr;
    if (is_dot(comp)) {
      next = cur;
    } else if (is_dotdot(comp)) {
      const Node* at = cur;
      const Node* top = ns_root();
      while (at != top && at->covers) at = at->covers;  // out of mounted file systems first
      next = at == top || at == root_ ? const_cast<Node*>(at) : at->parent;
    } else if (Node* const* found = cur->entries.find(comp)) {
      next = *found;
    } else if (cur->backend_slot && on_lookup_) {
      next = on_lookup_(on_lookup_ctx_, cur, comp);  // ask the file-system server (cached)
    }
    while (Node* m = next ? mounted_on(next) : nullptr) next = m;  // into what is mounted there
    if (last) {
      if (next && next->type == NodeType::kSymlink && ((flags & kFollow) || slash_after)) {
        if (int e = expand(next, slash_after ? lib::Str("/") : lib::Str(""))) return e;
        continue;
      }
      w->dir = cur;
      w->node = next;
      w->trailing_slash = slash_after;
      if (!w->name.assign(comp)) return uapi::kENOMEM;
      if (next && slash_after && !next->is_dir()) return uapi::kENOTDIR;
      return 0;
    }
    if (!next) return uapi::kENOENT;
    if (next->type == NodeType::kSymlink) {
      lib::String tail(alloc_);
      if (!tail.append("/") || !tail.append(s.sub(after))) return uapi::kENOMEM;
      if (int e = expand(next, tail.view())) return e;
      continue;
    }
    if (!next->is_dir()) return uapi::kENOTDIR;
    cur = next;
    pos = after;
  }
}

int Tree::path_of(const Node* d, char* out, size_t cap, size_t* len) const {
  if (d->nlink == 0) return uapi::kENOENT;  // removed (getcwd of a deleted directory)
  // Collect the names from d up to the root, then write them reversed.
  const Node* at = d;
  char tmp[512];
  size_t used = 0;
  const Node* top = ns_root();
  while (at != root_ && at != top) {
    while (at != top && at->covers) at = at->covers;  // a mounted root stands for its mount point
    if (at == root_ || at == top) break;
    const Node* up = at->parent;
    lib::Str name;
    for (auto it = up->entries.begin(); it != up->entries.end(); ++it)
      if (it->value == at) {
        name = it->key.view();
        break;
      }
    if (used + name.size + 1 > sizeof tmp) return uapi::kERANGE;
    for (size_t i = name.size; i > 0; --i) tmp[used++] = name[i - 1];
    tmp[used++] = '/';
    at = up;
  }
  if (used == 0) tmp[used++] = '/';
  if (used > cap) return uapi::kERANGE;
  for (size_t i = 0; i < used; ++i) out[i] = tmp[used - 1 - i];
  *len = used;
  return 0;
}

}  // namespace vfs
