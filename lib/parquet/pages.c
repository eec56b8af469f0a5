/* Parquet pages: headers, decompression, levels and values, into text. */
#include "parquet.h"
#include "grow.h"
#include "thrift.h"

#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

/* A column chunk or a page larger than this is refused. */
/* A page of more values, or more bytes, than these is refused: writers
 * make pages of thousands of values and about a megabyte (the values
 * bound is old pyarrow's largest row group). */
#define PAGE_VALUES_MAX	(1 << 26)
#define PAGE_BYTES_MAX	(1 << 28)
/* A page header (with its statistics) larger than this is refused. */
#define PAGE_HEADER_MAX	(1 << 24)

enum { P_DATA = 0, P_DICT = 2, P_DATA2 = 3 };
enum { E_PLAIN = 0, E_PLAIN_DICT = 2, E_RLE = 3, E_DELTA = 5,
	E_DELTA_LENGTH = 6, E_DELTA_BYTES = 7, E_RLE_DICT = 8,
	E_STREAM_SPLIT = 9 };
enum { C_NONE = 0, C_SNAPPY = 1, C_GZIP = 2, C_ZSTD = 6 };

struct page {
	int type;
	int32_t usize, csize;
	int32_t nvalues, encoding, def_len, rep_len;
	bool compressed;
};

/* A column being decoded: its dictionary, as text. */
struct dict {
	int64_t n;
	uint64_t *off;
	uint32_t *len;
	char *text;
	size_t textlen, textcap;
};

/* One page's values, decoded: value i is len[i] bytes at ref[i] (in the
 * page or the dictionary, which outlive it; a null is empty).  A value
 * made here is at text + off[i] until the page is decoded (text grows),
 * its ref NULL till then. */
struct pq_values {
	int64_t n;
	const char **ref;
	uint64_t *off;
	uint32_t *len;
	char *text;
	size_t textlen, textcap;
	bool made;		/* a value is in text */
	/* scratch of the page's decoding; all these arrays hold cap */
	int64_t *slots;
	uint32_t *def, *idx;
	size_t cap;
};

struct ctx {
	struct pq_file *f;
	const struct pq_column *col;
	int group;
	const char *err;
	char why[160];
};

static int bad(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->err == NULL) {
		va_start(ap, fmt);
		vsnprintf(c->why, sizeof(c->why), fmt, ap);
		va_end(ap);
		c->err = c->why;
	}
	return -1;
}

static int page_header(struct ctx *c, const uint8_t *p, size_t n,
    struct page *pg, size_t *hlen)
{
	struct tc t;
	int16_t id, id2;
	int ty, ty2;

	memset(pg, 0, sizeof(*pg));
	pg->type = -1;
	pg->compressed = true;
	tc_init(&t, p, n);
	tc_begin(&t);
	while (tc_field(&t, &id, &ty)) {
		if (id == 1)
			pg->type = (int)tc_int(&t, ty);
		else if (id == 2)
			pg->usize = (int32_t)tc_int(&t, ty);
		else if (id == 3)
			pg->csize = (int32_t)tc_int(&t, ty);
		else if ((id == 5 || id == 7 || id == 8) && ty == TC_STRUCT) {
			tc_begin(&t);
			while (tc_field(&t, &id2, &ty2)) {
				if (id2 == 1)
					pg->nvalues = (int32_t)tc_int(&t, ty2);
				else if (id2 == 2 && id != 8)
					pg->encoding = (int32_t)tc_int(&t, ty2);
				else if (id2 == 4 && id == 8)
					pg->encoding = (int32_t)tc_int(&t, ty2);
				else if (id2 == 5 && id == 8)
					pg->def_len = (int32_t)tc_int(&t, ty2);
				else if (id2 == 6 && id == 8)
					pg->rep_len = (int32_t)tc_int(&t, ty2);
				else if (id2 == 7 && id == 8)
					pg->compressed = tc_bool(&t, ty2);
				else
					tc_skip(&t, ty2);
			}
		} else
			tc_skip(&t, ty);
	}
	if (t.err != NULL)
		return bad(c, "page header: %s", t.err);
	if (pg->usize < 0 || pg->csize < 0 || pg->nvalues < 0 ||
	    pg->def_len < 0 || pg->rep_len < 0)
		return bad(c, "page header: a negative size");
	*hlen = (size_t)(t.p - p);
	return 0;
}

/* Decompress n bytes of in into out (usize bytes, exactly). */
static int inflate_page(struct ctx *c, int codec, const uint8_t *in, size_t n,
    uint8_t *out, size_t usize)
{
	size_t got = usize;

	switch (codec) {
	case C_NONE:
		if (n != usize)
			return bad(c, "an uncompressed page of the wrong size");
		memcpy(out, in, n);
		return 0;
	case C_SNAPPY:
		if (snappy_uncompressed_length((const char *)in, n, &got) !=
		    SNAPPY_OK || got != usize ||
		    snappy_uncompress((const char *)in, n, (char *)out, &got) !=
		    SNAPPY_OK || got != usize)
			return bad(c, "SNAPPY: corrupt page");
		return 0;
	case C_GZIP: {
		z_stream z;
		int r;

		memset(&z, 0, sizeof(z));
		if (inflateInit2(&z, 15 + 32) != Z_OK)
			return bad(c, "GZIP: %s", z.msg ? z.msg : "no memory");
		z.next_in = (Bytef *)(uintptr_t)in;
		z.avail_in = (uInt)n;
		z.next_out = out;
		z.avail_out = (uInt)usize;
		r = inflate(&z, Z_FINISH);
		inflateEnd(&z);
		if (r != Z_STREAM_END || z.total_out != usize)
			return bad(c, "GZIP: corrupt page");
		return 0;
	}
	case C_ZSTD:
		got = ZSTD_decompress(out, usize, in, n);
		if (ZSTD_isError(got) || got != usize)
			return bad(c, "ZSTD: %s", ZSTD_isError(got) ?
			    ZSTD_getErrorName(got) : "a page of the wrong size");
		return 0;
	default:
		return bad(c, "codec %d not supported (UNCOMPRESSED, SNAPPY, "
		    "GZIP and ZSTD are)", codec);
	}
}

/* The RLE / bit-packed hybrid: n values of width bits into out. */
static int hybrid(struct ctx *c, const uint8_t *p, size_t len, int width,
    uint32_t *out, int64_t n)
{
	const uint8_t *end = p + len;
	int64_t k = 0;
	int bytes = (width + 7) / 8, i;

	if (width < 0 || width > 32)
		return bad(c, "a bit width of %d", width);
	while (k < n) {
		uint64_t h = 0;
		int shift = 0;

		do {
			if (p >= end || shift > 35)
				return bad(c, "levels or indices cut short");
			h |= (uint64_t)(*p & 0x7f) << shift;
			shift += 7;
		} while (*p++ & 0x80);
		if (h & 1) {		/* bit-packed groups of 8 */
			uint64_t groups = h >> 1, total, j, acc = 0;
			const uint8_t *q = p;
			uint32_t mask = width == 32 ? 0xffffffffu :
			    ((uint32_t)1 << width) - 1;
			int bits = 0;

			if (groups * (uint64_t)width > (uint64_t)(end - p))
				return bad(c, "levels or indices cut short");
			total = groups * 8;
			for (j = 0; j < total; j++) {
				while (bits < width) {
					acc |= (uint64_t)*q++ << bits;
					bits += 8;
				}
				if (k < n)
					out[k++] = (uint32_t)acc & mask;
				acc >>= width;
				bits -= width;
			}
			p += groups * (uint64_t)width;
		} else {		/* a run of one value */
			uint64_t run = h >> 1;
			uint32_t v = 0;

			if (end - p < bytes)
				return bad(c, "levels or indices cut short");
			for (i = 0; i < bytes; i++)
				v |= (uint32_t)p[i] << (8 * i);
			p += bytes;
			if (run == 0)
				return bad(c, "a run of no values");
			while (run-- > 0 && k < n)
				out[k++] = v;
		}
	}
	return 0;
}

static void ref_text(struct pq_values *v, int64_t r, const char *s, size_t n)
{
	v->ref[r] = s;
	v->len[r] = (uint32_t)n;
}

/* Room for n values in each array (reused from page to page: a page's
 * arrays are never zeroed, every value's entries are written). */
static void values_reserve(struct pq_values *v, size_t n)
{
	if (n + 1 <= v->cap)
		return;
	v->cap = n + 1;
	if ((v->ref = reallocarray(v->ref, v->cap, sizeof(*v->ref))) == NULL ||
	    (v->off = reallocarray(v->off, v->cap, sizeof(*v->off))) == NULL ||
	    (v->len = reallocarray(v->len, v->cap, sizeof(*v->len))) == NULL ||
	    (v->slots = reallocarray(v->slots, v->cap, sizeof(*v->slots))) ==
	    NULL ||
	    (v->def = reallocarray(v->def, v->cap, sizeof(*v->def))) == NULL ||
	    (v->idx = reallocarray(v->idx, v->cap, sizeof(*v->idx))) == NULL)
		err(1, NULL);
}

static void add_text(struct pq_values *v, int64_t r, const char *s, size_t n)
{
	v->ref[r] = NULL;
	v->made = true;
	v->text = ot_grow(v->text, &v->textcap, v->textlen + n + 1, 1);
	memcpy(v->text + v->textlen, s, n);
	v->off[r] = v->textlen;
	v->len[r] = (uint32_t)n;
	v->textlen += n;
}

/* A time as the reference's birth-date parser reads one: to the
 * millisecond, the fraction only when there is one, in UTC; or only the
 * date.  Seconds are floor(x / per) and millis the rest, in ms. */
static int iso_time(struct ctx *c, char *buf, size_t n, int64_t x,
    int64_t per, int64_t offset, bool date)
{
	int64_t secs = x / per, rest = x % per;
	struct tm tm;
	time_t t;
	size_t k;

	if (rest < 0) {
		rest += per;
		secs--;
	}
	if ((offset > 0 && secs > INT64_MAX - offset) ||
	    (offset < 0 && secs < INT64_MIN - offset))
		return bad(c, "a date or time out of range");
	t = (time_t)(secs + offset);
	if (gmtime_r(&t, &tm) == NULL)
		return bad(c, "a date or time out of range");
	k = strftime(buf, n, date ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%S", &tm);
	if (date)
		return 0;
	if (rest != 0 && rest * 1000 / per != 0)
		k += (size_t)snprintf(buf + k, n - k, ".%03lld",
		    (long long)(rest * 1000 / per));
	snprintf(buf + k, n - k, "Z");
	return 0;
}

/* One PLAIN value of a fixed-width type, as text. */
static int plain_fixed(struct ctx *c, const uint8_t *p, char *buf, size_t n)
{
	int64_t x = 0, d;
	int32_t days;
	int i;

	switch (c->col->type) {
	case PQ_INT32:
		for (i = 0; i < 4; i++)
			x |= (int64_t)p[i] << (8 * i);
		x = (int32_t)(uint32_t)x;
		if (c->col->shape == PQ_DATE)
			return iso_time(c, buf, n, 0, 1, x * 86400, true);
		return snprintf(buf, n, "%lld", (long long)x), 0;
	case PQ_INT64:
		for (i = 0; i < 8; i++)
			x |= (int64_t)((uint64_t)p[i] << (8 * i));
		switch (c->col->shape) {
		case PQ_TS_MILLIS: d = 1000; break;
		case PQ_TS_MICROS: d = 1000000; break;
		case PQ_TS_NANOS: d = 1000000000; break;
		default:
			return snprintf(buf, n, "%lld", (long long)x), 0;
		}
		return iso_time(c, buf, n, x, d, 0, false);
	case PQ_INT96:
		for (i = 0; i < 8; i++)
			x |= (int64_t)((uint64_t)p[i] << (8 * i));
		days = (int32_t)((uint32_t)p[8] | (uint32_t)p[9] << 8 |
		    (uint32_t)p[10] << 16 | (uint32_t)p[11] << 24);
		/* nanoseconds of the day, then the Julian day; day 2440588
		 * is 1970-01-01 */
		return iso_time(c, buf, n, x, 1000000000,
		    ((int64_t)days - 2440588) * 86400, false);
	default:
		return bad(c, "type %s not supported", pq_type_name(c->col->type));
	}
}

static int width_of(int type)
{
	return type == PQ_INT32 ? 4 : type == PQ_INT64 ? 8 : type == PQ_INT96 ?
	    12 : 0;
}

/* Decode count PLAIN values from p (len bytes) into dst's slots. */
static int plain(struct ctx *c, const uint8_t *p, size_t len, int64_t count,
    int64_t *slots, struct pq_values *v, struct dict *dict)
{
	const uint8_t *end = p + len;
	char buf[64];
	int64_t i;
	int w = width_of(c->col->type);

	for (i = 0; i < count; i++) {
		const char *s = buf;
		size_t n;

		if (c->col->type == PQ_BYTE_ARRAY) {
			uint32_t l;

			if (end - p < 4)
				return bad(c, "values cut short");
			l = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
			    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
			p += 4;
			if (l > (size_t)(end - p))
				return bad(c, "a value past the page's end");
			s = (const char *)p;
			n = l;
			p += l;
		} else if (c->col->type == PQ_BOOLEAN) {
			if ((size_t)(i / 8) >= len)
				return bad(c, "values cut short");
			s = (p[i / 8] >> (i % 8)) & 1 ? "true" : "false";
			n = strlen(s);
		} else {
			if (end - p < w)
				return bad(c, "values cut short");
			if (plain_fixed(c, p, buf, sizeof(buf)) < 0)
				return -1;
			p += w;
			n = strlen(buf);
		}
		if (dict != NULL) {
			dict->text = ot_grow(dict->text, &dict->textcap,
			    dict->textlen + n + 1, 1);
			memcpy(dict->text + dict->textlen, s, n);
			dict->off[i] = dict->textlen;
			dict->len[i] = (uint32_t)n;
			dict->textlen += n;
		} else if (s != buf)
			ref_text(v, slots[i], s, n);
		else
			add_text(v, slots[i], s, n);
	}
	return 0;
}

static int uvarint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	int shift;

	*v = 0;
	for (shift = 0; shift < 64; shift += 7) {
		if (*p >= end)
			return -1;
		*v |= (uint64_t)(**p & 0x7f) << shift;
		if (!(*(*p)++ & 0x80))
			return 0;
	}
	return -1;
}

static int zvarint(const uint8_t **p, const uint8_t *end, int64_t *v)
{
	uint64_t u;

	if (uvarint(p, end, &u) < 0)
		return -1;
	*v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
	return 0;
}

/*
 * DELTA_BINARY_PACKED: exactly count integers from p (len bytes) into
 * out; *used is set to the bytes they took.  Arithmetic wraps, as the
 * format's writers' does.
 */
static int delta_packed(struct ctx *c, const uint8_t *p, size_t len,
    int64_t count, int64_t *out, size_t *used)
{
	const uint8_t *q = p, *end = p + len;
	uint64_t block, minis, total, per, m, j;
	int64_t first, min, k = 0;
	uint64_t cur;

	if (uvarint(&q, end, &block) < 0 || uvarint(&q, end, &minis) < 0 ||
	    uvarint(&q, end, &total) < 0 || zvarint(&q, end, &first) < 0)
		return bad(c, "DELTA_BINARY_PACKED: header cut short");
	if (block == 0 || block % 128 != 0 || block > 1 << 20 || minis == 0 ||
	    block % minis != 0 || (block / minis) % 32 != 0)
		return bad(c, "DELTA_BINARY_PACKED: blocks of %llu values in "
		    "%llu miniblocks", (unsigned long long)block,
		    (unsigned long long)minis);
	if (total != (uint64_t)count)
		return bad(c, "DELTA_BINARY_PACKED: %llu values where the page "
		    "has %lld", (unsigned long long)total, (long long)count);
	per = block / minis;
	cur = (uint64_t)first;
	if (count > 0)
		out[k++] = first;
	while (k < count) {
		const uint8_t *widths;

		if (zvarint(&q, end, &min) < 0 || (size_t)(end - q) < minis)
			return bad(c, "DELTA_BINARY_PACKED: block cut short");
		widths = q;
		q += minis;
		for (m = 0; m < minis && k < count; m++) {
			int w = widths[m];
			uint64_t bit = 0;

			if (w > 64)
				return bad(c, "DELTA_BINARY_PACKED: a bit width "
				    "of %d", w);
			if (per * (uint64_t)w / 8 > (uint64_t)(end - q))
				return bad(c, "DELTA_BINARY_PACKED: miniblock "
				    "cut short");
			for (j = 0; j < per && k < count; j++) {
				uint64_t d = 0;
				int i;

				for (i = 0; i < w; i++, bit++)
					d |= (uint64_t)((q[bit / 8] >> (bit % 8))
					    & 1) << i;
				cur += (uint64_t)min + d;
				out[k++] = (int64_t)cur;
			}
			q += per * (uint64_t)w / 8;
		}
	}
	*used = (size_t)(q - p);
	return 0;
}

/* One integer of the column's type as its text. */
static int int_text(struct ctx *c, int64_t x, char *buf, size_t n)
{
	uint8_t le[8];
	int i;

	for (i = 0; i < 8; i++)
		le[i] = (uint8_t)((uint64_t)x >> (8 * i));
	return plain_fixed(c, le, buf, n);
}

/* The delta encodings and the byte-stream split: count values into
 * v's slots. */
static int delta_values(struct ctx *c, int enc, const uint8_t *p, size_t len,
    int64_t count, const int64_t *slots, struct pq_values *v)
{
	const uint8_t *end = p + len;
	int64_t *a, *b = NULL, i;
	char buf[64], *cur = NULL;
	size_t used = 0, used2 = 0, curlen = 0, curcap = 0;
	int rc = -1;

	if ((a = calloc((size_t)count + 1, sizeof(*a))) == NULL)
		err(1, NULL);
	if (enc == E_DELTA) {
		if (c->col->type != PQ_INT32 && c->col->type != PQ_INT64) {
			bad(c, "DELTA_BINARY_PACKED for a %s column",
			    pq_type_name(c->col->type));
			goto out;
		}
		if (delta_packed(c, p, len, count, a, &used) < 0)
			goto out;
		for (i = 0; i < count; i++) {
			if (int_text(c, c->col->type == PQ_INT32 ?
			    (int32_t)a[i] : a[i], buf, sizeof(buf)) < 0)
				goto out;
			add_text(v, slots[i], buf, strlen(buf));
		}
		rc = 0;
		goto out;
	}
	if (c->col->type != PQ_BYTE_ARRAY) {
		bad(c, "encoding %d for a %s column", enc,
		    pq_type_name(c->col->type));
		goto out;
	}
	if (enc == E_DELTA_BYTES) {
		if ((b = calloc((size_t)count + 1, sizeof(*b))) == NULL)
			err(1, NULL);
		if (delta_packed(c, p, len, count, b, &used2) < 0)
			goto out;
		p += used2;
		len -= used2;
	}
	if (delta_packed(c, p, len, count, a, &used) < 0)
		goto out;
	p += used;
	for (i = 0; i < count; i++) {
		uint64_t pre = b != NULL ? (uint64_t)b[i] : 0;

		if (a[i] < 0 || (uint64_t)a[i] > (uint64_t)(end - p) ||
		    pre > curlen) {
			bad(c, "a value past the page's end, or a prefix longer "
			    "than the value before");
			goto out;
		}
		cur = ot_grow(cur, &curcap, (size_t)pre + (size_t)a[i] + 1, 1);
		memcpy(cur + pre, p, (size_t)a[i]);
		curlen = (size_t)pre + (size_t)a[i];
		p += a[i];
		add_text(v, slots[i], cur, curlen);
	}
	rc = 0;
out:
	free(a);
	free(b);
	free(cur);
	return rc;
}

/* BYTE_STREAM_SPLIT of fixed-width integers: byte k of value i at
 * p[k * count + i]. */
static int split_values(struct ctx *c, const uint8_t *p, size_t len,
    int64_t count, const int64_t *slots, struct pq_values *v)
{
	int w = width_of(c->col->type), k;
	uint8_t le[12];
	char buf[64];
	int64_t i;

	if (w == 0 || c->col->type == PQ_INT96)
		return bad(c, "BYTE_STREAM_SPLIT for a %s column",
		    pq_type_name(c->col->type));
	if ((uint64_t)count * (uint64_t)w != len)
		return bad(c, "BYTE_STREAM_SPLIT: %zu bytes for %lld values",
		    len, (long long)count);
	for (i = 0; i < count; i++) {
		for (k = 0; k < w; k++)
			le[k] = p[(size_t)k * (size_t)count + (size_t)i];
		if (plain_fixed(c, le, buf, sizeof(buf)) < 0)
			return -1;
		add_text(v, slots[i], buf, strlen(buf));
	}
	return 0;
}

/* RLE booleans: a 4-byte length, then the hybrid of width 1. */
static int rle_booleans(struct ctx *c, const uint8_t *p, size_t len,
    int64_t count, const int64_t *slots, struct pq_values *v)
{
	uint32_t *bits, n;
	int64_t i;
	int rc = -1;

	if (c->col->type != PQ_BOOLEAN)
		return bad(c, "RLE values for a %s column",
		    pq_type_name(c->col->type));
	if (len < 4)
		return bad(c, "values cut short");
	n = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
	if (n > len - 4)
		return bad(c, "values past the page's end");
	if ((bits = calloc((size_t)count + 1, sizeof(*bits))) == NULL)
		err(1, NULL);
	if (hybrid(c, p + 4, n, 1, bits, count) == 0) {
		for (i = 0; i < count; i++)
			add_text(v, slots[i], bits[i] ? "true" : "false",
			    bits[i] ? 4 : 5);
		rc = 0;
	}
	free(bits);
	return rc;
}

static int dictionary_page(struct ctx *c, const uint8_t *p, size_t n,
    const struct page *pg, struct dict *d)
{
	if (pg->encoding != E_PLAIN && pg->encoding != E_PLAIN_DICT)
		return bad(c, "a dictionary of encoding %d", pg->encoding);
	if (d->off != NULL)
		return bad(c, "two dictionary pages");
	if ((size_t)pg->nvalues > n * 8 + 1)
		return bad(c, "a dictionary larger than its page");
	d->n = pg->nvalues;
	d->off = calloc((size_t)d->n + 1, sizeof(*d->off));
	d->len = calloc((size_t)d->n + 1, sizeof(*d->len));
	if (d->off == NULL || d->len == NULL)
		err(1, NULL);
	return plain(c, p, n, d->n, NULL, NULL, d);
}

/* A data page's values into v (room for them reserved). */
static int data_page(struct ctx *c, const uint8_t *p, size_t n,
    const struct page *pg, const struct dict *d, struct pq_values *v,
    const uint8_t *levels, size_t levlen)
{
	uint32_t *def = v->def, *idx = v->idx;
	int64_t *slots = v->slots, i, k = 0;
	int rc = -1;

	if (c->col->optional) {
		if (levels == NULL) {	/* v1: a length, then the levels */
			if (n < 4)
				goto out;
			levlen = (size_t)p[0] | (size_t)p[1] << 8 |
			    (size_t)p[2] << 16 | (size_t)p[3] << 24;
			if (levlen > n - 4) {
				bad(c, "definition levels past the page's end");
				goto out;
			}
			levels = p + 4;
			p += 4 + levlen;
			n -= 4 + levlen;
		}
		if (hybrid(c, levels, levlen, 1, def, pg->nvalues) < 0)
			goto out;
	} else
		for (i = 0; i < pg->nvalues; i++)
			def[i] = 1;
	for (i = 0; i < pg->nvalues; i++) {
		if (def[i] > 1) {
			bad(c, "a definition level of %u", def[i]);
			goto out;
		}
		if (def[i] == 1)
			slots[k++] = i;
		else {
			v->ref[i] = "";
			v->len[i] = 0;
		}
	}
	switch (pg->encoding) {
	case E_PLAIN:
		rc = plain(c, p, n, k, slots, v, NULL);
		goto out;
	case E_PLAIN_DICT:
	case E_RLE_DICT:
		break;
	case E_DELTA:
	case E_DELTA_LENGTH:
	case E_DELTA_BYTES:
		rc = delta_values(c, pg->encoding, p, n, k, slots, v);
		goto out;
	case E_STREAM_SPLIT:
		rc = split_values(c, p, n, k, slots, v);
		goto out;
	case E_RLE:
		rc = rle_booleans(c, p, n, k, slots, v);
		goto out;
	default:
		bad(c, "encoding %d not supported", pg->encoding);
		goto out;
	}
	if (d->off == NULL) {
		bad(c, "dictionary indices and no dictionary");
		goto out;
	}
	if (k > 0 && (n < 1 || hybrid(c, p + 1, n - 1, p[0], idx, k) < 0))
		goto out;
	for (i = 0; i < k; i++) {
		if (idx[i] >= d->n) {
			bad(c, "dictionary index %u of %lld", idx[i],
			    (long long)d->n);
			goto out;
		}
		ref_text(v, slots[i], d->text + d->off[idx[i]], d->len[idx[i]]);
	}
	rc = 0;
out:
	if (rc < 0 && c->err == NULL)
		bad(c, "levels or values cut short");
	return rc;
}

/*
 * Reading a row group column by column, a page at a time: each column has
 * a cursor holding its dictionary and its current page's values, and a
 * row is taken from every cursor in turn.  Memory is bounded by the
 * largest page (and dictionary), not by the row group.
 */
struct cursor {
	struct ctx c;
	const struct pq_chunk *ch;
	int64_t pos, end;		/* the next page header, in the file */
	int64_t rows;			/* values read from the chunk */
	struct dict d;
	struct pq_values v;		/* the current page's values */
	int64_t i;			/* the next one */
	uint8_t *hdr, *raw, *page;
	size_t hdrcap, rawcap, pagecap;
};

struct pq_rows {
	struct pq_file *f;
	struct cursor *cur;
	int group;			/* being read, or -1 */
	int64_t row;			/* rows of it given */
	const char **field;
	size_t *len;
};

/* Read n bytes at off into *buf (grown to cap). */
static int read_at(struct cursor *k, uint8_t **buf, size_t *cap, size_t n,
    int64_t off)
{
	ssize_t got;

	*buf = ot_grow(*buf, cap, n + 1, 1);
	got = pread(k->c.f->fd, *buf, n, off);
	if (got != (ssize_t)n)
		return bad(&k->c, "%s", got < 0 ? strerror(errno) :
		    "the file is cut short");
	return 0;
}

/* The next page's header: read a small window first, a larger one when
 * the header (with its statistics) does not fit. */
static int next_header(struct cursor *k, struct page *pg)
{
	size_t left = (size_t)(k->end - k->pos), win = 256, hlen = 0;

	for (;;) {
		if (win > left)
			win = left;
		if (read_at(k, &k->hdr, &k->hdrcap, win, k->pos) < 0)
			return -1;
		if (page_header(&k->c, k->hdr, win, pg, &hlen) == 0)
			break;
		if (win == left || win >= PAGE_HEADER_MAX)
			return -1;
		k->c.err = NULL;	/* cut short: try a larger window */
		win *= 16;
	}
	k->pos += (int64_t)hlen;
	if ((int64_t)pg->csize > k->end - k->pos)
		return bad(&k->c, "a page past the column chunk's end");
	return 0;
}

/* Whether a page's uncompressed size can be true, before memory is taken
 * for it: what the compressed stream says of itself, and a bound. */
static int plausible_size(struct cursor *k, const struct page *pg,
    const uint8_t *in, size_t n, size_t usize)
{
	unsigned long long zs;
	size_t sz;

	if (pg->usize < 0 || (size_t)pg->usize < usize ||
	    pg->usize > PAGE_BYTES_MAX)
		return bad(&k->c, "a page of %d bytes", pg->usize);
	if (pg->type == P_DATA2 && !pg->compressed)
		return 0;
	switch (k->ch->codec) {
	case C_NONE:
		if (n != usize)
			return bad(&k->c, "an uncompressed page of the wrong "
			    "size");
		break;
	case C_SNAPPY:
		if (snappy_uncompressed_length((const char *)in, n, &sz) !=
		    SNAPPY_OK || sz != usize)
			return bad(&k->c, "SNAPPY: corrupt page");
		break;
	case C_ZSTD:
		zs = ZSTD_getFrameContentSize(in, n);
		if (zs != ZSTD_CONTENTSIZE_UNKNOWN && zs != usize)
			return bad(&k->c, "ZSTD: corrupt page");
		break;
	case C_GZIP:	/* deflate expands at most 1032 to 1 */
		if (usize / 1032 > n)
			return bad(&k->c, "GZIP: corrupt page");
		break;
	}
	return 0;
}

/* Decode the chunk's next data page into k->v (dictionary pages on the
 * way are read into k->d). */
static int next_page(struct cursor *k)
{
	const uint8_t *levels, *body;
	size_t levlen, skip;
	struct page pg;
	int64_t i;

	for (;;) {
		if (k->pos >= k->end)
			return bad(&k->c, "%lld values where the row group has "
			    "more rows", (long long)k->rows);
		if (next_header(k, &pg) < 0 ||
		    read_at(k, &k->raw, &k->rawcap, (size_t)pg.csize, k->pos) < 0)
			return -1;
		k->pos += pg.csize;
		if (pg.type == P_DATA || pg.type == P_DICT || pg.type == P_DATA2)
			break;		/* not index pages and others */
	}
	body = k->raw;
	levels = NULL;
	levlen = skip = 0;
	if (pg.type == P_DATA2) {
		if ((size_t)pg.rep_len + (size_t)pg.def_len > (size_t)pg.csize ||
		    pg.rep_len > 0)
			return bad(&k->c, "levels past the page's end");
		levels = body;
		levlen = skip = (size_t)pg.def_len;
	}
	if (plausible_size(k, &pg, body + skip, (size_t)pg.csize - skip,
	    (size_t)pg.usize - skip) < 0)
		return -1;
	k->page = ot_grow(k->page, &k->pagecap, (size_t)pg.usize + 1, 1);
	if (pg.type == P_DATA2 && !pg.compressed) {
		if (pg.usize != pg.csize)
			return bad(&k->c, "an uncompressed page of the wrong "
			    "size");
		memcpy(k->page, body + skip, (size_t)pg.csize - skip);
	} else if (pg.usize < (int32_t)skip || inflate_page(&k->c,
	    k->ch->codec, body + skip, (size_t)pg.csize - skip, k->page,
	    (size_t)pg.usize - skip) < 0)
		return bad(&k->c, "a page of the wrong size");
	if (pg.type == P_DICT) {
		if (dictionary_page(&k->c, k->page, (size_t)pg.usize, &pg,
		    &k->d) < 0)
			return -1;
		return next_page(k);
	}
	if (pg.nvalues > PAGE_VALUES_MAX ||
	    pg.nvalues > k->c.f->groups[k->c.group].rows - k->rows)
		return bad(&k->c, "a page of %d values, more than %s",
		    pg.nvalues, pg.nvalues > PAGE_VALUES_MAX ? "ot reads" :
		    "the row group has rows left");
	k->v.n = pg.nvalues;
	k->v.textlen = 0;
	k->v.made = false;
	/* a text to point into even when every value is empty */
	k->v.text = ot_grow(k->v.text, &k->v.textcap, 1, 1);
	values_reserve(&k->v, (size_t)pg.nvalues);
	if (data_page(&k->c, k->page, (size_t)pg.usize - skip, &pg, &k->d,
	    &k->v, levels, levlen) < 0)
		return -1;
	if (k->v.made)
		for (i = 0; i < pg.nvalues; i++)
			if (k->v.ref[i] == NULL)
				k->v.ref[i] = k->v.text + k->v.off[i];
	k->i = 0;
	k->rows += pg.nvalues;
	return 0;
}

static void values_free(struct pq_values *v)
{
	free(v->ref);
	free(v->off);
	free(v->len);
	free(v->text);
	free(v->slots);
	free(v->def);
	free(v->idx);
	memset(v, 0, sizeof(*v));
}

static void cursor_reset(struct cursor *k)
{
	free(k->d.off);
	free(k->d.len);
	free(k->d.text);
	memset(&k->d, 0, sizeof(k->d));
	k->v.n = k->i = k->rows = 0;
}

static void cursor_free(struct cursor *k)
{
	cursor_reset(k);
	values_free(&k->v);
	free(k->hdr);
	free(k->raw);
	free(k->page);
}

struct pq_rows *pq_rows_open(struct pq_file *f)
{
	struct pq_rows *r;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->cur = calloc((size_t)f->ncols + 1, sizeof(*r->cur))) == NULL ||
	    (r->field = calloc((size_t)f->ncols + 1, sizeof(*r->field))) ==
	    NULL ||
	    (r->len = calloc((size_t)f->ncols + 1, sizeof(*r->len))) == NULL)
		err(1, NULL);
	r->f = f;
	r->group = -1;
	return r;
}

/* Start row group g: every column's cursor at its chunk's first page. */
static void group_begin(struct pq_rows *r, int g)
{
	int i;

	r->group = g;
	r->row = 0;
	for (i = 0; i < r->f->ncols; i++) {
		struct cursor *k = &r->cur[i];

		cursor_reset(k);
		memset(&k->c, 0, sizeof(k->c));
		k->c.f = r->f;
		k->c.col = &r->f->cols[i];
		k->c.group = g;
		k->ch = &r->f->groups[g].chunks[i];
		k->pos = k->ch->start;
		k->end = k->ch->start + k->ch->size;
	}
}

static int fail_rows(struct pq_rows *r, const struct cursor *k)
{
	snprintf(r->f->err, sizeof(r->f->err), "row group %d, column %s: %s",
	    r->group, k->c.col->name, k->c.err != NULL ? k->c.err :
	    "unreadable");
	return -1;
}

int pq_rows_next(struct pq_rows *r, const char *const **field,
    const size_t **len)
{
	int i;

	while (r->group < 0 || r->row == r->f->groups[r->group].rows) {
		if (r->group + 1 >= r->f->ngroups)
			return 0;
		group_begin(r, r->group + 1);
	}
	for (i = 0; i < r->f->ncols; i++) {
		struct cursor *k = &r->cur[i];

		while (k->i == k->v.n)
			if (next_page(k) < 0)
				return fail_rows(r, k);
		r->field[i] = k->v.ref[k->i];
		r->len[i] = k->v.len[k->i];
		k->i++;
	}
	r->row++;
	*field = r->field;
	*len = r->len;
	return 1;
}

void pq_rows_close(struct pq_rows *r)
{
	int i;

	if (r == NULL)
		return;
	for (i = 0; i < r->f->ncols; i++)
		cursor_free(&r->cur[i]);
	free(r->cur);
	free(r->field);
	free(r->len);
	free(r);
}
