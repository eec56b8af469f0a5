/*
 * Random bytes from the OpenSSL CSPRNG, drawn in large blocks: one
 * RAND_bytes() call per few thousand IVs or UUIDs (and one
 * RAND_priv_bytes() call per hundred or so content keys).
 *
 * The contract is exactly this:
 * - Each thread has a pool of its own, so threads need no lock and never
 *   share a byte (ot's in-process pipeline encrypts on several).
 * - Fork through libc only: the unused bytes of the forking thread's
 *   block are forgotten in the child by a pthread_atfork() handler, which
 *   a raw fork or clone system call does not run.  Such a child would
 *   reuse its parent's bytes, so none of ot's programs makes one.
 */
#ifndef OT_RANDPOOL_H
#define OT_RANDPOOL_H

#include <stdbool.h>
#include <stddef.h>

/* Fill out with n (at most 64) fresh random bytes; exits 1 on failure. */
void ot_random(unsigned char *out, size_t n);

/* The same for secret keys, from OpenSSL's private generator (whose
 * output is never published, as IVs are), in a pool of their own. */
void ot_random_key(unsigned char *out, size_t n);

#endif
