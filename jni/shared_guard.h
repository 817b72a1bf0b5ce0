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

#include <stdint.h>

struct guard_cell;
struct guard_user;

/* A new cell stamped with ticket (never 0), or NULL if memory ran out. */
struct guard_cell *guard_open(uint64_t ticket);

enum guard_entry { GUARD_ENTERED, GUARD_RETIRED, GUARD_NO_MEMORY };

/*
 * Starts a use of the cell by the calling thread. On GUARD_ENTERED, *user must be passed to guard_leave once the
 * memory is no longer touched; otherwise the cell was retired (or this thread's slot could not be allocated) and
 * the memory must not be touched at all.
 */
enum guard_entry guard_enter(const struct guard_cell *cell, uint64_t ticket, struct guard_user **user);

/* Ends the use begun by guard_enter. */
void guard_leave(struct guard_user *user);

/* Refuses every later use of the cell and returns once no thread is using it: the memory may then be freed. */
void guard_retire(struct guard_cell *cell);

/* Gives a retired cell back, for another Buffer. */
void guard_recycle(struct guard_cell *cell);

/* 1 if users execute a fence because membarrier() is unavailable (or JNIBUFFER_GUARD=fence), else 0. */
int guard_users_fence(void);

#endif /* JNI_BUFFER_SHARED_GUARD_H */
