/*
 * fill_buffer's loop in one variant per kind of CPU, and the choice between them. Internal to demo_lib: these
 * names have hidden visibility, so libdemo_lib.so still exports only its three functions. The C tests link a
 * static copy of the library to reach them (c_lib/tests/test_fill_variants.c).
 */
#ifndef DEMO_LIB_FILL_VARIANTS_H
#define DEMO_LIB_FILL_VARIANTS_H

/* Writes buffer[i] = (char)(i % 256) for i in [0, size). Only for buffer != NULL and size > 0: fill_buffer checks. */
typedef void fill_function(char *buffer, int size);

struct fill_variant {
    const char *name;
    fill_function *fill;
    int (*runs_here)(void); /* nonzero if this CPU, and the OS, can execute the variant */
};

/* Every variant built for this CPU family, best first. The last one is plain C and runs anywhere. */
extern const struct fill_variant fill_variants[];
extern const int fill_variant_count;

/* The first variant in fill_variants that runs here. */
const struct fill_variant *fill_variant_best(void);

/*
 * What fill_buffer calls. It starts as the portable variant, and a constructor replaces it with the best one
 * when the library is loaded, so every later call goes straight to the right loop through this pointer.
 * The tests assign it to force a variant.
 */
extern fill_function *fill_chosen;

#endif /* DEMO_LIB_FILL_VARIANTS_H */
