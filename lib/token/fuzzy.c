/*
 * T7's views.  Each combines codes of a record's values; the codes of a
 * name are its formal form (nicknames and spelling variants mapped by
 * person/nicknames.c), letters doubled in a row read once, and then the
 * whole name, its first three letters, its last three, all but its
 * first, and its phonetic code; those of a birth date the year with the
 * day and month in either order, the year and month, the year and day,
 * the day and month in either order.  A typo in a name breaks the codes
 * that hold the letter and keeps the others; a wrong date field breaks
 * the codes that hold it; day and month swapped break none of those
 * that take them in either order.  The views are the signature's part
 * of the contract: they change only with the rule's version.
 */
#include "token/fuzzy.h"
#include "person/nicknames.h"

#include <stdio.h>
#include <string.h>

enum code {
	C_NP,		/* both names, in alphabetical order */
	C_F, C_F3, C_FE, C_FT, C_FS,
	C_L, C_L3, C_LE, C_LT, C_LS,
	C_DS,		/* year, then day and month in either order */
	C_YM, C_YD,
	C_MDS,		/* day and month in either order */
	C_Y,
	C_Z,		/* postal code */
	C_N,		/* SSN */
	C_END
};

static const enum code views[OT_T7_VIEWS][4] = {
	/* both names, the date in part */
	{ C_NP, C_DS, C_END }, { C_NP, C_YM, C_END }, { C_NP, C_YD, C_END },
	{ C_NP, C_MDS, C_Z, C_END }, { C_NP, C_Z, C_Y, C_END },
	/* the first name in part */
	{ C_F3, C_L, C_DS, C_END }, { C_FS, C_L, C_DS, C_END },
	{ C_FE, C_L, C_DS, C_END }, { C_FT, C_L, C_DS, C_END },
	/* the last name in part */
	{ C_F, C_L3, C_DS, C_END }, { C_F, C_LS, C_DS, C_END },
	{ C_F, C_LE, C_DS, C_END }, { C_F, C_LT, C_DS, C_END },
	/* both names in part */
	{ C_FS, C_LS, C_DS, C_END }, { C_F3, C_L3, C_DS, C_END },
	/* a value left out, the postal code or the SSN instead */
	{ C_F, C_DS, C_Z, C_END }, { C_L, C_DS, C_Z, C_END },
	{ C_N, C_DS, C_END }, { C_N, C_F, C_END }, { C_N, C_L, C_END },
};

static char class_of(char c)
{
	static const char *const groups[] = { "BFPV", "CGJKQSXZ", "DT", "L",
	    "MN", "R" };
	int g;

	for (g = 0; g < 6; g++)
		if (strchr(groups[g], c) != NULL)
			return (char)('1' + g);
	return '0';
}

void ot_t7_phonetic(const char *s, size_t n, char out[5])
{
	size_t i, k = 1;
	char last;

	memcpy(out, "0000", 5);
	if (n == 0)
		return;
	out[0] = class_of(s[0]);
	last = out[0];
	for (i = 1; i < n && k < 4; i++) {
		char c = class_of(s[i]);

		if (c != '0' && c != last)
			out[k++] = c;
		/* H and W do not part two letters of one class; vowels do */
		if (s[i] != 'H' && s[i] != 'W')
			last = c;
	}
}

/* Upper-case letters of v, runs of one letter read once, at most
 * OT_T7_NAME_MAX of them. */
static void name_code(const struct ot_value *v, char *out)
{
	size_t i, k = 0;

	out[0] = '\0';
	if (v->state != OT_V_OK)
		return;
	for (i = 0; i < v->len && k < OT_T7_NAME_MAX; i++) {
		char c = v->s[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			continue;
		if (k > 0 && out[k - 1] == c)
			continue;
		out[k++] = c;
	}
	out[k] = '\0';
}

/* The value of a, the reference's or else the lenient one. */
static const struct ot_value *pick(const struct ot_value vals[OT_NATTR],
    const struct ot_value lenient[OT_NATTR], enum ot_attr a)
{
	if (vals[a].state == OT_V_OK)
		return &vals[a];
	if (lenient != NULL && lenient[a].state == OT_V_OK)
		return &lenient[a];
	return NULL;
}

static int digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

void ot_t7_prepare(struct ot_t7 *t, const struct ot_value vals[OT_NATTR],
    const struct ot_value lenient[OT_NATTR])
{
	const struct ot_value *v;
	char first[OT_T7_NAME_MAX + 1], sex = 0;
	const char *formal;
	size_t i, k;

	memset(t, 0, sizeof(*t));
	if ((v = pick(vals, lenient, OT_SEX)) != NULL)
		sex = v->s[0] == 'M' ? 'M' : 'F';
	/* the formal name of the name as written, then its letters */
	for (i = 0, k = 0; i < vals[OT_FIRST_NAME].len && k < OT_T7_NAME_MAX &&
	    vals[OT_FIRST_NAME].state == OT_V_OK; i++) {
		char c = vals[OT_FIRST_NAME].s[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c >= 'A' && c <= 'Z')
			first[k++] = c;
	}
	first[k] = '\0';
	if (k > 0 && (formal = ot_formal_name(first, k, sex)) != NULL) {
		struct ot_value f = { formal, strlen(formal), OT_V_OK };

		name_code(&f, t->f);
	} else
		name_code(&vals[OT_FIRST_NAME], t->f);
	name_code(&vals[OT_LAST_NAME], t->l);
	ot_t7_phonetic(t->f, strlen(t->f), t->fs);
	ot_t7_phonetic(t->l, strlen(t->l), t->ls);
	if ((v = pick(vals, lenient, OT_BIRTH_DATE)) != NULL && v->len == 10) {
		t->y = digits(v->s, 4);
		t->m = digits(v->s + 5, 2);
		t->d = digits(v->s + 8, 2);
	}
	if ((v = pick(vals, lenient, OT_POSTAL_CODE)) != NULL) {
		for (i = 0, k = 0; i < v->len && k < sizeof(t->zip) - 1; i++)
			if (v->s[i] != ' ')
				t->zip[k++] = v->s[i];
		t->zip[k] = '\0';
	}
	if ((v = pick(vals, lenient, OT_SSN)) != NULL) {
		for (i = 0, k = 0; i < v->len && k < sizeof(t->ssn) - 1; i++)
			if (v->s[i] >= '0' && v->s[i] <= '9')
				t->ssn[k++] = v->s[i];
		t->ssn[k] = '\0';
	}
}

/* Code c of t at out: its length, or -1 when it is missing. */
static int code(const struct ot_t7 *t, enum code c, char *out)
{
	size_t fl = strlen(t->f), ll = strlen(t->l);
	int lo = t->m < t->d ? t->m : t->d, hi = t->m < t->d ? t->d : t->m;

	switch (c) {
	case C_NP:
		if (fl == 0 || ll == 0)
			return -1;
		return sprintf(out, "%s|%s", strcmp(t->f, t->l) <= 0 ? t->f :
		    t->l, strcmp(t->f, t->l) <= 0 ? t->l : t->f);
	case C_F:
		return fl == 0 ? -1 : sprintf(out, "%s", t->f);
	case C_F3:
		return fl == 0 ? -1 : sprintf(out, "%.3s", t->f);
	case C_FE:
		return fl == 0 ? -1 : sprintf(out, "%s", t->f + (fl > 3 ?
		    fl - 3 : 0));
	case C_FT:
		return fl < 2 ? -1 : sprintf(out, "%s", t->f + 1);
	case C_FS:
		return fl == 0 ? -1 : sprintf(out, "%s", t->fs);
	case C_L:
		return ll == 0 ? -1 : sprintf(out, "%s", t->l);
	case C_L3:
		return ll == 0 ? -1 : sprintf(out, "%.3s", t->l);
	case C_LE:
		return ll == 0 ? -1 : sprintf(out, "%s", t->l + (ll > 3 ?
		    ll - 3 : 0));
	case C_LT:
		return ll < 2 ? -1 : sprintf(out, "%s", t->l + 1);
	case C_LS:
		return ll == 0 ? -1 : sprintf(out, "%s", t->ls);
	case C_DS:
		return t->y == 0 ? -1 : sprintf(out, "%04d|%02d|%02d", t->y,
		    lo, hi);
	case C_YM:
		return t->y == 0 ? -1 : sprintf(out, "%04d|%02d", t->y, t->m);
	case C_YD:
		return t->y == 0 ? -1 : sprintf(out, "%04d|%02d", t->y, t->d);
	case C_MDS:
		return t->y == 0 ? -1 : sprintf(out, "%02d|%02d", lo, hi);
	case C_Y:
		return t->y == 0 ? -1 : sprintf(out, "%04d", t->y);
	case C_Z:
		return t->zip[0] == '\0' ? -1 : sprintf(out, "%s", t->zip);
	case C_N:
		return t->ssn[0] == '\0' ? -1 : sprintf(out, "%s", t->ssn);
	case C_END:
		break;
	}
	return -1;
}

long ot_t7_signature(const struct ot_t7 *t, int v, char *out)
{
	long n = sprintf(out, "T7.%d", v + 1);
	int i, k;

	for (i = 0; views[v][i] != C_END; i++) {
		out[n++] = '|';
		if ((k = code(t, views[v][i], out + n)) < 0)
			return -1;
		n += k;
	}
	return n;
}

bool ot_t7_blank(const struct ot_t7 *t)
{
	char buf[OT_T7_SIG_MAX];
	int v;

	for (v = 0; v < OT_T7_VIEWS; v++)
		if (ot_t7_signature(t, v, buf) >= 0)
			return false;
	return true;
}
