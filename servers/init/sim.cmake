# servers/init in the simulator: the program (main.cpp, trona_program_init)
# joins saltysim_servers_sim (its logic is already in saltysim_server_logic).
target_sources(saltysim_servers_sim PRIVATE ${CMAKE_CURRENT_LIST_DIR}/main.cpp
                                            ${CMAKE_CURRENT_LIST_DIR}/rsrcsrv_handoff.cpp)
