#include "person/pycase.h"
#include "pystring.h"

#include <string.h>

#include <utf8proc.h>

size_t py_upper(const char *s, size_t len, char *out)
{
	size_t i = 0, k, n = 0;
	const char *u;
	int32_t c;

	while (i < len) {
		unsigned char b = (unsigned char)s[i];

		if (b < 0x80) {
			out[n++] = b >= 'a' && b <= 'z' ? (char)(b - 32) : (char)b;
			i++;
			continue;
		}
		k = i;
		c = py_next_slow(s, len, &i);
		if (c >= 0 && (u = py_upper_of((uint32_t)c)) != NULL) {
			size_t m = strlen(u);

			memcpy(out + n, u, m);
			n += m;
		} else {
			memcpy(out + n, s + k, i - k);
			n += i - k;
		}
	}
	return n;
}

/* The next code point of s lowered as str.lower() does, into out (one
 * or two: U+0130 is "i" and a combining dot); their number, 0 at the
 * end. */
static int lower_next(const char *s, size_t len, size_t *i, int32_t out[2])
{
	int32_t c;

	if (*i >= len)
		return 0;
	c = py_next(s, len, i);
	if (c == 0x130) {
		out[0] = 'i';
		out[1] = 0x307;
		return 2;
	}
	out[0] = c < 0 ? c : utf8proc_tolower(c);
	return 1;
}

bool py_lower_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, k = 0;
	int32_t x[2], y[2];
	int nx = 0, ny = 0, px = 0, py = 0;

	for (;;) {
		if (px == nx) {
			nx = lower_next(a, alen, &i, x);
			px = 0;
		}
		if (py == ny) {
			ny = lower_next(b, blen, &k, y);
			py = 0;
		}
		if (nx == 0 || ny == 0)
			return nx == 0 && ny == 0;
		if (x[px++] != y[py++])
			return false;
	}
}
