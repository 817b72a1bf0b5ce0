/*
 * Deliberate memory bugs on demo_lib buffers, built only with -DDELIBERATE_BUGS=ON. They exist to prove that the
 * valgrind check (.ci/checks/valgrind) reports such bugs: each must make valgrind fail, while the same program
 * without valgrind exits 0, as the bugs go unnoticed.
 * Usage: deliberate_memory_bugs leak|use_after_free|uninitialised_read
 */
#include <stdio.h>
#include <string.h>

#include "demo_lib.h"

static int leak(void)
{
    char *buffer = allocate_buffer(64);
    return fill_buffer(buffer, 64) == 64 ? 0 : 1; /* the bug: never freed */
}

static int use_after_free(void)
{
    char *buffer = allocate_buffer(16);
    fill_buffer(buffer, 16);
    free_buffer(buffer);
    volatile char byte = buffer[3]; /* the bug: the free went through demo_lib, so the compiler cannot warn */
    (void)byte;
    return 0;
}

static int uninitialised_read(void)
{
    char *buffer = allocate_buffer(8); /* contents undefined until fill_buffer */
    if (buffer[5] == 42) {             /* the bug: a decision on bytes nobody wrote */
        puts("42");
    }
    free_buffer(buffer);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "leak") == 0) {
        return leak();
    }
    if (argc == 2 && strcmp(argv[1], "use_after_free") == 0) {
        return use_after_free();
    }
    if (argc == 2 && strcmp(argv[1], "uninitialised_read") == 0) {
        return uninitialised_read();
    }
    fprintf(stderr, "usage: %s leak|use_after_free|uninitialised_read\n", argv[0]);
    return 2;
}
