# servers/programs/getty: the terminal's login prompt (one program).
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/../../trona/sources.cmake)
saltysim_server(NAME getty SOURCES main.cpp ${SALTYSIM_TRONA_CLIENT_SOURCES} ${SALTYSIM_SERVER_LIB_SOURCES})
