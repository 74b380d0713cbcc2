# servers/personalities/posix_ttysrv: the POSIX terminal server. Every .cpp of this folder is part of it.
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
file(GLOB _ttysrv_sources CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
saltysim_server(NAME ttysrv SOURCES ${_ttysrv_sources} ../../trona/core/serve.cpp ../../trona/core/heap.cpp
                ../../trona/core/heap_allocator.cpp ../../trona/posix/heap_process.cpp ../../trona/posix/errno.cpp
                ../../trona/clients/mmsrv_client.cpp ../../trona/clients/procmgr_client.cpp
                ../../trona/clients/device_clients.cpp ../../trona/clients/stub_util.cpp ../../trona/core/client.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES})
