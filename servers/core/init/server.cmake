# servers/core/init: the first user process (unit files, boot plan, services,
# monitor). It is the client of procmgr, rsrcsrv and namesrv, so it links
# the trona client stubs (which also proves them freestanding). Every .cpp
# of this folder is part of it.
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/../../trona/sources.cmake)
file(GLOB _init_sources CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
saltysim_server(NAME init SOURCES ${_init_sources} ${SALTYSIM_SERVER_LIB_SOURCES} ${SALTYSIM_TRONA_CLIENT_SOURCES})
