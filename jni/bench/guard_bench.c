/*
 * Times a shared buffer's use path (guard_enter + guard_leave, no fill) by the way the calling thread finds its
 * slot, with many threads alive at once, so that threads collide in the lane table as a busy JVM's would:
 *   lanes            today's lane table (shared_guard.h), else guard_user_slow
 *   without_lane     guard_user_slow on every use, the way of a thread whose lane is taken ("each" only)
 *   initial_exec     a thread-local of another library, initial-exec model
 *   general_dynamic  the same in the general-dynamic model, the compiler's default dialect
 *   tlsdesc          general-dynamic through TLS descriptors (x86-64: -mtls-dialect=gnu2)
 *   unguarded        the call alone
 * Like the JVM, it dlopens the library holding the uses (guard_bench_uses.c, standing in for the glue), which
 * brings libjnibuffer_guard_v2.so and the two libguard_bench_tls_*.so in. Each thread has a 1 MiB stack and no
 * guard page, as HotSpot gives its Java threads, since the lane a thread gets depends on where its thread pointer
 * lies.
 * Prints one line: the mean CPU time per use (each thread's own CLOCK_THREAD_CPUTIME_ID), overall and for the
 * threads with and without a lane.
 *
 * Usage: guard_bench <directory of the libraries> <variant> <threads> [uses per thread, default 2000000]
 *        guard_bench <directory of the libraries> each
 * The second form times every variant on one thread, in turn, 1,000,000 uses at a time, 30 times over, and prints
 * the fastest time of each: on a shared machine, the variants then see the same load.
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
static pthread_barrier_t start, end;

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
    pthread_barrier_wait(&end); /* no thread ends, and gives its lane back, while another is timed */
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

static const char *const variants[] = {"unguarded",       "lanes",           "without_lane",
                                       "initial_exec",    "general_dynamic", "tlsdesc"};
enum { VARIANTS = sizeof variants / sizeof variants[0], ROUNDS = 30, ROUND_USES = 1000000 };

/* The use function of a variant, from the library that holds it. */
static use_fn *use_of(void *plain, void *descriptors, const char *variant)
{
    if (strcmp(variant, "tlsdesc") == 0) {
        return symbol(descriptors, "guard_bench_general_dynamic");
    }
    char name[64];
    snprintf(name, sizeof name, "guard_bench_%s", variant);
    return symbol(plain, name);
}

/* libguard_bench_uses<suffix>.so; NULL for the TLS descriptor copy where there is none (not x86-64). */
static void *load(const char *directory, const char *suffix)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/libguard_bench_uses%s.so", directory, suffix);
    void *library = dlopen(path, RTLD_NOW);
    if (library == NULL && *suffix == '\0') {
        fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
        exit(2);
    }
    return library;
}

/* The form "each": every variant in turn on this thread, the fastest round of each. */
static int each(void *plain, void *descriptors)
{
    double best[VARIANTS];
    int count = descriptors != NULL ? VARIANTS : VARIANTS - 1; /* tlsdesc is last */
    for (int v = 0; v < count; v++) {
        use = use_of(plain, descriptors, variants[v]);
        run_uses(1000); /* takes this thread's slot and lane, and a thread-local's first value */
        best[v] = 1e300;
    }
    for (int round = 0; round < ROUNDS; round++) {
        for (int v = 0; v < count; v++) {
            use = use_of(plain, descriptors, variants[v]);
            double begin = thread_cpu_ns();
            if (!run_uses(ROUND_USES)) {
                fprintf(stderr, "a use was refused\n");
                return 1;
            }
            double ns = (thread_cpu_ns() - begin) / ROUND_USES;
            best[v] = ns < best[v] ? ns : best[v];
        }
    }
    for (int v = 0; v < count; v++) {
        printf("%-15s 1 thread, fastest of %d rounds: %6.2f ns/use\n", variants[v], ROUNDS, best[v]);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[2], "each") == 0) {
        void *plain = load(argv[1], "");
        void *descriptors = load(argv[1], "_gnu2");
        int (*attach)(void) = symbol(plain, "guard_runtime_attach");
        struct guard_cell *(*open_cell)(char *, int) = symbol(plain, "guard_open");
        static char memory[64];
        if (attach() != 0 || (cell = open_cell(memory, sizeof memory)) == NULL) {
            fprintf(stderr, "the guard runtime could not be set up\n");
            return 2;
        }
        ticket = __atomic_load_n((const uint64_t *)(const void *)cell, __ATOMIC_ACQUIRE);
        has_lane = symbol(plain, "guard_bench_has_lane");
        return each(plain, descriptors);
    }
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: %s <directory> lanes|initial_exec|general_dynamic|tlsdesc|unguarded <threads> [uses]\n"
                        "       %s <directory> each\n",
                argv[0], argv[0]);
        return 2;
    }
    const char *variant = argv[2];
    int threads = atoi(argv[3]);
    if (argc == 5) {
        uses = atol(argv[4]);
    }
    void *library = load(argv[1], strcmp(variant, "tlsdesc") == 0 ? "_gnu2" : "");
    if (library == NULL) {
        fprintf(stderr, "no TLS descriptor copy of the uses on this CPU\n");
        return 2;
    }
    use = use_of(library, library, variant);
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
    pthread_barrier_init(&end, NULL, (unsigned)threads);
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
