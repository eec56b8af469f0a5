/*
 * Reading a ZIP a partner sent (libzip), as nothing in it may make ot
 * write outside a private temporary file or use unbounded memory or
 * disk: entry names must be plain file names (no zip-slip), an entry
 * read into memory has a bound, and one extracted to disk expands at
 * most OT_ZIP_RATIO times its compressed size (OT_ZIP_FLOOR bytes at
 * least).
 */
#ifndef OT_ZIPREAD_H
#define OT_ZIPREAD_H

#include "output.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zip.h>

/* Token files compress 1.3 to 30 times (base64 tokens; blank ones),
 * deflate at most about 1000 times. */
#define OT_ZIP_RATIO	256
#define OT_ZIP_FLOOR	((uint64_t)64 << 20)

/* The rule for an entry's name: a plain file name, naming no
 * directory: not empty, "." or "..", no '/' or '\\', no drive ("C:"). */
bool ot_zip_plain_name(const char *n);

/* Whether s ends in suffix, in any case. */
bool ot_zip_ends_with(const char *s, const char *suffix);

/* The ZIP at path opened to be read (its central directory checked);
 * NULL after a message. */
zip_t *ot_zip_open_read(const char *path);

/* The names of its entries, each checked to be plain: 0, or 1 after a
 * message naming the first that is not. */
int ot_zip_check_names(zip_t *za, const char *path);

/* Entry i whole, NUL-terminated, at most max bytes; NULL after a
 * message. */
char *ot_zip_read_entry(zip_t *za, zip_int64_t i, size_t max, size_t *len,
    const char *path);

/* Entry i extracted into a private temporary file in $TMPDIR (o, which
 * is guarded: removed at exit or on a stop signal, and by
 * ot_output_close(o, false)); 0, or 1 after a message. */
int ot_zip_extract(zip_t *za, zip_int64_t i, struct ot_output *o,
    const char *path);

#endif
