/*
 * The attribute types a tokenization config (OpenLinkToken 2.x, `type:`)
 * names: the six person attributes of attr.h, and the reference's
 * general attributes and their subclasses (RecordId, String, Date,
 * Decimal, Integer, Year, Age, BirthYear), each validated and normalized
 * as the 2.1.2 Python reference does.  Config runs are 2.1-python runs,
 * so these follow Python's str, int(), float() and re semantics.
 */
#ifndef OT_TYPES_H
#define OT_TYPES_H

#include "person/attr.h"

#include <stdbool.h>
#include <stddef.h>

enum ot_type {
	OT_TY_FIRST_NAME = OT_FIRST_NAME,
	OT_TY_LAST_NAME = OT_LAST_NAME,
	OT_TY_BIRTH_DATE = OT_BIRTH_DATE,
	OT_TY_SEX = OT_SEX,
	OT_TY_POSTAL_CODE = OT_POSTAL_CODE,
	OT_TY_SSN = OT_SSN,
	OT_TY_RECORD_ID = OT_NATTR,
	OT_TY_STRING,
	OT_TY_DATE,
	OT_TY_DECIMAL,
	OT_TY_INTEGER,
	OT_TY_YEAR,
	OT_TY_AGE,
	OT_TY_BIRTH_YEAR,
	OT_NTYPES
};

struct ot_type_info {
	const char *name;		/* the metadata's counter */
	const char *const *aliases;	/* NULL-terminated, name first */
};

extern const struct ot_type_info ot_types[OT_NTYPES];

/* The type a config's `type:` names, compared exactly (as the
 * reference's dictionary of names and aliases is), or -1. */
int ot_type_by_name(const char *s, size_t len);

/* "FirstName, GivenName, ..., Year": every name a config may give. */
const char *ot_type_names(void);

/*
 * What the reference makes of a value: valid (its normal form in out),
 * invalid (the attribute's validate() refuses it: counted, the rule
 * blank), or failed: validate() passes but normalize() raises (a Date
 * that matches the regex and no format, 2024-02-30; an Integer of more
 * than 4300 digits), and the reference then writes no row at all for a
 * rule that uses it.
 */
enum ot_tresult { OT_TV_VALID, OT_TV_INVALID, OT_TV_FAILED };

/* The room out needs for a value of len bytes. */
#define OT_TYPE_OUT_MAX(len)	((len) + 32)

enum ot_tresult ot_type_normalize(struct ot_norm_ctx *ctx, enum ot_type t,
    const char *in, size_t len, char *out, size_t *outlen);

/* Whether normalize() of t can fail (OT_TV_FAILED): the normalized
 * stream writes such a value as OT_FAILED_MARK, never a normal form of
 * these types. */
bool ot_type_can_fail(enum ot_type t);
#define OT_FAILED_MARK	"?"

/* Python's repr() of a float: the shortest digits that read back, in
 * fixed notation from 1e-4 to below 1e16, else d.ddde+XX.  Returns the
 * length written to out (room for 32). */
size_t ot_py_float_repr(double v, char *out);

#endif
