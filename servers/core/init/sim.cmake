# servers/core/init in the simulator: the program (main.cpp, trona_program_init,
# and every other .cpp of this folder) joins saltysim_servers_sim; the
# host-tested logic (unit files, boot plan) is in saltysim_server_logic.
file(GLOB _init_program_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
list(REMOVE_ITEM _init_program_sources ${CMAKE_CURRENT_LIST_DIR}/boot_plan.cpp ${CMAKE_CURRENT_LIST_DIR}/unit_file.cpp)
target_sources(saltysim_servers_sim PRIVATE ${_init_program_sources})
