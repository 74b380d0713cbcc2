// trona/core/program.h — how a program under servers/ names its entry point.
//
//   static int run(int argc, char** argv, char** envp) { ... }
//   TRONA_PROGRAM(hello, run)
//
// defines extern "C" int trona_program_hello(argc, argv, envp), which the
// simulator registers as the C++ entry point of the image "hello". In the
// target build the macro also defines trona_program_main, which the start
// file (backend_target/start.cpp) calls; when it returns the thread exits.
#pragma once

#define TRONA_PROGRAM(name, fn)                                                      \
  extern "C" int trona_program_##name(int argc, char** argv, char** envp) {        \
    return fn(argc, argv, envp);                                                   \
  }                                                                                \
  TRONA_DETAIL_PROGRAM_MAIN(name)

#if defined(TRONA_BACKEND_TARGET)
#define TRONA_DETAIL_PROGRAM_MAIN(name)                                              \
  extern "C" int trona_program_main(int argc, char** argv, char** envp) {          \
    return trona_program_##name(argc, argv, envp);                                 \
  }
#else
#define TRONA_DETAIL_PROGRAM_MAIN(name)
#endif
