# servers/mmsrv: the memory manager / pager.
include(${CMAKE_CURRENT_LIST_DIR}/../lib/sources.cmake)
saltysim_server(NAME mmsrv SOURCES main.cpp memory.cpp handler.cpp ../lib/serve.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES})
