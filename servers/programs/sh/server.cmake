# servers/programs/sh: /bin/sh for the target build (every .cpp of this
# folder, the trona runtime with the POSIX layer, servers/lib).
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/../../trona/sources.cmake)
file(GLOB _sh_sources CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
saltysim_server(NAME sh SOURCES ${_sh_sources} ${SALTYSIM_TRONA_CLIENT_SOURCES} ${SALTYSIM_SERVER_LIB_SOURCES})
