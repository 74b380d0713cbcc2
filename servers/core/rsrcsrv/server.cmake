# servers/core/rsrcsrv: the resource server.
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
saltysim_server(NAME rsrcsrv SOURCES main.cpp quota.cpp handler.cpp ../../trona/core/serve.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES})
