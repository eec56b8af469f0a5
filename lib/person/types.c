/*
 * The 2.1.2 Python reference's attribute classes, for the types a
 * config names: NotNullOrEmptyValidator (strip() != ""), then each
 * class's RegexValidator (re.match, Unicode \d and \s, '$' also before a
 * final "\n") and range validators, then normalize().
 */
#include "person/types.h"
#include "pystring.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const a_first[] = { "FirstName", "GivenName", NULL };
static const char *const a_last[] = { "LastName", "Surname", NULL };
static const char *const a_birth[] = { "BirthDate", NULL };
static const char *const a_sex[] = { "Sex", "Gender", NULL };
static const char *const a_postal[] = {
	"PostalCode", "ZipCode", "ZIP3", "ZIP4", "ZIP5", NULL
};
static const char *const a_ssn[] = {
	"SocialSecurityNumber", "NationalIdentificationNumber", NULL
};
static const char *const a_id[] = { "RecordId", "Id", NULL };
static const char *const a_string[] = { "String", "Text", NULL };
static const char *const a_date[] = { "Date", NULL };
static const char *const a_decimal[] = { "Decimal", NULL };
static const char *const a_integer[] = { "Integer", NULL };
static const char *const a_year[] = { "Year", NULL };
static const char *const a_age[] = { "Age", NULL };
static const char *const a_byear[] = { "BirthYear", "YearOfBirth", NULL };

const struct ot_type_info ot_types[OT_NTYPES] = {
	[OT_TY_FIRST_NAME] = { "FirstName", a_first },
	[OT_TY_LAST_NAME] = { "LastName", a_last },
	[OT_TY_BIRTH_DATE] = { "BirthDate", a_birth },
	[OT_TY_SEX] = { "Sex", a_sex },
	[OT_TY_POSTAL_CODE] = { "PostalCode", a_postal },
	[OT_TY_SSN] = { "SocialSecurityNumber", a_ssn },
	[OT_TY_RECORD_ID] = { "RecordId", a_id },
	[OT_TY_STRING] = { "String", a_string },
	[OT_TY_DATE] = { "Date", a_date },
	[OT_TY_DECIMAL] = { "Decimal", a_decimal },
	[OT_TY_INTEGER] = { "Integer", a_integer },
	[OT_TY_YEAR] = { "Year", a_year },
	[OT_TY_AGE] = { "Age", a_age },
	[OT_TY_BIRTH_YEAR] = { "BirthYear", a_byear },
};

int ot_type_by_name(const char *s, size_t len)
{
	const char *const *p;
	int t;

	for (t = 0; t < OT_NTYPES; t++)
		for (p = ot_types[t].aliases; *p != NULL; p++)
			if (strlen(*p) == len && memcmp(*p, s, len) == 0)
				return t;
	return -1;
}

const char *ot_type_names(void)
{
	static char buf[512];
	const char *const *p;
	int t;

	if (buf[0] != '\0')
		return buf;
	for (t = 0; t < OT_NTYPES; t++)
		for (p = ot_types[t].aliases; *p != NULL; p++) {
			if (buf[0] != '\0')
				strcat(buf, ", ");
			strcat(buf, *p);
		}
	return buf;
}

bool ot_type_can_fail(enum ot_type t)
{
	return t == OT_TY_DATE || t == OT_TY_INTEGER;
}

/* A cursor over a value's code points. */
struct cur {
	const char *s;
	size_t len, i;
};

static int32_t peek(const struct cur *c)
{
	size_t i = c->i;

	return i < c->len ? py_next(c->s, c->len, &i) : -1;
}

static void step(struct cur *c)
{
	(void)py_next(c->s, c->len, &c->i);
}

static void skip_spaces(struct cur *c)
{
	int32_t x;

	while ((x = peek(c)) >= 0 && py_is_space((uint32_t)x))
		step(c);
}

/* \d+ from c, the digits' ASCII values appended to out (NULL: counted
 * only); their number. */
static size_t digits(struct cur *c, char *out)
{
	size_t n = 0;
	int32_t x;

	while ((x = peek(c)) >= 0 && py_is_digit((uint32_t)x)) {
		if (out != NULL)
			out[n] = (char)('0' + py_digit_value((uint32_t)x));
		n++;
		step(c);
	}
	return n;
}

/* re.match(r"^\s*[+-]?\d+\s*$"): the sign (0 for none) and the digits
 * in ASCII into out, their number into *n. */
static bool integer_form(const char *s, size_t len, char *sign, char *out,
    size_t *n)
{
	struct cur c = { s, len, 0 };
	int32_t x;

	skip_spaces(&c);
	*sign = 0;
	if ((x = peek(&c)) == '+' || x == '-') {
		*sign = (char)x;
		step(&c);
	}
	if ((*n = digits(&c, out)) == 0)
		return false;
	skip_spaces(&c);
	return c.i == c.len;
}

/* str(int(digits)) with the sign: no leading zeros, "-0" is "0". */
static size_t int_text(char sign, const char *d, size_t n, char *out)
{
	size_t k = 0, o = 0;

	while (k + 1 < n && d[k] == '0')
		k++;
	if (sign == '-' && !(n - k == 1 && d[k] == '0'))
		o = 1;
	/* d may be out itself: the digits move before the sign is put */
	memmove(out + o, d + k, n - k);
	if (o == 1)
		out[0] = '-';
	return o + n - k;
}

/* The value of up to 9 digits, or -1 past that (out of any range). */
static long small_value(const char *d, size_t n)
{
	size_t k = 0;
	long v = 0;

	while (k < n && d[k] == '0')
		k++;
	if (n - k > 9)
		return -1;
	for (; k < n; k++)
		v = v * 10 + (d[k] - '0');
	return v;
}

/* Python's int() refuses a string of more than 4300 digits (3.11's
 * sys.int_info.default_max_str_digits). */
#define PY_MAX_STR_DIGITS 4300

static enum ot_tresult integer(struct ot_norm_ctx *ctx, enum ot_type t,
    const char *in, size_t len, char *out, size_t *outlen)
{
	char sign;
	size_t n;
	long v;

	if (!integer_form(in, len, &sign, out, &n))
		return OT_TV_INVALID;
	v = small_value(out, n);
	if (sign == '-' && v > 0)
		v = -v;
	switch (t) {
	case OT_TY_AGE:
		/* int() of too many digits raises, which is a refusal here */
		if (n > PY_MAX_STR_DIGITS || !(v >= 0 && v <= 120))
			return OT_TV_INVALID;
		break;
	case OT_TY_YEAR:
	case OT_TY_BIRTH_YEAR:
		/* ^\s*\d{4}\s*$ */
		if (sign != 0 || n != 4)
			return OT_TV_INVALID;
		if (t == OT_TY_BIRTH_YEAR &&
		    (v < 1910 || v > ot_year_of_days(ctx->today)))
			return OT_TV_INVALID;
		break;
	default:
		if (n > PY_MAX_STR_DIGITS)
			return OT_TV_FAILED;
	}
	*outlen = int_text(sign, out, n, out);
	return OT_TV_VALID;
}

/* re.match(r"^\s*[+-]?(\d+\.\d*|\d*\.\d+|\d+)([eE][+-]?\d+)?\s*$"), the
 * number written in ASCII into buf for strtod(). */
static bool decimal_form(const char *s, size_t len, char *buf)
{
	struct cur c = { s, len, 0 };
	size_t n = 0, k, m;
	int32_t x;

	skip_spaces(&c);
	if ((x = peek(&c)) == '+' || x == '-') {
		buf[n++] = (char)x;
		step(&c);
	}
	m = k = digits(&c, buf + n);
	n += k;
	if (peek(&c) == '.') {
		buf[n++] = '.';
		step(&c);
		k = digits(&c, buf + n);
		n += k;
		m += k;
	}
	if (m == 0)
		return false;
	if ((x = peek(&c)) == 'e' || x == 'E') {
		struct cur save = c;
		size_t at = n;

		buf[n++] = 'e';
		step(&c);
		if ((x = peek(&c)) == '+' || x == '-') {
			buf[n++] = (char)x;
			step(&c);
		}
		if ((k = digits(&c, buf + n)) == 0) {
			c = save;
			n = at;
		} else
			n += k;
	}
	buf[n] = '\0';
	skip_spaces(&c);
	return c.i == c.len;
}

size_t ot_py_float_repr(double v, char *out)
{
	char e[40], dig[20];
	int p, exp10, nd, decpt, i;
	size_t n = 0;

	if (isnan(v))
		return (size_t)sprintf(out, "nan");
	if (isinf(v))
		return (size_t)sprintf(out, v < 0 ? "-inf" : "inf");
	/* the fewest significant digits that read back as v */
	for (p = 1; p <= 17; p++) {
		snprintf(e, sizeof(e), "%.*e", p - 1, v);
		if (strtod(e, NULL) == v)
			break;
	}
	if (e[0] == '-')
		out[n++] = '-';
	nd = 0;
	for (i = e[0] == '-'; e[i] != 'e'; i++)
		if (e[i] != '.')
			dig[nd++] = e[i];
	exp10 = atoi(e + i + 1);
	while (nd > 1 && dig[nd - 1] == '0')
		nd--;
	if (v == 0)
		exp10 = 0;
	decpt = exp10 + 1;
	if (decpt <= -4 || decpt > 16) {
		out[n++] = dig[0];
		if (nd > 1) {
			out[n++] = '.';
			memcpy(out + n, dig + 1, (size_t)nd - 1);
			n += (size_t)nd - 1;
		}
		n += (size_t)sprintf(out + n, "e%c%02d", exp10 < 0 ? '-' : '+',
		    abs(exp10));
		return n;
	}
	if (decpt <= 0) {
		out[n++] = '0';
		out[n++] = '.';
		for (i = decpt; i < 0; i++)
			out[n++] = '0';
		memcpy(out + n, dig, (size_t)nd);
		return n + (size_t)nd;
	}
	for (i = 0; i < decpt; i++)
		out[n++] = i < nd ? dig[i] : '0';
	out[n++] = '.';
	if (nd <= decpt)
		out[n++] = '0';
	else {
		memcpy(out + n, dig + decpt, (size_t)(nd - decpt));
		n += (size_t)(nd - decpt);
	}
	return n;
}

static enum ot_tresult decimal(const char *in, size_t len, char *out,
    size_t *outlen)
{
	char *buf;
	bool ok;

	/* ASCII of the same length or shorter, and a terminator */
	if ((buf = malloc(len + 2)) == NULL)
		return OT_TV_FAILED;
	ok = decimal_form(in, len, buf);
	if (ok)
		*outlen = ot_py_float_repr(strtod(buf, NULL), out);
	free(buf);
	return ok ? OT_TV_VALID : OT_TV_INVALID;
}

/* One of DateAttribute's regex alternatives over code points c[0..n):
 * pattern letters: 'd' a digit, 's' one of the separators in sep, else
 * the character itself. */
static bool shape(const uint32_t *c, size_t n, const char *pat,
    const char *sep)
{
	size_t k;

	for (k = 0; pat[k] != '\0'; k++) {
		if (k >= n)
			return false;
		if (pat[k] == 'd' ? !py_is_digit(c[k]) : pat[k] == 's' ?
		    c[k] > 0x7f || strchr(sep, (int)c[k]) == NULL ||
		    c[k] == 0 : c[k] != (uint32_t)pat[k])
			return false;
	}
	return k == n;
}

/* DateAttribute.VALIDATION_PATTERN: yyyy[-/]MM[-/]dd, MM[-./]dd[-./]yyyy
 * or a timestamp yyyy-MM-ddTHH:mm:ss[.SSS][Z|+hh:mm], anchored at both
 * ends (a final "\n" allowed). */
static bool date_form(const char *s, size_t len)
{
	static const char *const ts[] = {
		"dddd-dd-ddTdd:dd:dd", "dddd-dd-ddTdd:dd:ddZ",
		"dddd-dd-ddTdd:dd:dd+dd:dd", "dddd-dd-ddTdd:dd:dd.ddd",
		"dddd-dd-ddTdd:dd:dd.dddZ", "dddd-dd-ddTdd:dd:dd.ddd+dd:dd",
	};
	uint32_t c[32];
	size_t n = 0, i = 0, k;
	int32_t x;

	if (len > 0 && s[len - 1] == '\n')
		len--;
	while (i < len) {
		if (n == 32 || (x = py_next(s, len, &i)) < 0)
			return false;
		c[n++] = (uint32_t)x;
	}
	if (shape(c, n, "ddddsddsdd", "-/") || shape(c, n, "ddsddsdddd", "-./"))
		return true;
	for (k = 0; k < sizeof(ts) / sizeof(ts[0]); k++) {
		uint32_t t[32];
		size_t j;

		/* "+dd:dd" stands for [+-] */
		memcpy(t, c, n * sizeof(c[0]));
		for (j = 0; j < n; j++)
			if (t[j] == '-' && j >= 19)
				t[j] = '+';
		if (shape(t, n, ts[k], ""))
			return true;
	}
	return false;
}

enum ot_tresult ot_type_normalize(struct ot_norm_ctx *ctx, enum ot_type t,
    const char *in, size_t len, char *out, size_t *outlen)
{
	const char *s = in;
	size_t n = len;

	if (t < OT_TY_RECORD_ID)
		return ot_normalize_why(ctx, (enum ot_attr)t, in, len, out,
		    outlen) == OT_VALID ? OT_TV_VALID : OT_TV_INVALID;
	if (py_is_blank(in, len))
		return OT_TV_INVALID;
	switch (t) {
	case OT_TY_RECORD_ID:
	case OT_TY_STRING:
		py_strip(&s, &n);
		memcpy(out, s, n);
		*outlen = n;
		return OT_TV_VALID;
	case OT_TY_DATE:
		if (!date_form(in, len))
			return OT_TV_INVALID;
		py_strip(&s, &n);
		return ot_norm_py_date(ctx, s, n, out, outlen) == OT_VALID ?
		    OT_TV_VALID : OT_TV_FAILED;
	case OT_TY_DECIMAL:
		return decimal(in, len, out, outlen);
	default:
		return integer(ctx, t, in, len, out, outlen);
	}
}
