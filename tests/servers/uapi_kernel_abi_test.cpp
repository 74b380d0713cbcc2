// servers/uapi kernel ABI and Linux numbers: kernel_abi.h against
// data/kernel_abi.tsv (transcribed from spec/kernel-abi.md by
// data/extract_kernel_abi.py), linux_numbers.h against the host's Linux
// headers, plus the msginfo, IPC-buffer and errno-mapping helpers.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tsv.h"
#include "uapi/kernel_abi.h"
#include "uapi/linux_numbers.h"
#include "uapi/status.h"

namespace {

struct Constant {
  std::string table;
  std::string name;
  std::uint64_t value;
};

#define SYSCALL_ROW(name, value) {"syscall", #name, ::uapi::k##name},
#define ERROR_ROW(name, value) {"error", #name, ::uapi::name},
#define OBJECT_ROW(name, value) {"object", #name, ::uapi::name},
#define RIGHT_ROW(name, value) {"right", #name, ::uapi::name},
#define INVOKE_ROW(name, value) {"invoke", #name, ::uapi::name},
#define FAULT_ROW(name, value) {"fault", #name, ::uapi::name},

const std::vector<Constant> kHeader = {
    UAPI_SYSCALLS(SYSCALL_ROW) UAPI_KERNEL_ERRORS(ERROR_ROW) UAPI_SERVER_STATUS(ERROR_ROW)
        UAPI_OBJECT_TYPES(OBJECT_ROW) UAPI_RIGHTS(RIGHT_ROW) UAPI_INVOKE_LABELS(INVOKE_ROW)
            UAPI_FAULT_LABELS(FAULT_ROW)};

TEST(UapiKernelAbi, EveryNumberMatchesTheDigest) {
  std::map<std::pair<std::string, std::string>, std::uint64_t> header;
  for (const auto& c : kHeader) header[{c.table, c.name}] = c.value;
  std::set<std::pair<std::string, std::string>> spec;
  for (const auto& f : servers_test::read_tsv(SALTYSIM_KERNEL_ABI_TSV)) {
    ASSERT_EQ(f.size(), 3u);
    spec.insert({f[0], f[1]});
    auto it = header.find({f[0], f[1]});
    if (it == header.end()) {
      ADD_FAILURE() << f[0] << ": " << f[1] << " missing from uapi/kernel_abi.h";
      continue;
    }
    EXPECT_EQ(it->second, servers_test::parse_number(f[2])) << f[0] << ": " << f[1];
  }
  EXPECT_EQ(spec.size(), 167u);
  for (const auto& c : kHeader) EXPECT_TRUE(spec.count({c.table, c.name})) << c.name << " is not in the digest";
}

TEST(UapiKernelAbi, MsginfoPacking) {
  const std::uint64_t info = uapi::msginfo(0xAB'CDEF'0123, 32, 4);
  EXPECT_EQ(info, (std::uint64_t{0xAB'CDEF'0123} << 12) | (4u << 7) | 32u);
  EXPECT_EQ(uapi::msginfo_label(info), 0xAB'CDEF'0123u);
  EXPECT_EQ(uapi::msginfo_length(info), 32u);
  EXPECT_EQ(uapi::msginfo_extra_caps(info), 4u);
  // Fields are masked, never spill into neighbours; bits 63:52 stay zero.
  const std::uint64_t all = uapi::msginfo(~std::uint64_t{0}, ~std::uint64_t{0}, ~std::uint64_t{0});
  EXPECT_EQ(all, (std::uint64_t{1} << 52) - 1);
  EXPECT_EQ(uapi::msginfo_label(uapi::msginfo(6, 0)), 6u);
}

TEST(UapiKernelAbi, IpcBufferLayout) {
  EXPECT_EQ(sizeof(uapi::IpcBuffer), 4096u);
  EXPECT_EQ(offsetof(uapi::IpcBuffer, badge), 0x110u);
  EXPECT_EQ(offsetof(uapi::IpcBuffer, caps), 0x118u);
  EXPECT_EQ(offsetof(uapi::IpcBuffer, receive_cnode), 0x138u);
  EXPECT_EQ(offsetof(uapi::IpcBuffer, timeout_ns), 0x150u);
  EXPECT_EQ(offsetof(uapi::IpcBuffer, reserved), 0x158u);
  uapi::IpcBuffer buf{};
  buf.mr(4) = 42;
  EXPECT_EQ(buf.msg[6], 42u);  // MR4.. live at msg[6..]
}

TEST(UapiStatus, ErrnoMappingFollowsTheDigest) {
  EXPECT_EQ(uapi::errno_from_syscall_error(uapi::TRONA_OK), 0);
  EXPECT_EQ(uapi::errno_from_syscall_error(uapi::TRONA_INVALID_CAPABILITY), EBADF);
  EXPECT_EQ(uapi::errno_from_syscall_error(uapi::TRONA_INSUFFICIENT_RIGHTS), EACCES);
  EXPECT_EQ(uapi::errno_from_syscall_error(uapi::TRONA_WOULD_BLOCK), EAGAIN);
  EXPECT_EQ(uapi::errno_from_syscall_error(uapi::TRONA_CANCELLED), ECANCELED);
  EXPECT_EQ(uapi::errno_from_syscall_error(uapi::TRONA_INTERRUPTED), EINTR);
  EXPECT_EQ(uapi::errno_from_syscall_error(uapi::TRONA_IN_PROGRESS), EINPROGRESS);
  // Kernel 24-26 vs userland 24-26: same numbers, different channels.
  EXPECT_EQ(uapi::errno_from_syscall_error(uapi::TRONA_SLOT_OCCUPIED), EIO);
  EXPECT_EQ(uapi::errno_from_syscall_error(uapi::TRONA_ALREADY_BOUND), EIO);
  EXPECT_EQ(uapi::errno_from_reply_status(uapi::TRONA_PROTO_NOT_SUPPORTED), EPROTONOSUPPORT);
  EXPECT_EQ(uapi::errno_from_reply_status(uapi::TRONA_HOST_UNREACHABLE), EHOSTUNREACH);
  EXPECT_EQ(uapi::errno_from_reply_status(uapi::TRONA_DNS_NXDOMAIN), ENOENT);
  EXPECT_EQ(uapi::errno_from_reply_status(uapi::TRONA_NOT_FOUND), ENOENT);
  EXPECT_EQ(uapi::errno_from_reply_status(uapi::TRONA_STALE), ESTALE);
  EXPECT_EQ(uapi::errno_from_reply_status(0x7F), EIO);
}

// Linux numbers: each constant equals the host's macro of the same name.
TEST(UapiLinuxNumbers, MatchTheHostLinuxHeaders) {
#define HOST_ROW(name, value) EXPECT_EQ(static_cast<std::int64_t>(uapi::k##name), static_cast<std::int64_t>(name)) << #name;
  UAPI_ERRNO_LINUX(HOST_ROW)
  UAPI_SIGNALS_LINUX(HOST_ROW)
  UAPI_FLAGS_LINUX(HOST_ROW)
#undef HOST_ROW
}

TEST(UapiLinuxNumbers, SaltyosExtrasFollowTheDigest) {
  EXPECT_EQ(uapi::kEFTYPE, 79);
  EXPECT_EQ(uapi::kEAUTH, 80);
  EXPECT_EQ(uapi::kENEEDAUTH, 81);
  EXPECT_EQ(uapi::kNSIG, 32);
  EXPECT_EQ(uapi::kMAP_LAZY, 0x40);
}

TEST(UapiLinuxNumbers, WaitStatusMatchesHostMacros) {
  for (int status : {uapi::wait_status_exited(0), uapi::wait_status_exited(3), uapi::wait_status_signaled(9),
                     uapi::wait_status_stopped(19), uapi::kWaitStatusContinued}) {
    EXPECT_EQ(uapi::w_ifexited(status), WIFEXITED(status)) << status;
    EXPECT_EQ(uapi::w_ifsignaled(status), WIFSIGNALED(status)) << status;
    EXPECT_EQ(uapi::w_ifstopped(status), WIFSTOPPED(status)) << status;
    EXPECT_EQ(uapi::w_ifcontinued(status), WIFCONTINUED(status)) << status;
    if (WIFEXITED(status)) {
      EXPECT_EQ(uapi::w_exitstatus(status), WEXITSTATUS(status));
    }
    if (WIFSIGNALED(status)) {
      EXPECT_EQ(uapi::w_termsig(status), WTERMSIG(status));
    }
    if (WIFSTOPPED(status)) {
      EXPECT_EQ(uapi::w_stopsig(status), WSTOPSIG(status));
    }
  }
}

}  // namespace
