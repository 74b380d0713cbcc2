# servers/drivers/pci: the PCI server. Every .cpp of this folder is part of it.
include(${CMAKE_CURRENT_LIST_DIR}/../../lib/sources.cmake)
file(GLOB _pci_sources CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
saltysim_server(NAME pci SOURCES ${_pci_sources} ../../trona/core/serve.cpp ${SALTYSIM_SERVER_LIB_SOURCES})
