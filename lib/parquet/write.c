/*
 * Writing Parquet: every column a UTF-8 string, required as the
 * reference's own token files have them, or optional, with nulls (a
 * normalized stream's missing values).  Values are encoded as they
 * arrive, a data page (v1, about PAGE_BYTES) of each column at a time,
 * compressed as soon as it is full, so that the work overlaps the stages
 * upstream; a row group (bounded in rows and bytes) holds only its
 * compressed pages until it is done.  A done row group is written behind
 * the next one, a little after each of the next one's pages: one write
 * of a whole row group would hold the caller up for tens of
 * milliseconds (the page cache takes it at under 1 GB/s), long enough
 * for the threads feeding it to run dry.  A column starts with a
 * dictionary, kept while it pays (judged on the chunk's first page) and
 * while it stays under DICT_BYTES; then plain pages follow.  Each chunk
 * carries min/max statistics.
 *
 * Rows may come as pages instead (pq_writer_pages()), each column's made
 * elsewhere with its statistics, plain values or indices into a
 * dictionary fixed up front: then the thread writing does nothing per
 * value, and keeps an uncompressed page in the buffer it came in.
 */
#include "parquet/parquet.h"
#include "grow.h"
#include "cli.h"
#include "parquet/thrift.h"

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#define PAGE_BYTES	(1 << 20)
#define PAGE_VALUES	(1 << 17)
#define DICT_BYTES	(1 << 20)
#define OUT_BUF		(1 << 16)

enum { P_DATA = 0, P_DICT = 2 };
enum { E_PLAIN = 0, E_RLE_DICT = 8 };
enum { T_BYTE_ARRAY = 6, CT_UTF8 = 0, R_REQUIRED = 0, R_OPTIONAL = 1 };

/* An uncompressed page's body, kept in the buffer its values were put
 * in rather than copied into the pages: it goes after byte at of them. */
struct kept {
	size_t at;
	struct pq_buf body;
};

struct kepts {
	struct kept *v;
	size_t n, cap;
};

/* A column of the row group being made. */
struct column {
	struct pq_buf pages;	/* finished data pages: headers, bodies */
	struct kepts kept;	/* and the bodies kept apart */
	int64_t usize, csize;	/* theirs, headers included */
	bool used_dict;
	int codec;		/* the chunk's: the writer's, or none */
	bool codec_judged;
	struct pq_buf min, max;	/* statistics */
	bool have_stats, stats_off;
	/* the dictionary: entries PLAIN-encoded in dict, at doff[] */
	bool dict_on, dict_judged;
	bool overflowed;	/* in this chunk: none in the next */
	int nfixed;		/* the first entries of every chunk's */
	struct pq_buf fixed;	/* dictionary, PLAIN-encoded */
	struct pq_buf dict;
	uint64_t *doff;
	size_t doffcap;
	uint32_t ndict;
	uint32_t last;		/* the entry found last */
	uint64_t *slots;	/* a hash's high half, then entry + 1 */
	size_t nslots, slotcap;
	/* the page being filled: plain values, or dictionary indices */
	struct pq_buf plain;
	uint32_t *idx;
	size_t nidx, idxcap;
	size_t as_plain;	/* the bytes the indexed values take plain */
	int64_t page_values;	/* rows of the page, nulls too */
	/* an optional column: each row's definition level (0: null) in
	 * the page being filled, and the chunk's nulls */
	bool optional;
	uint8_t *def;
	size_t defcap;
	int64_t nulls;
};

struct chunk_meta {
	int codec;
	int64_t start, dict_off, data_off;	/* dict_off -1: none */
	int64_t usize, csize;
	int64_t nulls;
	char *min, *max;	/* NULL: no statistics */
	size_t minlen, maxlen;
};

struct group_meta {
	int64_t rows, start, usize, csize;
	struct chunk_meta *cols;
};

/* A done row group's chunks, written behind the next: each column's
 * dictionary page (head) and data pages (the column's pages and kept
 * bodies, swapped with the column's), as pieces in file order. */
struct piece {
	const uint8_t *p;
	size_t len;
	struct pq_buf *own;	/* a kept body's, spare once written */
};

struct behind {
	struct pq_buf *head, *body;	/* one per column */
	struct kepts *kept;
	struct piece *piece;
	size_t npiece, piececap;
	size_t cur, off;		/* being written */
	size_t left;			/* bytes in all */
};

struct pq_writer {
	int fd;
	const char *name;
	char **names;
	int ncols;
	struct pq_wopts o;
	struct column *cols;
	int64_t rows;		/* in the row group being made */
	size_t bytes;
	struct group_meta *groups;
	size_t ngroups, gcap;
	int64_t total_rows;
	int64_t pos;		/* bytes of the file made, written or behind */
	struct behind bh;
	uint8_t out[OUT_BUF];
	size_t outlen;
	struct pq_buf page;	/* an index page's body being made */
	struct pq_buf *spare;	/* kept bodies written, for pages to come */
	size_t nspare, sparecap;
	uint8_t *zpage;		/* and compressed */
	size_t zcap;
	ZSTD_CCtx *zstd;
};

static inline void put(struct pq_buf *b, const void *p, size_t n)
{
	if (n > 0)	/* b->p may be NULL yet */
		memcpy(pq_buf_add(b, n), p, n);
}

static inline void put_u32(struct pq_buf *b, uint32_t v)
{
	pq_put_u32(pq_buf_add(b, 4), v);
}

static void flush_out(struct pq_writer *w)
{
	if (w->outlen > 0 && ot_write_all(w->fd, w->out, w->outlen) < 0)
		err(1, "%s", w->name);
	w->outlen = 0;
}

/* A kept body written: its buffer for pages to come.  Taken now, not
 * when the row group is done, the buffers made anew are fewer. */
static void spare(struct pq_writer *w, struct pq_buf *b)
{
	if (b->p == NULL)
		return;
	w->spare = ot_grow(w->spare, &w->sparecap, w->nspare + 1,
	    sizeof(*w->spare));
	w->spare[w->nspare] = *b;
	w->spare[w->nspare++].len = 0;
	memset(b, 0, sizeof(*b));
}

/* Up to n bytes of the row group written behind; SIZE_MAX: all of it. */
static void write_behind(struct pq_writer *w, size_t n)
{
	struct behind *bh = &w->bh;

	if (bh->left == 0)
		return;
	flush_out(w);
	while (n > 0 && bh->left > 0) {
		const struct piece *pc = &bh->piece[bh->cur];
		size_t k = pc->len - bh->off;

		if (k > n)
			k = n;
		if (ot_write_all(w->fd, pc->p + bh->off, k) < 0)
			err(1, "%s", w->name);
		bh->off += k;
		bh->left -= k;
		n -= k;
		if (bh->off == pc->len) {
			if (pc->own != NULL)
				spare(w, pc->own);
			bh->cur++;
			bh->off = 0;
		}
	}
}

static void add_piece(struct behind *bh, const uint8_t *p, size_t len,
    struct pq_buf *own)
{
	if (len == 0)
		return;
	bh->piece = ot_grow(bh->piece, &bh->piececap, bh->npiece + 1,
	    sizeof(*bh->piece));
	bh->piece[bh->npiece].p = p;
	bh->piece[bh->npiece].own = own;
	bh->piece[bh->npiece++].len = len;
	bh->left += len;
}

/* The page body in *src goes to the column's kept bodies as it is; src
 * goes on with a spare buffer, or a new one as large (grown from nothing,
 * it would be copied as often as it doubled). */
static void keep_body(struct pq_writer *w, struct column *c, struct pq_buf *src)
{
	struct kept *k;

	c->kept.v = ot_grow(c->kept.v, &c->kept.cap, c->kept.n + 1,
	    sizeof(*c->kept.v));
	k = &c->kept.v[c->kept.n++];
	k->at = c->pages.len;
	k->body = *src;
	memset(src, 0, sizeof(*src));
	if (w->nspare > 0)
		*src = w->spare[--w->nspare];
	else if ((src->p = malloc(k->body.cap)) == NULL)
		err(1, NULL);
	else
		src->cap = k->body.cap;
}

static void emit(struct pq_writer *w, const void *p, size_t n)
{
	const uint8_t *b = p;

	w->pos += (int64_t)n;
	/* a large footer goes out as it is, not through the buffer */
	if (n >= OUT_BUF) {
		flush_out(w);
		if (ot_write_all(w->fd, b, n) < 0)
			err(1, "%s", w->name);
		return;
	}
	while (n > 0) {
		size_t k = OUT_BUF - w->outlen;

		if (k == 0) {
			flush_out(w);
			continue;
		}
		if (k > n)
			k = n;
		memcpy(w->out + w->outlen, b, k);
		w->outlen += k;
		b += k;
		n -= k;
	}
}

/* Compress a page's body; its bytes and length. */
static const uint8_t *compress_page(struct pq_writer *w, int codec,
    const struct pq_buf *src, size_t *len)
{
	size_t n = src->len, bound;

	switch (codec) {
	case PQ_SNAPPY:
		bound = snappy_max_compressed_length(n);
		w->zpage = ot_grow(w->zpage, &w->zcap, bound, 1);
		*len = bound;
		if (snappy_compress((const char *)src->p, n,
		    (char *)w->zpage, len) != SNAPPY_OK)
			errx(1, "%s: SNAPPY failed", w->name);
		return w->zpage;
	case PQ_ZSTD:
		bound = ZSTD_compressBound(n);
		w->zpage = ot_grow(w->zpage, &w->zcap, bound, 1);
		*len = ZSTD_compressCCtx(w->zstd, w->zpage, bound, src->p, n,
		    w->o.level);
		if (ZSTD_isError(*len))
			errx(1, "%s: ZSTD: %s", w->name, ZSTD_getErrorName(*len));
		return w->zpage;
	case PQ_GZIP: {
		z_stream z;

		memset(&z, 0, sizeof(z));
		if (deflateInit2(&z, w->o.level, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			errx(1, "%s: GZIP failed", w->name);
		bound = deflateBound(&z, (uLong)n) + 32;
		w->zpage = ot_grow(w->zpage, &w->zcap, bound, 1);
		z.next_in = src->p;
		z.avail_in = (uInt)n;
		z.next_out = w->zpage;
		z.avail_out = (uInt)bound;
		if (deflate(&z, Z_FINISH) != Z_STREAM_END)
			errx(1, "%s: GZIP failed", w->name);
		*len = z.total_out;
		deflateEnd(&z);
		return w->zpage;
	}
	default:
		*len = n;
		return src->p;
	}
}

/* A page of body src, compressed, with its header, appended to to (a
 * column's pages, or its dictionary page), or the body kept (see
 * keep_body); its sizes are added to *usize and *csize. */
static void finish_body(struct pq_writer *w, struct column *c, int type,
    int64_t nvalues, int encoding, struct pq_buf *src, struct pq_buf *to,
    int64_t *usize, int64_t *csize, bool keep)
{
	struct tw t = { 0 };
	const uint8_t *body;
	size_t clen;

	body = compress_page(w, c->codec, src, &clen);
	/* a chunk whose first page the codec hardly shrinks (tokens are
	 * random) is stored uncompressed: the codec is the chunk's */
	if (!c->codec_judged) {
		c->codec_judged = true;
		if (c->codec != PQ_UNCOMPRESSED && clen > src->len / 20 * 19) {
			c->codec = PQ_UNCOMPRESSED;
			body = compress_page(w, c->codec, src, &clen);
		}
	}
	if (src->len > INT32_MAX || clen > INT32_MAX)
		errx(1, "%s: a page over 2 GiB", w->name);
	tw_begin(&t);
	tw_i32(&t, 1, type);
	tw_i32(&t, 2, (int32_t)src->len);
	tw_i32(&t, 3, (int32_t)clen);
	tw_field(&t, type == P_DICT ? 7 : 5, TC_STRUCT);
	tw_begin(&t);
	tw_i32(&t, 1, (int32_t)nvalues);
	tw_i32(&t, 2, encoding);
	if (type == P_DATA) {
		/* levels: none in a required flat column */
		tw_i32(&t, 3, 3);
		tw_i32(&t, 4, 3);
	}
	tw_end(&t);
	tw_end(&t);
	*usize += (int64_t)(t.len + src->len);
	*csize += (int64_t)(t.len + clen);
	put(to, t.buf, t.len);
	/* an uncompressed page of plain values is not copied */
	if (keep && body == src->p)
		keep_body(w, c, src);
	else
		put(to, body, clen);
	tw_free(&t);
}

/* A hash of eight bytes at a time: tokens are long. */
static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ h >> 29;
}

static int bit_width(uint32_t n)
{
	int bw;

	for (bw = 1; bw < 32 && ((uint64_t)1 << bw) < n; bw++)
		;
	return bw;
}

static void dict_clear(struct column *c)
{
	c->dict.len = 0;
	c->ndict = 0;
	c->last = 0;
	if (c->slots != NULL)
		memset(c->slots, 0, c->nslots * sizeof(*c->slots));
}

static inline uint64_t slot_of(uint64_t h, uint32_t e)
{
	return (h & 0xffffffff00000000ULL) | ((uint64_t)e + 1);
}

static void rehash(struct column *c)
{
	size_t n = c->nslots ? c->nslots * 2 : 1024, i;
	uint64_t h;
	uint32_t e;

	c->slots = ot_grow(c->slots, &c->slotcap, n, sizeof(*c->slots));
	c->nslots = n;
	memset(c->slots, 0, n * sizeof(*c->slots));
	for (e = 0; e < c->ndict; e++) {
		const uint8_t *p = c->dict.p + c->doff[e];

		h = hash((const char *)p + 4, pq_get_u32(p));
		for (i = h & (n - 1); c->slots[i] != 0; i = (i + 1) & (n - 1))
			;
		c->slots[i] = slot_of(h, e);
	}
}

/* Whether the PLAIN entry at p is s: inline, for the short values
 * (rule ids, record ids) found again on nearly every row. */
static inline bool entry_is(const uint8_t *p, const char *s, size_t n)
{
	uint64_t x, y;
	size_t i;

	if (pq_get_u32(p) != n)
		return false;
	p += 4;
	if (n < 8) {
		for (i = 0; i < n; i++)
			if (p[i] != (uint8_t)s[i])
				return false;
		return true;
	}
	memcpy(&x, p, 8);
	memcpy(&y, s, 8);
	if (x != y)
		return false;
	memcpy(&x, p + n - 8, 8);
	memcpy(&y, s + n - 8, 8);
	return x == y && (n <= 16 || memcmp(p + 8, s + 8, n - 16) == 0);
}

static inline bool is_entry(const struct column *c, uint32_t e,
    const char *s, size_t n)
{
	return e < c->ndict && entry_is(c->dict.p + c->doff[e], s, n);
}

/* The dictionary index of a value, added if new; -1 when adding it would
 * make the dictionary larger than DICT_BYTES. */
static int64_t dict_index(struct column *c, const char *s, size_t n)
{
	size_t mask, i;
	uint64_t h, tag;
	uint32_t next;

	/* token files repeat a record id five times and cycle through the
	 * rules: the last entry, or the one after it, before any hashing */
	if (c->ndict > 0) {
		if (is_entry(c, c->last, s, n))
			return c->last;
		next = c->last + 1 == c->ndict ? 0 : c->last + 1;
		if (is_entry(c, next, s, n))
			return c->last = next;
	}
	if (c->nslots == 0)
		rehash(c);
	mask = c->nslots - 1;
	h = hash(s, n);
	tag = h & 0xffffffff00000000ULL;
	/* an entry is compared only when its slot's half hash is the
	 * value's: most probes for a new value touch no entry */
	for (i = h & mask; c->slots[i] != 0; i = (i + 1) & mask) {
		uint32_t e = (uint32_t)c->slots[i] - 1;

		if ((c->slots[i] & 0xffffffff00000000ULL) == tag &&
		    entry_is(c->dict.p + c->doff[e], s, n))
			return c->last = e;
	}
	if (c->dict.len + 4 + n > DICT_BYTES)
		return -1;
	c->doff = ot_grow(c->doff, &c->doffcap, (size_t)c->ndict + 1,
	    sizeof(*c->doff));
	c->doff[c->ndict] = c->dict.len;
	put_u32(&c->dict, (uint32_t)n);
	put(&c->dict, s, n);
	c->slots[i] = slot_of(h, c->ndict++);
	if ((size_t)c->ndict * 2 > c->nslots)
		rehash(c);
	return c->last = c->ndict - 1;
}

/* A chunk's dictionary starts with the column's fixed entries. */
static void prefill(struct pq_writer *w, struct column *c)
{
	const uint8_t *p = c->fixed.p;
	int e;

	for (e = 0; e < c->nfixed; e++) {
		uint32_t n = pq_get_u32(p);

		if (dict_index(c, (const char *)p + 4, n) != e)
			errx(1, "%s: a fixed dictionary entry repeated", w->name);
		p += 4 + n;
	}
}

/* Dictionary indices as a page body: the bit width, then bit-packed runs
 * of at most 63 groups of eight, the form every reader takes. */
static void index_body(struct pq_writer *w, const uint32_t *idx, size_t n,
    int bw)
{
	size_t a = 0, b = n, k, end, groups = (b + 7) / 8;
	struct pq_buf *pg = &w->page;
	uint8_t *o;

	/* the width, a header byte a run, bw bytes a group of eight */
	pg->p = ot_grow(pg->p, &pg->cap, pg->len + 1 + (groups + 62) / 63 +
	    groups * (size_t)bw, 1);
	o = pg->p + pg->len;
	*o++ = (uint8_t)bw;
	while (a < b) {
		uint64_t acc = 0;
		int bits = 0;

		groups = (b - a + 7) / 8;
		if (groups > 63)
			groups = 63;
		*o++ = (uint8_t)(groups << 1 | 1);
		end = a + groups * 8;
		for (k = a; k < end; k++) {
			acc |= (uint64_t)(k < b ? idx[k] : 0) << bits;
			bits += bw;
			while (bits >= 8) {
				*o++ = (uint8_t)acc;
				acc >>= 8;
				bits -= 8;
			}
		}
		a = end < b ? end : b;
	}
	pg->len = (size_t)(o - pg->p);
}

/* n definition levels (0 or 1) as a v1 page's levels begin its body: their
 * length, then RLE runs of bit width 1 (each its length << 1 as a varint
 * and the level in a byte). */
static void def_levels(struct pq_writer *w, const uint8_t *def, size_t n)
{
	struct pq_buf *pg = &w->page;
	size_t at = pg->len, i, j;
	uint64_t run;

	put_u32(pg, 0);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && def[j] == def[i]; j++)
			;
		for (run = (uint64_t)(j - i) << 1; run >= 0x80; run >>= 7)
			*pq_buf_add(pg, 1) = (uint8_t)(run | 0x80);
		*pq_buf_add(pg, 1) = (uint8_t)run;
		*pq_buf_add(pg, 1) = def[i];
	}
	pq_put_u32(pg->p + at, (uint32_t)(pg->len - at - 4));
}

/* The chunk's first page goes plain, its indexed values written out
 * from the dictionary, which is dropped for the rest of the chunk. */
static void drop_dictionary(struct column *c)
{
	size_t i;

	for (i = 0; i < c->nidx; i++) {
		const uint8_t *p = c->dict.p + c->doff[c->idx[i]];

		put(&c->plain, p, 4 + pq_get_u32(p));
	}
	c->nidx = 0;
	c->as_plain = 0;
	c->dict_on = false;
	c->dict_judged = true;
	dict_clear(c);
}

/* A data page of column c, n values: indices (idx) into the chunk's
 * dictionary, or else the plain values in *plain; then as much of the
 * row group behind written as twice the page, so that it is out before
 * this one is half made. */
static void data_page(struct pq_writer *w, struct column *c, int64_t n,
    const uint32_t *idx, size_t nidx, struct pq_buf *plain)
{
	int64_t before = c->csize;

	/* an optional column's levels come first, in the body */
	if (c->optional)
		def_levels(w, c->def, (size_t)n);
	if (idx != NULL) {
		index_body(w, idx, nidx, bit_width(c->ndict));
		finish_body(w, c, P_DATA, n, E_RLE_DICT, &w->page, &c->pages,
		    &c->usize, &c->csize, false);
		c->used_dict = true;
	} else if (c->optional) {
		put(&w->page, plain->p, plain->len);
		finish_body(w, c, P_DATA, n, E_PLAIN, &w->page, &c->pages,
		    &c->usize, &c->csize, false);
	} else
		finish_body(w, c, P_DATA, n, E_PLAIN, plain, &c->pages,
		    &c->usize, &c->csize, true);
	w->page.len = 0;
	write_behind(w, 2 * (size_t)(c->csize - before));
}

/* The page being filled, finished into c->pages.  The chunk's first page
 * judges the dictionary: kept only when it and the indices take less
 * than the plain values would. */
static void finish_page(struct pq_writer *w, struct column *c)
{
	if (c->page_values == 0)
		return;
	if (c->dict_on && !c->dict_judged &&
	    c->dict.len + c->nidx * (size_t)bit_width(c->ndict) / 8 >=
	    c->as_plain)
		drop_dictionary(c);
	c->dict_judged = true;
	data_page(w, c, c->page_values, c->dict_on ? c->idx : NULL, c->nidx,
	    &c->plain);
	c->plain.len = 0;
	c->nidx = 0;
	c->as_plain = 0;
	c->page_values = 0;
}

static inline void set(struct pq_buf *b, const char *s, size_t n)
{
	b->len = 0;
	put(b, s, n);
}

static void stats_add(struct column *c, const char *s, size_t n)
{

	if (c->stats_off)
		return;
	if (n > PQ_STAT_MAX) {
		c->stats_off = true;
		return;
	}
	if (!c->have_stats) {
		set(&c->min, s, n);
		set(&c->max, s, n);
		c->have_stats = true;
		return;
	}
	if (pq_compare(s, n, c->min.p, c->min.len) < 0)
		set(&c->min, s, n);
	else if (pq_compare(s, n, c->max.p, c->max.len) > 0)
		set(&c->max, s, n);
}

/* The page is full: of values, or of rows. */
static void page_full(struct pq_writer *w, struct column *c)
{
	if (c->page_values >= PAGE_VALUES || c->plain.len >= PAGE_BYTES)
		finish_page(w, c);
}

/* A row's definition level in an optional column's page. */
static void add_level(struct column *c, uint8_t level)
{
	c->def = ot_grow(c->def, &c->defcap, (size_t)c->page_values + 1, 1);
	c->def[c->page_values] = level;
}

static void add_null(struct pq_writer *w, struct column *c)
{
	add_level(c, 0);
	c->nulls++;
	c->page_values++;
	page_full(w, c);
}

static void add_value(struct pq_writer *w, struct column *c, const char *s,
    size_t n)
{
	uint32_t had = c->ndict;
	int64_t e = -1;

	if (c->dict_on && (e = dict_index(c, s, n)) < 0) {
		/* the dictionary is full: plain pages from here on, and from
		 * the start in the next row group */
		finish_page(w, c);
		c->dict_on = false;
		c->overflowed = true;
	}
	/* a value already in the dictionary is in the statistics */
	if (e < 0 || c->ndict != had)
		stats_add(c, s, n);
	if (e >= 0) {
		if (c->nidx == c->idxcap)
			c->idx = ot_grow(c->idx, &c->idxcap, c->nidx + 1,
			    sizeof(*c->idx));
		c->idx[c->nidx++] = (uint32_t)e;
		c->as_plain += 4 + n;
	} else {
		put_u32(&c->plain, (uint32_t)n);
		put(&c->plain, s, n);
	}
	if (c->optional)
		add_level(c, 1);
	/* nearly every value new: no dictionary (judged early, to spare
	 * hashing a whole page of tokens) */
	if (++c->page_values == 1024 && c->dict_on && !c->dict_judged &&
	    c->ndict > 768)
		drop_dictionary(c);
	page_full(w, c);
}

/* Column c's chunk (its last page finished) to be written behind: its
 * dictionary page, then its data pages. */
static void chunk_behind(struct pq_writer *w, int i, struct chunk_meta *cm)
{
	struct column *c = &w->cols[i];
	struct behind *bh = &w->bh;
	struct pq_buf *head = &bh->head[i], *body = &bh->body[i], t;
	struct kepts kt;
	size_t k, at = 0;

	head->len = 0;
	cm->start = w->pos;
	cm->dict_off = -1;
	if (c->used_dict) {
		cm->dict_off = w->pos;
		finish_body(w, c, P_DICT, c->ndict, E_PLAIN, &c->dict, head,
		    &cm->usize, &cm->csize, false);
	}
	add_piece(bh, head->p, head->len, NULL);
	/* the pages are written from where they are; the column goes on
	 * with the buffers written last time */
	t = *body;
	*body = c->pages;
	c->pages = t;
	c->pages.len = 0;
	kt = bh->kept[i];
	bh->kept[i] = c->kept;
	c->kept = kt;
	for (k = 0; k < bh->kept[i].n; k++) {
		struct kept *kp = &bh->kept[i].v[k];

		add_piece(bh, body->p + at, kp->at - at, NULL);
		add_piece(bh, kp->body.p, kp->body.len, &kp->body);
		at = kp->at;
	}
	add_piece(bh, body->p + at, body->len - at, NULL);
	w->pos += (int64_t)head->len;
	cm->data_off = w->pos;
	w->pos += c->csize;
	cm->usize += c->usize;
	cm->csize += c->csize;
	cm->codec = c->codec;
	cm->nulls = c->nulls;
	if (c->have_stats && !c->stats_off) {
		if ((cm->min = malloc(c->min.len + 1)) == NULL ||
		    (cm->max = malloc(c->max.len + 1)) == NULL)
			err(1, NULL);
		if (c->min.len > 0)
			memcpy(cm->min, c->min.p, c->min.len);
		if (c->max.len > 0)
			memcpy(cm->max, c->max.p, c->max.len);
		cm->minlen = c->min.len;
		cm->maxlen = c->max.len;
	}
	/* the next row group's chunk starts afresh */
	c->usize = c->csize = 0;
	c->nulls = 0;
	c->used_dict = false;
	c->have_stats = c->stats_off = false;
	c->dict_on = !c->overflowed || c->nfixed > 0;
	c->dict_judged = c->overflowed || c->nfixed > 0;
	c->overflowed = false;
	c->codec = w->o.codec;
	c->codec_judged = false;
	dict_clear(c);
	prefill(w, c);
}

static void recycle(struct pq_writer *w)
{
	struct behind *bh = &w->bh;
	size_t k;
	int i;

	for (i = 0; i < w->ncols; i++) {
		for (k = 0; k < bh->kept[i].n; k++)
			spare(w, &bh->kept[i].v[k].body);
		bh->kept[i].n = 0;
	}
	bh->npiece = bh->cur = bh->off = 0;
}

static void write_group(struct pq_writer *w)
{
	struct group_meta *g;
	int i;

	if (w->rows == 0)
		return;
	for (i = 0; i < w->ncols; i++)
		finish_page(w, &w->cols[i]);
	/* the group before goes out first, whatever is left of it; its
	 * kept bodies are then spare */
	write_behind(w, SIZE_MAX);
	recycle(w);
	w->groups = ot_grow(w->groups, &w->gcap, w->ngroups + 1,
	    sizeof(*w->groups));
	g = &w->groups[w->ngroups++];
	memset(g, 0, sizeof(*g));
	if ((g->cols = calloc((size_t)w->ncols, sizeof(*g->cols))) == NULL)
		err(1, NULL);
	g->rows = w->rows;
	g->start = w->pos;
	for (i = 0; i < w->ncols; i++) {
		chunk_behind(w, i, &g->cols[i]);
		g->usize += g->cols[i].usize;
		g->csize += g->cols[i].csize;
	}
	w->total_rows += w->rows;
	w->rows = 0;
	w->bytes = 0;
}

struct pq_writer *pq_writer_new(int fd, const char *name, char *const *names,
    int ncols, const struct pq_wopts *o)
{
	struct pq_writer *w;
	int i;

	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->cols = calloc((size_t)ncols + 1, sizeof(*w->cols))) == NULL ||
	    (w->names = calloc((size_t)ncols + 1, sizeof(char *))) == NULL ||
	    (w->bh.head = calloc((size_t)ncols + 1, sizeof(struct pq_buf))) ==
	    NULL ||
	    (w->bh.body = calloc((size_t)ncols + 1, sizeof(struct pq_buf))) ==
	    NULL ||
	    (w->bh.kept = calloc((size_t)ncols + 1, sizeof(struct kepts))) ==
	    NULL)
		err(1, NULL);
	w->fd = fd;
	w->name = name;
	w->ncols = ncols;
	w->o = *o;
	if (w->o.group_rows <= 0)
		w->o.group_rows = PQ_GROUP_ROWS;
	if (w->o.group_bytes <= 0)
		w->o.group_bytes = PQ_GROUP_BYTES;
	if (w->o.level == 0)
		w->o.level = w->o.codec == PQ_GZIP ? 6 : 3;
	if (w->o.codec == PQ_ZSTD && (w->zstd = ZSTD_createCCtx()) == NULL)
		err(1, NULL);
	for (i = 0; i < ncols; i++) {
		if ((w->names[i] = strdup(names[i])) == NULL)
			err(1, NULL);
		w->cols[i].dict_on = true;
		w->cols[i].codec = w->o.codec;
		w->cols[i].optional = o->optional != NULL && o->optional[i];
	}
	w->o.optional = NULL;
	emit(w, "PAR1", 4);
	return w;
}

void pq_writer_row(struct pq_writer *w, const char *const *field,
    const size_t *len)
{
	int i;

	for (i = 0; i < w->ncols; i++) {
		if (len[i] > UINT32_MAX)
			errx(1, "%s: a value over 4 GiB", w->name);
		if (field[i] != NULL)
			add_value(w, &w->cols[i], field[i], len[i]);
		else if (w->cols[i].optional)
			add_null(w, &w->cols[i]);
		else
			errx(1, "%s: a null in the required column %s",
			    w->name, w->names[i]);
		w->bytes += len[i] + 4;
	}
	w->rows++;
	if (w->rows >= w->o.group_rows || w->bytes >= (size_t)w->o.group_bytes)
		write_group(w);
}

void pq_writer_dictionary(struct pq_writer *w, int col,
    const char *const *values, const size_t *len, int n)
{
	struct column *c;
	int e;

	if (col < 0 || col >= w->ncols || n < 1 || n > PQ_FIXED_MAX ||
	    w->cols[col].ndict > 0 || w->rows > 0 || w->ngroups > 0)
		errx(1, "%s: a fixed dictionary not before the rows", w->name);
	c = &w->cols[col];
	for (e = 0; e < n; e++) {
		put_u32(&c->fixed, (uint32_t)len[e]);
		put(&c->fixed, values[e], len[e]);
	}
	c->nfixed = n;
	c->dict_judged = true;
	prefill(w, c);
}

/* A page's least and greatest values into the chunk's statistics. */
static void page_stats(struct column *c, const struct pq_page *pg)
{
	const uint8_t *p;
	uint32_t e;

	if (pg->stats_off) {
		c->stats_off = true;
		return;
	}
	if (!pg->indexed) {
		p = pg->body.p + pg->min;
		stats_add(c, (const char *)p + 4, pq_get_u32(p));
		p = pg->body.p + pg->max;
		stats_add(c, (const char *)p + 4, pq_get_u32(p));
		return;
	}
	for (e = 0; e < PQ_FIXED_MAX; e++)
		if (pg->used & (uint64_t)1 << e) {
			p = c->dict.p + c->doff[e];
			stats_add(c, (const char *)p + 4, pq_get_u32(p));
		}
}

static void add_page(struct pq_writer *w, struct column *c,
    struct pq_page *pg)
{
	if (pg->indexed && (!c->dict_on || c->nfixed == 0 ||
	    (c->ndict < 64 && pg->used >> c->ndict != 0)))
		errx(1, "%s: indices past the fixed dictionary", w->name);
	page_stats(c, pg);
	w->bytes += pg->body.len;
	data_page(w, c, pg->n, pg->indexed ?
	    (const uint32_t *)(void *)pg->body.p : NULL, (size_t)pg->n,
	    &pg->body);
}

void pq_writer_pages(struct pq_writer *w, struct pq_page *pages,
    int64_t nrows)
{
	int i;

	if (nrows <= 0)
		return;
	for (i = 0; i < w->ncols; i++) {
		if (pages[i].n != nrows)
			errx(1, "%s: a page of %lld values in rows of %lld",
			    w->name, (long long)pages[i].n, (long long)nrows);
		if (w->cols[i].optional)
			errx(1, "%s: pages given for the optional column %s",
			    w->name, w->names[i]);
		/* the rows given one at a time before */
		finish_page(w, &w->cols[i]);
	}
	for (i = 0; i < w->ncols; i++)
		add_page(w, &w->cols[i], &pages[i]);
	w->rows += nrows;
	if (w->rows >= w->o.group_rows || w->bytes >= (size_t)w->o.group_bytes)
		write_group(w);
}

static void footer_column(struct tw *t, const struct pq_writer *w, int i,
    const struct chunk_meta *cm, int64_t rows)
{
	tw_begin(t);
	tw_i64(t, 2, cm->start);
	tw_field(t, 3, TC_STRUCT);
	tw_begin(t);
	tw_i32(t, 1, T_BYTE_ARRAY);
	tw_list(t, 2, TC_I32, cm->dict_off >= 0 ? 2 : 1);
	tw_zigzag(t, E_PLAIN);
	if (cm->dict_off >= 0)
		tw_zigzag(t, E_RLE_DICT);
	tw_list(t, 3, TC_BINARY, 1);
	tw_bytes(t, w->names[i], strlen(w->names[i]));
	tw_i32(t, 4, cm->codec);
	tw_i64(t, 5, rows);
	tw_i64(t, 6, cm->usize);
	tw_i64(t, 7, cm->csize);
	tw_i64(t, 9, cm->data_off);
	if (cm->dict_off >= 0)
		tw_i64(t, 11, cm->dict_off);
	if (cm->min != NULL) {
		tw_field(t, 12, TC_STRUCT);
		tw_begin(t);
		tw_i64(t, 3, cm->nulls);
		tw_binary(t, 5, cm->max, cm->maxlen);
		tw_binary(t, 6, cm->min, cm->minlen);
		tw_end(t);
	}
	tw_end(t);
	tw_end(t);
}

static void footer(struct pq_writer *w, struct tw *t)
{
	size_t g;
	int i;

	tw_begin(t);
	tw_i32(t, 1, 1);
	tw_list(t, 2, TC_STRUCT, (uint32_t)w->ncols + 1);
	tw_begin(t);
	tw_binary(t, 4, "schema", 6);
	tw_i32(t, 5, w->ncols);
	tw_end(t);
	for (i = 0; i < w->ncols; i++) {
		tw_begin(t);
		tw_i32(t, 1, T_BYTE_ARRAY);
		tw_i32(t, 3, w->cols[i].optional ? R_OPTIONAL : R_REQUIRED);
		tw_binary(t, 4, w->names[i], strlen(w->names[i]));
		tw_i32(t, 6, CT_UTF8);
		tw_field(t, 10, TC_STRUCT);	/* LogicalType STRING */
		tw_begin(t);
		tw_empty(t, 1);
		tw_end(t);
		tw_end(t);
	}
	tw_i64(t, 3, w->total_rows);
	tw_list(t, 4, TC_STRUCT, (uint32_t)w->ngroups);
	for (g = 0; g < w->ngroups; g++) {
		const struct group_meta *gm = &w->groups[g];

		tw_begin(t);
		tw_list(t, 1, TC_STRUCT, (uint32_t)w->ncols);
		for (i = 0; i < w->ncols; i++)
			footer_column(t, w, i, &gm->cols[i], gm->rows);
		tw_i64(t, 2, gm->usize);
		tw_i64(t, 3, gm->rows);
		tw_i64(t, 5, gm->start);
		tw_i64(t, 6, gm->csize);
		tw_end(t);
	}
	tw_binary(t, 6, PQ_CREATED_BY, strlen(PQ_CREATED_BY));
	/* min and max by unsigned bytes, for readers to trust them */
	tw_list(t, 7, TC_STRUCT, (uint32_t)w->ncols);
	for (i = 0; i < w->ncols; i++) {
		tw_begin(t);
		tw_empty(t, 1);		/* TYPE_ORDER */
		tw_end(t);
	}
	tw_end(t);
}

void pq_writer_close(struct pq_writer *w)
{
	struct tw t = { 0 };
	uint8_t len[4];

	write_group(w);
	write_behind(w, SIZE_MAX);
	footer(w, &t);
	if (t.len > UINT32_MAX)
		errx(1, "%s: a footer over 4 GiB", w->name);
	len[0] = (uint8_t)t.len;
	len[1] = (uint8_t)(t.len >> 8);
	len[2] = (uint8_t)(t.len >> 16);
	len[3] = (uint8_t)(t.len >> 24);
	emit(w, t.buf, t.len);
	emit(w, len, 4);
	emit(w, "PAR1", 4);
	flush_out(w);
	tw_free(&t);
	pq_writer_discard(w);
}

static void free_kepts(struct kepts *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->v[i].body.p);
	free(k->v);
}

void pq_writer_discard(struct pq_writer *w)
{
	size_t g;
	int i;

	for (g = 0; g < w->ngroups; g++) {
		for (i = 0; i < w->ncols; i++) {
			free(w->groups[g].cols[i].min);
			free(w->groups[g].cols[i].max);
		}
		free(w->groups[g].cols);
	}
	for (i = 0; i < w->ncols; i++) {
		struct column *c = &w->cols[i];

		free(w->names[i]);
		free(c->pages.p);
		free(c->min.p);
		free(c->max.p);
		free(c->dict.p);
		free(c->fixed.p);
		free(c->doff);
		free(c->slots);
		free(c->plain.p);
		free(c->idx);
		free(c->def);
		free_kepts(&c->kept);
		free(w->bh.head[i].p);
		free(w->bh.body[i].p);
		free_kepts(&w->bh.kept[i]);
	}
	for (g = 0; g < w->nspare; g++)
		free(w->spare[g].p);
	free(w->spare);
	free(w->bh.head);
	free(w->bh.body);
	free(w->bh.kept);
	free(w->bh.piece);
	ZSTD_freeCCtx(w->zstd);
	free(w->groups);
	free(w->names);
	free(w->cols);
	free(w->page.p);
	free(w->zpage);
	free(w);
}
