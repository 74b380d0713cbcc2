# servers/lib sources, for the host library (servers/CMakeLists.txt) and for
# each program's target build (its server.cmake): compiled into every
# program that uses them.
set(SALTYSIM_SERVER_LIB_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/arena.cpp
  ${CMAKE_CURRENT_LIST_DIR}/diagnostics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inline_string.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse.cpp)
