# servers/trona runtime sources (typed IPC stubs over trona/syscall.h, the
# POSIX layer in posix/, the heap), for the simulator library
# (servers/CMakeLists.txt) and for each program's target build (its
# server.cmake). Every .cpp of trona/ and trona/posix/ is listed (globbed);
# the target-only start files live in backend_target/ and are not.
# They use lib/inline_string.cpp, so a program that lists them also lists
# ${SALTYSIM_SERVER_LIB_SOURCES}.
file(GLOB SALTYSIM_TRONA_CLIENT_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_LIST_DIR}/*.cpp ${CMAKE_CURRENT_LIST_DIR}/posix/*.cpp)
