#include "base64.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

static const char std_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Each 12-bit value's two characters, in order in memory: half the
 * lookups of one character at a time, on every token. */
static uint16_t std_pairs[4096], url_pairs[4096];
/* Each byte's 6-bit value, or 64 for a byte outside the alphabet. */
static unsigned char std_values[256], url_values[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void init_alphabet(uint16_t *pairs, unsigned char *values,
    const char *alphabet)
{
	int i;

	for (i = 0; i < 4096; i++) {
		char two[2] = { alphabet[i >> 6], alphabet[i & 63] };

		memcpy(&pairs[i], two, 2);
	}
	memset(values, 64, 256);
	for (i = 0; i < 64; i++)
		values[(unsigned char)alphabet[i]] = (unsigned char)i;
}

static void init_tables(void)
{
	init_alphabet(std_pairs, std_values, std_alphabet);
	init_alphabet(url_pairs, url_values, url_alphabet);
}

static size_t encode(const unsigned char *in, size_t n, char *out,
    const char *alphabet, const uint16_t *pairs, int pad)
{
	size_t i, k = 0;

	pthread_once(&tables_once, init_tables);
	/* six bytes at a time from one load, while eight can be read (V1
	 * tokens are mostly base64url) */
	for (i = 0; i + 8 <= n; i += 6, k += 8) {
		uint64_t v;

		memcpy(&v, in + i, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		v = __builtin_bswap64(v);
#endif
		v >>= 16;
		memcpy(out + k, &pairs[v >> 36], 2);
		memcpy(out + k + 2, &pairs[(v >> 24) & 4095], 2);
		memcpy(out + k + 4, &pairs[(v >> 12) & 4095], 2);
		memcpy(out + k + 6, &pairs[v & 4095], 2);
	}
	for (; i + 2 < n; i += 3, k += 4) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
		    in[i + 2];

		memcpy(out + k, &pairs[v >> 12], 2);
		memcpy(out + k + 2, &pairs[v & 4095], 2);
	}
	if (i < n) {
		unsigned long v = (unsigned long)in[i] << 16;

		if (i + 1 < n)
			v |= (unsigned long)in[i + 1] << 8;
		out[k++] = alphabet[v >> 18];
		out[k++] = alphabet[(v >> 12) & 63];
		if (i + 1 < n)
			out[k++] = alphabet[(v >> 6) & 63];
		else if (pad)
			out[k++] = '=';
		if (pad)
			out[k++] = '=';
	}
	return k;
}

size_t ot_b64_encode(const unsigned char *in, size_t n, char *out)
{
	return encode(in, n, out, std_alphabet, std_pairs, 1);
}

size_t ot_b64url_encode(const unsigned char *in, size_t n, char *out)
{
	return encode(in, n, out, url_alphabet, url_pairs, 0);
}

/* The groups of four and the last two or three characters; with
 * canonical, bits past the last byte must be zero. */
static long decode(const unsigned char *p, size_t n, unsigned char *out,
    const unsigned char *values, int canonical)
{
	size_t i, k = 0;
	unsigned long v;

	if (n % 4 == 1)
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
		if (canonical && (i + 2 < n ? (v & 0xff) : (v & 0xffff)) != 0)
			return -1;
		out[k++] = (unsigned char)(v >> 16);
		if (i + 2 < n)
			out[k++] = (unsigned char)(v >> 8);
	}
	return (long)k;
}

static long decode_padded(const char *in, size_t n, unsigned char *out,
    int canonical)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t pad = 0;

	pthread_once(&tables_once, init_tables);
	while (n > 0 && p[n - 1] == '=' && pad < 2) {
		n--;
		pad++;
	}
	if ((pad > 0 || canonical) && (n + pad) % 4 != 0)
		return -1;
	return decode(p, n, out, std_values, canonical);
}

long ot_b64_decode(const char *in, size_t n, unsigned char *out)
{
	return decode_padded(in, n, out, 0);
}

long ot_b64_decode_canonical(const char *in, size_t n, unsigned char *out)
{
	return decode_padded(in, n, out, 1);
}

long ot_b64url_decode(const char *in, size_t n, unsigned char *out)
{
	pthread_once(&tables_once, init_tables);
	return decode((const unsigned char *)in, n, out, url_values, 1);
}
