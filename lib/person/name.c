/*
 * FirstName and LastName, as FirstNameAttribute/LastNameAttribute: strip
 * diacritics (2.x: transliterate first; NFD, drop marks), titles,
 * generational suffixes and a trailing initial, keep [A-Za-z].  The
 * reference's regexes are evaluated by hand on code points, following
 * java.util.regex's rules for find() and '$', or Python re's (the
 * profile's strings: Unicode \s and \d, re.IGNORECASE's folds, '$'
 * before a final "\n" only, and str.strip() after each step).
 */
#include "person/validate.h"
#include "jstring.h"
#include "person/placeholders.h"
#include "pystring.h"

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

/* The steps below take the profile's language, py, as a constant: each
 * entry point is made twice, once for Java and once for Python, so that
 * neither pays a test a character for the other's rules. */
#define SPECIALIZED	static inline __attribute__((always_inline))

/* \s, (?i) and \d of the profile's regexes. */
static inline bool space(bool py, uint32_t c)
{
	return py ? py_is_space(c) : j_is_space(c);
}

static inline bool digit(bool py, uint32_t c)
{
	return py ? py_is_digit(c) : j_is_digit(c);
}

static inline bool icase_eq(bool py, uint32_t c, int a)
{
	if (py)
		return py_icase_eq(c, a);
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return c == (uint32_t)a;
}

static void grow(struct ot_norm_ctx *ctx, size_t n)
{
	if (n <= ctx->cpcap)
		return;
	ctx->cp = reallocarray(ctx->cp, n, sizeof(*ctx->cp));
	if (ctx->cp == NULL)
		err(1, NULL);
	ctx->cpcap = n;
}

/* 2.x: each code point of the table replaced by its letters, in
 * ctx->text; len is unchanged or smaller (two or three bytes become at
 * most two). */
static void transliterate(struct ot_norm_ctx *ctx, const char **s,
    size_t *len)
{
	const char *in = *s, *to;
	size_t i = 0, k, n = 0;
	int32_t c;

	if (ctx->textcap < *len) {
		free(ctx->text);
		if ((ctx->text = malloc(*len)) == NULL)
			err(1, NULL);
		ctx->textcap = *len;
	}
	while (i < *len) {
		k = i;
		c = py_next(in, *len, &i);
		if (c >= 0 && (to = ot_transliteration((uint32_t)c)) != NULL) {
			memcpy(ctx->text + n, to, strlen(to));
			n += strlen(to);
		} else {
			memcpy(ctx->text + n, in + k, i - k);
			n += i - k;
		}
	}
	*s = ctx->text;
	*len = n;
}

/* trim() (Java) or strip() (Python), the table (2.x), NFD, remove the
 * marks: the code points of AttributeUtilities.normalizeDiacritics();
 * -1 on malformed UTF-8. */
static ssize_t strip_diacritics(struct ot_norm_ctx *ctx, const char *s,
    size_t len)
{
	const struct ot_compat *co = ctx->compat;
	size_t i, n = 0;
	utf8proc_ssize_t r;
	bool ascii = true;

	if (co->strings == OT_STRINGS_PYTHON)
		py_strip(&s, &len);
	else
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
	if (co->transliterate)
		transliterate(ctx, &s, &len);
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
		case UTF8PROC_CATEGORY_MC:
		case UTF8PROC_CATEGORY_ME:
			if (co->all_marks)
				break;
			/* FALLTHROUGH */
		default:
			ctx->cp[n++] = ctx->cp[i];
			break;
		case UTF8PROC_CATEGORY_MN:
			break;
		}
	}
	return (ssize_t)n;
}

SPECIALIZED bool ieq(bool py, const uint32_t *cp, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (word[i] == '\0' ||
		    !icase_eq(py, cp[i], (unsigned char)word[i]))
			return false;
	}
	return word[n] == '\0';
}

/* str.strip() of the code points: the new length, cp moved down. */
static size_t cp_strip(uint32_t *cp, size_t n)
{
	size_t b = 0;

	while (n > 0 && py_is_space(cp[n - 1]))
		n--;
	while (b < n && py_is_space(cp[b]))
		b++;
	memmove(cp, cp + b, (n - b) * sizeof(*cp));
	return n - b;
}

/* Length of the title `(?i)^(mr|...)\.?\s+` (Python: `(?i)^\s*(...)...`)
 * at the start of cp, or 0. */
SPECIALIZED size_t title_len(bool py, const uint32_t *cp, size_t n)
{
	const char *const *t;
	size_t i, lim, b = 0;

	while (py && b < n && py_is_space(cp[b]))
		b++;
	/* a title, then an optional '.', is followed by a space at index
	 * TITLE_MIN to TITLE_MAX + 1: most names have none there */
	lim = n - b < TITLE_MAX + 2 ? n - b : TITLE_MAX + 2;
	for (i = TITLE_MIN; i < lim && !space(py, cp[b + i]); i++)
		;
	if (i >= lim)
		return 0;
	cp += b;
	n -= b;
	for (t = titles; *t != NULL; t++) {
		size_t k = strlen(*t), j;

		if (k > n || !ieq(py, cp, k, *t))
			continue;
		j = k;
		if (j < n && cp[j] == '.' && j + 1 < n && space(py, cp[j + 1]))
			j++;
		if (j >= n || !space(py, cp[j]))
			continue;
		while (j < n && space(py, cp[j]))
			j++;
		return b + j;
	}
	return 0;
}

/* jr\.?|junior|sr\.?|senior|I{1,3}|IV|V|VI{0,3}|IX|X|\d+(st|nd|rd|th) */
SPECIALIZED bool is_suffix(bool py, const uint32_t *cp, size_t n)
{
	static const char *const words[] = {
		"jr", "jr.", "junior", "sr", "sr.", "senior", "i", "ii", "iii",
		"iv", "v", "vi", "vii", "viii", "ix", "x", NULL
	};
	static const char *const ordinals[] = { "st", "nd", "rd", "th", NULL };
	const char *const *w;
	size_t d = 0;

	for (w = words; *w != NULL; w++)
		if (ieq(py, cp, n, *w))
			return true;
	while (d < n && digit(py, cp[d]))
		d++;
	if (d == 0 || n - d != 2)
		return false;
	for (w = ordinals; *w != NULL; w++)
		if (ieq(py, cp + d, 2, *w))
			return true;
	return false;
}

/* The length of the final line terminator that '$' may match before. */
SPECIALIZED size_t final_terminator(bool py, const uint32_t *cp, size_t n)
{
	if (py)
		return n > 0 && cp[n - 1] == '\n';
	return j_final_terminator(cp, n);
}

/* replaceAll of `(?i)\s+(suffix)$`: the new length of cp, the part after
 * the match (a final line terminator) moved down. */
SPECIALIZED bool find_suffix(bool py, const uint32_t *cp, size_t n,
    size_t *p, size_t *e)
{
	size_t q;

	*e = n - final_terminator(py, cp, n);
	q = *e;
	while (q > 0 && !space(py, cp[q - 1]))
		q--;
	if (q == 0 || !is_suffix(py, cp + q, *e - q))
		return false;
	*p = q - 1;
	while (*p > 0 && space(py, cp[*p - 1]))
		(*p)--;
	return true;
}

/* Cut cp[p..e) out of cp[0..n); the new length. */
static inline size_t cut(uint32_t *cp, size_t n, size_t p, size_t e)
{
	memmove(cp + p, cp + e, (n - e) * sizeof(*cp));
	return p + (n - e);
}

SPECIALIZED size_t remove_suffix(bool py, uint32_t *cp, size_t n)
{
	size_t p, e;

	return find_suffix(py, cp, n, &p, &e) ? cut(cp, n, p, e) : n;
}

/* Python: whether cutting cp[p..e) leaves only white space. */
static bool blank_but(const uint32_t *cp, size_t n, size_t p, size_t e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((i < p || i >= e) && !py_is_space(cp[i]))
			return false;
	return true;
}

/* Whether '$' matches at q in cp[0..n), given the length t of its final
 * line terminator: at the end, or just before that terminator. */
static inline bool dollar(size_t n, size_t t, size_t q)
{
	return q == n || (t > 0 && q + t == n);
}

/* replaceAll of `\s[^\s]\.?$`, the leftmost match winning. */
SPECIALIZED size_t remove_initial(bool py, uint32_t *cp, size_t n)
{
	size_t t = final_terminator(py, cp, n), p, q;

	for (p = n >= 5 ? n - 5 : 0; p + 2 <= n; p++) {
		if (!space(py, cp[p]) || space(py, cp[p + 1]))
			continue;
		q = p + 2;
		if (q < n && cp[q] == '.' && dollar(n, t, q + 1))
			q++;
		else if (!dollar(n, t, q))
			continue;
		memmove(cp + p, cp + q, (n - q) * sizeof(*cp));
		return p + (n - q);
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

/* The raw value is checked against the placeholders before normalizing
 * (Java: isBlank(), equalsIgnoreCase(); Python: strip(), lower()). */
SPECIALIZED enum ot_reason raw_check(bool py, const char *in, size_t len)
{
	if (py ? py_is_blank(in, len) : j_is_blank(in, len))
		return OT_R_EMPTY;
	if (py ? py_in_list_lower(in, len, ot_placeholder_names) :
	    j_in_list_ignore_case(in, len, ot_placeholder_names))
		return OT_R_NAME_PLACEHOLDER;
	return OT_VALID;
}

SPECIALIZED enum ot_reason first_name(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen, bool py)
{
	enum ot_reason why;
	ssize_t r;
	size_t n, k, p, e;
	uint32_t *cp;

	if ((why = raw_check(py, in, len)) != OT_VALID)
		return why;
	/* malformed UTF-8, which the CSV reader never hands on */
	if ((r = strip_diacritics(ctx, in, len)) < 0)
		return OT_R_NAME_EMPTY;
	cp = ctx->cp;
	n = (size_t)r;
	k = title_len(py, cp, n);
	if (py) {
		/* each step's result stripped, and taken when not empty */
		if (!blank_but(cp, n, 0, k))
			n = cp_strip(cp, cut(cp, n, 0, k));
		if (!find_suffix(py, cp, n, &p, &e)) {
			if ((k = cp_strip(cp, n)) > 0)
				n = k;
		} else if (!blank_but(cp, n, p, e))
			n = cp_strip(cp, cut(cp, n, p, e));
		n = cp_strip(cp, remove_initial(py, cp, n));
	} else {
		if (k > 0 && k < n) {
			memmove(cp, cp + k, (n - k) * sizeof(*cp));
			n -= k;
		}
		k = remove_suffix(py, cp, n);
		if (k > 0)
			n = k;
		n = remove_initial(py, cp, n);
	}
	*outlen = keep_letters(cp, n, out, OT_NORM_MAX(len));
	if (*outlen == 0)
		return OT_R_NAME_EMPTY;
	if (j_in_list_ignore_case(out, *outlen, ot_placeholder_names))
		return OT_R_NAME_PLACEHOLDER;
	return OT_VALID;
}

enum ot_reason ot_norm_first_name(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	if (ctx->compat->strings == OT_STRINGS_PYTHON)
		return first_name(ctx, in, len, out, outlen, true);
	return first_name(ctx, in, len, out, outlen, false);
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

SPECIALIZED enum ot_reason last_name(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen, bool py)
{
	enum ot_reason why;
	ssize_t r;
	size_t n, k, p, e;
	int pass;
	uint32_t *cp;

	if ((why = raw_check(py, in, len)) != OT_VALID)
		return why;
	if ((r = strip_diacritics(ctx, in, len)) < 0)
		return OT_R_NAME_EMPTY;
	n = (size_t)r;
	cp = ctx->cp;
	if (py) {
		/* each pass (Python's one) taken when its result is not blank */
		for (pass = 0; pass < ctx->compat->last_name_passes; pass++)
			if (find_suffix(py, cp, n, &p, &e) &&
			    !blank_but(cp, n, p, e))
				n = cut(cp, n, p, e);
	} else {
		k = remove_suffix(py, cp, n);
		if (k > 0)
			n = k;
		if (ctx->compat->last_name_passes > 1)
			n = remove_suffix(py, cp, n);
	}
	*outlen = keep_letters(cp, n, out, OT_NORM_MAX(len));
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

enum ot_reason ot_norm_last_name(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	if (ctx->compat->strings == OT_STRINGS_PYTHON)
		return last_name(ctx, in, len, out, outlen, true);
	return last_name(ctx, in, len, out, outlen, false);
}
