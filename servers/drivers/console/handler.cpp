#include "drivers/console/handler.h"

#include "proto/console_server.h"
#include "uapi/termios_wire.h"
#include "uapi/linux_numbers.h"

namespace console {

namespace {

using namespace proto::console;

// The console answers only these errnos.
uint64_t status_of(int e) {
  switch (e) {
    case 0: return uapi::TRONA_OK;
    case uapi::kEINVAL: return uapi::TRONA_INVALID_ARGUMENT;
    case uapi::kEAGAIN: return uapi::TRONA_WOULD_BLOCK;
    default: return uapi::TRONA_INVALID_OPERATION;
  }
}

struct Service {
  Console& con;

  uint64_t done(int e, proto::Call& call) {
    if (e == kDeferred) {
      call.defer();
      return uapi::TRONA_OK;
    }
    return status_of(e);
  }
  uint64_t console_write(const ConsoleWrite::In& in, ConsoleWrite::Reply& out, proto::Call& call) {
    size_t taken = 0;
    int e = con.write(in.data, &taken);
    out.taken = taken;
    return done(e, call);
  }
  uint64_t console_read(const ConsoleRead::In& in, ConsoleRead::Reply& out, proto::Call& call) {
    return done(con.read(in.max, out.data_buf, &out.data_len), call);
  }
  uint64_t console_tcgetattr(const ConsoleTcgetattr::In&, ConsoleTcgetattr::Reply& out, proto::Call&) {
    uapi::Termios t;
    con.get_termios(&t);
    uapi::termios::to_fields(t, &out);
    return uapi::TRONA_OK;
  }
  uint64_t console_tcsetattr(const ConsoleTcsetattr::In& in, ConsoleTcsetattr::Reply&, proto::Call&) {
    uapi::Termios t;
    uapi::termios::from_fields(in, &t);
    return status_of(con.set_termios(in.when, t));
  }
};

}  // namespace

void handle(Console& c, const lib::Request& rq, lib::Reply* reply) {
  *reply = lib::Reply();
  Service s{c};
  dispatch(s, rq, reply);
}

void on_notification(Console& c, uint64_t bits) { c.on_interrupt(bits); }

}  // namespace console
