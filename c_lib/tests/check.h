/* The C tests' one assertion: CHECK(cond) reports a failed condition with its line and counts it in `failures`. */
#ifndef DEMO_LIB_TESTS_CHECK_H
#define DEMO_LIB_TESTS_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                               \
        }                                                                             \
    } while (0)

#endif /* DEMO_LIB_TESTS_CHECK_H */
