# servers/core/mmsrv in the simulator: the pure policy and the handler (every
# .cpp here but main.cpp and the kernel-side trona_*.cpp) join
# saltysim_server_logic, so a test can drive them with its own Ops; the
# program (main.cpp and trona_ops.cpp, trona_program_mmsrv) joins
# saltysim_servers_sim (saltysim_server_sim_split, servers/CMakeLists.txt).
saltysim_server_sim_split(${CMAKE_CURRENT_LIST_DIR})
