/* ot-inspect: a token file's formats, V1 headers and rules, read without
 * a key; given keys, what V1 payloads say too. */
#ifndef OT_INSPECT_H
#define OT_INSPECT_H

#include "token/jwe.h"

#include <stdbool.h>
#include <stdio.h>

/* Report on each file (none: standard input) to out, as text or one
 * JSON array; with keys (NULL: none), V1 tokens are opened and their
 * payloads counted.  Returns 0; 1 when a file holds malformed tokens,
 * V1 tokens the keys do not open, or cannot be read. */
int ot_inspect_files(char *const *files, int nfiles, bool json, FILE *out,
    const struct ot_v1_keys *keys);

/* The same, calling the files names[i] (NULL: as they are named). */
int ot_inspect_named(char *const *files, const char *const *names,
    int nfiles, bool json, FILE *out, const struct ot_v1_keys *keys);

#endif
