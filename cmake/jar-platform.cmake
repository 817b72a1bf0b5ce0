# Sets JAR_PLATFORM: the directory the jar keeps the libraries in, native/<JAR_PLATFORM>/, e.g. linux-aarch64.
# It is named after the CPU the C compiler targets (`gcc -dumpmachine`), never after the machine that runs the
# build, so a cross build can only land in its own CPU's directory. The loader (internal.loading.Platform) maps the
# JVM's os.arch to the same names; keep the two lists in step.
execute_process(COMMAND ${CMAKE_C_COMPILER} -dumpmachine
  OUTPUT_VARIABLE target_triple OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
string(REGEX MATCH "^[^-]+" target_cpu "${target_triple}")
if(target_cpu MATCHES "^(x86_64|aarch64|ppc64le|s390x|riscv64)$")
  set(jar_cpu "${target_cpu}")
elseif(target_cpu STREQUAL "powerpc64le")
  set(jar_cpu ppc64le)
elseif(target_cpu MATCHES "^arm" AND target_triple MATCHES "gnueabihf$")
  set(jar_cpu arm)
else()
  message(FATAL_ERROR "The jar has no directory for ${target_triple}: the loader knows x86_64, aarch64, arm "
    "(armhf), ppc64le, s390x and riscv64 Linux")
endif()
if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
  message(FATAL_ERROR "The jar carries Linux libraries only, not ${CMAKE_SYSTEM_NAME} ones")
endif()
set(JAR_PLATFORM "linux-${jar_cpu}")
