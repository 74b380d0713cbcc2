# servers/procmgr in the simulator: the logic (every .cpp here but main.cpp
# and the kernel-side trona_*.cpp) joins saltysim_server_logic; the program
# (main.cpp and trona_*.cpp, trona_program_procmgr) joins
# saltysim_servers_sim; the program registry and image start routine of the
# simulator side live in sim/programs (saltysim_programs).
file(GLOB _procmgr_all CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
set(_procmgr_logic ${_procmgr_all})
list(FILTER _procmgr_logic EXCLUDE REGEX "/(main|trona_[^/]*)\\.cpp$")
set(_procmgr_program ${_procmgr_all})
list(FILTER _procmgr_program INCLUDE REGEX "/(main|trona_[^/]*)\\.cpp$")
target_sources(saltysim_server_logic PRIVATE ${_procmgr_logic})
target_sources(saltysim_servers_sim PRIVATE ${_procmgr_program})
include(${PROJECT_SOURCE_DIR}/sim/host/programs/programs.cmake)
