/*
 * Python's str case mappings beyond ASCII, which a tokenization config's
 * U operator and a Parquet file's column names (lower-cased by the
 * reference's reader) need; the person wing holds them with the types
 * that use them.
 */
#ifndef OT_PYCASE_H
#define OT_PYCASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What str.upper() makes of a non-ASCII code point (NUL-terminated
 * UTF-8), or NULL when it leaves it as it is (pyupper.c, a table). */
const char *py_upper_of(uint32_t c);

/* str.upper() of s into out (room for 3 * len bytes); its length.
 * Malformed UTF-8 is copied as it is. */
size_t py_upper(const char *s, size_t len, char *out);

/* a.lower() == b.lower(). */
bool py_lower_eq(const char *a, size_t alen, const char *b, size_t blen);

#endif
