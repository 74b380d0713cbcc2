// The `lua_kill` program image (kill_program.cpp) behind kill()/restart().
#pragma once

namespace sim::lua {
void register_kill_program();
inline constexpr const char* kKillImage = "#!trona-image v1\nentry=lua_kill\n";
}  // namespace sim::lua
