/*
 * The C-native reference for the benchmarks: fill_buffer timed with no JVM in the way, so that the JMH rows can
 * be read as a multiple of what the C call itself costs. Prints one JSON object per buffer size:
 *   {"benchmark": "<label>", "size": 16, "ns_per_op": 4.21, "error": 0.02}
 * where error is half the spread between the fastest and the slowest of the timed runs.
 *
 * Usage: fill_bench <label>   (the label names the build, e.g. "c.O3")
 *
 * Built with FILL_BENCH_EACH_VARIANT (and a static copy of demo_lib), it times each variant of fill_buffer's loop
 * that this CPU runs, labelled <label>-<variant>, by forcing it as the C tests do (c_lib/src/fill_variants.h).
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>

#include "demo_lib.h"
#ifdef FILL_BENCH_EACH_VARIANT
#include "fill_variants.h"
#endif

enum { RUNS = 10, MIN_RUN_NS = 100 * 1000 * 1000 };

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* Calls fill_buffer `iterations` times; the empty asm tells the compiler the memory is read, so no call is skipped. */
static double time_fills(char *buffer, int size, long iterations)
{
    double start = now_ns();
    for (long i = 0; i < iterations; i++) {
        fill_buffer(buffer, size);
        __asm__ volatile("" : : "r"(buffer) : "memory");
    }
    return now_ns() - start;
}

static void measure(const char *label, int size, int first)
{
    char *buffer = allocate_buffer(size);
    if (buffer == NULL) {
        fprintf(stderr, "allocate_buffer(%d) failed\n", size);
        return;
    }
    long iterations = 1;
    while (time_fills(buffer, size, iterations) < MIN_RUN_NS) { /* grow until a run takes 100 ms; also warms up */
        iterations *= 2;
    }
    double best = 1e300, worst = 0, sum = 0;
    for (int run = 0; run < RUNS; run++) {
        double per_op = time_fills(buffer, size, iterations) / (double)iterations;
        best = per_op < best ? per_op : best;
        worst = per_op > worst ? per_op : worst;
        sum += per_op;
    }
    printf("%s{\"benchmark\": \"%s\", \"size\": %d, \"ns_per_op\": %.3f, \"error\": %.3f}\n", first ? "" : ",",
           label, size, sum / RUNS, (worst - best) / 2);
    free_buffer(buffer);
}

static const int SIZES[] = {16, 4096, 1 << 20};

static void measure_sizes(const char *label, int first)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++) {
        measure(label, SIZES[i], first && i == 0);
    }
}

int main(int argc, char **argv)
{
    const char *label = argc > 1 ? argv[1] : "c";
    printf("[\n");
#ifdef FILL_BENCH_EACH_VARIANT
    int first = 1;
    for (int v = 0; v < fill_variant_count; v++) {
        if (fill_variants[v].runs_here()) {
            char variant_label[128];
            snprintf(variant_label, sizeof variant_label, "%s-%s", label, fill_variants[v].name);
            fill_chosen = fill_variants[v].fill;
            measure_sizes(variant_label, first);
            first = 0;
        }
    }
#else
    measure_sizes(label, 1);
#endif
    printf("]\n");
    return 0;
}
