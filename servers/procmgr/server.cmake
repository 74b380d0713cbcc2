# servers/procmgr: the process manager.
include(${CMAKE_CURRENT_LIST_DIR}/../lib/sources.cmake)
saltysim_server(NAME procmgr SOURCES main.cpp state.cpp handler.cpp ../lib/serve.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES})
