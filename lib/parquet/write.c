/*
 * Writing Parquet: every column a required UTF-8 string, as the
 * reference's own token files have them.  Rows are buffered one row
 * group at a time (bounded in rows and bytes); each column chunk is
 * then written as an optional dictionary page and data pages v1 of about
 * PAGE_BYTES, compressed, with min/max statistics.
 */
#include "parquet.h"
#include "grow.h"
#include "thrift.h"

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#define PAGE_BYTES	(1 << 20)
/* A dictionary larger than this is not tried: such a column is mostly
 * distinct values (tokens, record ids). */
#define DICT_BYTES	(1 << 20)
/* Statistics are left out for a chunk whose least or greatest value is
 * longer, rather than truncated. */
#define STAT_MAX	1024
#define OUT_BUF		(1 << 16)

enum { P_DATA = 0, P_DICT = 2 };
enum { E_PLAIN = 0, E_RLE_DICT = 8 };
enum { T_BYTE_ARRAY = 6, CT_UTF8 = 0, R_REQUIRED = 0 };

struct column {
	char *text;
	size_t textlen, textcap;
	uint64_t *off;		/* rows + 1 starts */
	size_t offcap;
};

struct chunk_meta {
	int64_t start, dict_off, data_off;	/* dict_off -1: none */
	int64_t usize, csize;
	char *min, *max;	/* NULL: no statistics */
	size_t minlen, maxlen;
};

struct group_meta {
	int64_t rows, start, usize, csize;
	struct chunk_meta *cols;
};

struct pq_writer {
	int fd;
	const char *name;
	char **names;
	int ncols;
	struct pq_wopts o;
	struct column *cols;
	int64_t rows;		/* in the row group being buffered */
	size_t bytes;
	struct group_meta *groups;
	size_t ngroups, gcap;
	int64_t total_rows;
	int64_t pos;		/* bytes written to fd */
	uint8_t out[OUT_BUF];
	size_t outlen;
	uint8_t *page, *zpage;	/* a page being made, and compressed */
	size_t pagelen, pagecap, zcap;
	ZSTD_CCtx *zstd;
	uint32_t *slots, *idx, *first;	/* the dictionary being tried */
	size_t slotcap, idxcap, firstcap;
};

static void flush_out(struct pq_writer *w)
{
	size_t done = 0;
	ssize_t n;

	while (done < w->outlen) {
		n = write(w->fd, w->out + done, w->outlen - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			err(1, "%s", w->name);
		done += (size_t)n;
	}
	w->outlen = 0;
}

static void emit(struct pq_writer *w, const void *p, size_t n)
{
	const uint8_t *b = p;

	w->pos += (int64_t)n;
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

static void page_put(struct pq_writer *w, const void *p, size_t n)
{
	w->page = ot_grow(w->page, &w->pagecap, w->pagelen + n, 1);
	memcpy(w->page + w->pagelen, p, n);
	w->pagelen += n;
}

static void page_u32(struct pq_writer *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 24) };

	page_put(w, b, 4);
}

/* Compress the page made in w->page; its bytes and length. */
static const uint8_t *compress_page(struct pq_writer *w, size_t *len)
{
	size_t n = w->pagelen, bound;

	switch (w->o.codec) {
	case PQ_SNAPPY:
		bound = snappy_max_compressed_length(n);
		w->zpage = ot_grow(w->zpage, &w->zcap, bound, 1);
		*len = bound;
		if (snappy_compress((const char *)w->page, n,
		    (char *)w->zpage, len) != SNAPPY_OK)
			errx(1, "%s: SNAPPY failed", w->name);
		return w->zpage;
	case PQ_ZSTD:
		bound = ZSTD_compressBound(n);
		w->zpage = ot_grow(w->zpage, &w->zcap, bound, 1);
		*len = ZSTD_compressCCtx(w->zstd, w->zpage, bound, w->page, n,
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
		z.next_in = w->page;
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
		return w->page;
	}
}

/* Write the page made in w->page with its header; counts go to cm. */
static void put_page(struct pq_writer *w, int type, int64_t nvalues,
    int encoding, struct chunk_meta *cm)
{
	struct tw t = { 0 };
	const uint8_t *body;
	size_t clen;

	body = compress_page(w, &clen);
	if (w->pagelen > INT32_MAX || clen > INT32_MAX)
		errx(1, "%s: a page over 2 GiB", w->name);
	tw_begin(&t);
	tw_i32(&t, 1, type);
	tw_i32(&t, 2, (int32_t)w->pagelen);
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
	if (type == P_DICT)
		cm->dict_off = w->pos;
	else if (cm->data_off < 0)
		cm->data_off = w->pos;
	emit(w, t.buf, t.len);
	emit(w, body, clen);
	cm->usize += (int64_t)(t.len + w->pagelen);
	cm->csize += (int64_t)(t.len + clen);
	w->pagelen = 0;
	tw_free(&t);
}

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n-- > 0)
		h = (h ^ (uint8_t)*s++) * 1099511628211ULL;
	return h ^ h >> 29;
}

/*
 * Try a dictionary for column c's rows: on success, w->idx holds each
 * row's index, w->first each entry's first row, and *ndict the entries.
 * It is tried only while it stays small, and kept only when it makes the
 * chunk smaller than plain values would.
 */
static bool try_dictionary(struct pq_writer *w, const struct column *c,
    int64_t rows, uint32_t *ndict, int *width)
{
	size_t mask, dbytes = 0, pbytes = 0, ibytes;
	uint32_t n = 0;
	int64_t r;
	int bw;

	mask = 1024;
	while (mask < (size_t)rows * 2 && mask < ((size_t)1 << 24))
		mask *= 2;
	w->slots = ot_grow(w->slots, &w->slotcap, mask, sizeof(*w->slots));
	memset(w->slots, 0, mask * sizeof(*w->slots));
	mask--;
	w->idx = ot_grow(w->idx, &w->idxcap, (size_t)rows + 1, sizeof(*w->idx));
	for (r = 0; r < rows; r++) {
		const char *s = c->text + c->off[r];
		size_t len = c->off[r + 1] - c->off[r], i;

		pbytes += 4 + len;
		for (i = hash(s, len) & mask; w->slots[i] != 0;
		    i = (i + 1) & mask) {
			uint32_t f = w->first[w->slots[i] - 1];

			if (c->off[f + 1] - c->off[f] == len &&
			    memcmp(c->text + c->off[f], s, len) == 0)
				break;
		}
		if (w->slots[i] == 0) {
			dbytes += 4 + len;
			if (dbytes > DICT_BYTES || n >= mask / 2)
				return false;
			w->first = ot_grow(w->first, &w->firstcap, (size_t)n + 1,
			    sizeof(*w->first));
			w->first[n] = (uint32_t)r;
			w->slots[i] = ++n;
		}
		w->idx[r] = w->slots[i] - 1;
	}
	for (bw = 1; bw < 32 && ((uint64_t)1 << bw) < n; bw++)
		;
	ibytes = ((size_t)rows * (size_t)bw + 7) / 8;
	*ndict = n;
	*width = bw;
	return dbytes + ibytes < pbytes;
}

/* Dictionary indices [a, b) as bit-packed runs of at most 63 groups of
 * eight, the form every reader takes. */
static void put_indices(struct pq_writer *w, int64_t a, int64_t b, int bw)
{
	uint8_t hdr = (uint8_t)bw;

	page_put(w, &hdr, 1);
	while (a < b) {
		int64_t groups = (b - a + 7) / 8, k, end;
		uint64_t acc = 0;
		int bits = 0;
		uint8_t byte;

		if (groups > 63)
			groups = 63;
		hdr = (uint8_t)(groups << 1 | 1);
		page_put(w, &hdr, 1);
		end = a + groups * 8;
		for (k = a; k < end; k++) {
			acc |= (uint64_t)(k < b ? w->idx[k] : 0) << bits;
			bits += bw;
			while (bits >= 8) {
				byte = (uint8_t)acc;
				page_put(w, &byte, 1);
				acc >>= 8;
				bits -= 8;
			}
		}
		a = end < b ? end : b;
	}
}

static void stats(struct chunk_meta *cm, const struct column *c, int64_t rows)
{
	const char *min = NULL, *max = NULL;
	size_t minlen = 0, maxlen = 0;
	int64_t r;

	for (r = 0; r < rows; r++) {
		const char *s = c->text + c->off[r];
		size_t len = c->off[r + 1] - c->off[r];
		int d;

		if (min == NULL) {
			min = max = s;
			minlen = maxlen = len;
			continue;
		}
		d = memcmp(s, min, len < minlen ? len : minlen);
		if (d < 0 || (d == 0 && len < minlen)) {
			min = s;
			minlen = len;
		}
		d = memcmp(s, max, len < maxlen ? len : maxlen);
		if (d > 0 || (d == 0 && len > maxlen)) {
			max = s;
			maxlen = len;
		}
	}
	if (min == NULL || minlen > STAT_MAX || maxlen > STAT_MAX)
		return;
	if ((cm->min = malloc(minlen + 1)) == NULL ||
	    (cm->max = malloc(maxlen + 1)) == NULL)
		err(1, NULL);
	memcpy(cm->min, min, minlen);
	memcpy(cm->max, max, maxlen);
	cm->minlen = minlen;
	cm->maxlen = maxlen;
}

static void write_chunk(struct pq_writer *w, struct column *c, int64_t rows,
    struct chunk_meta *cm)
{
	uint32_t ndict = 0, i;
	int64_t r, start = 0;
	bool dict;
	int bw = 0;

	cm->start = w->pos;
	cm->dict_off = cm->data_off = -1;
	stats(cm, c, rows);
	dict = rows > 0 && try_dictionary(w, c, rows, &ndict, &bw);
	if (dict) {
		for (i = 0; i < ndict; i++) {
			uint32_t f = w->first[i];
			size_t len = c->off[f + 1] - c->off[f];

			page_u32(w, (uint32_t)len);
			page_put(w, c->text + c->off[f], len);
		}
		put_page(w, P_DICT, ndict, E_PLAIN, cm);
		/* pages of whole groups of eight indices */
		for (start = 0; start < rows;) {
			int64_t n = (int64_t)PAGE_BYTES * 8 / bw / 8 * 8;

			if (n > rows - start)
				n = rows - start;
			put_indices(w, start, start + n, bw);
			put_page(w, P_DATA, n, E_RLE_DICT, cm);
			start += n;
		}
	} else {
		for (r = 0; r < rows; r++) {
			size_t len = c->off[r + 1] - c->off[r];

			page_u32(w, (uint32_t)len);
			page_put(w, c->text + c->off[r], len);
			if (w->pagelen >= PAGE_BYTES || r + 1 == rows) {
				put_page(w, P_DATA, r + 1 - start, E_PLAIN, cm);
				start = r + 1;
			}
		}
	}
	if (cm->data_off < 0)	/* no rows: one empty page */
		put_page(w, P_DATA, 0, E_PLAIN, cm);
}

static void write_group(struct pq_writer *w)
{
	struct group_meta *g;
	int i;

	if (w->rows == 0)
		return;
	w->groups = ot_grow(w->groups, &w->gcap, w->ngroups + 1,
	    sizeof(*w->groups));
	g = &w->groups[w->ngroups++];
	memset(g, 0, sizeof(*g));
	if ((g->cols = calloc((size_t)w->ncols, sizeof(*g->cols))) == NULL)
		err(1, NULL);
	g->rows = w->rows;
	g->start = w->pos;
	for (i = 0; i < w->ncols; i++) {
		write_chunk(w, &w->cols[i], w->rows, &g->cols[i]);
		g->usize += g->cols[i].usize;
		g->csize += g->cols[i].csize;
		w->cols[i].textlen = 0;
		w->cols[i].off[0] = 0;
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
	    (w->names = calloc((size_t)ncols + 1, sizeof(char *))) == NULL)
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
		w->cols[i].off = ot_grow(NULL, &w->cols[i].offcap, 1024,
		    sizeof(uint64_t));
		w->cols[i].off[0] = 0;
	}
	emit(w, "PAR1", 4);
	return w;
}

void pq_writer_row(struct pq_writer *w, const char *const *field,
    const size_t *len)
{
	int i;

	for (i = 0; i < w->ncols; i++) {
		struct column *c = &w->cols[i];

		if (len[i] > UINT32_MAX)
			errx(1, "%s: a value over 4 GiB", w->name);
		c->text = ot_grow(c->text, &c->textcap, c->textlen + len[i] + 1, 1);
		memcpy(c->text + c->textlen, field[i], len[i]);
		c->textlen += len[i];
		c->off = ot_grow(c->off, &c->offcap, (size_t)w->rows + 2,
		    sizeof(*c->off));
		c->off[w->rows + 1] = c->textlen;
		w->bytes += len[i] + 4;
	}
	w->rows++;
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
	tw_i32(t, 4, w->o.codec);
	tw_i64(t, 5, rows);
	tw_i64(t, 6, cm->usize);
	tw_i64(t, 7, cm->csize);
	tw_i64(t, 9, cm->data_off);
	if (cm->dict_off >= 0)
		tw_i64(t, 11, cm->dict_off);
	if (cm->min != NULL) {
		tw_field(t, 12, TC_STRUCT);
		tw_begin(t);
		tw_i64(t, 3, 0);
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
		tw_i32(t, 3, R_REQUIRED);
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
	size_t g;
	int i;

	write_group(w);
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
	for (g = 0; g < w->ngroups; g++) {
		for (i = 0; i < w->ncols; i++) {
			free(w->groups[g].cols[i].min);
			free(w->groups[g].cols[i].max);
		}
		free(w->groups[g].cols);
	}
	for (i = 0; i < w->ncols; i++) {
		free(w->names[i]);
		free(w->cols[i].text);
		free(w->cols[i].off);
	}
	ZSTD_freeCCtx(w->zstd);
	free(w->groups);
	free(w->names);
	free(w->cols);
	free(w->page);
	free(w->zpage);
	free(w->slots);
	free(w->idx);
	free(w->first);
	free(w);
}
