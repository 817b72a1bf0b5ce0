/*
 * Times a shared buffer's use path (guard_enter + guard_leave, no fill) by the way the calling thread finds its
 * slot, with many threads alive at once, so that threads collide in the lane table as a busy JVM's would:
 *   lanes            today's lane table (shared_guard.h), else guard_user_slow
 *   initial_exec     a thread-local of another library, initial-exec model
 *   general_dynamic  the same in the general-dynamic model, the compiler's default dialect
 *   tlsdesc          general-dynamic through TLS descriptors (x86-64: -mtls-dialect=gnu2)
 *   unguarded        the loop alone
 * Like the JVM, it dlopens the library holding the uses (guard_bench_uses.c, standing in for the glue), which
 * brings libjnibuffer_guard_v1.so and the two libguard_bench_tls_*.so in. Each thread has a 1 MiB stack and no guard page,
 * as HotSpot gives its Java threads, since the lane a thread gets depends on where its thread pointer lies.
 * Prints one line: the mean CPU time per use (each thread's own CLOCK_THREAD_CPUTIME_ID), overall and for the
 * threads with and without a lane.
 *
 * Usage: guard_bench <directory of the libraries> <variant> <threads> [uses per thread, default 2000000]
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct guard_cell;
typedef int use_fn(const struct guard_cell *cell, uint64_t ticket);

static use_fn *use;
static int (*has_lane)(void);
static const struct guard_cell *cell;
static uint64_t ticket;
static long uses = 2000000;
static pthread_barrier_t start;

struct result {
    double ns;
    int lane;
    int ok;
};

static double thread_cpu_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* `count` uses, each one call through a pointer, as the JVM calls a native: 1 if none was refused. */
static int run_uses(long count)
{
    int ok = 1;
    for (long i = 0; i < count; i++) {
        ok &= use(cell, ticket);
    }
    return ok;
}

static void *user_thread(void *argument)
{
    struct result *result = argument;
    result->ok = run_uses(1000); /* warm up: takes a slot, and a lane if this thread's is free */
    result->lane = has_lane();
    pthread_barrier_wait(&start); /* every thread alive, every lane claimed, before any timing */
    double begin = thread_cpu_ns();
    result->ok &= run_uses(uses);
    result->ns = (thread_cpu_ns() - begin) / (double)uses;
    return NULL;
}

static void *symbol(void *library, const char *name)
{
    void *address = dlsym(library, name);
    if (address == NULL) {
        fprintf(stderr, "no %s: %s\n", name, dlerror());
        exit(2);
    }
    return address;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: %s <directory> lanes|initial_exec|general_dynamic|tlsdesc|unguarded <threads> [uses]\n",
                argv[0]);
        return 2;
    }
    const char *variant = argv[2];
    int threads = atoi(argv[3]);
    if (argc == 5) {
        uses = atol(argv[4]);
    }
    int descriptors = strcmp(variant, "tlsdesc") == 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/libguard_bench_uses%s.so", argv[1], descriptors ? "_gnu2" : "");
    void *library = dlopen(path, RTLD_NOW);
    if (library == NULL) {
        fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
        return 2;
    }
    char name[64];
    snprintf(name, sizeof name, "guard_bench_%s", descriptors ? "general_dynamic" : variant);
    use = symbol(library, name);
    has_lane = symbol(library, "guard_bench_has_lane");
    int (*attach)(void) = symbol(library, "guard_runtime_attach");
    struct guard_cell *(*open_cell)(char *, int) = symbol(library, "guard_open");
    static char memory[64];
    if (attach() != 0 || (cell = open_cell(memory, sizeof memory)) == NULL) {
        fprintf(stderr, "the guard runtime could not be set up\n");
        return 2;
    }
    ticket = __atomic_load_n((const uint64_t *)(const void *)cell, __ATOMIC_ACQUIRE); /* the cell's first field */

    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 1 << 20);
    pthread_attr_setguardsize(&attributes, 0);
    pthread_barrier_init(&start, NULL, (unsigned)threads);
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    struct result *results = calloc((size_t)threads, sizeof *results);
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&ids[i], &attributes, user_thread, &results[i]) != 0) {
            fprintf(stderr, "pthread_create failed at thread %d\n", i);
            return 2;
        }
    }
    double sum[2] = {0, 0};
    int count[2] = {0, 0};
    for (int i = 0; i < threads; i++) {
        pthread_join(ids[i], NULL);
        if (!results[i].ok) {
            fprintf(stderr, "a use was refused\n");
            return 1;
        }
        sum[results[i].lane] += results[i].ns;
        count[results[i].lane]++;
    }
    printf("%-15s threads %4d: %6.2f ns/use; %4d with a lane %6.2f ns, %4d without %6.2f ns\n", variant, threads,
           (sum[0] + sum[1]) / threads, count[1], count[1] ? sum[1] / count[1] : 0.0, count[0],
           count[0] ? sum[0] / count[0] : 0.0);
    return 0;
}
