# sim/host/programs — program entry registry and the image start routine
# (included from servers/core/procmgr/sim.cmake).
add_library(saltysim_programs STATIC ${CMAKE_CURRENT_LIST_DIR}/programs.cpp)
target_include_directories(saltysim_programs PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(saltysim_programs PUBLIC saltysim_servers_sim)
