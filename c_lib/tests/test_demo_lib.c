/*
 * Plain C tests for demo_lib: one function per behaviour, each registered as its own CTest test
 * (see c_lib/CMakeLists.txt), so `ctest` names exactly which branch broke.
 * Run one by hand with: ./test_demo_lib fill_writes_pattern
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "demo_lib.h"

static void allocate_rejects_zero(void) { CHECK(allocate_buffer(0) == NULL); }

static void allocate_rejects_negative(void)
{
    CHECK(allocate_buffer(-1) == NULL);
    CHECK(allocate_buffer(-2147483647 - 1) == NULL);
}

static void allocate_returns_usable_memory(void)
{
    char *buffer = allocate_buffer(300);
    CHECK(buffer != NULL);
    if (buffer != NULL) {
        memset(buffer, 0x5a, 300); /* valgrind/ASan would flag a short allocation here */
        CHECK(free_buffer(buffer) == 0);
    }
}

static void fill_writes_pattern(void)
{
    /* 600 bytes: crosses the 256 wrap-around twice. */
    enum { SIZE = 600 };
    char *buffer = allocate_buffer(SIZE);
    CHECK(buffer != NULL);
    if (buffer == NULL) {
        return;
    }
    CHECK(fill_buffer(buffer, SIZE) == SIZE);
    for (int i = 0; i < SIZE; i++) {
        CHECK((unsigned char)buffer[i] == (unsigned char)(i % 256));
    }
    CHECK(free_buffer(buffer) == 0);
}

static void fill_writes_only_the_given_range(void)
{
    char buffer[8];
    memset(buffer, 0x7f, sizeof buffer);
    CHECK(fill_buffer(buffer, 3) == 3);
    CHECK(buffer[0] == 0 && buffer[1] == 1 && buffer[2] == 2);
    CHECK(buffer[3] == 0x7f); /* the byte after the range is untouched */
}

static void fill_rejects_null(void) { CHECK(fill_buffer(NULL, 16) == -1); }

static void fill_rejects_zero_and_negative_size(void)
{
    char buffer[4] = {9, 9, 9, 9};
    CHECK(fill_buffer(buffer, 0) == -1);
    CHECK(fill_buffer(buffer, -5) == -1);
    CHECK(buffer[0] == 9); /* an error return writes nothing */
}

static void free_rejects_null(void) { CHECK(free_buffer(NULL) == -1); }

static void free_returns_zero(void)
{
    char *buffer = allocate_buffer(1);
    CHECK(buffer != NULL);
    CHECK(free_buffer(buffer) == 0);
}

static const struct {
    const char *name;
    void (*run)(void);
} TESTS[] = {
    {"allocate_rejects_zero", allocate_rejects_zero},
    {"allocate_rejects_negative", allocate_rejects_negative},
    {"allocate_returns_usable_memory", allocate_returns_usable_memory},
    {"fill_writes_pattern", fill_writes_pattern},
    {"fill_writes_only_the_given_range", fill_writes_only_the_given_range},
    {"fill_rejects_null", fill_rejects_null},
    {"fill_rejects_zero_and_negative_size", fill_rejects_zero_and_negative_size},
    {"free_rejects_null", free_rejects_null},
    {"free_returns_zero", free_returns_zero},
};

int main(int argc, char **argv)
{
    int ran = 0;
    for (size_t i = 0; i < sizeof TESTS / sizeof TESTS[0]; i++) {
        if (argc > 1 && strcmp(argv[1], TESTS[i].name) != 0) {
            continue;
        }
        TESTS[i].run();
        ran++;
    }
    if (ran == 0) {
        fprintf(stderr, "no test named %s\n", argc > 1 ? argv[1] : "(none)");
        return 2;
    }
    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    return 0;
}
