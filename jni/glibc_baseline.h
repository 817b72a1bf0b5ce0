/*
 * Binds the thread-specific-data functions of pthread to their oldest glibc version, the one every glibc of this CPU
 * has. glibc 2.34 moved them from libpthread.so.0 into libc.so.6 under a new version, GLIBC_2.34, so a library linked
 * on a newer system would refuse to load on an older one ("version `GLIBC_2.34' not found": RHEL 8, Ubuntu 20.04,
 * Amazon Linux 2). Every glibc since still has the old versions, and the dynamic linker finds them in whichever file
 * of the process defines them. .ci/checks/shipped-libraries checks that no shipped library needs more than its CPU's
 * first glibc. musl's loader ignores symbol versions, so nothing is needed there. Include after a libc header.
 */
#ifndef JNI_BUFFER_GLIBC_BASELINE_H
#define JNI_BUFFER_GLIBC_BASELINE_H

#ifdef __GLIBC__
#if defined(__x86_64__)
#define GLIBC_BASELINE "GLIBC_2.2.5"
#elif defined(__aarch64__) || (defined(__powerpc64__) && defined(__LITTLE_ENDIAN__))
#define GLIBC_BASELINE "GLIBC_2.17"
#elif defined(__arm__)
#define GLIBC_BASELINE "GLIBC_2.4"
#elif defined(__s390x__)
#define GLIBC_BASELINE "GLIBC_2.2"
#elif defined(__riscv) && __riscv_xlen == 64
#define GLIBC_BASELINE "GLIBC_2.27"
#else
#error "no glibc baseline known for this CPU: add it here and to .ci/checks/shipped-libraries"
#endif
__asm__(".symver pthread_key_create,pthread_key_create@" GLIBC_BASELINE);
__asm__(".symver pthread_getspecific,pthread_getspecific@" GLIBC_BASELINE);
__asm__(".symver pthread_setspecific,pthread_setspecific@" GLIBC_BASELINE);
#endif

#endif /* JNI_BUFFER_GLIBC_BASELINE_H */
