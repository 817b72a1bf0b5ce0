/*
 * Batched retirement of shared buffers, as RCU's call_rcu does it: a close refuses later uses of its buffer at once
 * (guard_refuse) and queues the block; one membarrier() then serves the whole batch, and the batch is freed once no
 * thread uses any of its blocks. A membarrier() interrupts every CPU running a thread of the process, so one per
 * close made a shared close cost microseconds as soon as other threads were busy; one per batch of 64 costs each
 * close a 64th (docs/benchmarks.md, the shared cost model).
 *
 * The queue is this glue copy's own (static here), so each class loader's blocks are freed by its own copy, and
 * JNI_OnUnload flushes it before the copy is unmapped. Bounds on what it defers:
 *   - count: at most RETIRE_BATCH blocks; the close that fills the batch flushes it;
 *   - bytes: the close that brings the pending bytes to RETIRE_BATCH_BYTES flushes; a block of RETIRE_AT_ONCE_BYTES
 *     or more is never queued (its close retires it alone, as one membarrier() is noise next to using that much);
 *   - time: Java flushes on Buffer.liveCount(), and the backstop's freeing thread flushes at least once a second
 *     while it runs and before it ends (it runs while any buffer is live, and ends a second after the last one).
 * In fence mode (no membarrier()) a close retires its block alone: it needs no barrier, only the wait.
 */
#ifndef JNI_BUFFER_SHARED_RETIREMENT_H
#define JNI_BUFFER_SHARED_RETIREMENT_H

#include "shared_guard.h"

#define RETIRE_BATCH 64
#define RETIRE_BATCH_BYTES (1 << 20)
#define RETIRE_AT_ONCE_BYTES (64 << 10)

/*
 * Closes the buffer of cell: later uses are refused when this returns; the block is freed now or with its batch.
 * Returns the number of blocks that had to be left allocated because membarrier() failed (0 nearly always).
 * How long it waits: a queued close, at most two batches (one another thread is flushing while the queue is full,
 * and the one this close fills), each one membarrier() and the longest use in flight on a buffer of that batch (a
 * fill or copy of under RETIRE_AT_ONCE_BYTES); nothing if it only queues. A large block, or any in fence mode, waits
 * for the longest use in flight on that buffer alone (and one membarrier() for the large block).
 */
int retire_shared(struct guard_cell *cell);

/* Frees every block queued so far (and waits for a flush in flight); returns the blocks left allocated as above. */
int flush_retired(void);

#endif /* JNI_BUFFER_SHARED_RETIREMENT_H */
