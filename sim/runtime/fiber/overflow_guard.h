// Turns a stack overflow in a simulated thread into a reported crash of that
// thread instead of a silent SIGSEGV of the simulator. A SIGSEGV handler on
// an alternate signal stack checks whether the fault hit the guard page of
// the current fiber; if so it prints the thread's name and resumes on an
// emergency stack that ends the fiber (its frames are abandoned) and lets
// the scheduler carry on. Any other SIGSEGV goes to the previous handler.
#pragma once

namespace sim {

class OverflowGuard {
 public:
  // Installs the process-wide handler (once) and an alternate signal stack
  // for the calling OS thread (once per thread).
  static void install();
};

}  // namespace sim
