# servers/init: the first user process (unit files, boot plan). It is the
# client of rsrcsrv (RES_ADOPT_UNTYPED) and namesrv, so it links the trona
# client stubs (which also proves them freestanding).
include(${CMAKE_CURRENT_LIST_DIR}/../lib/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/../trona/sources.cmake)
saltysim_server(NAME init SOURCES main.cpp rsrcsrv_handoff.cpp unit_file.cpp boot_plan.cpp
                ${SALTYSIM_SERVER_LIB_SOURCES} ${SALTYSIM_TRONA_CLIENT_SOURCES})
