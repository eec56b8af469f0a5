/*
 * String predicates with the semantics of java.lang.String and
 * java.util.regex, on UTF-8 bytes or on arrays of code points.  The
 * reference validates with Java regexes, where \s and \d are ASCII only,
 * trim() strips every char <= U+0020 and isBlank() uses
 * Character.isWhitespace(); matching it byte for byte needs these exactly.
 */
#ifndef OT_JSTRING_H
#define OT_JSTRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Java regex \s: [ \t\n\x0B\f\r]. */
static inline bool j_is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline bool j_is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static inline bool j_is_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline char j_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* Character.isWhitespace() of a code point. */
bool j_is_whitespace(int32_t c);

/* String.trim(): bounds of s without leading/trailing bytes <= 0x20
 * (inline: every part of every signature is trimmed). */
static inline void j_trim(const char **s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t n = *len;

	while (n > 0 && p[0] <= 0x20) {
		p++;
		n--;
	}
	while (n > 0 && p[n - 1] <= 0x20)
		n--;
	*s = (const char *)p;
	*len = n;
}

/* Strip leading and trailing Java \s only. */
void j_strip_space(const char **s, size_t *len);

/* String.isBlank(): empty or only Character.isWhitespace() code points. */
bool j_is_blank(const char *s, size_t len);

/* String.equalsIgnoreCase() against an ASCII string. */
bool j_equals_ignore_case(const char *s, size_t len, const char *ascii);

/* True when s equals one of the NULL-terminated list, ignoring case. */
bool j_in_list_ignore_case(const char *s, size_t len, const char *const *list);

/* Java regex '$' without MULTILINE also matches before one final line
 * terminator: the length of that terminator at the end of cp, or 0. */
size_t j_final_terminator(const uint32_t *cp, size_t n);

#endif
