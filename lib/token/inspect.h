/* ot-inspect: a token file's formats, V1 headers and rules, read without
 * a key. */
#ifndef OT_INSPECT_H
#define OT_INSPECT_H

#include <stdbool.h>
#include <stdio.h>

/* Report on each file (none: standard input) to out, as text or one
 * JSON array.  Returns 0; 1 when a file holds malformed tokens or cannot
 * be read. */
int ot_inspect_files(char *const *files, int nfiles, bool json, FILE *out);

/* The same, calling the files names[i] (NULL: as they are named). */
int ot_inspect_named(char *const *files, const char *const *names,
    int nfiles, bool json, FILE *out);

#endif
