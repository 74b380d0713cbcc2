# Target build of the servers (the portability rule, ARCHITECTURE.md).
#
# Every program under servers/ is compiled with the target backend of the
# trona syscall interface, freestanding, with no host header on the include
# path (only the compiler's own freestanding headers: stdint.h, stddef.h,
# ...), and linked into a static x86-64 ELF `<name>.elf` with the trona start
# file. The server's own objects are first checked against the allowed
# undefined symbols in servers/target_allowed_undefined.txt; the final
# static link with nothing but the trona runtime then proves the server
# needs nothing else.
#
# The commands call the compiler directly, so no directory-wide option
# (sanitizers, host include dirs, link libraries) leaks into the target
# build.
#
#   cmake --build <build dir> --target servers_target_build
#
# Outputs: <build dir>/servers/target/<name>.elf

set(SALTYSIM_TARGET_DIR ${CMAKE_CURRENT_BINARY_DIR}/target)
get_filename_component(SALTYSIM_SERVERS_SOURCE_DIR ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
set(SALTYSIM_TARGET_ALLOWED ${SALTYSIM_SERVERS_SOURCE_DIR}/target_allowed_undefined.txt)

if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-resource-dir
                  OUTPUT_VARIABLE _resource_dir OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(SALTYSIM_FREESTANDING_INCLUDE ${_resource_dir}/include)
else()
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=include
                  OUTPUT_VARIABLE SALTYSIM_FREESTANDING_INCLUDE OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
if(NOT EXISTS ${SALTYSIM_FREESTANDING_INCLUDE}/stdint.h)
  message(FATAL_ERROR "target build: no freestanding headers at '${SALTYSIM_FREESTANDING_INCLUDE}'")
endif()

set(SALTYSIM_TARGET_CXXFLAGS
  -std=c++20 -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics
  -nostdinc -nostdinc++ -isystem ${SALTYSIM_FREESTANDING_INCLUDE}
  -I${SALTYSIM_SERVERS_SOURCE_DIR} -I${SALTYSIM_PROTO_GEN_DIR}
  -DTRONA_BACKEND_TARGET=1
  -O2 -g -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables
  -Wall -Wextra)
if(SALTYSIM_WERROR)
  list(APPEND SALTYSIM_TARGET_CXXFLAGS -Werror)
endif()
set(SALTYSIM_TARGET_LDFLAGS -nostdlib -static -no-pie -Wl,-z,noexecstack -Wl,--fatal-warnings)

add_custom_target(servers_target_build ALL)

# Compile one source for the target; sets <out_var> to the object path.
function(_saltysim_target_compile src obj out_var)
  get_filename_component(_dir ${obj} DIRECTORY)
  file(RELATIVE_PATH _rel ${SALTYSIM_SERVERS_SOURCE_DIR} ${src})
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${_dir}
    COMMAND ${CMAKE_CXX_COMPILER} ${SALTYSIM_TARGET_CXXFLAGS} -MD -MF ${obj}.d -MT ${obj} -c ${src} -o ${obj}
    DEPENDS ${src}
    DEPFILE ${obj}.d
    COMMENT "target build: compiling servers/${_rel}"
    COMMAND_EXPAND_LISTS VERBATIM)
  set(${out_var} ${obj} PARENT_SCOPE)
endfunction()

# The trona runtime of the target backend: start file, memory functions,
# code addresses (trona/core/code.h).
set(SALTYSIM_TARGET_RUNTIME_OBJECTS "")
foreach(_src crt0.S start.cpp mem.cpp code.cpp)
  _saltysim_target_compile(${SALTYSIM_SERVERS_SOURCE_DIR}/trona/core/backend_target/${_src}
                           ${SALTYSIM_TARGET_DIR}/trona/${_src}.o _obj)
  list(APPEND SALTYSIM_TARGET_RUNTIME_OBJECTS ${_obj})
endforeach()

# saltysim_server(NAME <name> SOURCES <file>...)
#   Declares a program under servers/<folder>/ (called from its server.cmake;
#   SOURCES are relative to that folder) and adds <name>.elf to
#   servers_target_build.
function(saltysim_server)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME" "SOURCES")
  if(NOT arg_NAME OR NOT arg_SOURCES)
    message(FATAL_ERROR "saltysim_server: NAME and SOURCES are required")
  endif()
  set(_base ${SALTYSIM_TARGET_DIR}/${arg_NAME})
  set(_objects "")
  foreach(_src IN LISTS arg_SOURCES)
    cmake_path(ABSOLUTE_PATH _src BASE_DIRECTORY ${CMAKE_CURRENT_LIST_DIR} NORMALIZE)
    get_filename_component(_name ${_src} NAME)
    _saltysim_target_compile(${_src} ${_base}/${_name}.o _obj)
    list(APPEND _objects ${_obj})
  endforeach()

  # All of the server's own code in one relocatable object, then the check.
  add_custom_command(
    OUTPUT ${_base}.server.o
    COMMAND ${CMAKE_CXX_COMPILER} -nostdlib -r -o ${_base}.server.o ${_objects}
    DEPENDS ${_objects}
    COMMAND_EXPAND_LISTS VERBATIM)
  add_custom_command(
    OUTPUT ${_base}.symbols-ok
    COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} -DOBJECT=${_base}.server.o -DALLOWED=${SALTYSIM_TARGET_ALLOWED}
            -DSERVER=${arg_NAME} -DSTAMP=${_base}.symbols-ok
            -P ${SALTYSIM_SERVERS_SOURCE_DIR}/cmake/check_undefined.cmake
    DEPENDS ${_base}.server.o ${SALTYSIM_TARGET_ALLOWED} ${SALTYSIM_SERVERS_SOURCE_DIR}/cmake/check_undefined.cmake
    COMMENT "target build: checking undefined symbols of ${arg_NAME}"
    VERBATIM)
  add_custom_command(
    OUTPUT ${SALTYSIM_TARGET_DIR}/${arg_NAME}.elf
    COMMAND ${CMAKE_CXX_COMPILER} ${SALTYSIM_TARGET_LDFLAGS} -o ${SALTYSIM_TARGET_DIR}/${arg_NAME}.elf
            ${SALTYSIM_TARGET_RUNTIME_OBJECTS} ${_base}.server.o
    DEPENDS ${_base}.symbols-ok ${_base}.server.o ${SALTYSIM_TARGET_RUNTIME_OBJECTS}
    COMMENT "target build: linking ${arg_NAME}.elf"
    COMMAND_EXPAND_LISTS VERBATIM)
  add_custom_target(servers_target_${arg_NAME} DEPENDS ${SALTYSIM_TARGET_DIR}/${arg_NAME}.elf)
  add_dependencies(servers_target_build servers_target_${arg_NAME})
endfunction()
