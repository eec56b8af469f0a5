/*
 * SocialSecurityNumber, as SocialSecurityNumberAttribute: normalize (trim,
 * drop white space and dashes, cut at the decimal point, pad 7-8 digits to
 * 9, format DDD-DD-DDDD) and validate the normalized value (Java).  An
 * input that does not normalize to nine digits is returned unchanged by
 * the reference and can never pass its regex, so it is simply invalid
 * here.  The Python references validate the raw value instead (ssn_raw),
 * with Unicode digits, and only its exact dashed spelling can be a
 * placeholder.
 */
#include "person/validate.h"
#include "jstring.h"
#include "pystring.h"

#include <err.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Each profile's placeholders as nine-digit numbers, sorted. */
#define MAX_PLACEHOLDERS 64
static uint32_t numbers[OT_NCOMPAT][MAX_PLACEHOLDERS];
static size_t nnumbers[OT_NCOMPAT];
static pthread_once_t numbers_once = PTHREAD_ONCE_INIT;

/* DDD-DD-DDDD of ASCII digits as a number, or -1. */
static long ssn_number(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (n != 11 || s[3] != '-' || s[6] != '-')
		return -1;
	for (i = 0; i < 11; i++) {
		if (i == 3 || i == 6)
			continue;
		if (!j_is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void make_numbers(void)
{
	const char *const *b;
	int p;

	for (p = 0; p < OT_NCOMPAT; p++) {
		for (b = ot_compats[p].ssn_placeholders; *b != NULL; b++) {
			if (nnumbers[p] == MAX_PLACEHOLDERS)
				errx(1, "internal error: too many SSN placeholders");
			numbers[p][nnumbers[p]++] =
			    (uint32_t)ssn_number(*b, strlen(*b));
		}
		qsort(numbers[p], nnumbers[p], sizeof(numbers[p][0]), cmp_u32);
	}
}

/* Whether the SSN numbered v is one of the profile's placeholders. */
static bool placeholder(const struct ot_norm_ctx *ctx, uint32_t v)
{
	int p = (int)(ctx->compat - ot_compats);

	pthread_once(&numbers_once, make_numbers);
	return bsearch(&v, numbers[p], nnumbers[p], sizeof(v), cmp_u32) != NULL;
}

/* The second alternative's lookaheads, on the area, group and serial
 * number (only ASCII digits can match them). */
static enum ot_reason numbering(const char *area, const char *group,
    const char *serial)
{
	if (memcmp(area, "000", 3) == 0 || memcmp(area, "666", 3) == 0 ||
	    area[0] == '9')
		return OT_R_SSN_AREA;
	if (memcmp(group, "00", 2) == 0)
		return OT_R_SSN_GROUP_ZERO;
	if (memcmp(serial, "0000", 4) == 0)
		return OT_R_SSN_SERIAL_ZERO;
	return OT_VALID;
}

static enum ot_reason java_ssn(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	enum ot_reason r;
	char d[9];
	size_t i, n = 0;
	uint32_t v = 0;

	j_trim(&in, &len);
	if (j_is_blank(in, len))
		return OT_R_EMPTY;
	for (i = 0; i < len && in[i] != '.'; i++) {
		unsigned char c = (unsigned char)in[i];

		if (j_is_space(c) || c == '-')
			continue;
		if (!j_is_digit(c))
			return OT_R_SSN_FORMAT;
		if (n == 9)
			return OT_R_SSN_LENGTH;
		d[n++] = (char)c;
		v = v * 10 + (uint32_t)(c - '0');
	}
	if (n < 7)
		return OT_R_SSN_LENGTH;
	memset(out, '0', 9 - n);
	memcpy(out + 9 - n, d, n);
	memmove(out + 4, out + 3, 6);
	out[3] = '-';
	memmove(out + 7, out + 6, 4);
	out[6] = '-';
	*outlen = 11;
	if ((r = numbering(out, out + 4, out + 7)) != OT_VALID)
		return r;
	if (placeholder(ctx, v))
		return OT_R_SSN_PLACEHOLDER;
	return OT_VALID;
}

/* Why the Python references refuse a value that matches neither
 * alternative: one of digits, dashes, white space and points that Java
 * would read is a spelling they refuse, anything else a bad character. */
static enum ot_reason spelling(const char *s, size_t len)
{
	size_t i = 0;
	int32_t c;

	while (i < len) {
		c = py_next(s, len, &i);
		if (c < 0 || !(py_is_digit((uint32_t)c) || py_is_space((uint32_t)c) ||
		    c == '-' || c == '.'))
			return OT_R_SSN_FORMAT;
	}
	return OT_R_SSN_SPELLING;
}

/* A Python \d at s[*i]: its offset, *i moved past it; else -1. */
static long py_digit_at(const char *s, size_t len, size_t *i)
{
	size_t k = *i, start = *i;
	int32_t c;

	if (k >= len)
		return -1;
	c = py_next(s, len, &k);
	if (c < 0 || !py_is_digit((uint32_t)c))
		return -1;
	*i = k;
	return (long)start;
}

/*
 * SSN_REGEX of the Python references on the raw value:
 *   ^(?:\d{7,9}(?:[.]0*)?)$ | ^(?!000|666|9\d\d)(\d{3})-?(?!00)(\d{2})-?(?!0000)(\d{4})$
 * with Unicode \d and '$' also before a final "\n".  On a match, the
 * byte offsets of the digits in at[] and their number.
 */
static enum ot_reason py_ssn_shape(const char *s, size_t len, size_t at[9],
    size_t *nd)
{
	static const size_t ends[3] = { 3, 5, 9 };	/* of each group */
	size_t i = 0, n = 0, k, g;
	long p;
	enum ot_reason r;

	if (len > 0 && s[len - 1] == '\n')
		len--;
	/* the digits alone, optionally a decimal point and zeros */
	while (n < 10 && (p = py_digit_at(s, len, &i)) >= 0)
		if (n < 9)
			at[n++] = (size_t)p;
		else
			n++;
	k = i;
	if (k < len && s[k] == '.')
		for (k++; k < len && s[k] == '0'; k++)
			;
	if (k == len) {
		/* all digits: the other form has nine too */
		if (n < 7 || n > 9)
			return OT_R_SSN_LENGTH;
		*nd = n;
		return OT_VALID;
	}
	/* ddd-?dd-?dddd */
	i = 0;
	n = 0;
	for (g = 0; g < 3; g++) {
		if (g > 0 && i < len && s[i] == '-')
			i++;
		while (n < ends[g] && (p = py_digit_at(s, len, &i)) >= 0)
			at[n++] = (size_t)p;
		if (n < ends[g])
			return spelling(s, len);
	}
	if (i != len)
		return spelling(s, len);
	if ((r = numbering(s + at[0], s + at[3], s + at[5])) != OT_VALID)
		return r;
	*nd = 9;
	return OT_VALID;
}

static enum ot_reason python_ssn(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	enum ot_reason r;
	size_t at[9], nd = 0, i, k, o = 0;
	long v;

	if (py_is_blank(in, len))
		return OT_R_EMPTY;
	/* only the exact dashed spelling */
	if ((v = ssn_number(in, len)) >= 0 && placeholder(ctx, (uint32_t)v))
		return OT_R_SSN_PLACEHOLDER;
	if (v >= 0) {
		/* the common spelling, DDD-DD-DDDD in ASCII: its own normal
		 * form, if the second alternative's lookaheads pass */
		if ((r = numbering(in, in + 4, in + 7)) != OT_VALID)
			return r;
		memcpy(out, in, 11);
		*outlen = 11;
		return OT_VALID;
	}
	if ((r = py_ssn_shape(in, len, at, &nd)) != OT_VALID)
		return r;
	if (nd < 9) {
		/* int() and "{:09d}": ASCII digits, zero-padded */
		memset(out, '0', 9 - nd);
		for (i = 0; i < nd; i++) {
			k = at[i];
			out[9 - nd + i] = (char)('0' + py_digit_value(
			    (uint32_t)py_next(in, len, &k)));
		}
		memmove(out + 4, out + 3, 6);
		out[3] = '-';
		memmove(out + 7, out + 6, 4);
		out[6] = '-';
		*outlen = 11;
		return OT_VALID;
	}
	/* nine digits keep their characters */
	for (i = 0; i < 9; i++) {
		k = at[i];
		py_next(in, len, &k);
		if (i == 3 || i == 5)
			out[o++] = '-';
		memcpy(out + o, in + at[i], k - at[i]);
		o += k - at[i];
	}
	*outlen = o;
	return OT_VALID;
}

enum ot_reason ot_norm_ssn(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	if (ctx->compat->ssn_raw)
		return python_ssn(ctx, in, len, out, outlen);
	return java_ssn(ctx, in, len, out, outlen);
}
