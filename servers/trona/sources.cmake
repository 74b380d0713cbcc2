# servers/trona client sources (typed IPC stubs over trona/syscall.h), for the
# simulator library (servers/CMakeLists.txt) and for each program's target
# build (its server.cmake). They use lib/inline_string.cpp, so a program
# that lists them also lists ${SALTYSIM_SERVER_LIB_SOURCES}.
set(SALTYSIM_TRONA_CLIENT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/namesrv_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rsrcsrv_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mmsrv_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/procmgr_client.cpp)
