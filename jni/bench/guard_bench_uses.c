/*
 * For guard_bench only: one use of a shared buffer's guard, guard_enter + guard_leave of shared_guard.h, once per way
 * of finding the calling thread's slot. Built twice (jni/CMakeLists.txt): with the compiler's default TLS dialect,
 * and on x86-64 with -mtls-dialect=gnu2 (TLS descriptors), whose general_dynamic is the tlsdesc variant.
 */
#include "shared_guard.h"

#define EXPORT __attribute__((visibility("default")))

extern __attribute__((tls_model("initial-exec"))) __thread struct guard_user *guard_bench_me_ie;
extern __thread struct guard_user *guard_bench_me_gd;

/*
 * One use, as one native call of the glue makes it: guard_enter's steps with the slot found by `lookup` instead of
 * guard_this_thread, then guard_leave's. One call per use, so that the compiler cannot hoist the lookup out of a
 * loop, as it cannot in the glue.
 */
#define USE(lookup)                                                                                \
    struct guard_user *me = (lookup);                                                              \
    atomic_store_explicit(&me->using, cell, memory_order_relaxed);                                 \
    if (__builtin_expect(atomic_load_explicit(&guard_users_fence, memory_order_relaxed), 0)) {     \
        atomic_thread_fence(memory_order_seq_cst);                                                 \
    } else {                                                                                       \
        atomic_signal_fence(memory_order_seq_cst);                                                 \
    }                                                                                              \
    if (atomic_load_explicit(&cell->ticket, memory_order_acquire) != ticket) {                     \
        atomic_store_explicit(&me->using, NULL, memory_order_relaxed);                             \
        return 0;                                                                                  \
    }                                                                                              \
    __asm__ volatile("" : : "r"(cell->address) : "memory"); /* the use */                         \
    atomic_store_explicit(&me->using, NULL, memory_order_release);                                 \
    return 1

/* The slot cached in a thread-local once the lane table (or its slow path) has found it. */
static inline struct guard_user *cached(struct guard_user **local)
{
    if (__builtin_expect(*local == NULL, 0)) {
        *local = guard_this_thread();
    }
    return *local;
}

/* Today's lookup, the lane table (else guard_user_slow): the very inline functions the glue calls. */
EXPORT int guard_bench_lanes(const struct guard_cell *cell, uint64_t ticket)
{
    struct guard_user *user;
    if (guard_enter(cell, ticket, &user) != GUARD_ENTERED) {
        return 0;
    }
    __asm__ volatile("" : : "r"(cell->address) : "memory"); /* the use */
    guard_leave(user);
    return 1;
}

EXPORT int guard_bench_initial_exec(const struct guard_cell *cell, uint64_t ticket)
{
    USE(cached(&guard_bench_me_ie));
}

EXPORT int guard_bench_general_dynamic(const struct guard_cell *cell, uint64_t ticket)
{
    USE(cached(&guard_bench_me_gd));
}

/* The way of a thread whose lane another thread holds: guard_user_slow, every use. Here the lane is the calling
 * thread's own (guard_bench warms up through guard_bench_lanes first), passed with another thread pointer. */
static inline struct guard_user *without_lane(void)
{
    uintptr_t thread = guard_thread_pointer();
    return guard_user_slow(guard_lane_of(thread), thread + 1);
}

EXPORT int guard_bench_without_lane(const struct guard_cell *cell, uint64_t ticket)
{
    USE(without_lane());
}

/* No guard at all: what the call itself costs. */
EXPORT int guard_bench_unguarded(const struct guard_cell *cell, uint64_t ticket)
{
    __asm__ volatile("" : : "r"(cell->address), "r"(ticket) : "memory");
    return 1;
}

/* 1 if the calling thread owns its lane (finds its slot without a call). */
EXPORT int guard_bench_has_lane(void)
{
    uintptr_t thread = guard_thread_pointer();
    return atomic_load_explicit(&guard_lane_of(thread)->thread, memory_order_relaxed) == thread;
}
