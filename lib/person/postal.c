/*
 * PostalCode, as PostalCodeAttribute: valid as a US ZIP (tried first) or
 * as a Canadian postal code, both with a minimum length of 3, and
 * normalized by the first kind that validates.
 */
#include "person/validate.h"
#include "jstring.h"

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

/* Valid as either kind, the US one tried first; if neither, the reason
 * of the kind the value starts like (a digit: a ZIP). */
enum ot_reason ot_norm_postal_code(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	enum ot_reason us, ca;
	const char *s = in;
	size_t n = len;

	(void)ctx;
	if ((us = us_postal(in, len, out, outlen)) == OT_VALID ||
	    (ca = ca_postal(in, len, out, outlen)) == OT_VALID)
		return OT_VALID;
	j_strip_space(&s, &n);
	if (n == 0)
		return OT_R_EMPTY;
	return is_digit(s[0]) ? us : ca;
}
