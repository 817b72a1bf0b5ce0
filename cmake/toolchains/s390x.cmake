# Linux s390x (IBM Z, big-endian), with Debian's gcc-s390x-linux-gnu.
set(CMAKE_SYSTEM_PROCESSOR s390x)
set(CROSS_TRIPLE s390x-linux-gnu)
set(CROSS_QEMU s390x)
include("${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake")
