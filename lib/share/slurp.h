/* A small file read whole, within a bound. */
#ifndef OT_SLURP_H
#define OT_SLURP_H

#include <stddef.h>

/* The bytes of the file path (at most max), NUL-terminated, into a new
 * *buf; 0, or -1 with errno set (EISDIR for a directory, EFBIG past
 * max). */
int ot_slurp(const char *path, size_t max, char **buf, size_t *len);

/* The same, wiping and freeing what it held on failure: for a file that
 * holds a secret; and the wiping free of such a buffer. */
void ot_slurp_free(char *buf, size_t len);

#endif
