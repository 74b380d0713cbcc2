# servers/core/procmgr: the process manager. It is a client of mmsrv (MM_REGISTER
# of its children, the fault reports), so it links the trona client stubs.
# Every .cpp of this folder is part of it.
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/../../trona/sources.cmake)
file(GLOB _procmgr_sources CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
saltysim_server(NAME procmgr SOURCES ${_procmgr_sources} ../../trona/core/serve.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES} ${SALTYSIM_TRONA_CLIENT_SOURCES})
