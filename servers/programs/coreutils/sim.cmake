# servers/programs/coreutils in the simulator: the whole program
# (trona_program_coreutils) joins saltysim_servers_sim.
file(GLOB _coreutils_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
target_sources(saltysim_servers_sim PRIVATE ${_coreutils_sources})
