#include "token/rules.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

const struct ot_rule ot_rules[OT_NRULES] = {
	{ "T1", 4, {
		{ OT_LAST_NAME, OT_X_UPPER }, { OT_FIRST_NAME, OT_X_FIRST1 },
		{ OT_SEX, OT_X_UPPER }, { OT_BIRTH_DATE, OT_X_DATE } } },
	{ "T2", 4, {
		{ OT_LAST_NAME, OT_X_UPPER }, { OT_FIRST_NAME, OT_X_UPPER },
		{ OT_BIRTH_DATE, OT_X_DATE }, { OT_POSTAL_CODE, OT_X_FIRST3 } } },
	{ "T3", 4, {
		{ OT_LAST_NAME, OT_X_UPPER }, { OT_FIRST_NAME, OT_X_UPPER },
		{ OT_SEX, OT_X_UPPER }, { OT_BIRTH_DATE, OT_X_DATE } } },
	{ "T4", 3, {
		{ OT_SSN, OT_X_DIGITS }, { OT_SEX, OT_X_UPPER },
		{ OT_BIRTH_DATE, OT_X_DATE } } },
	{ "T5", 3, {
		{ OT_LAST_NAME, OT_X_UPPER }, { OT_FIRST_NAME, OT_X_FIRST3 },
		{ OT_SEX, OT_X_UPPER } } },
};

size_t ot_signature_max(const struct ot_value vals[OT_NATTR])
{
	size_t a, n = OT_RULE_PARTS;

	for (a = 0; a < OT_NATTR; a++)
		n += vals[a].len;
	return n;
}

int ot_rule_blocker(int r, const struct ot_value vals[OT_NATTR])
{
	const struct ot_rule *rule = &ot_rules[r];
	size_t p;

	for (p = 0; p < rule->nparts; p++)
		if (vals[rule->parts[p].attr].state != OT_V_OK)
			return (int)rule->parts[p].attr;
	return -1;
}

long ot_rule_signature(int r, const struct ot_value vals[OT_NATTR],
    char *out, enum ot_attr *blocker)
{
	const struct ot_rule *rule = &ot_rules[r];
	size_t p, n = 0, k;
	int b;

	if ((b = ot_rule_blocker(r, vals)) >= 0) {
		*blocker = (enum ot_attr)b;
		return -1;
	}
	for (p = 0; p < rule->nparts; p++) {
		const struct ot_value *v = &vals[rule->parts[p].attr];

		if (n > 0)
			out[n++] = '|';
		k = ot_expr_shape(v->s, v->len, rule->parts[p].expr, out + n);
		if (k == 0 && n > 0)
			n--;	/* blank parts are left out, with their '|' */
		n += k;
	}
	return (long)n;
}

void ot_sigbuf_reserve(struct ot_sigbuf *b,
    const struct ot_value vals[OT_NATTR])
{
	size_t need = ot_signature_max(vals);

	if (need <= b->cap)
		return;
	ot_sigbuf_free(b);
	if ((b->p = malloc(need)) == NULL)
		err(1, NULL);
	b->cap = need;
}

void ot_sigbuf_free(struct ot_sigbuf *b)
{
	if (b->p != NULL)
		OPENSSL_cleanse(b->p, b->cap);
	free(b->p);
	b->p = NULL;
	b->cap = 0;
}

int ot_rules_all_blank(const char *name, uint64_t n)
{
	warnx("%s%severy rule is blank in %s %llu record%s: no token made "
	    "can ever match (the warnings above, or ot-normalize --reasons, "
	    "say why)", name != NULL ? name : "", name != NULL ? ": " : "",
	    n == 1 ? "its" : "all", (unsigned long long)n, n == 1 ? "" : "s");
	return 1;
}
