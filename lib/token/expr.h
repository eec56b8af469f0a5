/*
 * The reference's attribute-expression language, in one place: what a
 * rule does to each normalized value before it joins the signature.
 * An expression is operators separated by '|': T (strip), U (upper),
 * S(a,b) (the code points from a to b, as a Python slice clamped at 0),
 * R('x','y') (replace), M(re) (every match of re, concatenated), D (a
 * yyyy-MM-dd date written again).
 *
 * The built-in rules' five expressions (T|U, T|S(0,1)|U, T|S(0,3)|U,
 * T|M(\d+), T|D) are the fast kinds below: a config expression that
 * spells one of them, over a type whose normal form it is exact for,
 * compiles to the same kind and runs the same code as T1-T5; any other
 * runs the general interpreter, which follows Python's str and re.
 */
#ifndef OT_EXPR_H
#define OT_EXPR_H

#include "person/types.h"
#include "person/compat.h"
#include "jstring.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

enum ot_expr {
	OT_X_UPPER,	/* T|U */
	OT_X_FIRST1,	/* T|S(0,1)|U */
	OT_X_FIRST3,	/* T|S(0,3)|U */
	OT_X_DIGITS,	/* T|M(\d+) */
	OT_X_DATE,	/* T|D, over a value already yyyy-MM-dd */
	OT_X_GENERAL	/* anything else: the interpreter */
};

/* The bytes of the first chars code points of s (UTF-16 units in Java,
 * the same for the normal forms the rules see): a multi-byte character
 * is never split. */
static inline size_t ot_prefix_len(const char *s, size_t len, size_t chars)
{
	size_t i = 0;

	while (i < len && chars > 0) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars--;
	}
	return i;
}

/* M(\d+) with Python's \d: the decimal digits as written (expr.c). */
size_t ot_py_digits(const char *s, size_t len, char *out);

/* A fast kind over a built-in attribute's normal form s into out (room
 * for len bytes): the length written.  Inline: T1-T5 run it twenty times
 * a record. */
static inline size_t ot_expr_shape(const char *s, size_t len, enum ot_expr x,
    char *out)
{
	size_t i, n = 0;

	j_trim(&s, &len);
	switch (x) {
	case OT_X_FIRST1:
		len = ot_prefix_len(s, len, 1);
		break;
	case OT_X_FIRST3:
		len = ot_prefix_len(s, len, 3);
		break;
	case OT_X_DIGITS:
		if (len > 11 && ot_compat()->strings == OT_STRINGS_PYTHON)
			return ot_py_digits(s, len, out);
		for (i = 0; i < len; i++)
			if (j_is_digit((unsigned char)s[i]))
				out[n++] = s[i];
		return n;
	case OT_X_DATE:
		memcpy(out, s, len);
		return len;
	default:
		break;
	}
	for (i = 0; i < len; i++)
		out[i] = j_upper(s[i]);
	return len;
}

/* The most operators an expression may have, and the largest value an
 * expression may make (past it the run stops: R('','xx') repeated would
 * grow without bound). */
#define OT_EXPR_MAX_OPS		64
#define OT_EXPR_MAX_VALUE	(16 * 1024 * 1024)

/* The backtracking steps one value's M() may take (PCRE2's match
 * limit): past it the run stops with a message. */
#define OT_EXPR_MATCH_LIMIT	10000000

struct ot_xprog;

/*
 * Compile an expression as the reference's loader and evaluator read it,
 * for values of type t.  Refused, with the reason in err: what the
 * loader refuses (an empty expression, an operator other than
 * T U S D M R in any case, text after its arguments), and what its
 * evaluator would fail on for every value, which would leave the rule
 * blank in every record (an empty operator, S without two whole numbers,
 * R without two quoted arguments, M without one regex Python compiles).
 * Returns NULL then.
 */
struct ot_xprog *ot_xprog_compile(const char *text, size_t len,
    enum ot_type t, char *err, size_t errlen);
void ot_xprog_free(struct ot_xprog *p);

/* The fast kind it compiled to, or OT_X_GENERAL. */
enum ot_expr ot_xprog_kind(const struct ot_xprog *p);

/* A thread's scratch for the interpreter; zeroed before first use. */
struct ot_xscratch {
	char *buf[2];
	size_t cap[2];
	void *md;	/* PCRE2 match data */
	void *mc;	/* and its limits */
};
void ot_xscratch_free(struct ot_xscratch *sc);

/*
 * The value p makes of a normalized value (get_effective_value()): 0 and
 * the result in *out (in sc's buffers or in, valid until the next call
 * with sc), or -1 when the reference's evaluation raises for this value
 * (D of a value that is not a date): then the rule is blank, and its
 * attribute not counted invalid.
 */
int ot_xprog_eval(const struct ot_xprog *p, struct ot_xscratch *sc,
    const char *in, size_t len, const char **out, size_t *outlen);

/* Python re syntax to a PCRE2 pattern of the same meaning (pyre.c): 0
 * and a malloc'd *out, or -1 with why in err. */
int ot_pyre_translate(const char *re, size_t len, char **out, char *err,
    size_t errlen);

#endif
