#include "personalities/posix_ttysrv/handler.h"

#include "proto/posix_ttysrv_server.h"
#include "uapi/errno_status.h"
#include "uapi/termios_wire.h"

namespace posix_ttysrv {

namespace {

using namespace proto::posix_ttysrv;

struct Service {
  Ttysrv& tty;

  static uint64_t done(int e, proto::Call& call) {
    if (e == kDeferred) {
      call.defer();
      return uapi::TRONA_OK;
    }
    return uapi::status_from_errno(e);
  }

  uint64_t posix_ttysrv_get_fg_pgrp(const PosixTtysrvGetFgPgrp::In& in, PosixTtysrvGetFgPgrp::Reply& out,
                                    proto::Call& call) {
    return done(tty.get_fg_pgrp(call.badge(), in.tty, &out.pgrp), call);
  }
  uint64_t posix_ttysrv_set_fg_pgrp(const PosixTtysrvSetFgPgrp::In& in, PosixTtysrvSetFgPgrp::Reply&,
                                    proto::Call& call) {
    return done(tty.set_fg_pgrp(call.badge(), in.tty, in.pgrp), call);
  }
  uint64_t posix_ttysrv_set_ctty(const PosixTtysrvSetCtty::In& in, PosixTtysrvSetCtty::Reply&, proto::Call& call) {
    return done(tty.set_ctty(call.badge(), in.tty, in.steal), call);
  }
  uint64_t posix_ttysrv_drop_ctty(const PosixTtysrvDropCtty::In& in, PosixTtysrvDropCtty::Reply&, proto::Call& call) {
    return done(tty.drop_ctty(call.badge(), in.tty), call);
  }
  uint64_t posix_ttysrv_pty_alloc(const PosixTtysrvPtyAlloc::In&, PosixTtysrvPtyAlloc::Reply& out, proto::Call& call) {
    return done(tty.pty_alloc(&out.master, &out.slave_tty), call);
  }
  uint64_t posix_ttysrv_pty_read(const PosixTtysrvPtyRead::In& in, PosixTtysrvPtyRead::Reply& out, proto::Call& call) {
    return done(tty.read(call.badge(), in.pty, in.max, in.nonblock, out.data_buf, &out.data_len), call);
  }
  uint64_t posix_ttysrv_pty_write(const PosixTtysrvPtyWrite::In& in, PosixTtysrvPtyWrite::Reply& out,
                                  proto::Call& call) {
    size_t taken = 0;
    int e = tty.write(call.badge(), in.pty, in.data, &taken);
    out.taken = taken;
    return done(e, call);
  }
  uint64_t posix_ttysrv_pty_close(const PosixTtysrvPtyClose::In& in, PosixTtysrvPtyClose::Reply&, proto::Call& call) {
    return done(tty.pty_close(in.pty, in.side), call);
  }
  uint64_t posix_ttysrv_pty_tcgetattr(const PosixTtysrvPtyTcgetattr::In& in, PosixTtysrvPtyTcgetattr::Reply& out,
                                      proto::Call& call) {
    uapi::Termios t;
    int e = tty.tcgetattr(call.badge(), in.pty, &t);
    if (e == 0) uapi::termios::to_fields(t, &out);
    return done(e, call);
  }
  uint64_t posix_ttysrv_pty_tcsetattr(const PosixTtysrvPtyTcsetattr::In& in, PosixTtysrvPtyTcsetattr::Reply&,
                                      proto::Call& call) {
    uapi::Termios t;
    uapi::termios::from_fields(in, &t);
    return done(tty.tcsetattr(call.badge(), in.pty, in.when, t), call);
  }
  uint64_t posix_ttysrv_pty_ioctl(const PosixTtysrvPtyIoctl::In& in, PosixTtysrvPtyIoctl::Reply& out,
                                  proto::Call& call) {
    uint64_t r[4];
    int e = tty.ioctl(call.badge(), in.pty, in.cmd, in.arg, r);
    out.r0 = r[0], out.r1 = r[1], out.r2 = r[2], out.r3 = r[3];
    return done(e, call);
  }
  uint64_t posix_ttysrv_pty_poll(const PosixTtysrvPtyPoll::In& in, PosixTtysrvPtyPoll::Reply& out, proto::Call& call) {
    return done(tty.poll(call.badge(), in.pty, in.events, &out.revents), call);
  }
  uint64_t posix_ttysrv_input_event(const PosixTtysrvInputEvent::In& in, PosixTtysrvInputEvent::Reply&,
                                    proto::Call& call) {
    return done(tty.input_event(call.badge(), in.data), call);
  }
  uint64_t posix_ttysrv_pty_collect(const PosixTtysrvPtyCollect::In& in, PosixTtysrvPtyCollect::Reply& out,
                                    proto::Call& call) {
    return done(tty.pty_collect(in.pty, in.max, out.data_buf, &out.data_len), call);
  }
  uint64_t posix_ttysrv_pty_master_write(const PosixTtysrvPtyMasterWrite::In& in,
                                         PosixTtysrvPtyMasterWrite::Reply& out, proto::Call& call) {
    size_t taken = 0;
    int e = tty.pty_master_write(in.pty, in.data, &taken);
    out.taken = taken;
    return done(e, call);
  }
  // A process ended. ttysrv holds nothing per process: a reader it was
  // waiting for is dropped at the next answer (the reply finds nobody).
  uint64_t posix_ttysrv_client_exit(const PosixTtysrvClientExit::In&, PosixTtysrvClientExit::Reply&, proto::Call&) {
    return uapi::TRONA_OK;
  }
};

}  // namespace

void handle(Ttysrv& t, const lib::Request& rq, lib::Reply* reply) {
  *reply = lib::Reply();
  Service s{t};
  dispatch(s, rq, reply);
}

uint64_t next_deadline(Ttysrv& t) { return t.next_deadline(); }
void on_deadline(Ttysrv& t, uint64_t now) { t.on_deadline(now); }

}  // namespace posix_ttysrv
