# servers/drivers/display in the simulator: the logic (the VT screen) joins
# saltysim_server_logic. No program yet (dispdrv's main.cpp comes with the
# framebuffer driver).
saltysim_server_sim_split(${CMAKE_CURRENT_LIST_DIR})
