# servers/init: the first user process (unit files, boot plan).
include(${CMAKE_CURRENT_LIST_DIR}/../lib/sources.cmake)
saltysim_server(NAME init SOURCES main.cpp unit_file.cpp boot_plan.cpp ${SALTYSIM_SERVER_LIB_SOURCES})
