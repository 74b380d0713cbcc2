# servers/procmgr in the simulator: the logic (state, PM_* handler) joins
# saltysim_server_logic, the program (main.cpp, trona_program_procmgr) joins
# saltysim_servers_sim; the program registry and image start routine of
# the simulator side live in sim/programs (saltysim_programs).
target_sources(saltysim_server_logic PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/state.cpp
  ${CMAKE_CURRENT_LIST_DIR}/handler.cpp)
target_sources(saltysim_servers_sim PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/main.cpp)
include(${PROJECT_SOURCE_DIR}/sim/programs/programs.cmake)
