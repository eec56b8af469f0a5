/*
 * Random bytes from the OpenSSL CSPRNG, drawn in large blocks: one
 * RAND_bytes() call per few thousand IVs or UUIDs.
 *
 * The contract is exactly this, and ot_random() enforces the first part:
 * - Single-threaded: every call comes from the thread that made the
 *   first one; a call from another thread exits 1 with a message, since
 *   two threads sharing the unlocked pool could draw the same IV.
 * - Fork through libc only: the unused bytes of a block are forgotten in
 *   the child by a pthread_atfork() handler, which a raw fork or clone
 *   system call does not run.  Such a child would reuse its parent's
 *   bytes, so none of ot's programs makes one.
 */
#ifndef OT_RANDPOOL_H
#define OT_RANDPOOL_H

#include <stddef.h>

/* Fill out with n (at most 64) fresh random bytes; exits 1 on failure. */
void ot_random(unsigned char *out, size_t n);

#endif
