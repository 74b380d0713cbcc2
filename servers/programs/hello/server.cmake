# servers/programs/hello: placeholder server for the target build.
saltysim_server(NAME hello SOURCES main.cpp)
