# Linux ppc64le (64-bit POWER, little-endian), with Debian's gcc-powerpc64le-linux-gnu.
set(CMAKE_SYSTEM_PROCESSOR ppc64le)
set(CROSS_TRIPLE powerpc64le-linux-gnu)
set(CROSS_QEMU ppc64le)
include("${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake")
