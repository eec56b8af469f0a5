/*
 * FirstName and LastName, as FirstNameAttribute/LastNameAttribute: strip
 * diacritics (NFD, drop \p{M}), titles, generational suffixes and a
 * trailing initial, keep [A-Za-z].  The reference's regexes are evaluated
 * by hand on code points, following java.util.regex's rules for find()
 * and '$'.
 */
#include "person/validate.h"
#include "jstring.h"
#include "person/placeholders.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *const titles[] = {
	"mr", "mrs", "ms", "miss", "dr", "prof", "capt", "sir", "col", "gen",
	"cmdr", "lt", "rabbi", "father", "brother", "sister", "hon",
	"honorable", "reverend", "rev", "doctor", NULL
};
/* The shortest and the longest of them. */
#define TITLE_MIN	2
#define TITLE_MAX	9

static void grow(struct ot_norm_ctx *ctx, size_t n)
{
	if (n <= ctx->cpcap)
		return;
	ctx->cp = reallocarray(ctx->cp, n, sizeof(*ctx->cp));
	if (ctx->cp == NULL)
		err(1, NULL);
	ctx->cpcap = n;
}

/* trim(), NFD, remove combining marks: the code points of
 * AttributeUtilities.normalizeDiacritics(); -1 on malformed UTF-8. */
static ssize_t strip_diacritics(struct ot_norm_ctx *ctx, const char *s,
    size_t len)
{
	size_t i, n = 0;
	utf8proc_ssize_t r;
	bool ascii = true;

	j_trim(&s, &len);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80) {
			ascii = false;
			break;
		}
	if (ascii) {
		grow(ctx, len + 1);
		for (i = 0; i < len; i++)
			ctx->cp[i] = (unsigned char)s[i];
		return (ssize_t)len;
	}
	for (;;) {
		r = utf8proc_decompose((const utf8proc_uint8_t *)s,
		    (utf8proc_ssize_t)len, (utf8proc_int32_t *)ctx->cp,
		    (utf8proc_ssize_t)ctx->cpcap, UTF8PROC_DECOMPOSE);
		if (r < 0)
			return -1;
		if ((size_t)r <= ctx->cpcap)
			break;
		grow(ctx, (size_t)r + 1);
	}
	for (i = 0; i < (size_t)r; i++) {
		switch (utf8proc_category((utf8proc_int32_t)ctx->cp[i])) {
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC:
		case UTF8PROC_CATEGORY_ME:
			break;
		default:
			ctx->cp[n++] = ctx->cp[i];
		}
	}
	return (ssize_t)n;
}

static bool ascii_ieq(const uint32_t *cp, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t c = cp[i];

		if (word[i] == '\0')
			return false;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != (unsigned char)word[i])
			return false;
	}
	return word[n] == '\0';
}

/* Length of the title `(?i)^(mr|...)\.?\s+` at the start of cp, or 0. */
static size_t title_len(const uint32_t *cp, size_t n)
{
	const char *const *t;
	size_t i, lim = n < TITLE_MAX + 2 ? n : TITLE_MAX + 2;

	/* a title, then an optional '.', is followed by a space at index
	 * TITLE_MIN to TITLE_MAX + 1: most names have none there */
	for (i = TITLE_MIN; i < lim && !j_is_space(cp[i]); i++)
		;
	if (i >= lim)
		return 0;
	for (t = titles; *t != NULL; t++) {
		size_t k = strlen(*t), j;

		if (k > n || !ascii_ieq(cp, k, *t))
			continue;
		j = k;
		if (j < n && cp[j] == '.' && j + 1 < n && j_is_space(cp[j + 1]))
			j++;
		if (j >= n || !j_is_space(cp[j]))
			continue;
		while (j < n && j_is_space(cp[j]))
			j++;
		return j;
	}
	return 0;
}

/* jr\.?|junior|sr\.?|senior|I{1,3}|IV|V|VI{0,3}|IX|X|\d+(st|nd|rd|th) */
static bool is_suffix(const uint32_t *cp, size_t n)
{
	static const char *const words[] = {
		"jr", "jr.", "junior", "sr", "sr.", "senior", "i", "ii", "iii",
		"iv", "v", "vi", "vii", "viii", "ix", "x", NULL
	};
	static const char *const ordinals[] = { "st", "nd", "rd", "th", NULL };
	const char *const *w;
	size_t d = 0;

	for (w = words; *w != NULL; w++)
		if (ascii_ieq(cp, n, *w))
			return true;
	while (d < n && j_is_digit(cp[d]))
		d++;
	if (d == 0 || n - d != 2)
		return false;
	for (w = ordinals; *w != NULL; w++)
		if (ascii_ieq(cp + d, 2, *w))
			return true;
	return false;
}

/* replaceAll of `(?i)\s+(suffix)$`: the new length of cp, the part after
 * the match (a final line terminator) moved down. */
static size_t remove_suffix(uint32_t *cp, size_t n)
{
	size_t e = n - j_final_terminator(cp, n), q = e, p;

	while (q > 0 && !j_is_space(cp[q - 1]))
		q--;
	if (q == 0 || !is_suffix(cp + q, e - q))
		return n;
	p = q - 1;
	while (p > 0 && j_is_space(cp[p - 1]))
		p--;
	memmove(cp + p, cp + e, (n - e) * sizeof(*cp));
	return p + (n - e);
}

/* replaceAll of `\s[^\s]\.?$`, the leftmost match winning. */
static size_t remove_initial(uint32_t *cp, size_t n)
{
	size_t t = j_final_terminator(cp, n) == 1 ? 1 : 0;
	size_t p, end;

	for (p = n >= 4 ? n - 4 : 0; p + 2 <= n; p++) {
		if (!j_is_space(cp[p]) || j_is_space(cp[p + 1]))
			continue;
		if (p + 2 == n)
			end = n;
		else if (p + 3 == n && cp[p + 2] == '.')
			end = n;
		else if (t && p + 2 == n - 1)
			end = n - 1;
		else if (t && p + 3 == n - 1 && cp[p + 2] == '.')
			end = n - 1;
		else
			continue;
		memmove(cp + p, cp + end, (n - end) * sizeof(*cp));
		return p + (n - end);
	}
	return n;
}

static size_t keep_letters(const uint32_t *cp, size_t n, char *out,
    size_t cap)
{
	size_t i, k = 0;

	for (i = 0; i < n && k < cap; i++)
		if (j_is_alpha(cp[i]))
			out[k++] = (char)cp[i];
	return k;
}

static size_t outcap(size_t len)
{
	return len > OT_NORM_MIN_OUT ? len : OT_NORM_MIN_OUT;
}

/* The raw value is checked against the placeholders before normalizing. */
static enum ot_reason raw_check(const char *in, size_t len)
{
	if (j_is_blank(in, len))
		return OT_R_EMPTY;
	if (j_in_list_ignore_case(in, len, ot_placeholder_names))
		return OT_R_NAME_PLACEHOLDER;
	return OT_VALID;
}

enum ot_reason ot_norm_first_name(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	enum ot_reason why;
	ssize_t r;
	size_t n, k;
	uint32_t *cp;

	if ((why = raw_check(in, len)) != OT_VALID)
		return why;
	/* malformed UTF-8, which the CSV reader never hands on */
	if ((r = strip_diacritics(ctx, in, len)) < 0)
		return OT_R_NAME_EMPTY;
	cp = ctx->cp;
	n = (size_t)r;
	k = title_len(cp, n);
	if (k > 0 && k < n) {
		memmove(cp, cp + k, (n - k) * sizeof(*cp));
		n -= k;
	}
	k = remove_suffix(cp, n);
	if (k > 0)
		n = k;
	n = remove_initial(cp, n);
	*outlen = keep_letters(cp, n, out, outcap(len));
	if (*outlen == 0)
		return OT_R_NAME_EMPTY;
	if (j_in_list_ignore_case(out, *outlen, ot_placeholder_names))
		return OT_R_NAME_PLACEHOLDER;
	return OT_VALID;
}

static bool is_vowel(char c)
{
	return strchr("aeiouAEIOU", c) != NULL;
}

/* LAST_NAME_REGEX on a value of ASCII letters only. */
static bool last_name_shape(const char *s, size_t n)
{
	if (n >= 3)
		return true;
	if (n != 2)
		return false;
	return (!is_vowel(s[0]) && is_vowel(s[1])) ||
	    (is_vowel(s[0]) && !is_vowel(s[1])) ||
	    (is_vowel(s[0]) && is_vowel(s[1])) ||
	    ((s[0] == 'N' || s[0] == 'n') && (s[1] == 'G' || s[1] == 'g'));
}

enum ot_reason ot_norm_last_name(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	enum ot_reason why;
	ssize_t r;
	size_t n, k;

	if ((why = raw_check(in, len)) != OT_VALID)
		return why;
	if ((r = strip_diacritics(ctx, in, len)) < 0)
		return OT_R_NAME_EMPTY;
	n = (size_t)r;
	k = remove_suffix(ctx->cp, n);
	if (k > 0)
		n = k;
	n = remove_suffix(ctx->cp, n);
	*outlen = keep_letters(ctx->cp, n, out, outcap(len));
	if (*outlen == 0)
		return OT_R_NAME_EMPTY;
	if (*outlen == 1)
		return OT_R_LASTNAME_PATTERN;
	if (j_in_list_ignore_case(out, *outlen, ot_placeholder_names))
		return OT_R_NAME_PLACEHOLDER;
	if (!last_name_shape(out, *outlen))
		return OT_R_LASTNAME_PATTERN;
	return OT_VALID;
}
