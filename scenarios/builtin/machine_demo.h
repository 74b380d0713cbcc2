// The simulated system as far as it exists: one PC (hw_model) with COM1,
// a disk and an initrd; the era-B kernel model on it; a root task that
// inspects its boot capabilities, talks to COM1 through its IoPort cap,
// retypes an endpoint from its untyped memory and serves an echo thread
// over Call/ReplyRecv in virtual time.
#pragma once

#include "scenarios/builtin_scenarios.h"

namespace sim::scenarios {
void machine_demo(const ScenarioContext& ctx);
}
