/*
 * Random bytes from the OpenSSL CSPRNG, drawn in large blocks: one
 * RAND_bytes() call per few thousand IVs or UUIDs.  The block belongs to
 * the process that drew it, so a child of fork() never reuses bytes its
 * parent may also use.
 */
#ifndef OT_RANDPOOL_H
#define OT_RANDPOOL_H

#include <stddef.h>

/* Fill out with n (at most 64) fresh random bytes; exits 1 on failure. */
void ot_random(unsigned char *out, size_t n);

#endif
