// A client process for server tests whose body is counted: the harness
// knows how many clients started and how many ran to the end (a client
// stuck in IPC shows up as started but not finished).
#pragma once

#include <functional>
#include <string>

#include "kernel_model/kernel.h"

namespace servertest {

inline kmodel::Process counted_process(kmodel::Kernel& k, const std::string& name, std::function<void()> body,
                                       int& started, int& finished) {
  ++started;
  return k.create_process(
      [&finished, body = std::move(body)] {
        body();
        ++finished;
      },
      kmodel::ProcessOptions{.name = name, .start = false});
}

}  // namespace servertest
