/*
 * Batched retirement of shared buffers (shared_retirement.h): the queue of this glue copy, and its flush.
 */
#include "shared_retirement.h"

#include <pthread.h>

#include "demo_lib.h"

/* The queue: closes append, a flush takes it whole. Guarded by queue_lock, held only for a few stores. */
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static struct guard_cell *arrays[2][RETIRE_BATCH];
static struct guard_cell **queued = arrays[0];
static int queued_count;
static long queued_bytes;
/* Held by whoever takes a batch, until it is freed: so a flush_retired that returns has freed every block queued
 * before it was called, whichever thread took them. */
static pthread_mutex_t flush_lock = PTHREAD_MUTEX_INITIALIZER;
/* The array the queue moves to when a flush takes the batch; guarded by flush_lock. Swapped, never copied. */
static struct guard_cell **spare = arrays[1];

/* Retires the cells together, then frees their blocks and recycles them; or leaves them all, if it must. */
static int free_together(struct guard_cell *const *cells, int count)
{
    if (count == 0) {
        return 0;
    }
    if (guard_retire_all(cells, count) == GUARD_LEAK) {
        return count; /* a user may still be inside one of them: see shared_guard.h */
    }
    for (int i = 0; i < count; i++) {
        free_buffer(cells[i]->address); /* cannot fail: each is a block allocate_buffer returned, freed once */
        guard_recycle(cells[i]);
    }
    return 0;
}

/* Takes the batch queued so far and frees it; flush_lock held by the caller. */
static int flush_locked(void)
{
    pthread_mutex_lock(&queue_lock);
    struct guard_cell **batch = queued;
    int count = queued_count;
    queued = spare;
    queued_count = 0;
    queued_bytes = 0;
    pthread_mutex_unlock(&queue_lock);
    int left = free_together(batch, count);
    spare = batch;
    return left;
}

int flush_retired(void)
{
    pthread_mutex_lock(&flush_lock);
    int left = flush_locked();
    pthread_mutex_unlock(&flush_lock);
    return left;
}

int retire_shared(struct guard_cell *cell)
{
    guard_refuse(cell); /* from here on every use of this buffer is refused, whenever its block is freed */
    if (cell->size >= RETIRE_AT_ONCE_BYTES || atomic_load_explicit(&guard_users_fence, memory_order_relaxed)) {
        return free_together(&cell, 1); /* alone: no batch to wait for, and in fence mode no barrier at all */
    }
    int left = 0;
    while (1) {
        pthread_mutex_lock(&queue_lock);
        if (queued_count < RETIRE_BATCH) {
            break;
        }
        pthread_mutex_unlock(&queue_lock); /* full, and its flush has not taken it yet: help, then try again */
        left += flush_retired();
    }
    queued[queued_count++] = cell;
    queued_bytes += cell->size;
    int full = queued_count == RETIRE_BATCH || queued_bytes >= RETIRE_BATCH_BYTES;
    pthread_mutex_unlock(&queue_lock);
    return full ? left + flush_retired() : left;
}
