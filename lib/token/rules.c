#include "token/rules.h"
#include "jstring.h"
#include "pystring.h"

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

/* S(0,n) counts UTF-16 units in the reference; values are ASCII after
 * ot-normalize, and a multi-byte character is never split here. */
static size_t prefix_len(const char *s, size_t len, size_t chars)
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

/* M(\d+) with Python's \d: the decimal digits as written. */
static size_t py_digits(const char *s, size_t len, char *out)
{
	size_t i = 0, k, n = 0;
	int32_t c;

	while (i < len) {
		k = i;
		c = py_next(s, len, &i);
		if (c >= 0 && py_is_digit((uint32_t)c)) {
			memcpy(out + n, s + k, i - k);
			n += i - k;
		}
	}
	return n;
}

/* Apply T|expr; returns the length written to out. */
static size_t shape(const char *s, size_t len, enum ot_expr x, char *out)
{
	size_t i, n = 0;

	j_trim(&s, &len);
	switch (x) {
	case OT_X_FIRST1:
		len = prefix_len(s, len, 1);
		break;
	case OT_X_FIRST3:
		len = prefix_len(s, len, 3);
		break;
	case OT_X_DIGITS:
		if (len > 11 && ot_compat()->strings == OT_STRINGS_PYTHON)
			return py_digits(s, len, out);
		for (i = 0; i < len; i++)
			if (j_is_digit((unsigned char)s[i]))
				out[n++] = s[i];
		return n;
	case OT_X_DATE:
		memcpy(out, s, len);
		return len;
	case OT_X_UPPER:
		break;
	}
	for (i = 0; i < len; i++)
		out[i] = j_upper(s[i]);
	return len;
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
		k = shape(v->s, v->len, rule->parts[p].expr, out + n);
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
