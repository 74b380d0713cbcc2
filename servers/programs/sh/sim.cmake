# servers/programs/sh in the simulator: the whole shell is the program
# (trona_program_sh), so every source joins saltysim_servers_sim.
file(GLOB _sh_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
target_sources(saltysim_servers_sim PRIVATE ${_sh_sources})
