/* A small file read whole, bounded: key files, ring files. */
#ifndef OT_READFILE_H
#define OT_READFILE_H

#include <stddef.h>

/* The bytes of fd up to its end, NUL-terminated (malloc'd), into *len:
 * or NULL, with errno set after a read error, or with *len past max
 * when there are more than max bytes.  It does not close fd. */
char *ot_read_bounded(int fd, size_t max, size_t *len);

#endif
