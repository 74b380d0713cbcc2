# servers/fs/vfs: the VFS server. Every .cpp of this folder is part of it.
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
file(GLOB _vfs_sources CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
saltysim_server(NAME vfs SOURCES ${_vfs_sources} ../../trona/core/serve.cpp ../../trona/core/heap.cpp
                ../../trona/core/heap_allocator.cpp ../../trona/posix/heap_process.cpp ../../trona/posix/errno.cpp
                ../../trona/clients/mmsrv_client.cpp ../../trona/core/client.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES})
