# Linux arm (armhf: 32-bit ARMv7, hard-float), with Debian's gcc-arm-linux-gnueabihf.
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CROSS_TRIPLE arm-linux-gnueabihf)
set(CROSS_QEMU arm)
include("${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake")
