# servers/programs/getty in the simulator: main.cpp (trona_program_getty)
# joins saltysim_servers_sim.
saltysim_server_sim_split(${CMAKE_CURRENT_LIST_DIR})
