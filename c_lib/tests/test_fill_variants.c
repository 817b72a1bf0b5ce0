/*
 * Tests of each fill_buffer variant (c_lib/src/fill_variants.c), through fill_buffer itself. Linked against a static
 * copy of demo_lib, because the shared library exports only its three functions.
 *   test_fill_variants chosen_at_load     the constructor picked the first variant that runs on this CPU
 *   test_fill_variants variant <name>     that variant writes the pattern: exit 77 (skipped) if this CPU cannot run it
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "demo_lib.h"
#include "fill_variants.h"

enum { SKIPPED = 77, GUARD = 64, GUARD_BYTE = 0x5a };

/* fill_buffer over [offset, offset + size) of a guarded block: the pattern inside, nothing written outside. */
static int fills_exactly(int offset, int size)
{
    size_t total = (size_t)GUARD + (size_t)offset + (size_t)size + GUARD;
    unsigned char *block = malloc(total);
    if (block == NULL) {
        fprintf(stderr, "malloc(%zu) failed\n", total);
        return 0;
    }
    memset(block, GUARD_BYTE, total);
    unsigned char *start = block + GUARD + offset;
    int ok = fill_buffer((char *)start, size) == size;
    for (int i = 0; ok && i < size; i++) {
        ok = start[i] == (unsigned char)(i % 256);
    }
    for (size_t i = 0; ok && i < total; i++) {
        ok = (block + i >= start && block + i < start + size) || block[i] == GUARD_BYTE;
    }
    free(block);
    if (!ok) {
        fprintf(stderr, "wrong bytes after fill_buffer(start + %d, %d)\n", offset, size);
    }
    return ok;
}

static int variant(const char *name)
{
    for (int v = 0; v < fill_variant_count; v++) {
        if (strcmp(fill_variants[v].name, name) != 0) {
            continue;
        }
        if (!fill_variants[v].runs_here()) {
            printf("this CPU cannot run the %s variant: skipped\n", name);
            return SKIPPED;
        }
        fill_chosen = fill_variants[v].fill; /* force it: fill_buffer now calls this variant */
        /* Every size up to 600 (below, at and above each store width, two wraps of the 256-byte period), at a few
         * alignments, then large sizes that end off any block boundary. */
        for (int offset = 0; offset < 4; offset++) {
            for (int size = 1; size <= 600; size++) {
                CHECK(fills_exactly(offset, size));
            }
        }
        static const int large[] = {4096 + 17, 65536 + 17, (1 << 20) + 255};
        for (size_t i = 0; i < sizeof large / sizeof large[0]; i++) {
            CHECK(fills_exactly(1, large[i]));
        }
        CHECK(fill_buffer(NULL, 16) == -1); /* the checks still come first */
        return failures == 0 ? 0 : 1;
    }
    fprintf(stderr, "no variant named %s in this build\n", name);
    return 2;
}

static int chosen_at_load(void)
{
    const struct fill_variant *best = fill_variant_best();
    printf("variants:");
    for (int v = 0; v < fill_variant_count; v++) {
        printf(" %s%s", fill_variants[v].name, fill_variants[v].runs_here() ? "" : " (cannot run here)");
    }
    printf("; chosen: %s\n", best->name);
    CHECK(best->runs_here());
    for (const struct fill_variant *earlier = fill_variants; earlier < best; earlier++) {
        CHECK(!earlier->runs_here()); /* nothing better that this CPU could run was passed over */
    }
    CHECK(strcmp(fill_variants[fill_variant_count - 1].name, "portable") == 0);
    CHECK(fill_chosen == best->fill); /* the constructor ran before main and picked it */
    return failures == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "chosen_at_load") == 0) {
        return chosen_at_load();
    }
    if (argc == 3 && strcmp(argv[1], "variant") == 0) {
        return variant(argv[2]);
    }
    fprintf(stderr, "usage: %s chosen_at_load | variant <name>\n", argv[0]);
    return 2;
}
