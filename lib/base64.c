#include "base64.h"

#include <string.h>

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t ot_b64_encode(const unsigned char *in, size_t n, char *out)
{
	size_t i, k = 0;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned long v = (unsigned long)in[i] << 16 | in[i + 1] << 8 |
		    in[i + 2];

		out[k++] = alphabet[v >> 18];
		out[k++] = alphabet[(v >> 12) & 63];
		out[k++] = alphabet[(v >> 6) & 63];
		out[k++] = alphabet[v & 63];
	}
	if (i < n) {
		unsigned long v = (unsigned long)in[i] << 16;

		if (i + 1 < n)
			v |= (unsigned long)in[i + 1] << 8;
		out[k++] = alphabet[v >> 18];
		out[k++] = alphabet[(v >> 12) & 63];
		out[k++] = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
		out[k++] = '=';
	}
	return k;
}

/* Each byte's 6-bit value, or 64 for a byte outside the alphabet. */
static unsigned char values[256];

static void init_values(void)
{
	int i;

	memset(values, 64, sizeof(values));
	for (i = 0; i < 64; i++)
		values[(unsigned char)alphabet[i]] = (unsigned char)i;
}

long ot_b64_decode(const char *in, size_t n, unsigned char *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i, k = 0, pad = 0;
	unsigned long v;

	if (values[0] == 0)
		init_values();
	while (n > 0 && p[n - 1] == '=' && pad < 2) {
		n--;
		pad++;
	}
	if ((pad > 0 && (n + pad) % 4 != 0) || n % 4 == 1)
		return -1;
	for (i = 0; i + 4 <= n; i += 4) {
		unsigned a = values[p[i]], b = values[p[i + 1]],
		    c = values[p[i + 2]], d = values[p[i + 3]];

		if ((a | b | c | d) & 64)
			return -1;
		v = (unsigned long)a << 18 | b << 12 | c << 6 | d;
		out[k++] = (unsigned char)(v >> 16);
		out[k++] = (unsigned char)(v >> 8);
		out[k++] = (unsigned char)v;
	}
	if (i < n) {	/* 2 or 3 characters left */
		unsigned a = values[p[i]], b = values[p[i + 1]],
		    c = i + 2 < n ? values[p[i + 2]] : 0;

		if ((a | b | c) & 64)
			return -1;
		v = (unsigned long)a << 18 | b << 12 | c << 6;
		out[k++] = (unsigned char)(v >> 16);
		if (i + 2 < n)
			out[k++] = (unsigned char)(v >> 8);
	}
	return (long)k;
}
