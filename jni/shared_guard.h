/*
 * The guard that lets any thread use a shared Buffer while another thread closes it: close() frees the memory only
 * once no thread is using it, and a use that starts after close() began is refused. See shared_guard.c for how,
 * and why a use costs no atomic instruction.
 *
 * Each shared Buffer owns a cell, stamped with a ticket that is unique for the life of the process. A use names
 * the cell and the ticket; once close() has retired the cell, the ticket no longer matches and the use is refused,
 * even if the cell has since been handed to another Buffer.
 */
#ifndef JNI_BUFFER_SHARED_GUARD_H
#define JNI_BUFFER_SHARED_GUARD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct guard_cell {
    _Atomic uint64_t ticket;      /* the owning Buffer's ticket, or 0 once retired */
    char *address;                /* the Buffer's memory and size: valid while a use holds the cell */
    int size;
    struct guard_cell *next_free; /* free cells, guarded by the pool's lock */
};

/* One per thread that has used a shared buffer; never freed, reused after its thread ends. */
struct guard_user {
    _Atomic(const struct guard_cell *) using; /* the cell this thread is using, or NULL; written by its thread only */
    atomic_int taken;                           /* 1 while a live thread owns this slot */
    struct guard_user *next;                    /* never changes once the slot is in the list */
};

/* A new cell for a Buffer's memory, stamped with its ticket (never 0); NULL if memory ran out. */
struct guard_cell *guard_open(uint64_t ticket, char *address, int size);

enum guard_entry { GUARD_ENTERED, GUARD_RETIRED, GUARD_NO_MEMORY };

/* Set when the library is loaded (shared_guard.c), before any native method can run. */
extern int guard_users_fence __attribute__((visibility("hidden"))); /* 1: no membarrier(), so users execute a fence themselves */

/*
 * Finding the calling thread's slot must cost next to nothing, and a thread-local variable in a shared library
 * costs a call. So a small table maps the thread pointer (the address of the thread's own data, unique among live
 * threads) to its slot: a lane belongs to the first thread that needs it, and is given back when that thread ends,
 * before its thread pointer can be reused. A thread whose lane is taken finds its slot the slow way.
 */
#define GUARD_LANES 256
struct guard_lane {
    _Atomic uintptr_t thread; /* the thread pointer of the lane's owner, or 0 */
    struct guard_user *user;  /* the owner's slot: written by the owner only, after it claimed the lane */
};
extern struct guard_lane guard_lanes[GUARD_LANES] __attribute__((visibility("hidden")));

/* The calling thread's slot the slow way, claiming its lane if free; NULL only if memory ran out. */
struct guard_user *guard_user_slow(struct guard_lane *lane, uintptr_t thread) __attribute__((cold));

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

static inline struct guard_user *guard_this_thread(void)
{
    uintptr_t thread = guard_thread_pointer();
    struct guard_lane *lane = &guard_lanes[(thread * UINT64_C(0x9E3779B97F4A7C15)) >> 56]; /* a Fibonacci hash */
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
    atomic_store_explicit(&me->using, cell, memory_order_relaxed); /* step 1 */
    if (__builtin_expect(guard_users_fence, 0)) {
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

/* Refuses every later use of the cell and returns once no thread is using it: the memory may then be freed. */
void guard_retire(struct guard_cell *cell);

/* Gives a retired cell back, for another Buffer. */
void guard_recycle(struct guard_cell *cell);

#endif /* JNI_BUFFER_SHARED_GUARD_H */
