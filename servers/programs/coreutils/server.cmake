# servers/programs/coreutils: the utilities, one multi-call program. Every .cpp of this folder is part of it.
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/../../trona/sources.cmake)
file(GLOB _coreutils_sources CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
saltysim_server(NAME coreutils SOURCES ${_coreutils_sources} ${SALTYSIM_TRONA_CLIENT_SOURCES}
                ${SALTYSIM_SERVER_LIB_SOURCES})
