# servers/fs/saltyfs in the simulator: the on-disk format code (format/)
# joins saltysim_server_logic; the host tools (sim/host/saltyfs_tools) and,
# later, the server use the same code.
file(GLOB _saltyfs_format CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/format/*.cpp)
target_sources(saltysim_server_logic PRIVATE ${_saltyfs_format})
