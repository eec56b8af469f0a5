/*
 * Reading a ZIP a partner sent (libzip), for packages of either
 * generation, as nothing in it may make ot write outside a private
 * temporary directory or use unbounded memory or disk: entry names must
 * be plain file names (no zip-slip), an entry read into memory has a
 * bound, and one extracted to disk expands at most OT_PKG_RATIO times
 * its compressed size (OT_PKG_FLOOR bytes at least: share/package.h).
 */
#ifndef OT_ZIPREAD_H
#define OT_ZIPREAD_H

#include <stdbool.h>
#include <stddef.h>

#include <zip.h>

/*
 * The one rule for an entry's name, which writers keep and readers
 * check: a plain file name, that names no directory: not empty, "." or
 * "..", no '/' or '\\', no drive ("C:").  Dots elsewhere are harmless
 * ("acme..2026_temp.csv").
 */
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

/* Entry i extracted, within its bound, to a new private directory of
 * $TMPDIR (*dir, 0700) as *file ("tokens.csv" or "tokens.parquet", as
 * the entry is named: the readers tell them by content), both removed at
 * any exit and on a stop signal until ot_zip_remove(); "PACKAGE:ENTRY"
 * into *display.  0, or 1 after a message (nothing left behind). */
int ot_zip_extract(zip_t *za, zip_int64_t i, const char *path, char **dir,
    char **file, char **display);

/* Remove what ot_zip_extract() made (either NULL: nothing), unguarded. */
void ot_zip_remove(const char *dir, const char *file);

#endif
