#ifndef OT_NORMALIZE_H
#define OT_NORMALIZE_H

#include <stdbool.h>

/*
 * Read person records from each file ("-" is standard input) and write
 * the normalized stream to outfd.  Returns the exit status: 0, 1 for bad
 * input or an I/O error, 2 when strict and an attribute column is missing.
 */
int ot_normalize_files(char *const *files, int nfiles, int outfd,
    const char *outname, bool strict);

#endif
