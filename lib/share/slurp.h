/* A small file read whole, within a bound: key files, ring files,
 * exchange configs. */
#ifndef OT_SLURP_H
#define OT_SLURP_H

#include <stddef.h>

/* The bytes of fd up to its end (at most max), NUL-terminated (malloc'd),
 * into *len: or NULL, what was read wiped, with errno set after a read
 * error, or EFBIG and *len past max when there are more than max bytes.
 * It does not close fd. */
char *ot_read_bounded(int fd, size_t max, size_t *len);

/* The bytes of the file path (at most max), NUL-terminated, into a new
 * *buf; 0, or -1 with errno set (EISDIR for a directory, EFBIG past
 * max). */
int ot_slurp(const char *path, size_t max, char **buf, size_t *len);

/* The wiping free of such a buffer, for a file that holds a secret. */
void ot_slurp_free(char *buf, size_t len);

#endif
