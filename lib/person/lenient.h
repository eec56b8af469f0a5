/*
 * ot's own, more lenient reading of the values the reference refuses,
 * for the fuzzy rule T7 only (the reference's rules never see it):
 * a birth date written M/D/YYYY, D.M.YYYY, YYYYMMDD or as a timestamp
 * without offset, a sex spelled MALE, female or Woman.  A value the
 * reference finds valid keeps the reference's normal form.
 */
#ifndef OT_LENIENT_H
#define OT_LENIENT_H

#include "person/attr.h"

/* The attributes that have a lenient reading. */
static inline bool ot_has_lenient(enum ot_attr a)
{
	return a == OT_BIRTH_DATE || a == OT_SEX;
}

/* The normalized stream's column of attribute a's lenient value
 * ("T7BirthDate"), or NULL when a has no lenient reading. */
const char *ot_lenient_column(enum ot_attr a);

/*
 * Attribute a's raw value read leniently into out (room for
 * OT_NORM_MIN_OUT bytes), in the reference's normal form (YYYY-MM-DD,
 * Male or Female); returns whether it could be read.  Only for a with
 * ot_has_lenient(a).
 */
bool ot_lenient(const struct ot_norm_ctx *ctx, enum ot_attr a,
    const char *in, size_t len, char *out, size_t *outlen);

/* Lenient values of a record beside its reference values: lenient[a] is
 * the lenient reading of raw[a] when vals[a] is invalid and a has one,
 * else missing.  bufs[a] holds them. */
void ot_lenient_values(const struct ot_norm_ctx *ctx,
    const struct ot_value raw[OT_NATTR], const struct ot_value vals[OT_NATTR],
    char *const bufs[OT_NATTR], struct ot_value lenient[OT_NATTR]);

#endif
