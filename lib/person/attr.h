/*
 * Person attributes: names, column aliases, and the reference's
 * validation and normalization of each one.
 *
 * The person/ wing: the attribute rules, as the reference has them:
 * each attribute's validation and normal form (name.c, date.c, sex.c,
 * postal.c, ssn.c, behind validate.h), why a value is invalid
 * (reasons.c) and how often over a run (tally.c), which column holds
 * which attribute (header.c), and the normalized stream (normalize.c,
 * memo.c).  It may use csv/ (the
 * records it reads and writes), share/, parquet/ and lib/'s helpers,
 * never token/ or above: an attribute knows no rule.
 */
#ifndef OT_ATTR_H
#define OT_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "person/validate.h"

/* The order of the normalized stream's columns after RecordId. */
enum ot_attr {
	OT_FIRST_NAME,
	OT_LAST_NAME,
	OT_BIRTH_DATE,
	OT_SEX,
	OT_POSTAL_CODE,
	OT_SSN,
	OT_NATTR,
	OT_RECORD_ID = OT_NATTR,
	OT_NCOLUMN
};

struct ot_attr_info {
	const char *name;
	const char *const *aliases;	/* NULL-terminated, name first */
};

extern const struct ot_attr_info ot_attrs[OT_NCOLUMN];

/* A record's normalized value of one attribute. */
/* OT_V_FAILED: only a config's field (person/types.h: its normalization fails) */
enum ot_vstate { OT_V_OK, OT_V_INVALID, OT_V_MISSING, OT_V_FAILED };
struct ot_value {
	const char *s;
	size_t len;
	enum ot_vstate state;
};

/* A record's id as written, or a new random UUID (made in uuid) when it
 * has none, as the references give it; its length in *len. */
const char *ot_record_id(const struct ot_value *id, char uuid[37],
    size_t *len);

/* The attribute whose alias equals a header name ignoring case (as the
 * profile's language compares), or -1. */
int ot_attr_by_header(const char *name, size_t len);

/* The alias a header name spells that other references read and the
 * profile's does not ("DateOfBirth" to the Python references), or NULL. */
const char *ot_attr_unread_alias(const char *name, size_t len);

/* "A, B and C": the aliases of an attribute, for messages. */
const char *ot_attr_alias_list(enum ot_attr a);

/*
 * Validate the raw value of attribute a as the reference does and, when
 * valid, write its normalized form to out (room for OT_NORM_MAX(len)
 * bytes) and its length to *outlen.  Returns whether
 * the value is valid; out is unspecified when it is not.
 */
bool ot_normalize(struct ot_norm_ctx *ctx, enum ot_attr a, const char *in,
    size_t len, char *out, size_t *outlen);

/* The same, returning OT_VALID or why the value is invalid. */
enum ot_reason ot_normalize_why(struct ot_norm_ctx *ctx, enum ot_attr a,
    const char *in, size_t len, char *out, size_t *outlen);

#endif
