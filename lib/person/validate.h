/*
 * The contract of the attribute validators (name.c, date.c, sex.c,
 * postal.c, ssn.c): their scratch space and clock, and why a value is
 * invalid.  It knows no attribute table, so a validator never depends
 * on the dispatch in attr.c that calls it.
 */
#ifndef OT_VALIDATE_H
#define OT_VALIDATE_H

#include "person/compat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A normalized value is never longer than this or than the input plus
 * two (the dashes of a Python SSN of nine non-ASCII digits; 2.x
 * transliterates a letter of two or three bytes into at most two). */
#define OT_NORM_MIN_OUT 16
#define OT_NORM_MAX(len) \
	((len) + 2 > OT_NORM_MIN_OUT ? (len) + 2 : OT_NORM_MIN_OUT)

struct ot_losses;

/* Scratch space, the clock and the profile the validators use; one per
 * thread. */
struct ot_norm_ctx {
	int32_t today;		/* days since 1970-01-01, UTC */
	const struct ot_compat *compat;	/* the process's at ot_norm_init() */
	uint32_t *cp;		/* code point scratch for names */
	size_t cpcap;
	char *text;		/* byte scratch: transliterated names */
	size_t textcap;
	/* with a named profile, what it loses (person/loss.h) */
	struct ot_losses *losses;
	uint8_t last_loss;	/* the last value's, for the memo */
	char *other;		/* another profile's normal form */
	size_t othercap;
};

void ot_norm_init(struct ot_norm_ctx *ctx);
void ot_norm_free(struct ot_norm_ctx *ctx);

/*
 * Why a value is invalid: each validator returns the reason of the check
 * that rejected it, so that a reason can never disagree with validity.
 * person/reasons.c names them; ot-normalize(1) lists them.
 */
enum ot_reason {
	OT_VALID,
	OT_R_EMPTY,		/* empty or white space only */
	OT_R_NAME_PLACEHOLDER,
	OT_R_NAME_EMPTY,	/* nothing left after normalization */
	OT_R_LASTNAME_PATTERN,
	OT_R_DATE_FORMAT,
	OT_R_DATE_NO_DAY,	/* a form that parses, a day that is not */
	OT_R_DATE_NO_OFFSET,
	OT_R_DATE_BEFORE_1910,
	OT_R_DATE_IN_FUTURE,
	OT_R_SEX_SPELLING,
	OT_R_ZIP_LENGTH,
	OT_R_ZIP_PLACEHOLDER,
	OT_R_POSTAL_CA_FORMAT,
	OT_R_POSTAL_CA_PLACEHOLDER,
	OT_R_SSN_FORMAT,
	OT_R_SSN_LENGTH,
	OT_R_SSN_AREA,
	OT_R_SSN_GROUP_ZERO,
	OT_R_SSN_SERIAL_ZERO,
	OT_R_SSN_PLACEHOLDER,
	OT_R_COLUMN_MISSING,	/* the record has no such value at all */
	OT_R_SSN_SPELLING,	/* Python: spaces, dashes out of place, a fraction */
	OT_NREASONS
};

/* A reason's stable code ("ssn-area-invalid") and its words. */
const char *ot_reason_code(enum ot_reason r);
const char *ot_reason_words(enum ot_reason r);

/* The individual attributes, for tests and reuse: OT_VALID or why not. */
enum ot_reason ot_norm_first_name(struct ot_norm_ctx *, const char *, size_t, char *, size_t *);
enum ot_reason ot_norm_last_name(struct ot_norm_ctx *, const char *, size_t, char *, size_t *);
enum ot_reason ot_norm_birth_date(struct ot_norm_ctx *, const char *, size_t, char *, size_t *);
enum ot_reason ot_norm_sex(struct ot_norm_ctx *, const char *, size_t, char *, size_t *);
enum ot_reason ot_norm_postal_code(struct ot_norm_ctx *, const char *, size_t, char *, size_t *);
enum ot_reason ot_norm_ssn(struct ot_norm_ctx *, const char *, size_t, char *, size_t *);

/* The Python references' DateAttribute.normalize(): a date or timestamp
 * of BirthDate's formats, as written, with no range; written
 * yyyy-MM-dd (a year under 1000 without its zeros, as strftime does). */
enum ot_reason ot_norm_py_date(struct ot_norm_ctx *, const char *, size_t, char *, size_t *);

/* Days since 1970-01-01 of a proleptic Gregorian date, and the year of
 * such a day. */
int32_t ot_days_from_civil(int32_t y, unsigned m, unsigned d);
int ot_year_of_days(int32_t days);

#endif
