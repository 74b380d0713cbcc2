# servers/drivers/console: the console server. Every .cpp of this folder is part of it.
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
file(GLOB _console_sources CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
saltysim_server(NAME console SOURCES ${_console_sources} ../../trona/core/serve.cpp ../../trona/core/client.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES})
