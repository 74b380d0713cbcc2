# servers/core/mmsrv: the memory manager / pager. Every .cpp of this folder is
# part of it (the policy files, handler.cpp, trona_ops.cpp, main.cpp).
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
file(GLOB _mmsrv_sources CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
saltysim_server(NAME mmsrv SOURCES ${_mmsrv_sources} ../../trona/core/serve.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES})
