/*
 * The shared-buffer guard (shared_guard.h): a use costs no atomic read-modify-write and no fence; close() pays.
 *
 * Counting the uses in flight would cost every use two atomic read-modify-write instructions, about 8 ns each on
 * some Intel Xeons, more than the native call itself. Instead, every thread that uses a shared buffer has a slot,
 * written only by that thread, naming the cell it is using:
 *
 *   a thread using the buffer                   the thread closing it
 *   1. my slot = cell                           1. cell ticket = RETIRED
 *   2. compiler barrier                         2. membarrier(): every running thread of the process
 *   3. ticket still the buffer's? else refuse      executes a full memory barrier
 *   4. use the memory                           3. wait while any slot names the cell
 *   5. my slot = NULL                           4. (caller) free the memory
 *
 * Either the user's step 1 is visible to the closer's step 3, which then waits, or the user's step 3 sees the
 * closer's step 1, and refuses: the membarrier() system call is the full barrier the users leave out. Where the
 * kernel lacks it (Linux before 4.14, some sandboxes and emulators), users execute a real fence at step 2 instead:
 * still correct, one fence per use. JNIBUFFER_GUARD=fence in the environment forces that fallback, for tests.
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

#define RETIRED 0

static _Atomic(struct guard_user *) users;     /* every slot ever made, newest first */
static struct guard_cell *free_cells;          /* guarded by lock */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t user_key;                 /* this thread's slot; its destructor gives the slot back */
int guard_users_fence;
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
#ifdef SYS_membarrier
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

/* Runs when the library is loaded, so before any native method can be called. The library is linked with
 * -z nodelete (jni/CMakeLists.txt): release_user must stay mapped for as long as any thread may end. */
__attribute__((constructor)) static void initialise(void)
{
    guard_users_fence = !membarrier_ready();
    if (pthread_key_create(&user_key, release_user) != 0) {
        abort(); /* only fails when the process is out of keys or memory: nothing sane can continue */
    }
}

struct guard_cell *guard_open(uint64_t ticket, char *address, int size)
{
    pthread_mutex_lock(&lock);
    struct guard_cell *cell = free_cells;
    if (cell != NULL) {
        free_cells = cell->next_free;
    } else {
        cell = malloc(sizeof *cell);
    }
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

/* A free slot reused, or a new one; NULL only if memory ran out. */
static struct guard_user *adopt_user(void)
{
    pthread_mutex_lock(&lock);
    struct guard_user *user = atomic_load_explicit(&users, memory_order_relaxed);
    while (user != NULL && atomic_load_explicit(&user->taken, memory_order_acquire)) {
        user = user->next;
    }
    if (user != NULL) {
        atomic_store_explicit(&user->taken, 1, memory_order_relaxed);
    } else if ((user = calloc(1, sizeof *user)) != NULL) {
        atomic_init(&user->taken, 1);
        user->next = atomic_load_explicit(&users, memory_order_relaxed);
        atomic_store_explicit(&users, user, memory_order_release); /* closers walk the list without the lock */
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
    uintptr_t free_lane = 0;
    if (atomic_compare_exchange_strong(&lane->thread, &free_lane, thread)) {
        lane->user = user; /* before this thread's next lookup, which is the only one that can match */
    }
    return user;
}

/* A full memory barrier on every running thread of this process, or on this one where users fence themselves. */
static void barrier_on_every_thread(void)
{
    atomic_thread_fence(memory_order_seq_cst);
#ifdef SYS_membarrier
    if (!guard_users_fence && syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) != 0) {
        abort(); /* registered in initialise(), so it cannot fail; if it did, freeing would be unsafe */
    }
#endif
    atomic_thread_fence(memory_order_seq_cst);
}

/* Spins briefly, then yields, then sleeps 50 µs at a time: a use lasts as long as one fill_buffer call. */
static void back_off(int round)
{
    if (round < 100) {
        sched_yield();
    } else {
        struct timespec pause = {0, 50000};
        nanosleep(&pause, NULL);
    }
}

void guard_retire(struct guard_cell *cell)
{
    atomic_store_explicit(&cell->ticket, RETIRED, memory_order_seq_cst); /* step 1 */
    barrier_on_every_thread();                                           /* step 2 */
    for (struct guard_user *user = atomic_load_explicit(&users, memory_order_acquire); user != NULL;
         user = user->next) {
        for (int round = 0; atomic_load_explicit(&user->using, memory_order_acquire) == cell; round++) {
            back_off(round); /* step 3 */
        }
    }
}
