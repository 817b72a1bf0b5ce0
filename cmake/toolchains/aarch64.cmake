# Linux aarch64 (64-bit ARM), with Debian's gcc-aarch64-linux-gnu.
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CROSS_TRIPLE aarch64-linux-gnu)
set(CROSS_QEMU aarch64)
include("${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake")
