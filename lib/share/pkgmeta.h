/*
 * A package's metadata read without a key, as a reader of the overlap
 * (ot-report) needs it: either generation's ZIP, its entries' names
 * checked, the one entry named *.metadata.json.
 */
#ifndef OT_PKGMETA_H
#define OT_PKGMETA_H

#include <stddef.h>

/* The metadata entry's text, NUL-terminated (at most 16 MiB), or NULL
 * after a message naming path. */
char *ot_package_metadata(const char *path);

#endif
