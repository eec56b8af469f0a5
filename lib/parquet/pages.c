/* Parquet pages: headers, decompression, levels and values, into text. */
#include "parquet/parquet.h"
#include "cli.h"
#include "grow.h"
#include "parquet/thrift.h"

#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
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

/* A column being decoded: its dictionary, as text, and a number no
 * other dictionary read in this process has (0: none left). */
struct dict {
	int64_t n;
	uint64_t *off;
	uint32_t *len;
	char *text;
	size_t textlen, textcap;
	uint32_t gen;
};

static _Atomic uint32_t dict_gens;

/*
 * What the columns of a file being read hold in memory at once: their
 * pages (compressed and not), dictionaries and decoded values, on one
 * budget, so that neither a page nor a file of many columns can take
 * more (a small file's pages may claim to expand 1000 times).  Counted
 * as buffers grow, before they are filled.
 */
struct pq_mem {
	size_t limit, used;
	bool over;		/* made text went past it */
};

/* A value decoded takes its arrays' bytes (ref, off, len, entry, slots,
 * def, idx), and a decoder's scratch, which this covers. */
#define VALUE_BYTES	64

/* A buffer grown from was to now bytes (or shrunk): whether the budget
 * holds it. */
static bool charge(struct pq_mem *m, size_t was, size_t now)
{
	if (now < was)
		m->used -= was - now;
	else
		m->used += now - was;
	return m->used <= m->limit;
}

/* One page's values, decoded: value i is len[i] bytes at ref[i] (in the
 * page or the dictionary, which outlive it; a null is empty), and entry
 * entry[i] - 1 of the dictionary (0: a value not from it).  A value made
 * here is at text + off[i] until the page is decoded (text grows), its
 * ref NULL till then. */
struct pq_values {
	int64_t n;
	const char **ref;
	uint64_t *off;
	uint32_t *len;
	uint32_t *entry;
	char *text;
	size_t textlen, textcap;
	bool made;		/* a value is in text */
	/* scratch of the page's decoding; all these arrays hold cap */
	int64_t *slots;
	uint32_t *def, *idx;
	size_t cap;
	struct pq_mem *mem;
};

struct ctx {
	struct pq_file *f;
	const struct pq_column *col;
	int64_t group;
	int64_t group_rows;
	struct pq_mem *mem;
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

/* Past the budget: the column named by the caller's message. */
static int over(struct ctx *c)
{
	return bad(c, "its pages and dictionary take more than the %zu MiB "
	    "a file's columns may take in memory (OT_PARQUET_MEMORY)",
	    c->mem->limit >> 20);
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

/*
 * The RLE / bit-packed hybrid, read a few values at a time: the run being
 * read and the bytes after it.
 */
struct hyb {
	const uint8_t *p, *end;
	int width;
	uint64_t left;		/* values left in the run */
	bool packed;
	uint32_t value;		/* a run of one value's */
	const uint8_t *q;	/* a bit-packed run's values */
	uint64_t bit;		/* the next one's first bit, from q */
};

static int hyb_init(struct ctx *c, struct hyb *h, const uint8_t *p,
    size_t len, int width)
{
	if (width < 0 || width > 32)
		return bad(c, "a bit width of %d", width);
	memset(h, 0, sizeof(*h));
	h->p = p;
	h->end = p + len;
	h->width = width;
	return 0;
}

/* The next run's header, and its value or where its values are. */
static int hyb_run(struct ctx *c, struct hyb *h)
{
	uint64_t hd = 0;
	int shift = 0, bytes = (h->width + 7) / 8, i;

	do {
		if (h->p >= h->end || shift > 35)
			return bad(c, "levels or indices cut short");
		hd |= (uint64_t)(*h->p & 0x7f) << shift;
		shift += 7;
	} while (*h->p++ & 0x80);
	if (hd & 1) {		/* bit-packed groups of 8 */
		uint64_t groups = hd >> 1;

		if (groups * (uint64_t)h->width > (uint64_t)(h->end - h->p))
			return bad(c, "levels or indices cut short");
		h->packed = true;
		h->q = h->p;
		h->bit = 0;
		h->left = groups * 8;
		h->p += groups * (uint64_t)h->width;
		return 0;
	}
	if (h->end - h->p < bytes)
		return bad(c, "levels or indices cut short");
	h->value = 0;
	for (i = 0; i < bytes; i++)
		h->value |= (uint32_t)h->p[i] << (8 * i);
	h->p += bytes;
	if (hd >> 1 == 0)
		return bad(c, "a run of no values");
	h->packed = false;
	h->left = hd >> 1;
	return 0;
}

/* The next n values into out. */
static int hyb_next(struct ctx *c, struct hyb *h, uint32_t *out, int64_t n)
{
	uint32_t mask = h->width == 32 ? 0xffffffffu :
	    ((uint32_t)1 << h->width) - 1;
	int64_t k = 0;

	while (k < n) {
		uint64_t take, j;

		if (h->left == 0 && hyb_run(c, h) < 0)
			return -1;
		take = (uint64_t)(n - k) < h->left ? (uint64_t)(n - k) :
		    h->left;
		h->left -= take;
		if (!h->packed) {
			for (j = 0; j < take; j++)
				out[k++] = h->value;
			continue;
		}
		for (j = 0; j < take; j++) {
			const uint8_t *b = h->q + (h->bit >> 3);
			int s = (int)(h->bit & 7), nb = (s + h->width + 7) / 8, i;
			uint64_t acc = 0;

			for (i = 0; i < nb; i++)
				acc |= (uint64_t)b[i] << (8 * i);
			out[k++] = (uint32_t)(acc >> s) & mask;
			h->bit += (uint64_t)h->width;
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
 * arrays are never zeroed, every value's entries are written); false
 * when it is past the budget. */
static bool values_reserve(struct pq_values *v, size_t n)
{
	if (n + 1 <= v->cap)
		return true;
	if (!charge(v->mem, v->cap * VALUE_BYTES, (n + 1) * VALUE_BYTES))
		return false;
	v->cap = n + 1;
	if ((v->ref = reallocarray(v->ref, v->cap, sizeof(*v->ref))) == NULL ||
	    (v->off = reallocarray(v->off, v->cap, sizeof(*v->off))) == NULL ||
	    (v->len = reallocarray(v->len, v->cap, sizeof(*v->len))) == NULL ||
	    (v->entry = reallocarray(v->entry, v->cap, sizeof(*v->entry))) ==
	    NULL ||
	    (v->slots = reallocarray(v->slots, v->cap, sizeof(*v->slots))) ==
	    NULL ||
	    (v->def = reallocarray(v->def, v->cap, sizeof(*v->def))) == NULL ||
	    (v->idx = reallocarray(v->idx, v->cap, sizeof(*v->idx))) == NULL)
		err(1, NULL);
	return true;
}

/* Where the i-th value present goes: slots[i], or i when every value is
 * (slots NULL, a required column's). */
static inline int64_t slot(const int64_t *slots, int64_t i)
{
	return slots != NULL ? slots[i] : i;
}

static void add_text(struct pq_values *v, int64_t r, const char *s, size_t n)
{
	size_t was = v->textcap;

	v->ref[r] = NULL;
	v->made = true;
	/* past the budget: nothing more is made (the page fails) */
	if (v->mem->over)
		return;
	v->text = ot_grow(v->text, &v->textcap, v->textlen + n + 1, 1);
	if (v->textcap != was && !charge(v->mem, was, v->textcap)) {
		v->mem->over = true;
		return;
	}
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

/* Decode count PLAIN values from *pp (up to end) into v's slots, or
 * into dict; *pp is left after them.  Booleans are bits from *pp. */
static int plain(struct ctx *c, const uint8_t **pp, const uint8_t *end,
    int64_t count, const int64_t *slots, struct pq_values *v,
    struct dict *dict)
{
	const uint8_t *p = *pp;
	size_t len = (size_t)(end - p);
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
			size_t was = dict->textcap;

			dict->text = ot_grow(dict->text, &dict->textcap,
			    dict->textlen + n + 1, 1);
			if (dict->textcap != was &&
			    !charge(c->mem, was, dict->textcap))
				return over(c);
			memcpy(dict->text + dict->textlen, s, n);
			dict->off[i] = dict->textlen;
			dict->len[i] = (uint32_t)n;
			dict->textlen += n;
		} else if (s != buf)
			ref_text(v, slot(slots, i), s, n);
		else
			add_text(v, slot(slots, i), s, n);
	}
	*pp = p;
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
			add_text(v, slot(slots, i), buf, strlen(buf));
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
		add_text(v, slot(slots, i), cur, curlen);
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
		add_text(v, slot(slots, i), buf, strlen(buf));
	}
	return 0;
}

/* RLE booleans: a 4-byte length, then the hybrid of width 1. */
static int rle_booleans(struct ctx *c, const uint8_t *p, size_t len,
    int64_t count, const int64_t *slots, struct pq_values *v)
{
	struct hyb h;
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
	if (hyb_init(c, &h, p + 4, n, 1) == 0 &&
	    hyb_next(c, &h, bits, count) == 0) {
		for (i = 0; i < count; i++)
			add_text(v, slot(slots, i), bits[i] ? "true" : "false",
			    bits[i] ? 4 : 5);
		rc = 0;
	}
	free(bits);
	return rc;
}

/* A dictionary's arrays (its text is counted as it grows). */
static size_t dict_bytes(const struct dict *d)
{
	return d->off == NULL ? 0 : ((size_t)d->n + 1) * (sizeof(*d->off) +
	    sizeof(*d->len));
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
	d->gen = atomic_fetch_add(&dict_gens, 1) + 1;
	if (d->gen == 0)	/* wrapped: the rest get none */
		atomic_store(&dict_gens, UINT32_MAX);
	d->off = calloc((size_t)d->n + 1, sizeof(*d->off));
	d->len = calloc((size_t)d->n + 1, sizeof(*d->len));
	if (d->off == NULL || d->len == NULL)
		err(1, NULL);
	if (!charge(c->mem, 0, dict_bytes(d)))
		return over(c);
	return plain(c, &p, p + n, d->n, NULL, NULL, d);
}

/*
 * Reading a row group column by column, a page at a time: each column has
 * a cursor holding its dictionary and its current page, and a row is taken
 * from every cursor in turn.  Memory is bounded by the largest page (and
 * dictionary), not by the row group.  A page of PLAIN values or of
 * dictionary indices (nearly every writer's) is decoded WINDOW values at
 * a time, so that their arrays stay in cache while the rows are taken;
 * a page of another encoding is decoded whole.
 */
#define WINDOW	512

/* The data page being read: where its levels and values are. */
struct pagedec {
	int64_t n, done;		/* values in the page, decoded */
	int encoding;
	const uint8_t *p, *end;		/* the values, after the levels */
	struct hyb def;			/* an optional column's levels */
	struct hyb idx;			/* dictionary indices, once begun */
	bool idx_begun;
};

struct cursor {
	struct ctx c;
	const struct pq_chunk *ch;
	int64_t pos, end;		/* the next page header, in the file */
	int64_t rows;			/* values read from the chunk */
	struct dict d;
	struct pagedec dec;		/* the current page */
	struct pq_values v;		/* and the values decoded of it */
	int64_t i;			/* the next one */
	uint8_t *hdr, *raw, *page;
	size_t hdrcap, rawcap, pagecap;
};

static bool windowed(const struct ctx *c, int encoding)
{
	return encoding == E_PLAIN_DICT || encoding == E_RLE_DICT ||
	    (encoding == E_PLAIN && c->col->type != PQ_BOOLEAN);
}

/* Where an optional column's definition levels are: a v1 page begins with
 * them, their length first; a v2 page has them apart (levels). */
static int levels_of(struct ctx *c, const uint8_t **p, size_t *n,
    const uint8_t *levels, size_t levlen, struct hyb *def)
{
	if (!c->col->optional)
		return 0;
	if (levels == NULL) {
		if (*n < 4)
			return bad(c, "levels or values cut short");
		levlen = (size_t)(*p)[0] | (size_t)(*p)[1] << 8 |
		    (size_t)(*p)[2] << 16 | (size_t)(*p)[3] << 24;
		if (levlen > *n - 4)
			return bad(c, "definition levels past the page's end");
		levels = *p + 4;
		*p += 4 + levlen;
		*n -= 4 + levlen;
	}
	return hyb_init(c, def, levels, levlen, 1);
}

/* nv dictionary indices into slots of k->v, as the entries' text. */
static int indices(struct cursor *k, const int64_t *slots, int64_t nv)
{
	struct pagedec *d = &k->dec;
	struct pq_values *v = &k->v;
	int64_t i;

	if (k->d.off == NULL)
		return bad(&k->c, "dictionary indices and no dictionary");
	if (nv == 0)
		return 0;
	if (!d->idx_begun) {	/* the indices' bit width, then them */
		if (d->p >= d->end || hyb_init(&k->c, &d->idx, d->p + 1,
		    (size_t)(d->end - d->p - 1), d->p[0]) < 0)
			return -1;
		d->idx_begun = true;
	}
	if (hyb_next(&k->c, &d->idx, v->idx, nv) < 0)
		return -1;
	for (i = 0; i < nv; i++) {
		if (v->idx[i] >= k->d.n)
			return bad(&k->c, "dictionary index %u of %lld",
			    v->idx[i], (long long)k->d.n);
		ref_text(v, slot(slots, i), k->d.text + k->d.off[v->idx[i]],
		    k->d.len[v->idx[i]]);
		v->entry[slot(slots, i)] = v->idx[i] + 1;
	}
	return 0;
}

/* The page's next m values into k->v (room for them reserved). */
static int page_values(struct cursor *k, int64_t m)
{
	struct ctx *c = &k->c;
	struct pagedec *d = &k->dec;
	struct pq_values *v = &k->v;
	const int64_t *slots = NULL;
	int64_t i, nv = m;
	size_t left = (size_t)(d->end - d->p);
	int rc = -1;

	v->n = m;
	v->textlen = 0;
	v->made = false;
	if (c->col->optional) {
		if (hyb_next(c, &d->def, v->def, m) < 0)
			goto out;
		slots = v->slots;
		nv = 0;
		for (i = 0; i < m; i++) {
			if (v->def[i] > 1) {
				bad(c, "a definition level of %u", v->def[i]);
				goto out;
			}
			if (v->def[i] == 1)
				v->slots[nv++] = i;
			else {
				v->ref[i] = "";
				v->len[i] = 0;
			}
		}
	}
	/* no value from the dictionary until indices() says so */
	memset(v->entry, 0, (size_t)m * sizeof(*v->entry));
	switch (d->encoding) {
	case E_PLAIN:
		rc = plain(c, &d->p, d->end, nv, slots, v, NULL);
		break;
	case E_PLAIN_DICT:
	case E_RLE_DICT:
		rc = indices(k, slots, nv);
		break;
	case E_DELTA:
	case E_DELTA_LENGTH:
	case E_DELTA_BYTES:
		rc = delta_values(c, d->encoding, d->p, left, nv, slots, v);
		break;
	case E_STREAM_SPLIT:
		rc = split_values(c, d->p, left, nv, slots, v);
		break;
	case E_RLE:
		rc = rle_booleans(c, d->p, left, nv, slots, v);
		break;
	default:
		bad(c, "encoding %d not supported", d->encoding);
		break;
	}
	if (rc == 0 && c->mem->over)
		rc = over(c);
	if (rc < 0)
		goto out;
	/* made text is where it is now that the window is decoded */
	if (v->made)
		for (i = 0; i < m; i++)
			if (v->ref[i] == NULL)
				v->ref[i] = v->text + v->off[i];
	d->done += m;
	k->i = 0;
out:
	if (rc < 0 && c->err == NULL)
		bad(c, "levels or values cut short");
	return rc;
}

/* Begin the data page of body p (n bytes): a windowed one is decoded as
 * its rows are taken, another whole now. */
static int begin_page(struct cursor *k, const struct page *pg,
    const uint8_t *p, size_t n, const uint8_t *levels, size_t levlen)
{
	struct pagedec *d = &k->dec;

	memset(d, 0, sizeof(*d));
	d->n = pg->nvalues;
	d->encoding = pg->encoding;
	k->v.n = k->i = 0;
	if (levels_of(&k->c, &p, &n, levels, levlen, &d->def) < 0)
		return -1;
	d->p = p;
	d->end = p + n;
	if (windowed(&k->c, d->encoding))
		return values_reserve(&k->v, d->n < WINDOW ? (size_t)d->n :
		    WINDOW) ? 0 : over(&k->c);
	if (!values_reserve(&k->v, (size_t)d->n))
		return over(&k->c);
	return page_values(k, d->n);
}

struct pq_rows {
	struct pq_file *f;
	struct cursor *cur;
	struct pq_groups *groups;	/* of the footer, one at a time */
	const struct pq_group *g;	/* being read, or NULL */
	int64_t group;			/* its number, or -1 */
	int64_t row;			/* rows of it given */
	const char **field;
	size_t *len;
	uint64_t *key;
	bool *null;
	bool *want;			/* NULL: every column is read */
	struct pq_mem mem;
};

/* Read n bytes at off into *buf (grown to cap). */
static int read_at(struct cursor *k, uint8_t **buf, size_t *cap, size_t n,
    int64_t off)
{
	size_t was = *cap;
	ssize_t got;

	*buf = ot_grow(*buf, cap, n + 1, 1);
	if (*cap != was && !charge(k->c.mem, was, *cap))
		return over(&k->c);
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
	size_t levlen, skip, was;
	struct page pg;

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
	was = k->pagecap;
	k->page = ot_grow(k->page, &k->pagecap, (size_t)pg.usize + 1, 1);
	if (k->pagecap != was && !charge(k->c.mem, was, k->pagecap))
		return over(&k->c);
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
	    pg.nvalues > k->c.group_rows - k->rows)
		return bad(&k->c, "a page of %d values, more than %s",
		    pg.nvalues, pg.nvalues > PAGE_VALUES_MAX ? "ot reads" :
		    "the row group has rows left");
	/* a text to point into even when every value is empty */
	was = k->v.textcap;
	k->v.text = ot_grow(k->v.text, &k->v.textcap, 1, 1);
	if (k->v.textcap != was && !charge(k->c.mem, was, k->v.textcap))
		return over(&k->c);
	k->rows += pg.nvalues;
	return begin_page(k, &pg, k->page, (size_t)pg.usize - skip, levels,
	    levlen);
}

/* The current page's next window of values, or the next page's. */
static int next_values(struct cursor *k)
{
	int64_t left = k->dec.n - k->dec.done;

	if (left == 0)
		return next_page(k);
	return page_values(k, left < WINDOW ? left : WINDOW);
}

static void values_free(struct pq_values *v)
{
	free(v->ref);
	free(v->off);
	free(v->len);
	free(v->entry);
	free(v->text);
	free(v->slots);
	free(v->def);
	free(v->idx);
	memset(v, 0, sizeof(*v));
}

static void cursor_reset(struct cursor *k)
{
	if (k->c.mem != NULL)
		charge(k->c.mem, dict_bytes(&k->d) + k->d.textcap, 0);
	free(k->d.off);
	free(k->d.len);
	free(k->d.text);
	memset(&k->d, 0, sizeof(k->d));
	k->v.n = k->i = k->rows = 0;
	k->dec.n = k->dec.done = 0;
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
	    (r->len = calloc((size_t)f->ncols + 1, sizeof(*r->len))) == NULL ||
	    (r->key = calloc((size_t)f->ncols + 1, sizeof(*r->key))) == NULL ||
	    (r->null = calloc((size_t)f->ncols + 1, sizeof(*r->null))) == NULL)
		err(1, NULL);
	r->f = f;
	r->group = -1;
	r->mem.limit = pq_memory_limit();
	r->groups = pq_groups_open(f);
	return r;
}

void pq_rows_want(struct pq_rows *r, const bool *want)
{
	int i;

	if (r->want == NULL &&
	    (r->want = calloc((size_t)r->f->ncols + 1, sizeof(*r->want))) ==
	    NULL)
		err(1, NULL);
	for (i = 0; i < r->f->ncols; i++)
		r->want[i] = want[i];
}

size_t pq_memory_limit(void)
{
	const char *s = getenv("OT_PARQUET_MEMORY");

	return s != NULL && *s != '\0' ? ot_parse_size("OT_PARQUET_MEMORY", s,
	    (size_t)1 << 20) : PQ_MEMORY_DEFAULT;
}

/* Start row group g, read: every column's cursor at its chunk's first
 * page. */
static void group_begin(struct pq_rows *r, int64_t g)
{
	int i;

	r->group = g;
	r->row = 0;
	for (i = 0; i < r->f->ncols; i++) {
		struct cursor *k = &r->cur[i];

		cursor_reset(k);
		memset(&k->c, 0, sizeof(k->c));
		k->c.mem = k->v.mem = &r->mem;
		k->c.f = r->f;
		k->c.col = &r->f->cols[i];
		k->c.group = g;
		k->c.group_rows = r->g->rows;
		k->ch = &r->g->chunks[i];
		k->pos = k->ch->start;
		k->end = k->ch->start + k->ch->size;
	}
}

static int fail_rows(struct pq_rows *r, const struct cursor *k)
{
	snprintf(r->f->err, sizeof(r->f->err), "row group %lld, column %s: %s",
	    (long long)r->group, k->c.col->name, k->c.err != NULL ? k->c.err :
	    "unreadable");
	return -1;
}

int pq_rows_next(struct pq_rows *r, const char *const **field,
    const size_t **len)
{
	int i;

	while (r->g == NULL || r->row == r->g->rows) {
		if ((i = pq_groups_next(r->groups, &r->g)) <= 0)
			return i;
		group_begin(r, pq_groups_index(r->groups));
	}
	for (i = 0; i < r->f->ncols; i++) {
		struct cursor *k = &r->cur[i];

		/* a column not wanted is never read: its chunks are skipped
		 * whole, not even their page headers */
		if (r->want != NULL && !r->want[i]) {
			r->field[i] = "";
			r->len[i] = 0;
			r->key[i] = 0;
			r->null[i] = false;
			continue;
		}
		while (k->i == k->v.n)
			if (next_values(k) < 0)
				return fail_rows(r, k);
		r->field[i] = k->v.ref[k->i];
		r->len[i] = k->v.len[k->i];
		r->key[i] = k->v.entry[k->i] != 0 && k->d.gen != 0 ?
		    (uint64_t)k->d.gen << 32 | k->v.entry[k->i] : 0;
		r->null[i] = k->c.col->optional && k->v.def[k->i] == 0;
		k->i++;
	}
	r->row++;
	*field = r->field;
	*len = r->len;
	return 1;
}

const uint64_t *pq_rows_keys(const struct pq_rows *r)
{
	return r->key;
}

const bool *pq_rows_nulls(const struct pq_rows *r)
{
	return r->null;
}

void pq_rows_close(struct pq_rows *r)
{
	int i;

	if (r == NULL)
		return;
	for (i = 0; i < r->f->ncols; i++)
		cursor_free(&r->cur[i]);
	pq_groups_close(r->groups);
	free(r->cur);
	free(r->field);
	free(r->len);
	free(r->key);
	free(r->null);
	free(r->want);
	free(r);
}
