# Linux riscv64 (64-bit RISC-V), with Debian's gcc-riscv64-linux-gnu.
set(CMAKE_SYSTEM_PROCESSOR riscv64)
set(CROSS_TRIPLE riscv64-linux-gnu)
set(CROSS_QEMU riscv64)
include("${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake")
