/*
 * The counter of the test-only counting build of demo_lib (target/native-test/counting/libdemo_lib.so): the same
 * sources, linked with -Wl,--wrap=malloc,--wrap=free so that their calls to malloc and free come here first. It
 * counts the blocks demo_lib has allocated and not yet freed, in C, whatever Java believes: the tests compare it
 * with liveCount() (io.github.jnibuffer.testing.NativeAllocations). The shipped libdemo_lib.so has none of this.
 */
#include <stdatomic.h>
#include <stddef.h>

void *__real_malloc(size_t size);
void __real_free(void *pointer);

static atomic_long live_allocations;

void *__wrap_malloc(size_t size)
{
    void *pointer = __real_malloc(size);
    if (pointer != NULL) {
        atomic_fetch_add(&live_allocations, 1);
    }
    return pointer;
}

void __wrap_free(void *pointer)
{
    if (pointer != NULL) {
        atomic_fetch_sub(&live_allocations, 1);
    }
    __real_free(pointer);
}

/* The one symbol this build adds to demo_lib's three; read by the test-only natives through dlsym. */
__attribute__((visibility("default"))) long demo_lib_live_allocations(void)
{
    return atomic_load(&live_allocations);
}
