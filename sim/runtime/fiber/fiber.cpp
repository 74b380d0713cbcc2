#include "sim/runtime/fiber/fiber.h"

#include <boost/context/detail/fcontext.hpp>

#include <algorithm>
#include <cstring>
#include <utility>

#include "sim/runtime/fiber/sanitizer.h"

namespace bctx = boost::context::detail;

namespace sim {

namespace {
void fiber_entry(bctx::transfer_t t);
}  // namespace


Fiber::Fiber(HostTag, std::string_view name) : host_(true) {
  set_name(name);
  status_ = Status::Running;
  tsan_fiber_ = san::tsan_current();
  current_ref() = this;
}

Fiber::Fiber(StackPool& pool, Body body, ExitHook on_exit, void* arg, std::string_view name)
    : pool_(&pool), body_(body), on_exit_(on_exit), arg_(arg) {
  set_name(name);
  stack_ = pool.acquire();
  asan_bottom_ = stack_.usable_bottom();
  asan_size_ = stack_.usable_size();
  ctx_ = bctx::make_fcontext(stack_.top(), stack_.usable_size(), &fiber_entry);
  tsan_fiber_ = san::tsan_create();
}

Fiber::~Fiber() {
  if (host_) {
    if (current_ref() == this) current_ref() = nullptr;
    return;
  }
  if (status_ == Status::Suspended || status_ == Status::NotStarted) kill();
  retire();
}

void Fiber::set_name(std::string_view name) {
  std::size_t n = std::min(name.size(), sizeof(name_) - 1);
  std::memcpy(name_, name.data(), n);
  name_[n] = '\0';
}

void Fiber::retire() {
  if (stack_) {
    pool_->release(stack_);
    stack_ = {};
  }
  if (tsan_fiber_) {
    san::tsan_destroy(tsan_fiber_);
    tsan_fiber_ = nullptr;
  }
  ctx_ = nullptr;
}

namespace {
void fiber_entry(bctx::transfer_t t) { Fiber::entry(t.fctx, t.data); }
}  // namespace

// First code run on a fresh fiber's stack.
void Fiber::entry(void* fctx, void* data) {
  arrived(fctx, data);
  Fiber* self = current_ref();
  try {
    self->check_kill();
    self->body_(self->arg_);
    self->end_ = End::Returned;
  } catch (const FiberKilled&) {
    self->end_ = End::Killed;
  } catch (...) {
    self->end_ = End::Exception;
  }
  self->status_ = Status::Finished;
  Fiber* next = self->kill_requested_ ? self->killer_ : self->on_exit_(self->arg_);
  self->exit_to(*next);
}

void Fiber::check_kill() {
  if (kill_requested_ && !host_) throw FiberKilled{};
}

void Fiber::exit_to(Fiber& to) {
  current_ref() = &to;
  to.status_ = Status::Running;
  san::start_switch(nullptr, to.asan_bottom_, to.asan_size_);
  san::tsan_switch_to(to.tsan_fiber_);
  bctx::jump_fcontext(to.ctx_, this);
  __builtin_unreachable();
}

void Fiber::kill() {
  if (host_) return;
  if (status_ == Status::NotStarted) {
    status_ = Status::Finished;
    end_ = End::Killed;
    retire();
    return;
  }
  if (status_ != Status::Suspended) return;
  kill_requested_ = true;
  killer_ = current_ref();
  current_ref()->switch_to(*this);
}

void Fiber::abandon() {
  if (host_ || status_ != Status::Suspended) return;
  status_ = Status::Finished;
  end_ = End::Killed;
  retire();
}

void Fiber::end_current(End how) {
  Fiber* self = current_ref();
  self->status_ = Status::Finished;
  self->end_ = how;
  // The frames on the stack are abandoned, never unwound; the stack is
  // released by the next context once we have left it (arrived()).
  Fiber* next = self->kill_requested_ ? self->killer_ : self->on_exit_(self->arg_);
  self->exit_to(*next);
}

void Fiber::abandon_current_after_overflow() { end_current(End::StackOverflow); }

}  // namespace sim
