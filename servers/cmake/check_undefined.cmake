# Run as: cmake -DNM=<nm> -DOBJECT=<relocatable .o> -DALLOWED=<list file>
#               -DSERVER=<name> -DSTAMP=<file> -P check_undefined.cmake
# Fails if OBJECT (all of a server's own code, partially linked) has an
# undefined symbol that is not in the ALLOWED list.
cmake_minimum_required(VERSION 3.25)

execute_process(COMMAND ${NM} --undefined-only --format=posix ${OBJECT}
                OUTPUT_VARIABLE nm_out RESULT_VARIABLE nm_rc)
if(NOT nm_rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${OBJECT}")
endif()

file(STRINGS ${ALLOWED} allowed_lines)
set(allowed "")
foreach(line IN LISTS allowed_lines)
  string(REGEX REPLACE "#.*" "" line "${line}")
  string(STRIP "${line}" line)
  if(line)
    list(APPEND allowed "${line}")
  endif()
endforeach()

string(REPLACE "\n" ";" nm_lines "${nm_out}")
set(bad "")
foreach(line IN LISTS nm_lines)
  string(REGEX MATCH "^[^ ]+" sym "${line}")
  if(sym AND NOT sym IN_LIST allowed)
    list(APPEND bad "${sym}")
  endif()
endforeach()

if(bad)
  list(JOIN bad "\n  " bad_text)
  message(FATAL_ERROR
    "server '${SERVER}' reaches past the trona interface; undefined symbols "
    "not in ${ALLOWED}:\n  ${bad_text}")
endif()
file(TOUCH ${STAMP})
