# servers/core/namesrv: the name service.
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
saltysim_server(NAME namesrv SOURCES main.cpp registry.cpp handler.cpp ../../trona/core/serve.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES})
