/*
 * Which way the guard runtime (jni/shared_guard.c) makes users order their slot store before their ticket load,
 * as chosen by guard_runtime_attach:
 *   test_guard_mode chosen_for_this_cpu    riscv64: fences, whatever the kernel offers (its membarrier() misses a
 *                                          barrier before Linux 6.9); elsewhere: membarrier() when the kernel
 *                                          offers and registers it, else fences
 *   test_guard_mode forced_by_environment  JNIBUFFER_GUARD=fence: fences on every CPU
 * Under qemu-user (the cross builds' ctest) membarrier() is the host kernel's, so the riscv64 case fails there if
 * the riscv64 rule is ever dropped.
 */
#define _GNU_SOURCE /* syscall() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_membarrier
#include <linux/membarrier.h>
#endif

#include "shared_guard.h"

/* What the kernel offers this process: 1 if it can register for, and use, the expedited private membarrier. */
static int kernel_offers_membarrier(void)
{
#ifdef SYS_membarrier
    long supported = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    return supported > 0 && (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED)
        && syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
#else
    return 0;
#endif
}

/* guard_users_fence once the runtime is attached, or -1 if it could not be. */
static int users_fence_after_attach(void)
{
    int error = guard_runtime_attach();
    if (error != 0) {
        fprintf(stderr, "guard_runtime_attach failed: %s\n", strerror(error));
        return -1;
    }
    return atomic_load(&guard_users_fence);
}

int main(int argc, char **argv)
{
    const char *test = argc == 2 ? argv[1] : "";
    int offered = kernel_offers_membarrier();
    int expected;
    if (strcmp(test, "chosen_for_this_cpu") == 0) {
        unsetenv("JNIBUFFER_GUARD");
#if defined(__riscv)
        expected = 1;
#else
        expected = !offered;
#endif
    } else if (strcmp(test, "forced_by_environment") == 0) {
        setenv("JNIBUFFER_GUARD", "fence", 1);
        expected = 1;
    } else {
        fprintf(stderr, "usage: %s chosen_for_this_cpu|forced_by_environment\n", argv[0]);
        return 2;
    }
    int fence = users_fence_after_attach();
    if (fence != expected) {
        fprintf(stderr, "%s: users fence = %d, expected %d\n", test, fence, expected);
        return 1;
    }
    printf("%s: the kernel %s membarrier(); users %s\n", test, offered ? "offers" : "does not offer",
           fence ? "fence" : "rely on membarrier()");
    return 0;
}
