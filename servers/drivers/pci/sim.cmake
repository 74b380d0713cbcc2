# servers/drivers/pci in the simulator: the logic (pci, handler) joins
# saltysim_server_logic; main.cpp and trona_ops.cpp (the program,
# trona_program_pci) join saltysim_servers_sim.
saltysim_server_sim_split(${CMAKE_CURRENT_LIST_DIR})
