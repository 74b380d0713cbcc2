// fs/vfs/node.h — one file of the VFS tree (an inode): a directory, a regular
// file, a symlink, a FIFO or a character device, with its metadata.
//
//   Node* n = tree.make_node(NodeType::kRegular, 0644, creds);
//   n->write_at(0, "abc", 3);   // regular files: sparse 4 KiB pages
//
// A node lives while it has a name (nlink > 0) or an open file description
// (open_count > 0); Tree::release frees it after the last of both goes.
// Regular file data is a map of 4 KiB pages by index: a hole (a page never
// written, or cut by truncate) reads as zeros, ftruncate growth costs
// nothing, SEEK_DATA/SEEK_HOLE walk the map. Freestanding; memory through
// the tree's lib::Allocator.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/allocator.h"
#include "lib/span.h"
#include "lib/string.h"
#include "lib/tree_map.h"
#include "uapi/termios.h"

namespace vfs {

enum class NodeType : uint8_t { kRegular, kDirectory, kSymlink, kFifo, kCharDevice, kSocket };
// posix_ttysrv's terminal ids (uapi/termios.h): the console line 1,
// /dev/pts/N 2 + N (N < 16), the master of pty N 0x100 + N.
inline constexpr uint64_t kConsoleTtyId = uapi::termios::kTtyConsole;
inline constexpr uint64_t kFirstPtsTtyId = uapi::termios::kTtyFirstPtySlave;
inline constexpr uint64_t kPtsNodes = uapi::termios::kTtyMaxPtys;
// What a character device under /dev does (fs/vfs/devices.cpp). kPtmx:
// /dev/ptmx, each open file a pty master (OpenFile::pty_master).
enum class Device : uint8_t { kNone, kNull, kZero, kFull, kRandom, kConsole, kTty, kPts, kPtmx };

struct Pipe;
struct Socket;
struct TreeStats;

inline constexpr size_t kPageBytes = 4096;
// A file kept in an SHM segment (/dev/shm objects, mapped files): at most this big.
inline constexpr uint64_t kShmFileBytes = 256 * kPageBytes;
// Largest file size (the page index must fit; Linux's tmpfs limit is
// larger, but nothing here needs it): beyond is EFBIG.
inline constexpr uint64_t kMaxFileSize = uint64_t{1} << 40;
inline constexpr size_t kNameMax = 255;
// The tmpfs size limit (Linux's tmpfs has one too: size=): file data pages
// of the whole tree; a write past it is ENOSPC.
inline constexpr uint64_t kMaxDataPages = 65536;  // 256 MiB

struct Node {
  explicit Node(lib::Allocator a) : entries(a), pages(a), target(a), xattrs(a), alloc(a) {}
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  uint64_t ino = 0;
  NodeType type = NodeType::kRegular;
  Device device = Device::kNone;
  uint64_t tty_id = 0;  // a terminal (console, tty, pts/N): posix_ttysrv's id (0: the caller's controlling tty)
  uint32_t mode = 0;  // permission bits incl. setuid/setgid/sticky (07777)
  uint32_t uid = 0, gid = 0;
  uint32_t nlink = 0;
  uint32_t open_count = 0;  // open file descriptions of this node
  uint64_t size = 0;        // regular: bytes; symlink: target length
  int64_t atime_ns = 0, mtime_ns = 0, ctime_ns = 0;
  Node* parent = nullptr;  // directories: the directory holding it ("..")
  uint32_t mounts_on = 0;   // a mount point: in how many namespaces something is mounted here
  uint32_t mount_refs = 0;  // a mounted root: how many namespaces mount it
  Node* covers = nullptr;   // a mounted root: the mount point it sits on
  uint32_t fs = 0;          // which file system (0 = the root tmpfs): EXDEV across
  bool shm_dir = false;     // /dev/shm: regular files made here keep their bytes in an SHM segment
  bool shm_backed = false;  // such a file (vfs_shm.cpp): data in segment shm_id, mapped at shm_va
  uint64_t shm_id = 0, shm_va = 0;
  // Under a file-system server's mount (vfs_backend.cpp): a cached proxy of
  // the server's inode backend_ino, asked through the cap at backend_slot.
  uint64_t backend_slot = 0, backend_ino = 0;
  bool backend_root = false;  // the mounted root (its slot goes with it)
  // A server's file that is mapped: its bytes are cached in segment shm_id
  // (shm_backed), writes go to both; a shared writable mapping may have
  // written the segment since the last write-back (vfs_shm.cpp).
  bool mapped_shared_write = false;

  lib::TreeMap<lib::String, Node*> entries;  // directories, without . and ..
  lib::TreeMap<uint64_t, char*> pages;       // regular files
  lib::String target;                        // symlinks
  lib::TreeMap<lib::String, lib::String> xattrs;  // extended attributes by name
  Pipe* fifo = nullptr;                      // FIFOs while open
  Socket* socket = nullptr;                  // sockets: the one bound here while it is open
  uint64_t* page_count = nullptr;            // the tree's page counter (TreeStats::pages)

  bool is_dir() const { return type == NodeType::kDirectory; }
  // A terminal posix_ttysrv serves: the console, /dev/tty, /dev/pts/N, /dev/ptmx.
  bool is_terminal() const {
    return type == NodeType::kCharDevice && (device == Device::kConsole || device == Device::kTty ||
                                             device == Device::kPts || device == Device::kPtmx);
  }
  uint32_t type_bits() const;  // S_IF*
  uint32_t dtype() const;      // DT_*

  // Regular files. read_at copies min(count, size - offset) bytes (zeros
  // for holes); write_at returns 0 or ENOMEM/EFBIG (size grows to the end
  // of the write); truncate cuts or extends (a hole).
  size_t read_at(uint64_t offset, char* out, size_t count) const;
  int write_at(uint64_t offset, const char* data, size_t count, size_t* written = nullptr);
  int truncate(uint64_t length);
  // SEEK_DATA / SEEK_HOLE from `offset` (< size): the next data / hole
  // position; ENXIO past the end.
  int seek_data(uint64_t offset, bool want_data, uint64_t* pos) const;

 private:
  void drop_pages_from(uint64_t first_page);
  lib::Allocator alloc;
};

}  // namespace vfs
