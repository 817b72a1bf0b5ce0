# Shared by the toolchain files beside it: cross-compiling for Linux on another CPU with Debian's cross gcc
# (package gcc-<triple>), e.g.  cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64.cmake
# Each toolchain file sets CMAKE_SYSTEM_PROCESSOR, CROSS_TRIPLE and CROSS_QEMU, then includes this one.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${CROSS_TRIPLE}-gcc)

# Libraries and headers come from the cross compiler's own sysroot, programs from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest runs the C tests under qemu-user (package qemu-user), with that same sysroot's C library.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-${CROSS_QEMU};-L;/usr/${CROSS_TRIPLE})
