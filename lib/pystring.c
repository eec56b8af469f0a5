#include "pystring.h"

#include <string.h>
#include <utf8proc.h>

bool py_is_space_slow(uint32_t c)
{
	switch (c) {
	case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202f: case 0x205f: case 0x3000:
		return true;
	default:
		return c >= 0x2000 && c <= 0x200a;
	}
}

/* Digits utf8proc's Unicode (15.0) has and CPython 3.11's (14.0) not. */
static bool newer_digit(uint32_t c)
{
	return (c >= 0x11f50 && c <= 0x11f59) ||
	    (c >= 0x1e4f0 && c <= 0x1e4f9);
}

bool py_is_digit_slow(uint32_t c)
{
	return utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_ND &&
	    !newer_digit(c);
}

/* Unicode encodes decimal digits in runs of complete sets 0 to 9, so a
 * digit's value is its distance from the start of its run, modulo 10. */
int py_digit_value(uint32_t c)
{
	uint32_t s = c;

	if (c < 0x80)
		return (int)(c - '0');
	while (s > 0 && utf8proc_category((utf8proc_int32_t)(s - 1)) ==
	    UTF8PROC_CATEGORY_ND)
		s--;
	return (int)((c - s) % 10);
}

bool py_icase_eq(uint32_t c, int a)
{
	if (c == (uint32_t)a)
		return true;
	a |= 0x20;
	if (c < 0x80)
		return (int)(c | 0x20) == a && a >= 'a' && a <= 'z';
	switch (c) {
	case 0x130: case 0x131:
		return a == 'i';
	case 0x17f:
		return a == 's';
	case 0x212a:
		return a == 'k';
	default:
		return false;
	}
}

int32_t py_next_slow(const char *s, size_t len, size_t *i)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k;

	k = utf8proc_iterate((const utf8proc_uint8_t *)s + *i,
	    (utf8proc_ssize_t)(len - *i), &c);
	if (k <= 0) {
		(*i)++;
		return -1;
	}
	*i += (size_t)k;
	return c;
}

/* The length of the code point ending at s[n - 1]. */
static size_t last_len(const char *s, size_t n)
{
	size_t k = 1;

	while (k < n && k < 4 && ((unsigned char)s[n - k] & 0xc0) == 0x80)
		k++;
	return k;
}

void py_strip_slow(const char **s, size_t *len)
{
	const char *p = *s;
	size_t n = *len, i, k;

	for (;;) {
		i = 0;
		if (n == 0 || !py_is_space((uint32_t)py_next(p, n, &i)))
			break;
		p += i;
		n -= i;
	}
	while (n > 0) {
		k = last_len(p, n);
		i = n - k;
		if (!py_is_space((uint32_t)py_next(p, n, &i)))
			break;
		n -= k;
	}
	*s = p;
	*len = n;
}

bool py_is_blank(const char *s, size_t len)
{
	py_strip(&s, &len);
	return len == 0;
}

bool py_lower_equals(const char *s, size_t len, const char *ascii)
{
	size_t i = 0;

	for (; *ascii != '\0'; ascii++) {
		int a = (unsigned char)*ascii;
		int32_t c;

		if (i >= len)
			return false;
		c = py_next(s, len, &i);
		if (c == a)
			continue;
		/* str.lower() makes an ASCII letter only of ASCII letters
		 * and U+212A KELVIN SIGN */
		if (c == 0x212a ? (a | 0x20) != 'k' :
		    c >= 0x80 || !((c | 0x20) == (a | 0x20) &&
		    (a | 0x20) >= 'a' && (a | 0x20) <= 'z'))
			return false;
	}
	return i == len;
}

bool py_in_list_lower(const char *s, size_t len, const char *const *list)
{
	int c = len > 0 ? (unsigned char)s[0] : -1;

	for (; *list != NULL; list++) {
		/* most values differ from every entry in their first letter;
		 * only U+212A (in lead byte 0xe2) lowers to an ASCII 'k' */
		if (c >= 0 && c < 0x80 && (c | 0x20) != ((unsigned char)**list | 0x20) &&
		    c != (unsigned char)**list)
			continue;
		if (py_lower_equals(s, len, *list))
			return true;
	}
	return false;
}
