// The Lua half of the scenario API (prelude.cpp).
#pragma once

namespace sim::lua {
const char* prelude_source();
}
