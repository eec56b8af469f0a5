#include "person/lenient.h"
#include "jstring.h"

#include <string.h>

const char *ot_lenient_column(enum ot_attr a)
{
	switch (a) {
	case OT_BIRTH_DATE:
		return "T7BirthDate";
	case OT_SEX:
		return "T7Sex";
	default:
		return NULL;
	}
}

/* One to max digits at s[*i], as a number; false when none. */
static bool number(const char *s, size_t n, size_t *i, size_t max, int *v)
{
	size_t k = 0;

	*v = 0;
	while (*i < n && k < max && j_is_digit((unsigned char)s[*i])) {
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k > 0 && (*i == n || !j_is_digit((unsigned char)s[*i]));
}

static bool valid_date(const struct ot_norm_ctx *ctx, int y, int m, int d)
{
	/* the reference's range: 1910-01-01 to today */
	return y >= 1910 && ot_valid_ymd(y, m, d) &&
	    ot_days_from_civil(y, (unsigned)m, (unsigned)d) <= ctx->today;
}

/*
 * Y-M-D (4-digit year first, '-', '/' or '.'), M/D/Y and M-D-Y (US,
 * the month first unless it cannot be one), D.M.Y (the day first,
 * likewise), YYYYMMDD, each with one- or two-digit fields, and any of
 * the first forms followed by a time ('T' or a space, then anything).
 */
static bool lenient_date(const struct ot_norm_ctx *ctx, const char *s,
    size_t n, char *out, size_t *outlen)
{
	int a, b, c, y, m, d;
	size_t i = 0;
	char sep;

	j_trim(&s, &n);
	if (n == 8 && number(s, n, &i, 8, &a) && i == 8) {
		y = a / 10000;
		m = a / 100 % 100;
		d = a % 100;
	} else {
		i = 0;
		if (!number(s, n, &i, 4, &a) || i == n)
			return false;
		sep = s[i++];
		if ((sep != '-' && sep != '/' && sep != '.') ||
		    !number(s, n, &i, 2, &b) || i == n || s[i++] != sep ||
		    !number(s, n, &i, 4, &c))
			return false;
		if (i < n && s[i] != 'T' && s[i] != ' ')
			return false;
		if (a >= 1000 && c < 100) {
			y = a;		/* Y-M-D */
			m = b;
			d = c;
		} else if (a < 100 && c >= 1000) {
			/* M/D/Y, or D.M.Y; a field past 12 is the day */
			bool day_first = sep == '.';

			if (day_first ? b > 12 && a <= 12 : a > 12 && b <= 12)
				day_first = !day_first;
			y = c;
			m = day_first ? b : a;
			d = day_first ? a : b;
		} else
			return false;
	}
	if (!valid_date(ctx, y, m, d))
		return false;
	ot_date_put(out, y, m, d);
	*outlen = 10;
	return true;
}

static bool lenient_sex(const char *s, size_t n, char *out, size_t *outlen)
{
	static const char *const male[] = { "M", "MALE", "MAN", NULL };
	static const char *const female[] = { "F", "FEMALE", "WOMAN", NULL };
	const char *v;

	j_trim(&s, &n);
	if (j_in_list_ignore_case(s, n, male))
		v = "Male";
	else if (j_in_list_ignore_case(s, n, female))
		v = "Female";
	else
		return false;
	*outlen = strlen(v);
	memcpy(out, v, *outlen);
	return true;
}

bool ot_lenient(const struct ot_norm_ctx *ctx, enum ot_attr a,
    const char *in, size_t len, char *out, size_t *outlen)
{
	switch (a) {
	case OT_BIRTH_DATE:
		return lenient_date(ctx, in, len, out, outlen);
	case OT_SEX:
		return lenient_sex(in, len, out, outlen);
	default:
		return false;
	}
}

void ot_lenient_values(const struct ot_norm_ctx *ctx,
    const struct ot_value raw[OT_NATTR], const struct ot_value vals[OT_NATTR],
    char *const bufs[OT_NATTR], struct ot_value lenient[OT_NATTR])
{
	size_t n;
	int a;

	for (a = 0; a < OT_NATTR; a++) {
		lenient[a].s = "";
		lenient[a].len = 0;
		lenient[a].state = OT_V_MISSING;
		if (vals[a].state != OT_V_INVALID || !ot_has_lenient(a) ||
		    !ot_lenient(ctx, a, raw[a].s, raw[a].len, bufs[a], &n))
			continue;
		lenient[a].s = bufs[a];
		lenient[a].len = n;
		lenient[a].state = OT_V_OK;
	}
}
