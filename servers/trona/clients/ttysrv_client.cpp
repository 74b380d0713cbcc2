#include "trona/clients/ttysrv_client.h"

#include "proto/posix_ttysrv_client.h"
#include "proto/posix_vfs_client.h"
#include "trona/clients/stub_util.h"
#include "uapi/linux_numbers.h"

namespace trona {

using namespace proto::posix_ttysrv;

int TtysrvClient::get_fg_pgrp(uint64_t t, uint64_t* pgrp) const {
  PosixTtysrvGetFgPgrp::Reply out;
  int e = call(ep_, PosixTtysrvGetFgPgrp::Request{.tty = t}, &out);
  if (e == 0) *pgrp = out.pgrp;
  return e;
}

int TtysrvClient::set_fg_pgrp(uint64_t t, uint64_t pgrp) const {
  return call(ep_, PosixTtysrvSetFgPgrp::Request{.tty = t, .pgrp = pgrp});
}

int TtysrvClient::set_ctty(uint64_t t, bool steal) const {
  return call(ep_, PosixTtysrvSetCtty::Request{.tty = t, .steal = steal});
}

int TtysrvClient::drop_ctty(uint64_t t) const { return call(ep_, PosixTtysrvDropCtty::Request{.tty = t}); }

int TtysrvClient::pty_alloc(uint64_t* master, uint64_t* slave_tty) const {
  PosixTtysrvPtyAlloc::Reply out;
  int e = call(ep_, PosixTtysrvPtyAlloc::Request{}, &out);
  if (e == 0) {
    *master = out.master;
    *slave_tty = out.slave_tty;
  }
  return e;
}

int TtysrvClient::pty_read(uint64_t pty, void* buf, size_t max, bool nonblock, size_t* got) const {
  if (max > kChunk) max = kChunk;
  PosixTtysrvPtyRead::Reply out;
  int e = call(ep_, PosixTtysrvPtyRead::Request{.pty = pty, .max = max, .nonblock = nonblock}, &out);
  return e != 0 ? e : stub::copy_reply(out.data_buf, out.data_len, buf, max, got);
}

int TtysrvClient::pty_write(uint64_t pty, const void* data, size_t len, size_t* written) const {
  return stub::chunked_write(data, len, written, [&](lib::Str piece, uint64_t* taken) {
    PosixTtysrvPtyWrite::Reply out;
    int e = call(ep_, PosixTtysrvPtyWrite::Request{.pty = pty, .data = piece}, &out);
    *taken = out.taken;
    return e;
  });
}

int TtysrvClient::pty_close(uint64_t pty, PtySide side) const {
  return call(ep_, PosixTtysrvPtyClose::Request{.pty = pty, .side = static_cast<uint64_t>(side)});
}

int TtysrvClient::pty_tcgetattr(uint64_t pty, uapi::Termios* t) const {
  PosixTtysrvPtyTcgetattr::Reply out;
  int e = call(ep_, PosixTtysrvPtyTcgetattr::Request{.pty = pty}, &out);
  if (e == 0) uapi::termios::from_fields(out, t);
  return e;
}

int TtysrvClient::pty_tcsetattr(uint64_t pty, uint64_t when, const uapi::Termios& t) const {
  if (when > 2) return uapi::kEINVAL;
  PosixTtysrvPtyTcsetattr::Request m{.pty = pty, .when = when};
  uapi::termios::to_fields(t, &m);
  return call(ep_, m);
}

int TtysrvClient::pty_ioctl(uint64_t pty, uint64_t request, uint64_t arg, uint64_t out[4]) const {
  PosixTtysrvPtyIoctl::Reply r;
  int e = call(ep_, PosixTtysrvPtyIoctl::Request{.pty = pty, .cmd = request, .arg = arg}, &r);
  if (e == 0) {
    out[0] = r.r0;
    out[1] = r.r1;
    out[2] = r.r2;
    out[3] = r.r3;
  }
  return e;
}

int TtysrvClient::pty_poll(uint64_t pty, uint64_t events, uint64_t* revents) const {
  PosixTtysrvPtyPoll::Reply out;
  int e = call(ep_, PosixTtysrvPtyPoll::Request{.pty = pty, .events = events}, &out);
  if (e == 0) *revents = out.revents;
  return e;
}

int TtysrvClient::pty_collect(uint64_t pty, void* buf, size_t max, size_t* got) const {
  if (max > kChunk) max = kChunk;
  PosixTtysrvPtyCollect::Reply out;
  int e = call(ep_, PosixTtysrvPtyCollect::Request{.pty = pty, .max = max}, &out);
  return e != 0 ? e : stub::copy_reply(out.data_buf, out.data_len, buf, max, got);
}

int TtysrvClient::pty_master_write(uint64_t pty, const void* data, size_t len, size_t* written) const {
  return stub::chunked_write(data, len, written, [&](lib::Str piece, uint64_t* taken) {
    PosixTtysrvPtyMasterWrite::Reply out;
    int e = call(ep_, PosixTtysrvPtyMasterWrite::Request{.pty = pty, .data = piece}, &out);
    *taken = out.taken;
    return e;
  });
}

int TtysrvClient::input_event(const void* data, size_t len) const {
  if (len > kChunk) return uapi::kEINVAL;
  return call(ep_, PosixTtysrvInputEvent::Request{.data = lib::Str(static_cast<const char*>(data), len)});
}

int TtysrvClient::client_exit(uint64_t pid) const {
  return call(ep_, PosixTtysrvClientExit::Request{.pid = pid});
}

int TtysrvClient::isatty(uint64_t vfs_ep, uint64_t fd, bool* yes) {
  proto::posix_vfs::VfsPosixIsatty::Reply out;
  int e = proto::posix_vfs::call(vfs_ep, proto::posix_vfs::VfsPosixIsatty::Request{.fd = fd}, &out);
  if (e == 0) *yes = out.tty;
  return e;
}

int TtysrvClient::fcntl(uint64_t vfs_ep, uint64_t fd, uint64_t cmd, uint64_t arg, uint64_t* result) {
  proto::posix_vfs::VfsPosixFcntl::Reply out;
  int e = proto::posix_vfs::call(vfs_ep, proto::posix_vfs::VfsPosixFcntl::Request{.fd = fd, .cmd = cmd, .arg = arg},
                                 &out);
  if (e == 0) *result = out.result;
  return e;
}

}  // namespace trona
