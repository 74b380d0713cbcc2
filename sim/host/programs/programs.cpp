#include "sim/host/programs/programs.h"

#include <map>
#include <mutex>
#include <vector>

#include "kernel_model/kernel.h"
#include "trona/core/debug_put.h"
#include "trona/core/image.h"
#include "trona/clients/procmgr_client.h"

extern "C" int trona_program_namesrv(int, char**, char**);
extern "C" int trona_program_rsrcsrv(int, char**, char**);
extern "C" int trona_program_procmgr(int, char**, char**);
extern "C" int trona_program_init(int, char**, char**);
extern "C" int trona_program_mmsrv(int, char**, char**);
extern "C" int trona_program_vfs(int, char**, char**);
extern "C" int trona_program_console(int, char**, char**);
extern "C" int trona_program_pci(int, char**, char**);
extern "C" int trona_program_ttysrv(int, char**, char**);
extern "C" int trona_program_getty(int, char**, char**);
extern "C" int trona_program_sh(int, char**, char**);
extern "C" int trona_program_hello(int, char**, char**);
extern "C" int trona_program_coreutils(int, char**, char**);

namespace saltysim::programs {

namespace {

struct Registry {
  std::mutex mu;
  std::map<std::string, EntryFn, std::less<>> entries{
      {"namesrv", &trona_program_namesrv},
      {"rsrcsrv", &trona_program_rsrcsrv},
      {"procmgr", &trona_program_procmgr},
      {"init", &trona_program_init},
      {"mmsrv", &trona_program_mmsrv},
      {"vfs", &trona_program_vfs},
      {"console", &trona_program_console},
      {"pci", &trona_program_pci},
      {"ttysrv", &trona_program_ttysrv},
      {"getty", &trona_program_getty},
      {"hello", &trona_program_hello},
      {"sh", &trona_program_sh},
      {"coreutils", &trona_program_coreutils},
  };
};

Registry& registry() {
  static Registry r;
  return r;
}

// A NUL-terminated string at `va` of the current thread's memory.
std::string read_cstr(kmodel::Kernel& k, kmodel::Word va) {
  std::string s;
  for (;;) {
    char c = 0;
    k.read(va + s.size(), &c, 1);
    if (c == '\0') return s;
    s.push_back(c);
    if (s.size() > 4096) return s;
  }
}

int run_image(kmodel::Kernel& k) {
  kmodel::Tcb* t = k.current();
  const kmodel::Word rip = t->rip, rsp = t->rsp;
  std::string image(trona::image::kMaxImageBytes, '\0');
  k.read(rip, image.data(), image.size());
  image.resize(image.find('\0') == std::string::npos ? image.size() : image.find('\0'));
  trona::image::Header h;
  if (trona::image::parse(lib::Str(image.data(), image.size()), &h) != trona::image::Error::kOk)
    return kExitCannotRun;
  EntryFn fn = find_program(std::string_view(h.entry.data, h.entry.size));
  if (fn == nullptr) {
    std::string msg = "image: no program entry '" + std::string(h.entry.data, h.entry.size) + "'\n";
    k.debug_put(msg.data(), msg.size());
    return kExitCannotRun;
  }
  // The thread is named after its program (logs, deadlock reports, gdb):
  // "hello#89", the kernel's name "tcb#89" until now.
  std::string name = std::string(h.entry.data, h.entry.size) + "#" + std::to_string(t->id());
  t->name = name;
  if (t->thread != nullptr) t->thread->set_name(std::move(name));
  const auto argc = k.load<kmodel::Word>(rsp);
  std::vector<std::string> strings;
  std::size_t envc = 0;
  kmodel::Word at = rsp + 8;
  for (kmodel::Word i = 0; i < argc; ++i, at += 8) strings.push_back(read_cstr(k, k.load<kmodel::Word>(at)));
  at += 8;  // argv NULL
  for (kmodel::Word p; (p = k.load<kmodel::Word>(at)) != 0; at += 8, ++envc) strings.push_back(read_cstr(k, p));
  std::vector<char*> argv, envp;
  for (std::size_t i = 0; i < argc; ++i) argv.push_back(strings[i].data());
  argv.push_back(nullptr);
  for (std::size_t i = 0; i < envc; ++i) envp.push_back(strings[argc + i].data());
  envp.push_back(nullptr);
  return fn(static_cast<int>(argc), argv.data(), envp.data());
}

}  // namespace

void register_program(std::string name, EntryFn fn) {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  r.entries[std::move(name)] = fn;
}

EntryFn find_program(std::string_view name) {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  auto it = r.entries.find(name);
  return it == r.entries.end() ? nullptr : it->second;
}

int run_init(kmodel::Kernel& k) {
  const auto initrd_va = k.load<kmodel::Word>(kmodel::abi::kBootInfoVa + 8 * kmodel::abi::kBootInfoWordInitrdVa);
  const auto initrd_size = k.load<kmodel::Word>(kmodel::abi::kBootInfoVa + 8 * kmodel::abi::kBootInfoWordInitrdSize);
  std::vector<char> copy(initrd_size);
  if (initrd_size != 0) k.read(initrd_va, copy.data(), initrd_size);
  std::vector<std::string> args = {"init", "--initrd-at",
                                   std::to_string(reinterpret_cast<std::uintptr_t>(copy.data())),
                                   std::to_string(initrd_size)};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return trona_program_init(static_cast<int>(args.size()), argv.data(), nullptr);
}

void install_image_start(kmodel::Kernel& k) {
  k.register_entry(trona::image::kImageVa, [&k] {
    int status = run_image(k);
    // The program's frames are gone: nothing left on this stack needs a
    // destructor, so procmgr's teardown drops it without unwinding.
    k.scheduler().set_unwind_free(true);
    trona::ProcmgrClient().exit(status);  // does not return once procmgr takes it
  });
}

}  // namespace saltysim::programs
