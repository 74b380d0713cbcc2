# servers/trona runtime sources, for the simulator library
# (servers/CMakeLists.txt) and for each program's target build (its
# server.cmake):
#   SALTYSIM_TRONA_CLIENT_SOURCES  core/ (syscall layer, heap, client call
#                                  path), clients/ (protocol stubs), posix/;
#                                  the server loop and the target-only start
#                                  files (core/backend_target/) are not in it
#   SALTYSIM_TRONA_SERVE_SOURCES   the server loop (core/serve.cpp)
# They use lib/inline_string.cpp, so a program that lists them also lists
# ${SALTYSIM_SERVER_LIB_SOURCES}.
file(GLOB SALTYSIM_TRONA_CLIENT_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_LIST_DIR}/core/*.cpp ${CMAKE_CURRENT_LIST_DIR}/clients/*.cpp ${CMAKE_CURRENT_LIST_DIR}/posix/*.cpp)
list(FILTER SALTYSIM_TRONA_CLIENT_SOURCES EXCLUDE REGEX "/core/serve\\.cpp$")
set(SALTYSIM_TRONA_SERVE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/core/serve.cpp)
