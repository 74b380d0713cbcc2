# servers/mmsrv in the simulator: the memory manager makes its kernel calls
# itself (it maps frames into clients), so all of it goes into the program
# library.
target_sources(saltysim_servers_sim PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/memory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/handler.cpp)
