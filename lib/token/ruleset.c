#include "token/ruleset.h"

#include <err.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

const struct ot_rule_def ot_rule_defs[OT_NRULE_DEFS] = {
	{ "T1", 0, 1, 6, "LastName + FirstName (first letter) + Sex + BirthDate" },
	{ "T2", 1, 1, 6, "LastName + FirstName + BirthDate + PostalCode (first 3)" },
	{ "T3", 2, 1, 6, "LastName + FirstName + Sex + BirthDate" },
	{ "T4", 3, 1, 6, "SocialSecurityNumber + Sex + BirthDate" },
	{ "T5", 4, 1, 2, "LastName + FirstName (first 3) + Sex" },
	{ "T7", -1, OT_T7_VIEWS, 1, "error-tolerant views of names, birth "
	    "date, postal code and SSN" },
};

const struct ot_rule_def *ot_rule_def_find(const char *id, size_t len)
{
	int i;

	for (i = 0; i < OT_NRULE_DEFS; i++)
		if (strlen(ot_rule_defs[i].id) == len &&
		    memcmp(ot_rule_defs[i].id, id, len) == 0)
			return &ot_rule_defs[i];
	return NULL;
}

static struct ot_rule_def learnt[OT_RULES_LEARNT];
static char learnt_id[OT_RULES_LEARNT][33];
static int nlearnt;

const struct ot_rule_def *ot_rule_known(const char *id, size_t len)
{
	static const struct ot_rule_def vector = { "T8", -1, 1, 0,
	    "a V1 vector token" };
	const struct ot_rule_def *d;
	int i;

	if (len == 2 && memcmp(id, vector.id, 2) == 0)
		return &vector;
	if ((d = ot_rule_def_find(id, len)) != NULL)
		return d;
	for (i = 0; i < nlearnt; i++)
		if (strlen(learnt_id[i]) == len &&
		    memcmp(learnt_id[i], id, len) == 0)
			return &learnt[i];
	return NULL;
}

void ot_rule_learn(const char *id, size_t len)
{
	if (len == 0 || len >= sizeof(learnt_id[0]) ||
	    nlearnt == OT_RULES_LEARNT || ot_rule_known(id, len) != NULL)
		return;
	memcpy(learnt_id[nlearnt], id, len);
	learnt_id[nlearnt][len] = '\0';
	learnt[nlearnt].id = learnt_id[nlearnt];
	learnt[nlearnt].exact = -1;
	learnt[nlearnt].rows = 1;
	learnt[nlearnt].weight = OT_CONFIG_RULE_WEIGHT;
	learnt[nlearnt].what = "a rule of a tokenization config "
	    "(ot-inspect --config shows what it is made of)";
	nlearnt++;
}

void ot_ruleset_default(struct ot_ruleset *s)
{
	int i;

	s->n = 0;
	for (i = 0; i < OT_NRULE_DEFS; i++)
		if (ot_rule_defs[i].exact >= 0)
			s->def[s->n++] = (uint8_t)i;
}

void ot_ruleset_parse(struct ot_ruleset *s, const char *list,
    const char *opt)
{
	bool want[OT_NRULE_DEFS] = { false };
	const char *p = list, *e;
	const struct ot_rule_def *d;
	int i;

	if (strcmp(list, "all") == 0)
		memset(want, 1, sizeof(want));
	else
		for (;;) {
			e = strchr(p, ',');
			if (e == NULL)
				e = p + strlen(p);
			if ((d = ot_rule_def_find(p, (size_t)(e - p))) == NULL)
				errx(2, "%s %s: ot knows no rule %.*s (it knows "
				    "T1, T2, T3, T4, T5 and T7, or all)", opt,
				    list, (int)(e - p), p);
			want[d - ot_rule_defs] = true;
			if (*e == '\0')
				break;
			p = e + 1;
		}
	s->n = 0;
	for (i = 0; i < OT_NRULE_DEFS; i++)
		if (want[i])
			s->def[s->n++] = (uint8_t)i;
}

void ot_ruleset_no_config(bool rules, const char *config)
{
	if (rules && config != NULL)
		errx(2, "--rules chooses among ot's own rules: not with "
		    "--config, whose rules replace them");
}

bool ot_ruleset_is_default(const struct ot_ruleset *s)
{
	struct ot_ruleset d;

	ot_ruleset_default(&d);
	return s->n == d.n && memcmp(s->def, d.def, (size_t)d.n) == 0;
}

bool ot_ruleset_lenient(const struct ot_ruleset *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (ot_rule_defs[s->def[i]].exact < 0)
			return true;
	return false;
}

int ot_ruleset_rows(const struct ot_ruleset *s)
{
	int i, n = 0;

	for (i = 0; i < s->n; i++)
		n += ot_rule_defs[s->def[i]].rows;
	return n;
}

void ot_ruleset_list(const struct ot_ruleset *s, char *out, size_t n)
{
	size_t k = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < s->n && k < n; i++)
		k += (size_t)snprintf(out + k, n - k, "%s%s", i > 0 ? "," : "",
		    ot_rule_defs[s->def[i]].id);
}

const char *ot_ruleset_row_id(const struct ot_ruleset *s, int row)
{
	int i;

	for (i = 0; i < s->n; i++) {
		if (row < ot_rule_defs[s->def[i]].rows)
			return ot_rule_defs[s->def[i]].id;
		row -= ot_rule_defs[s->def[i]].rows;
	}
	return NULL;
}

int ot_sign_record(struct ot_signer *sg, const struct ot_ruleset *s,
    const struct ot_value vals[OT_NATTR],
    const struct ot_value lenient[OT_NATTR], struct ot_rowsig *rows,
    bool *any, bool *blank)
{
	size_t off = 0;
	int i, v, n = 0;
	bool t7 = false;

	*any = false;
	ot_sigbuf_reserve_n(&sg->sig, vals, (size_t)s->n);
	for (i = 0; i < s->n; i++) {
		const struct ot_rule_def *d = &ot_rule_defs[s->def[i]];
		bool all_blank = true;

		if (d->exact >= 0) {
			enum ot_attr blocker;
			long k;

			/* each exact rule's signature after the one before,
			 * in room for all of them */
			k = ot_rule_signature(d->exact, vals, sg->sig.p + off,
			    &blocker);
			rows[n].p = k < 0 ? NULL : sg->sig.p + off;
			rows[n].len = k < 0 ? 0 : (size_t)k;
			all_blank = k < 0;
			off += k < 0 ? 0 : (size_t)k;
			n++;
		} else {
			if (!t7)
				ot_t7_prepare(&sg->t, vals, lenient);
			t7 = true;
			for (v = 0; v < OT_T7_VIEWS; v++) {
				long k = ot_t7_signature(&sg->t, v, sg->t7[v]);

				rows[n].p = k < 0 ? NULL : sg->t7[v];
				rows[n].len = k < 0 ? 0 : (size_t)k;
				all_blank &= k < 0;
				n++;
			}
		}
		*any |= !all_blank;
		if (blank != NULL)
			blank[i] = all_blank;
	}
	return n;
}

void ot_signer_free(struct ot_signer *sg)
{
	ot_sigbuf_free(&sg->sig);
	OPENSSL_cleanse(sg->t7, sizeof(sg->t7));
	OPENSSL_cleanse(&sg->t, sizeof(sg->t));
}
