# servers/procmgr: the process manager. It is a client of mmsrv (MM_REGISTER
# of its children, the fault reports), so it links the trona client stubs.
include(${CMAKE_CURRENT_LIST_DIR}/../lib/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/../trona/sources.cmake)
saltysim_server(NAME procmgr SOURCES main.cpp state.cpp handler.cpp ../lib/serve.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES} ${SALTYSIM_TRONA_CLIENT_SOURCES})
