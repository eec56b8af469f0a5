/*
 * Data pages made away from the Parquet writer (see pq_writer_pages()):
 * a column's values of a batch of rows, PLAIN-encoded or as indices into
 * the column's fixed dictionary, with the statistics the writer needs.
 * Inline: a worker adds three values a token row.
 */
#ifndef OT_PARQUET_PAGE_H
#define OT_PARQUET_PAGE_H

#include "grow.h"

#include <err.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A page's buffer, grown with ot_grow(): the writer may keep it (an
 * uncompressed page is written from where it is) and hand back another,
 * empty. */
struct pq_buf {
	uint8_t *p;
	size_t len, cap;
};

#define PQ_FIXED_MAX	64
/* Statistics are left out for a chunk whose least or greatest value is
 * longer, rather than truncated. */
#define PQ_STAT_MAX	1024

struct pq_page {
	struct pq_buf body;	/* PLAIN values, or dictionary indices */
	int64_t n;		/* values */
	bool indexed;
	/* statistics: the offsets in body of the least and greatest
	 * values, or the dictionary entries used; off when a value is too
	 * long to be one */
	size_t min, max;
	uint64_t used;
	bool stats_off;
	size_t last;		/* the offset of the last value */
};

static inline uint32_t pq_get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* n bytes more of b, uninitialized. */
static inline uint8_t *pq_buf_add(struct pq_buf *b, size_t n)
{
	uint8_t *p;

	if (b->len + n > b->cap)
		b->p = ot_grow(b->p, &b->cap, b->len + n, 1);
	p = b->p + b->len;
	b->len += n;
	return p;
}

static inline void pq_put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Unsigned byte order, the first eight bytes compared as one word: the
 * statistics look at every value. */
static inline int pq_compare(const char *a, size_t an, const uint8_t *b,
    size_t bn)
{
	uint64_t x, y;
	int d;

	if (an >= 8 && bn >= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y) {
			x = __builtin_bswap64(x);
			y = __builtin_bswap64(y);
			return x < y ? -1 : 1;
		}
	}
	/* an empty value's buffer may be NULL */
	d = an == 0 || bn == 0 ? 0 : memcmp(a, b, an < bn ? an : bn);
	return d != 0 ? d : an < bn ? -1 : an > bn;
}

static inline void pq_page_clear(struct pq_page *pg)
{
	pg->body.len = 0;
	pg->n = 0;
	pg->indexed = false;
	pg->min = pg->max = pg->last = 0;
	pg->used = 0;
	pg->stats_off = false;
}

/* Whether value s (n bytes) sorts before (< 0) or after the one at
 * offset at of the page. */
static inline int pq_page_compare(const struct pq_page *pg, const char *s,
    size_t n, size_t at)
{
	return pq_compare(s, n, pg->body.p + at + 4,
	    pq_get_u32(pg->body.p + at));
}

static inline void pq_page_value(struct pq_page *pg, const char *s, size_t n)
{
	size_t at = pg->body.len;
	uint8_t *p;

	if (n > UINT32_MAX)
		errx(1, "Parquet: a value over 4 GiB");
	p = pq_buf_add(&pg->body, 4 + n);
	pq_put_u32(p, (uint32_t)n);
	if (n > 0)
		memcpy(p + 4, s, n);
	pg->last = at;
	if (n > PQ_STAT_MAX)
		pg->stats_off = true;
	else if (pg->n == 0)
		pg->min = pg->max = at;
	else if (pq_page_compare(pg, s, n, pg->min) < 0)
		pg->min = at;
	else if (pq_page_compare(pg, s, n, pg->max) > 0)
		pg->max = at;
	pg->n++;
}

/* The last value again (its statistics are in). */
static inline void pq_page_again(struct pq_page *pg)
{
	size_t n;
	uint8_t *p;

	if (pg->n == 0 || pg->indexed)
		errx(1, "Parquet: no value to repeat");
	n = 4 + (size_t)pq_get_u32(pg->body.p + pg->last);
	p = pq_buf_add(&pg->body, n);
	memcpy(p, pg->body.p + pg->last, n);
	pg->last = (size_t)(p - pg->body.p);
	pg->n++;
}

/* Entry e of the column's fixed dictionary. */
static inline void pq_page_index(struct pq_page *pg, uint32_t e)
{
	if (e >= PQ_FIXED_MAX)
		errx(1, "Parquet: dictionary index %u of a fixed dictionary",
		    e);
	memcpy(pq_buf_add(&pg->body, sizeof(e)), &e, sizeof(e));
	pg->used |= (uint64_t)1 << e;
	pg->indexed = true;
	pg->n++;
}

static inline void pq_page_free(struct pq_page *pg)
{
	free(pg->body.p);
	memset(pg, 0, sizeof(*pg));
}

#endif
