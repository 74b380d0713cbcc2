# servers/core/procmgr in the simulator: the logic (every .cpp here but main.cpp
# and the kernel-side trona_*.cpp) joins saltysim_server_logic; the program
# (main.cpp and trona_*.cpp, trona_program_procmgr) joins
# saltysim_servers_sim (saltysim_server_sim_split, servers/CMakeLists.txt);
# the program registry and image start routine of the simulator side live
# in sim/host/programs (saltysim_programs).
saltysim_server_sim_split(${CMAKE_CURRENT_LIST_DIR})
include(${PROJECT_SOURCE_DIR}/sim/host/programs/programs.cmake)
