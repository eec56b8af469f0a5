/*
 * T7, ot's error-tolerant rule: OT_T7_VIEWS signatures a record, each
 * a view of it that still agrees when one of its values has a typo, a
 * nickname, or a date field wrong (README "T7", ot-sign(1)).  Each view
 * is hashed and encrypted like any rule's signature; two records'
 * agreement on T7 is the number of their views that agree.
 */
#ifndef OT_FUZZY_H
#define OT_FUZZY_H

#include "person/attr.h"

#include <stdbool.h>
#include <stddef.h>

#define OT_T7_VIEWS	20
/* Letters of a name T7 reads: longer names are cut. */
#define OT_T7_NAME_MAX	64
/* The longest T7 signature. */
#define OT_T7_SIG_MAX	(8 + 3 * (OT_T7_NAME_MAX + 1) + 64)

/* A record's values as T7 reads them, made once for all its views. */
struct ot_t7 {
	char f[OT_T7_NAME_MAX + 1], l[OT_T7_NAME_MAX + 1];	/* "" missing */
	char fs[5], ls[5];		/* phonetic codes */
	int y, m, d;			/* 0: no date */
	char zip[16];
	char ssn[16];
};

/* From the reference's normalized values and the lenient ones (an
 * invalid value's lenient reading, or missing: person/lenient.h). */
void ot_t7_prepare(struct ot_t7 *t, const struct ot_value vals[OT_NATTR],
    const struct ot_value lenient[OT_NATTR]);

/* View v's signature into out[OT_T7_SIG_MAX]: its length, or -1 when
 * the view is blank (a value it reads is missing). */
long ot_t7_signature(const struct ot_t7 *t, int v, char *out);

/* Whether every view of t is blank. */
bool ot_t7_blank(const struct ot_t7 *t);

/* The phonetic code of an upper-case name: American Soundex, except
 * that the first letter is coded by its class too ("0" for a vowel,
 * H, W or Y), so that a typo in it may keep the code.  Four
 * characters and a NUL into out. */
void ot_t7_phonetic(const char *s, size_t n, char out[5]);

#endif
