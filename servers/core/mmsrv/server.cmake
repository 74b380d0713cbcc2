# servers/mmsrv: the memory manager / pager.
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
saltysim_server(NAME mmsrv SOURCES main.cpp memory.cpp handler.cpp ../../trona/core/serve.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES})
