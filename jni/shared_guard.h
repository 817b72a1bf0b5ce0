/*
 * The guard that lets any thread use a shared Buffer while another thread closes it: close() frees the memory only
 * once no thread is using it, and a use that starts after close() began is refused. See shared_guard.c for how,
 * and why a use costs no atomic read-modify-write (on riscv64, GCC 12 compiles its atomic stores to amoswap) and, on
 * x86-64, aarch64 and s390x, no fence either.
 *
 * The guard's state lives in its own small library, libjnibuffer_guard.so (shared_guard.c), not in the glue: each
 * class loader loads its own copy of the glue, but the dynamic linker loads this library once per process (the
 * glue finds it beside itself through its RUNPATH $ORIGIN), so there is one thread-exit key, one slot per thread
 * and one ticket counter however many copies are loaded, and glue copies can be unmapped with their class loader.
 * The few functions below are all it exports; the use path (guard_enter, guard_leave) is inline in the glue.
 *
 * Each shared Buffer owns a cell, stamped with a ticket that is unique in the process (every class loader's
 * buffers draw from one counter). A use names the cell and the ticket; once close() has retired the cell, the
 * ticket no longer matches and the use is refused, even if the cell has since been handed to another Buffer.
 *
 * How long a retirement waits: one membarrier() (where it is used) and the longest use in flight on any of its cells,
 * that is one fill_buffer or one memcpy of that buffer, plus the time its thread is preempted; a use never waits.
 * The glue batches closes (shared_retirement.h), so a close of a buffer under 64 KiB waits for at most two batches.
 *
 * A thread has one slot, so uses never nest: a use must not start another one before it ends (the second would
 * overwrite the slot and the first would no longer hold its buffer). Nothing nests today (no callback runs inside a
 * use); debug builds assert it in guard_enter.
 */
#ifndef JNI_BUFFER_SHARED_GUARD_H
#define JNI_BUFFER_SHARED_GUARD_H

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

/* What libjnibuffer_guard.so exports: every other symbol of it is hidden (the build's default). */
#define GUARD_API __attribute__((visibility("default")))

struct guard_cell {
    _Atomic uint64_t ticket;      /* the owning Buffer's ticket, or 0 once retired */
    char *address;                /* the Buffer's memory and size: valid while a use holds the cell */
    int size;
    struct guard_cell *next_free; /* free cells, guarded by the pool's lock */
};

/*
 * One per thread that has used a shared buffer; never freed, reused after its thread ends. Each has a cache line
 * of its own (128 bytes: ppc64le's line, twice the others'), so that two busy threads never share one.
 */
#define GUARD_CACHE_LINE 128
struct guard_user {
    _Alignas(GUARD_CACHE_LINE) _Atomic(const struct guard_cell *) using; /* the cell in use, or NULL; own thread writes */
    atomic_int taken;                           /* 1 while a live thread owns this slot */
    struct guard_user *next;                    /* never changes once the slot is in the list */
};

/*
 * Sets the runtime up, once per process, for a glue copy's JNI_OnLoad: the thread-exit key and the choice between
 * membarrier() and fences. 0 on success, else an errno value (the process is out of thread keys or memory), which
 * the glue turns into JNI_ERR. guard_runtime_detach, from JNI_OnUnload, undoes one successful attach.
 */
GUARD_API int guard_runtime_attach(void);
GUARD_API void guard_runtime_detach(void);

/* A new cell for a Buffer's memory, stamped with a new ticket (never 0, read it from cell->ticket until the Buffer
 * is published); NULL if memory ran out. */
GUARD_API struct guard_cell *guard_open(char *address, int size);

enum guard_entry { GUARD_ENTERED, GUARD_RETIRED, GUARD_NO_MEMORY };

/* 1 when users execute a fence themselves: no membarrier() (or JNIBUFFER_GUARD=fence, or riscv64), or since
 * membarrier() failed at a close. Read on every use, so a plain variable, not a function. */
GUARD_API extern atomic_int guard_users_fence;

/*
 * Finding the calling thread's slot must cost next to nothing. A thread-local variable of this library would cost
 * the glue a call (general-dynamic: __tls_get_addr, GLIBC_2.3 on x86-64 and not given to glibc-built libraries by
 * musl's loader; TLS descriptors: an indirect call) or could fail to load (initial-exec: glibc must find room in its
 * small surplus of static TLS when the JVM dlopens the glue, and musl refuses it outright). docs/benchmarks.md
 * times each.
 * So a small table maps the thread pointer (the address of the thread's own data, unique among live threads) to its
 * slot: a lane belongs to the first thread that needs it, and is given back when that thread ends, before its
 * thread pointer can be reused. A thread whose lane is taken finds its slot the slow way, a call.
 */
#define GUARD_LANES 256
struct guard_lane {
    _Atomic uintptr_t thread; /* the thread pointer of the lane's owner, or 0 */
    struct guard_user *user;  /* the owner's slot: written by the owner only, after it claimed the lane */
};
GUARD_API extern struct guard_lane guard_lanes[GUARD_LANES];

/* The calling thread's slot the slow way, claiming its lane if free; NULL only if memory ran out. */
GUARD_API struct guard_user *guard_user_slow(struct guard_lane *lane, uintptr_t thread) __attribute__((cold));

/* The thread pointer: one register, or one instruction that reads it. */
static inline uintptr_t guard_thread_pointer(void)
{
#if defined(__powerpc64__)
    uintptr_t thread;
    __asm__("mr %0, 13" : "=r"(thread)); /* r13 holds it in the 64-bit PowerPC ABI; GCC 12 has no builtin there */
    return thread;
#else
    return (uintptr_t)__builtin_thread_pointer();
#endif
}

/* The lane of a thread pointer: a Fibonacci hash, the top 8 bits of the product. */
static inline struct guard_lane *guard_lane_of(uintptr_t thread)
{
    return &guard_lanes[(thread * UINT64_C(0x9E3779B97F4A7C15)) >> 56];
}

static inline struct guard_user *guard_this_thread(void)
{
    uintptr_t thread = guard_thread_pointer();
    struct guard_lane *lane = guard_lane_of(thread);
    if (atomic_load_explicit(&lane->thread, memory_order_relaxed) == thread) {
        return lane->user; /* only this thread ever writes its own thread pointer into a lane */
    }
    return guard_user_slow(lane, thread);
}

/*
 * Starts a use of the cell by the calling thread. On GUARD_ENTERED, *user must be passed to guard_leave once the
 * memory is no longer touched; otherwise the cell was retired (or this thread's slot could not be allocated) and
 * the memory must not be touched at all. Inline: it is on the path of every use. Steps as in shared_guard.c.
 */
static inline enum guard_entry guard_enter(const struct guard_cell *cell, uint64_t ticket, struct guard_user **user)
{
    struct guard_user *me = guard_this_thread();
    if (me == NULL) {
        return GUARD_NO_MEMORY;
    }
    assert(atomic_load_explicit(&me->using, memory_order_relaxed) == NULL); /* uses never nest (see the top) */
    atomic_store_explicit(&me->using, cell, memory_order_relaxed); /* step 1 */
    if (__builtin_expect(atomic_load_explicit(&guard_users_fence, memory_order_relaxed), 0)) {
        atomic_thread_fence(memory_order_seq_cst);
    } else {
        atomic_signal_fence(memory_order_seq_cst); /* step 2: keeps the compiler from swapping 1 and 3 */
    }
    if (atomic_load_explicit(&cell->ticket, memory_order_acquire) != ticket) { /* step 3 */
        atomic_store_explicit(&me->using, NULL, memory_order_relaxed);
        return GUARD_RETIRED;
    }
    *user = me;
    return GUARD_ENTERED;
}

/* Ends the use begun by guard_enter. Release: a closer that sees NULL also sees every write made to the memory. */
static inline void guard_leave(struct guard_user *user)
{
    atomic_store_explicit(&user->using, NULL, memory_order_release); /* step 5 */
}

/* Refuses every later use of the cell at once: its ticket no longer matches any Buffer's. Idempotent. */
static inline void guard_refuse(struct guard_cell *cell)
{
    atomic_store_explicit(&cell->ticket, 0, memory_order_seq_cst); /* closer's step 1 (0 is never a ticket) */
}

/*
 * Retires count cells together (each refused again, see guard_refuse), with one barrier for all of them, then returns
 * GUARD_FREE once no thread is using any of them: their memory may then be freed and the cells recycled. It waits as
 * long as the longest use in flight on any of them (one fill_buffer, or one memcpy), plus one membarrier() call.
 * GUARD_LEAK if membarrier() failed (see shared_guard.c): a user may still be inside, so neither the memory nor the
 * cells may ever be touched again; the process has switched to fences, and later retirements are safe again.
 */
enum guard_close { GUARD_FREE, GUARD_LEAK };
GUARD_API enum guard_close guard_retire_all(struct guard_cell *const *cells, int count);

/* Diagnostics: how many membarrier() calls retirements have made in this process (the tests count them). */
GUARD_API unsigned long guard_barriers(void);

/* Gives a retired cell back, for another Buffer. */
GUARD_API void guard_recycle(struct guard_cell *cell);

#endif /* JNI_BUFFER_SHARED_GUARD_H */
