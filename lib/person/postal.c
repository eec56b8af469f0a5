/*
 * PostalCode, as PostalCodeAttribute: valid as a US ZIP (tried first) or
 * as a Canadian postal code, both with a minimum length of 3, and
 * normalized by the first kind that validates.  The Python references'
 * regexes take Unicode \s and \d: a ZIP of Arabic-Indic digits is valid
 * there, and normalized with its own digits.
 */
#include "person/validate.h"
#include "jstring.h"
#include "pystring.h"

#include <ctype.h>
#include <string.h>

static const char *const us_bad_prefixes[] = {
	"11111", "22222", "33333", "66666", "77777", "99999", "01234", "12345",
	"54321", "98765", "000", "555", "888", NULL
};

static const char *const ca_bad_codes[] = {
	"A1A 1A1", "X0X 0X0", "Y0Y 0Y0", "Z0Z 0Z0", "A0A 0A0", "B1B 1B1",
	"C2C 2C2", "K1A 0A6", "H0H 0H0", NULL
};

static const char *const ca_bad_zip3[] = { "K1A", "M7A", "H0H", NULL };

static size_t count_digits(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && j_is_digit((unsigned char)s[i]))
		i++;
	return i;
}

/* `^\s*(\d{3}|\d{4}|\d{5}(-\d{4})?|\d{9})\s*$`, no placeholder prefix. */
static enum ot_reason us_postal(const char *s, size_t n, char *out,
    size_t *outlen)
{
	const char *const *p;
	size_t k;

	j_strip_space(&s, &n);
	k = count_digits(s, n);
	if (!((k == n && (n == 3 || n == 4 || n == 5 || n == 9)) ||
	    (k == 5 && n == 10 && s[5] == '-' && count_digits(s + 6, 4) == 4)))
		return OT_R_ZIP_LENGTH;
	for (p = us_bad_prefixes; *p != NULL; p++)
		if (s[0] == (*p)[0] && strlen(*p) <= n &&
		    memcmp(s, *p, strlen(*p)) == 0)
			return OT_R_ZIP_PLACEHOLDER;
	memcpy(out, s, n < 5 ? n : 5);
	if (n < 5)
		memset(out + n, '0', 5 - n);
	*outlen = 5;
	return OT_VALID;
}

static bool is_letter(char c)
{
	return j_is_alpha((unsigned char)c);
}

static bool is_digit(char c)
{
	return j_is_digit((unsigned char)c);
}

/* `^\s*[A-Za-z]\d[A-Za-z](\s?\d([A-Za-z]\d?)?)?\s*$`; on a match, the
 * code without white space in c[] and its length. */
static bool ca_shape(const char *s, size_t n, char *c, size_t *cl)
{
	size_t i = 0;

	j_strip_space(&s, &n);
	if (n < 3 || !is_letter(s[0]) || !is_digit(s[1]) || !is_letter(s[2]))
		return false;
	memcpy(c, s, 3);
	*cl = 3;
	i = 3;
	if (i < n && j_is_space((unsigned char)s[i]) && i + 1 < n &&
	    is_digit(s[i + 1]))
		i++;
	if (i < n && is_digit(s[i])) {
		c[(*cl)++] = s[i++];
		if (i < n && is_letter(s[i])) {
			c[(*cl)++] = s[i++];
			if (i < n && is_digit(s[i]))
				c[(*cl)++] = s[i++];
		}
	}
	return i == n;
}

static enum ot_reason ca_postal(const char *s, size_t n, char *out,
    size_t *outlen)
{
	const char *const *p;
	char c[6];
	size_t cl, i;

	if (!ca_shape(s, n, c, &cl))
		return OT_R_POSTAL_CA_FORMAT;
	for (i = 0; i < cl; i++)
		c[i] = j_upper(c[i]);
	memcpy(out, c, 3);
	out[3] = ' ';
	memcpy(out + 4, "000", 3);
	if (cl >= 4)
		memcpy(out + 4, cl == 4 ? "0A0" : "000", 3), out[4] = c[3];
	if (cl >= 5)
		out[5] = c[4];
	if (cl == 6)
		out[6] = c[5];
	*outlen = 7;
	for (p = ca_bad_codes; *p != NULL; p++)
		if (memcmp(out, *p, 7) == 0)
			return OT_R_POSTAL_CA_PLACEHOLDER;
	for (p = ca_bad_zip3; *p != NULL; p++)
		if (memcmp(out, *p, 3) == 0 &&
		    (memcmp(out + 4, "000", 3) == 0 ||
		    (is_digit(out[4]) && isupper((unsigned char)out[5]) &&
		    out[6] == '0')))
			return OT_R_POSTAL_CA_PLACEHOLDER;
	return OT_VALID;
}

/* A stripped value as code points, each with its byte offset (off[n] is
 * the end); false when it has more than max or is malformed. */
static bool py_points(const char *s, size_t n, uint32_t *c, size_t *off,
    size_t max, size_t *m)
{
	size_t i = 0;
	int32_t x;

	*m = 0;
	while (i < n) {
		if (*m == max)
			return false;
		off[*m] = i;
		if ((x = py_next(s, n, &i)) < 0)
			return false;
		c[(*m)++] = (uint32_t)x;
	}
	off[*m] = n;
	return true;
}

static bool py_letter(uint32_t c)
{
	return j_is_alpha(c);
}

/* The US rule with Python's \s and \d. */
static enum ot_reason py_us_postal(const char *s, size_t n, char *out,
    size_t *outlen)
{
	const char *const *p;
	uint32_t c[11];
	size_t off[12], m, k = 0;

	py_strip(&s, &n);
	if (!py_points(s, n, c, off, 10, &m))
		return OT_R_ZIP_LENGTH;
	while (k < m && py_is_digit(c[k]))
		k++;
	if (!((k == m && (m == 3 || m == 4 || m == 5 || m == 9)) ||
	    (k == 5 && m == 10 && c[5] == '-' && py_is_digit(c[6]) &&
	    py_is_digit(c[7]) && py_is_digit(c[8]) && py_is_digit(c[9]))))
		return OT_R_ZIP_LENGTH;
	for (p = us_bad_prefixes; *p != NULL; p++)
		if (s[0] == (*p)[0] && strlen(*p) <= n &&
		    memcmp(s, *p, strlen(*p)) == 0)
			return OT_R_ZIP_PLACEHOLDER;
	k = m < 5 ? m : 5;
	memcpy(out, s, off[k]);
	*outlen = off[k];
	while (k++ < 5)
		out[(*outlen)++] = '0';
	return OT_VALID;
}

/* The Canadian rule with Python's \s and \d: the shape, the code
 * normalized (letters upper-cased, digits as written), the lists. */
static enum ot_reason py_ca_postal(const char *s, size_t n, char *out,
    size_t *outlen)
{
	static const char pad[][5] = { "", "", "", " 000", "A0", "0", "" };
	const char *const *p;
	uint32_t c[9];
	size_t off[10], m, i = 3, nd = 0, o = 0, keep[6];

	py_strip(&s, &n);
	if (!py_points(s, n, c, off, 8, &m) || m < 3 || !py_letter(c[0]) ||
	    !py_is_digit(c[1]) || !py_letter(c[2]))
		return OT_R_POSTAL_CA_FORMAT;
	keep[nd++] = 0;
	keep[nd++] = 1;
	keep[nd++] = 2;
	if (i < m && py_is_space(c[i]) && i + 1 < m && py_is_digit(c[i + 1]))
		i++;
	if (i < m && py_is_digit(c[i])) {
		keep[nd++] = i++;
		if (i < m && py_letter(c[i])) {
			keep[nd++] = i++;
			if (i < m && py_is_digit(c[i]))
				keep[nd++] = i++;
		}
	}
	if (i != m)
		return OT_R_POSTAL_CA_FORMAT;
	for (i = 0; i < nd; i++) {
		if (i == 3)
			out[o++] = ' ';
		if (py_letter(c[keep[i]]))
			out[o++] = j_upper((char)c[keep[i]]);
		else {
			memcpy(out + o, s + off[keep[i]],
			    off[keep[i] + 1] - off[keep[i]]);
			o += off[keep[i] + 1] - off[keep[i]];
		}
	}
	memcpy(out + o, pad[nd], strlen(pad[nd]));
	o += strlen(pad[nd]);
	*outlen = o;
	for (p = ca_bad_codes; *p != NULL; p++)
		if (o == 7 && memcmp(out, *p, 7) == 0)
			return OT_R_POSTAL_CA_PLACEHOLDER;
	/* after "K1A ": 000, or \d[A-Z]0 (its \d any digit) */
	for (p = ca_bad_zip3; *p != NULL; p++) {
		size_t t = 4, e;
		int32_t d;

		if (o < 7 || memcmp(out, *p, 3) != 0)
			continue;
		if (o == 7 && memcmp(out + 4, "000", 3) == 0)
			return OT_R_POSTAL_CA_PLACEHOLDER;
		e = t;
		d = py_next(out, o, &e);
		if (d >= 0 && py_is_digit((uint32_t)d) && e + 2 == o &&
		    out[e] >= 'A' && out[e] <= 'Z' && out[e + 1] == '0')
			return OT_R_POSTAL_CA_PLACEHOLDER;
	}
	return OT_VALID;
}

/* Valid as either kind, the US one tried first; if neither, the reason
 * of the kind the value starts like (a digit: a ZIP). */
enum ot_reason ot_norm_postal_code(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	enum ot_reason us, ca;
	const char *s = in;
	size_t n = len, i = 0;
	bool py;

	/* Python's \s and \d are Java's on ASCII but for 0x1c to 0x1f */
	while (ctx->compat->strings == OT_STRINGS_PYTHON && i < len &&
	    (unsigned char)in[i] < 0x80 && !((unsigned char)in[i] >= 0x1c &&
	    (unsigned char)in[i] <= 0x1f))
		i++;
	py = ctx->compat->strings == OT_STRINGS_PYTHON && i < len;
	if (py) {
		if ((us = py_us_postal(in, len, out, outlen)) == OT_VALID ||
		    (ca = py_ca_postal(in, len, out, outlen)) == OT_VALID)
			return OT_VALID;
		py_strip(&s, &n);
	} else {
		if ((us = us_postal(in, len, out, outlen)) == OT_VALID ||
		    (ca = ca_postal(in, len, out, outlen)) == OT_VALID)
			return OT_VALID;
		j_strip_space(&s, &n);
	}
	if (n == 0)
		return OT_R_EMPTY;
	i = 0;
	return (py ? py_is_digit((uint32_t)py_next(s, n, &i)) : is_digit(s[0])) ?
	    us : ca;
}
