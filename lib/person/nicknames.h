/*
 * Nicknames and spelling variants of first names, each to the formal
 * name T7 compares: BOB and ROBBIE to ROBERT, STEPHEN to STEVEN.  ot's
 * own compilation of common English and Spanish given names, in
 * nicknames.c; T7's tokens depend on it, so it changes only with the
 * rule's version.
 */
#ifndef OT_NICKNAMES_H
#define OT_NICKNAMES_H

#include <stddef.h>

/* The formal name of the upper-case name s (sex 'M', 'F', or 0 when
 * unknown, for the names both sexes shorten alike: ALEX), or NULL when
 * the table has none (the name is its own). */
const char *ot_formal_name(const char *s, size_t len, char sex);

#endif
