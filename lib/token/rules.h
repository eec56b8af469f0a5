/*
 * The token rules T1..T5: which attributes each combines, and how each
 * normalized value is shaped (the reference's attribute expressions).
 * The one definition ot-sign and the metadata both use.
 *
 * The token/ wing: rule signatures (rules.c, sign.c), hashing and
 * encryption (crypto.c), token formats, legacy and V1 (tokens.c, jwe.c),
 * the token columns of a stream (mapcol.c) and their inspection
 * (inspect.c).  It may use person/ (the normalized values a signature
 * is made of), csv/, share/ (keys for V1), parquet/ and lib/'s
 * helpers; never meta/, match/ or run/.
 */
#ifndef OT_RULES_H
#define OT_RULES_H

#include "person/attr.h"
#include "token/expr.h"

#include <stddef.h>
#include <stdint.h>

#define OT_NRULES	5
#define OT_RULE_PARTS	4

/* Each part's expression is the compiled form of its text (expr.h):
 * T|U, T|S(0,1)|U, T|S(0,3)|U, T|M(\d+) or T|D. */
struct ot_rule {
	const char *id;
	size_t nparts;
	struct {
		enum ot_attr attr;
		enum ot_expr expr;
	} parts[OT_RULE_PARTS];
};

extern const struct ot_rule ot_rules[OT_NRULES];

/* An upper bound on the length of a signature over these values. */
size_t ot_signature_max(const struct ot_value vals[OT_NATTR]);

/* The first attribute, in rule r's order, that is invalid or missing, or
 * -1 when the rule is not blank. */
int ot_rule_blocker(int r, const struct ot_value vals[OT_NATTR]);

/*
 * The signature of rule r over vals into out (room for
 * ot_signature_max() bytes).  Returns its length, or -1 when the rule is
 * blank; then *blocker is the first attribute, in the rule's order, that
 * was invalid or missing.
 */
long ot_rule_signature(int r, const struct ot_value vals[OT_NATTR],
    char *out, enum ot_attr *blocker);

/* The end of a run whose records (n of them, n > 0) all had every rule
 * blank: tokens nobody's can ever match, a useless result not to pass
 * for a good one.  Prints why, naming name (NULL: none), and returns 1,
 * the exit status. */
int ot_rules_all_blank(const char *name, uint64_t n);

/* Room for the signatures of a record, wiped when it is let go:
 * signatures are personal data. */
struct ot_sigbuf {
	char *p;
	size_t cap;
};

/* Make room in b for any signature over vals; exits 1 out of memory. */
void ot_sigbuf_reserve(struct ot_sigbuf *b,
    const struct ot_value vals[OT_NATTR]);
void ot_sigbuf_free(struct ot_sigbuf *b);

#endif
