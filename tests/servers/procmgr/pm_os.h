// A machine for procmgr tests over real IPC: ipct::SimOs (namesrv,
// rsrcsrv, init as the root task) plus procmgr with an in-memory image
// table (`bin/<name>` runs the registered program `<name>`), an untyped of
// its own, and its endpoint in init's slot 3 with badge 1; optionally mmsrv
// as the pager (needed by fork), its endpoints in procmgr's slots 64 (badge
// 1) and 65 (GRANT) as init gives them. Simulated code talks to procmgr
// only through trona stubs and the POSIX layer.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ipc_harness.h"
#include "sim/host/programs/programs.h"
#include "trona/core/syscall.h"

extern "C" int trona_program_procmgr(int argc, char** argv, char** envp);
extern "C" int trona_program_mmsrv(int argc, char** argv, char** envp);

namespace pmt {

namespace ka = kmodel::abi;

inline bool exited(int st) { return (st & 0x7f) == 0; }
inline int exit_code(int st) { return (st >> 8) & 0xff; }
inline int term_sig(int st) { return st & 0x7f; }

// CLOCK_MONOTONIC of the simulated machine (virtual ns), from simulated code.
inline uint64_t now_ns() { return trona::clock_gettime(uapi::kClockMonotonic).value; }

// The bytes of an image that runs the registered program `entry`.
inline std::string image(const std::string& entry) { return "#!trona-image v1\nentry=" + entry + "\n"; }

using Programs = std::vector<std::pair<std::string, saltysim::programs::EntryFn>>;  // name → entry
using Images = std::vector<std::pair<std::string, std::string>>;                     // path → bytes

struct PmOptions {
  bool with_pager = false;
  unsigned untyped_bits = 24;  // procmgr's own untyped (host pages are only made when touched)
};

class PmOs : public ipct::SimOs {
 public:
  // `programs`: each registered and given the image `bin/<name>`.
  explicit PmOs(const Programs& programs, bool with_pager = false)
      : PmOs(register_all(programs), PmOptions{.with_pager = with_pager}) {}
  explicit PmOs(const Images& images, bool with_pager = false) : PmOs(images, PmOptions{.with_pager = with_pager}) {}

  // procmgr's image table as given (images of programs registered elsewhere).
  PmOs(const Images& images, PmOptions opts) : pm_ep(k.new_endpoint()) {
    saltysim::programs::install_image_start(k);
    if (opts.with_pager) start_pager();
    args_.push_back("procmgr");
    for (const auto& [path, bytes] : images) {
      args_.push_back("--image");
      args_.push_back(path);
      args_.push_back(bytes);
    }
    for (std::string& a : args_) argv_.push_back(a.data());
    argv_.push_back(nullptr);
    procmgr = k.create_process(
        [this] { trona_program_procmgr(static_cast<int>(args_.size()), argv_.data(), nullptr); },
        kmodel::ProcessOptions{.name = "procmgr", .cnode_bits = 12, .start = false});
    k.install(*procmgr.cnode, uapi::SLOT_PROCMGR_EP, pm_ep);
    k.install(*procmgr.cnode, uapi::SLOT_CHILD_UNTYPED, k.new_untyped(opts.untyped_bits));
    if (mm_ep_ != nullptr) {
      k.install(*procmgr.cnode, uapi::SLOT_INJECTED_BASE, *mm_ep_, ka::RIGHT_SEND | ka::RIGHT_CALL, 1);
      k.install(*procmgr.cnode, uapi::SLOT_INJECTED_BASE + 1, *mm_ep_,
                ka::RIGHT_SEND | ka::RIGHT_CALL | ka::RIGHT_GRANT, 0);
    }
    k.start(*procmgr.tcb);
  }

  kmodel::Process init(std::function<void()> body) {
    kmodel::Process p = SimOs::init(std::move(body));
    k.install(*p.cnode, uapi::SLOT_PROCMGR_EP, pm_ep, ka::RIGHT_SEND | ka::RIGHT_CALL | ka::RIGHT_GRANT, 1);
    return p;
  }

  // A process procmgr did not make, with procmgr's endpoint under `badge`.
  kmodel::Process stranger(std::function<void()> body, ipct::Word badge) {
    kmodel::Process p = client("stranger", badge, std::move(body));
    k.install(*p.cnode, uapi::SLOT_PROCMGR_EP, pm_ep, ka::RIGHT_SEND | ka::RIGHT_CALL, badge);
    return p;
  }

  kmodel::Endpoint& pm_ep;
  kmodel::Process procmgr;

 private:
  static Images register_all(const Programs& programs) {
    Images images;
    for (const auto& [name, fn] : programs) {
      saltysim::programs::register_program(name, fn);
      images.emplace_back("bin/" + name, image(name));
    }
    return images;
  }

  // mmsrv serving its endpoint at its slot 64; procmgr's copies installed
  // once procmgr exists (the constructor's end).
  void start_pager() {
    kmodel::Endpoint& mm_ep = k.new_endpoint();
    kmodel::Process mmsrv = k.create_process([] { trona_program_mmsrv(0, nullptr, nullptr); },
                                             kmodel::ProcessOptions{.name = "mmsrv", .cnode_bits = 12});
    k.install(*mmsrv.cnode, uapi::SLOT_INJECTED_BASE, mm_ep);
    k.install(*mmsrv.cnode, uapi::SLOT_CHILD_UNTYPED, k.new_untyped(22));
    mm_ep_ = &mm_ep;
  }
  kmodel::Endpoint* mm_ep_ = nullptr;

  std::vector<std::string> args_;
  std::vector<char*> argv_;
};

}  // namespace pmt
