/*
 * The shared-buffer guard (shared_guard.h), built into its own library, libjnibuffer_guard.so: a use costs no atomic
 * read-modify-write (riscv64 aside, below); close() pays. docs/appendix-d-the-shared-guard.md proves it safe.
 *
 * Counting the uses in flight would cost every use two atomic read-modify-write instructions, about 8 ns each on
 * some Intel Xeons, more than the native call itself. Instead, every thread that uses a shared buffer has a slot,
 * written only by that thread, naming the cell it is using:
 *
 *   a thread using the buffer                   the thread closing it
 *   1. my slot = cell                           1. cell ticket = 0 (retired)
 *   2. compiler barrier                         2. membarrier(): every running thread of the process
 *   3. ticket still the buffer's? else refuse      executes a full memory barrier
 *   4. use the memory                           3. wait while any slot names the cell
 *   5. my slot = NULL                           4. (caller) free the memory
 *
 * Step 1 runs at close(); steps 2 to 4 run once for a batch of closed buffers (guard_retire_all, called by the
 * glue's shared_retirement.c), because a membarrier() interrupts every CPU that runs a thread of the process.
 *
 * Either the user's step 1 is visible to the closer's step 3, which then waits, or the user's step 3 sees the
 * closer's step 1, and refuses: the membarrier() system call is the full barrier the users leave out. What the user
 * side still costs depends on the CPU: plain loads and stores on x86-64, aarch64 (ldar/stlr) and s390x, but armhf
 * pays dmb ish for the 64-bit ticket load and the release store, ppc64le isync and lwsync, and riscv64 (GCC 12) two
 * amoswap (atomic read-modify-writes: GCC 12 compiles an atomic store to one) and two fences, plus fence mode's.
 *
 * Fences instead of membarrier() (users execute a real fence at step 2; still correct, one fence per use):
 *   - where the kernel lacks it (Linux before 4.14, some sandboxes and emulators);
 *   - on riscv64: kernels before 6.9 (and 6.6.51 on the 6.6 line) miss a full barrier in switch_mm() that
 *     membarrier() relies on, kernel commit d6cfd1770f20 "membarrier: riscv: Add full memory barrier in
 *     switch_mm()"; distribution backports make a version check unreliable, and riscv64 pays fences per use anyway;
 *   - with JNIBUFFER_GUARD=fence in the environment, for tests;
 *   - from the moment membarrier() fails at a retirement (ENOMEM; EPERM after a CRIU restore that dropped the
 *     registration, or under a seccomp filter installed later). It cannot know whether a user is inside, so it
 *     leaks the blocks of its batch (the caller reports it) rather than free them; then the process switches to
 *     fences. Users that read the switch too late did not fence, so the first retirement after the switch first
 *     waits one grace period (trust_fences) before it trusts fences.
 *
 * The library is loaded once per process, whatever number of glue copies (one per class loader) load it, and is
 * linked -z nodelete (jni/CMakeLists.txt): release_user, the thread-exit destructor of its key, may run at any
 * thread's exit for the life of the process, so it must never be unmapped. The glue copies need no such pin.
 */
#define _GNU_SOURCE /* syscall() */
#include "shared_guard.h"

#include <pthread.h>
#include "glibc_baseline.h" /* after <pthread.h>: the pthread_*specific functions at this CPU's first glibc version */
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#ifdef SYS_membarrier
#include <linux/membarrier.h>
#endif


static _Atomic(struct guard_user *) users;     /* every slot ever made, newest first */
static struct guard_cell *free_cells;          /* guarded by lock */
static uint64_t last_ticket;                   /* guarded by lock: tickets are unique across class loaders */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int attached;                           /* guarded by lock: glue copies whose JNI_OnLoad succeeded */
static int initialised;                        /* guarded by lock */
static pthread_key_t user_key;                 /* this thread's slot; its destructor gives the slot back */
static pthread_mutex_t switch_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int fences_trusted;              /* 1 once no user that skipped its fence can still be inside */
static atomic_ulong barriers;                  /* membarrier() calls made by retirements, for guard_barriers */
atomic_int guard_users_fence;
struct guard_lane guard_lanes[GUARD_LANES];

/* Runs as the thread ends, after its last use and before its thread pointer can belong to a new thread. */
static void release_user(void *user)
{
    uintptr_t thread = guard_thread_pointer();
    for (int i = 0; i < GUARD_LANES; i++) { /* rare: once per thread that used a shared buffer */
        if (atomic_load_explicit(&guard_lanes[i].thread, memory_order_relaxed) == thread) {
            atomic_store_explicit(&guard_lanes[i].thread, 0, memory_order_release);
        }
    }
    atomic_store_explicit(&((struct guard_user *)user)->taken, 0, memory_order_release);
}

static int membarrier_ready(void)
{
#if defined(__riscv)
    return 0; /* see the top: riscv64 kernels before 6.9 / 6.6.51 do not honour it */
#elif defined(SYS_membarrier)
    const char *forced = getenv("JNIBUFFER_GUARD");
    if (forced != NULL && strcmp(forced, "fence") == 0) {
        return 0;
    }
    long supported = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    return supported > 0 && (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED)
        && syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
#else
    return 0;
#endif
}

/* Called by each glue copy's JNI_OnLoad, before any of its natives can run. */
int guard_runtime_attach(void)
{
    int error = 0;
    pthread_mutex_lock(&lock);
    if (!initialised) {
        error = pthread_key_create(&user_key, release_user); /* EAGAIN: out of keys; ENOMEM */
        if (error == 0) {
            int fence = !membarrier_ready();
            atomic_store(&guard_users_fence, fence);
            atomic_store(&fences_trusted, fence); /* no use can have begun yet */
            initialised = 1;
        }
    }
    if (error == 0) {
        attached++;
    }
    pthread_mutex_unlock(&lock);
    return error;
}

/*
 * Called by each glue copy's JNI_OnUnload. The key, the slots and the cells stay: other copies, and threads that
 * still hold a slot, need them, and their number is bounded by the peak of threads and of open shared buffers.
 */
void guard_runtime_detach(void)
{
    pthread_mutex_lock(&lock);
    attached--;
    pthread_mutex_unlock(&lock);
}

/*
 * Cells are never given back to malloc, only to the pool: a closed Buffer that another thread still holds may read
 * its cell's ticket at any time (and is refused), so a cell must stay readable memory for the life of the process.
 * The pool is as large as the peak number of open shared buffers, 32 bytes each.
 */
struct guard_cell *guard_open(char *address, int size)
{
    pthread_mutex_lock(&lock);
    struct guard_cell *cell = free_cells;
    if (cell != NULL) {
        free_cells = cell->next_free;
    } else {
        cell = malloc(sizeof *cell);
    }
    uint64_t ticket = ++last_ticket; /* 2^64 tickets: never wraps to 0 (retired) in practice */
    pthread_mutex_unlock(&lock);
    if (cell != NULL) {
        cell->address = address;
        cell->size = size;
        atomic_store_explicit(&cell->ticket, ticket, memory_order_release); /* last: publishes the two above */
    }
    return cell;
}

void guard_recycle(struct guard_cell *cell)
{
    pthread_mutex_lock(&lock);
    cell->next_free = free_cells;
    free_cells = cell;
    pthread_mutex_unlock(&lock);
}

/* A free slot reused, or a new one on a cache line of its own; NULL only if memory ran out. */
static struct guard_user *adopt_user(void)
{
    pthread_mutex_lock(&lock);
    struct guard_user *user = atomic_load_explicit(&users, memory_order_relaxed);
    while (user != NULL && atomic_load_explicit(&user->taken, memory_order_acquire)) {
        user = user->next;
    }
    if (user != NULL) {
        atomic_store_explicit(&user->taken, 1, memory_order_relaxed);
    } else {
        void *memory = NULL; /* posix_memalign, not aligned_alloc: glibc 2.16 is newer than some CPUs' baseline */
        if (posix_memalign(&memory, GUARD_CACHE_LINE, sizeof *user) == 0) {
            user = memset(memory, 0, sizeof *user);
            atomic_init(&user->using, NULL);
            atomic_init(&user->taken, 1);
            user->next = atomic_load_explicit(&users, memory_order_relaxed);
            atomic_store_explicit(&users, user, memory_order_release); /* closers walk the list without the lock */
        }
    }
    pthread_mutex_unlock(&lock);
    if (user != NULL && pthread_setspecific(user_key, user) != 0) {
        atomic_store_explicit(&user->taken, 0, memory_order_release);
        user = NULL;
    }
    return user;
}

struct guard_user *guard_user_slow(struct guard_lane *lane, uintptr_t thread)
{
    struct guard_user *user = pthread_getspecific(user_key);
    if (user == NULL && (user = adopt_user()) == NULL) {
        return NULL;
    }
    /* A plain load first: a lane that another thread holds (the usual case on this path, every use of a thread
     * without a lane) costs no read-modify-write, which would also take the owner's cache line away. */
    uintptr_t free_lane = 0;
    if (atomic_load_explicit(&lane->thread, memory_order_relaxed) == free_lane
        && atomic_compare_exchange_strong(&lane->thread, &free_lane, thread)) {
        lane->user = user; /* before this thread's next lookup, which is the only one that can match */
    }
    return user;
}

/* Yields 100 times, then sleeps 50 µs at a time (about 100 µs with the default timer slack): a use lasts as long as
 * one fill_buffer call or one memcpy, so most closes never sleep. */
static void back_off(int round)
{
    if (round < 100) {
        sched_yield();
    } else {
        struct timespec pause = {0, 50000};
        nanosleep(&pause, NULL);
    }
}

/*
 * After the switch to fences: waits until every use that may have begun without a fence has ended, i.e. until each
 * slot has been seen NULL, or naming another cell than at first, once. The pause first lets a store that a user
 * made just before it read the old mode leave its CPU's store buffer (a store buffer drains in far less, and at
 * every context switch), so that the walk sees it. Once per process, by whichever close comes first.
 */
static void trust_fences(void)
{
    pthread_mutex_lock(&switch_lock);
    if (!atomic_load_explicit(&fences_trusted, memory_order_acquire)) {
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
        for (struct guard_user *user = atomic_load_explicit(&users, memory_order_acquire); user != NULL;
             user = user->next) {
            const struct guard_cell *first = atomic_load_explicit(&user->using, memory_order_acquire);
            for (int round = 0;
                 first != NULL && atomic_load_explicit(&user->using, memory_order_acquire) == first; round++) {
                back_off(round);
            }
        }
        atomic_store_explicit(&fences_trusted, 1, memory_order_release);
    }
    pthread_mutex_unlock(&switch_lock);
}

/*
 * A full memory barrier on every running thread of this process, or on this one where users fence themselves.
 * 0 if membarrier() failed: the process then uses fences from now on, but this close cannot tell whether a user
 * that skipped its fence is inside.
 */
static int barrier_on_every_thread(void)
{
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&guard_users_fence, memory_order_seq_cst)) {
        if (!atomic_load_explicit(&fences_trusted, memory_order_acquire)) {
            trust_fences();
        }
#ifdef SYS_membarrier
    } else {
        atomic_fetch_add_explicit(&barriers, 1, memory_order_relaxed);
        if (syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) != 0) {
            atomic_store_explicit(&guard_users_fence, 1, memory_order_seq_cst); /* ENOMEM or EPERM: see the top */
            return 0;
        }
#endif
    }
    atomic_thread_fence(memory_order_seq_cst);
    return 1;
}

/* Whether the slot's cell is one of the count cells. */
static int names_one_of(const struct guard_cell *in_use, struct guard_cell *const *cells, int count)
{
    for (int i = 0; in_use != NULL && i < count; i++) {
        if (in_use == cells[i]) {
            return 1;
        }
    }
    return 0;
}

/*
 * The closer's steps for a batch of cells. Step 1 ran at each buffer's close (guard_refuse), maybe on other threads;
 * it runs again here, on the thread that issues the barrier, so that the argument at the top holds in this thread's
 * program order alone. Step 3 walks the slots once: a slot that names a cell of the batch is waited on until it
 * names none (after the barrier a use of a retired cell is refused, so a slot cannot come back to one for long).
 */
enum guard_close guard_retire_all(struct guard_cell *const *cells, int count)
{
    for (int i = 0; i < count; i++) {
        guard_refuse(cells[i]); /* step 1 */
    }
    if (!barrier_on_every_thread()) { /* step 2 */
        return GUARD_LEAK;
    }
    for (struct guard_user *user = atomic_load_explicit(&users, memory_order_acquire); user != NULL;
         user = user->next) {
        for (int round = 0; names_one_of(atomic_load_explicit(&user->using, memory_order_acquire), cells, count);
             round++) {
            back_off(round); /* step 3 */
        }
    }
    return GUARD_FREE;
}

unsigned long guard_barriers(void)
{
    return atomic_load_explicit(&barriers, memory_order_relaxed);
}
