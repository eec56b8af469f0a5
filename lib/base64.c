#include "base64.h"

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

static int value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long ot_b64_decode(const char *in, size_t n, unsigned char *out)
{
	unsigned long acc = 0;
	size_t i, k = 0, bits = 0, pad = 0;

	while (n > 0 && in[n - 1] == '=' && pad < 2) {
		n--;
		pad++;
	}
	if (pad > 0 && (n + pad) % 4 != 0)
		return -1;
	if (n % 4 == 1)
		return -1;
	for (i = 0; i < n; i++) {
		int v = value((unsigned char)in[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[k++] = (unsigned char)(acc >> bits);
			acc &= (1UL << bits) - 1;
		}
	}
	return (long)k;
}
