# servers/programs/hello: the first program of the default boot, for the
# target build (with the trona runtime and the POSIX layer).
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/../../trona/sources.cmake)
saltysim_server(NAME hello SOURCES main.cpp ${SALTYSIM_TRONA_CLIENT_SOURCES} ${SALTYSIM_SERVER_LIB_SOURCES})
