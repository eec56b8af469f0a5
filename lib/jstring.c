#include "jstring.h"

#include <string.h>
#include <utf8proc.h>

void j_strip_space(const char **s, size_t *len)
{
	const char *p = *s;
	size_t n = *len;

	while (n > 0 && j_is_space((unsigned char)p[0])) {
		p++;
		n--;
	}
	while (n > 0 && j_is_space((unsigned char)p[n - 1]))
		n--;
	*s = p;
	*len = n;
}

/* Unicode space separators except the no-break ones, line/paragraph
 * separators, and the ASCII controls 9-13, 28-31. */
bool j_is_whitespace(int32_t c)
{
	if (c < 0x80)
		return c == ' ' || (c >= 0x09 && c <= 0x0d) ||
		    (c >= 0x1c && c <= 0x1f);
	if (c == 0x00a0 || c == 0x2007 || c == 0x202f)
		return false;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return true;
	default:
		return false;
	}
}

bool j_is_blank(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)len;

	while (n > 0) {
		int32_t c;
		utf8proc_ssize_t k;

		if (*p < 0x80) {
			if (!j_is_whitespace(*p))
				return false;
			p++;
			n--;
			continue;
		}
		k = utf8proc_iterate(p, n, &c);

		if (k <= 0)
			return false;
		if (!j_is_whitespace(c))
			return false;
		p += k;
		n -= k;
	}
	return true;
}

/* Java compares UTF-16 units after toUpperCase, then toLowerCase of those;
 * non-ASCII letters such as U+0131 or U+212A can equal ASCII ones. */
/* Two ASCII characters equal ignoring case (the letters only). */
static inline bool ascii_eq_ignore_case(int c, int a)
{
	return c == a || ((c | 0x20) == (a | 0x20) && (a | 0x20) >= 'a' &&
	    (a | 0x20) <= 'z');
}

bool j_equals_ignore_case(const char *s, size_t len, const char *ascii)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)len;

	for (; *ascii != '\0'; ascii++) {
		int32_t c, a = (unsigned char)*ascii, uc, ua;
		utf8proc_ssize_t k;

		if (n <= 0)
			return false;
		if (*p < 0x80) {
			c = *p;
			if (ascii_eq_ignore_case(c, a)) {
				p++;
				n--;
				continue;
			}
			return false;
		} else {
			k = utf8proc_iterate(p, n, &c);
			if (k <= 0 || c > 0xffff)
				return false;
		}
		p += k;
		n -= k;
		if (c == a)
			continue;
		uc = utf8proc_toupper(c);
		ua = utf8proc_toupper(a);
		if (uc == ua)
			continue;
		if (utf8proc_tolower(uc) == utf8proc_tolower(ua))
			continue;
		return false;
	}
	return n == 0;
}

bool j_in_list_ignore_case(const char *s, size_t len, const char *const *list)
{
	int c = len > 0 ? (unsigned char)s[0] : -1;

	for (; *list != NULL; list++) {
		/* the first test of j_equals_ignore_case(), without the call:
		 * most names differ from every entry in their first letter */
		if (c >= 0 && c < 0x80 &&
		    !ascii_eq_ignore_case(c, (unsigned char)**list))
			continue;
		if (j_equals_ignore_case(s, len, *list))
			return true;
	}
	return false;
}

size_t j_final_terminator(const uint32_t *cp, size_t n)
{
	if (n == 0)
		return 0;
	switch (cp[n - 1]) {
	case '\n':
		return (n >= 2 && cp[n - 2] == '\r') ? 2 : 1;
	case '\r':
	case 0x85:
	case 0x2028:
	case 0x2029:
		return 1;
	default:
		return 0;
	}
}
