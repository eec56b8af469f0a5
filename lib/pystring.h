/*
 * String predicates with the semantics of Python 3's str and re (str
 * patterns), the Python references' counterpart of jstring.h: \s and
 * str.strip() are the 29 code points str.isspace() names, \d is any
 * decimal digit (category Nd), (?i) also folds U+0130 and U+0131 to i,
 * U+017F to s and U+212A to k, str.lower() turns only U+212A among
 * non-ASCII code points into an ASCII letter, and '$' matches at the end
 * or before one final "\n" only.  The references ran on CPython 3.11,
 * whose Unicode is 14.0; utf8proc's newer digits are left out.
 */
#ifndef OT_PYSTRING_H
#define OT_PYSTRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool py_is_space_slow(uint32_t c);
bool py_is_digit_slow(uint32_t c);

/* str.isspace() of a code point, which re's \s is too (inline: ASCII
 * is the common case). */
static inline bool py_is_space(uint32_t c)
{
	if (c < 0x80)
		return c == ' ' || (c >= 0x09 && c <= 0x0d) ||
		    (c >= 0x1c && c <= 0x1f);
	return py_is_space_slow(c);
}

/* re's \d: a decimal digit (Nd) of Unicode 14. */
static inline bool py_is_digit(uint32_t c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9';
	return py_is_digit_slow(c);
}

/* The value 0-9 of a code point py_is_digit() accepts. */
int py_digit_value(uint32_t c);

/* Whether c matches the ASCII letter a under re.IGNORECASE. */
bool py_icase_eq(uint32_t c, int a);

/* The next code point of s[0..len) at *i, *i moved past it; -1 (and *i
 * moved by one byte) for malformed UTF-8. */
int32_t py_next_slow(const char *s, size_t len, size_t *i);

static inline int32_t py_next(const char *s, size_t len, size_t *i)
{
	if ((unsigned char)s[*i] < 0x80)
		return (unsigned char)s[(*i)++];
	return py_next_slow(s, len, i);
}

/* str.strip(): the bounds of s without leading and trailing
 * py_is_space() code points. */
void py_strip_slow(const char **s, size_t *len);

static inline void py_strip(const char **s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t n = *len;

	/* the common case: ASCII ends, no space at either */
	if (n > 0 && p[0] < 0x80 && p[n - 1] < 0x80 && !py_is_space(p[0]) &&
	    !py_is_space(p[n - 1]))
		return;
	py_strip_slow(s, len);
}

/* s.strip() == "". */
bool py_is_blank(const char *s, size_t len);

/* s.lower() == ascii.lower() for an ASCII string. */
bool py_lower_equals(const char *s, size_t len, const char *ascii);

/* True when s.lower() is one of the NULL-terminated list lowered. */
bool py_in_list_lower(const char *s, size_t len, const char *const *list);

#endif
