// The file data and type words of fs/vfs/node.h.
#include "fs/vfs/node.h"

#include "uapi/linux_numbers.h"

namespace vfs {

namespace {

void zero(char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = 0;
}
void copy(char* to, const char* from, size_t n) {
  for (size_t i = 0; i < n; ++i) to[i] = from[i];
}

}  // namespace

Node::~Node() { drop_pages_from(0); }

uint32_t Node::type_bits() const {
  switch (type) {
    case NodeType::kDirectory: return uapi::kS_IFDIR;
    case NodeType::kSymlink: return uapi::kS_IFLNK;
    case NodeType::kFifo: return uapi::kS_IFIFO;
    case NodeType::kSocket: return uapi::kS_IFSOCK;
    case NodeType::kCharDevice: return uapi::kS_IFCHR;
    case NodeType::kRegular: break;
  }
  return uapi::kS_IFREG;
}

uint32_t Node::dtype() const {
  switch (type) {
    case NodeType::kDirectory: return uapi::kDT_DIR;
    case NodeType::kSymlink: return uapi::kDT_LNK;
    case NodeType::kFifo: return uapi::kDT_FIFO;
    case NodeType::kSocket: return uapi::kDT_SOCK;
    case NodeType::kCharDevice: return uapi::kDT_CHR;
    case NodeType::kRegular: break;
  }
  return uapi::kDT_REG;
}

size_t Node::read_at(uint64_t offset, char* out, size_t count) const {
  if (offset >= size) return 0;
  if (count > size - offset) count = static_cast<size_t>(size - offset);
  size_t done = 0;
  while (done < count) {
    const uint64_t at = offset + done;
    const size_t in_page = static_cast<size_t>(at % kPageBytes);
    size_t n = kPageBytes - in_page;
    if (n > count - done) n = count - done;
    char* const* page = pages.find(at / kPageBytes);
    if (page) copy(out + done, *page + in_page, n);
    else zero(out + done, n);
    done += n;
  }
  return count;
}

int Node::write_at(uint64_t offset, const char* data, size_t count, size_t* written) {
  if (offset > kMaxFileSize || count > kMaxFileSize - offset) return uapi::kEFBIG;
  size_t done = 0;
  if (written) *written = 0;
  while (done < count) {
    const uint64_t at = offset + done;
    const size_t in_page = static_cast<size_t>(at % kPageBytes);
    size_t n = kPageBytes - in_page;
    if (n > count - done) n = count - done;
    char** page = pages.find(at / kPageBytes);
    if (!page) {
      if (page_count && *page_count >= kMaxDataPages) return done > 0 ? 0 : uapi::kENOSPC;  // (*written: done)
      char* fresh = static_cast<char*>(alloc.allocate(kPageBytes));
      if (!fresh) return uapi::kENOMEM;
      zero(fresh, kPageBytes);
      auto r = pages.insert(at / kPageBytes, static_cast<char*>(fresh));
      if (!r.value) {
        alloc.release(fresh, kPageBytes);
        return uapi::kENOMEM;
      }
      page = r.value;
      if (page_count) ++*page_count;
    }
    copy(*page + in_page, data + done, n);
    done += n;
    if (written) *written = done;
    if (at + n > size) size = at + n;
  }
  return 0;
}

int Node::truncate(uint64_t length) {
  if (length > kMaxFileSize) return uapi::kEFBIG;
  if (length < size) {
    // Whole pages past the end go; the tail of the last kept page is
    // zeroed so that growing again reads zeros.
    drop_pages_from((length + kPageBytes - 1) / kPageBytes);
    if (length % kPageBytes != 0) {
      if (char** page = pages.find(length / kPageBytes)) {
        const size_t keep = static_cast<size_t>(length % kPageBytes);
        zero(*page + keep, kPageBytes - keep);
      }
    }
  }
  size = length;
  return 0;
}

int Node::seek_data(uint64_t offset, bool want_data, uint64_t* pos) const {
  if (offset >= size) return uapi::kENXIO;
  uint64_t page = offset / kPageBytes;
  auto& map = const_cast<lib::TreeMap<uint64_t, char*>&>(pages);  // lower_bound has no const form
  auto it = map.lower_bound(page);
  if (want_data) {
    if (it == map.end()) return uapi::kENXIO;
    uint64_t start = it->key * kPageBytes;
    *pos = start > offset ? start : offset;
    return *pos < size ? 0 : uapi::kENXIO;
  }
  // The first page index >= page without a page is a hole (the end of
  // the file counts as one).
  while (it != map.end() && it->key == page) {
    ++page;
    ++it;
  }
  uint64_t start = page * kPageBytes;
  if (start < offset) start = offset;
  *pos = start < size ? start : size;
  return 0;
}

void Node::drop_pages_from(uint64_t first_page) {
  for (;;) {
    auto it = pages.lower_bound(first_page);
    if (it == pages.end()) return;
    const uint64_t key = it->key;
    alloc.release(it->value, kPageBytes);
    if (page_count) --*page_count;
    pages.erase(key);
  }
}

}  // namespace vfs
