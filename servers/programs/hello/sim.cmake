# servers/programs/hello in the simulator: the program (trona_program_hello).
target_sources(saltysim_servers_sim PRIVATE ${CMAKE_CURRENT_LIST_DIR}/main.cpp)
