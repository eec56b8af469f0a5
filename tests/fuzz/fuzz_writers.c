/* Fuzz target: the CSV and Parquet writers, checked by reading back.
 * The bytes after the first two are fields (0xff ends one) of rows of
 * 1 to 4 columns; they are written as CSV and read by the CSV reader, and
 * as Parquet in row groups of a few rows (the codec the first byte picks)
 * and read by the Parquet reader, given row by row and again as pages of
 * a few rows (the first column's as indices into a fixed dictionary when
 * it has few values; some rows between the pages one at a time).  Each
 * must give the fields back.  Row by row with opt[1] & 0x20, the columns
 * after the first are optional and a field "~" there is a null, which
 * must read back as a null (and no other field as one). */
#include "csv/csvread.h"
#include "csv/csvwrite.h"
#include "parquet/parquet.h"

#include <err.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAXF	4096

struct out {
	char *p;
	size_t len;
};

static void sink(void *arg, const char *buf, size_t len)
{
	struct out *o = arg;

	if ((o->p = realloc(o->p, o->len + len + 1)) == NULL)
		abort();
	memcpy(o->p + o->len, buf, len);
	o->len += len;
}

static int memfd(const void *p, size_t n)
{
	int fd = memfd_create("fuzz", 0);

	if (fd < 0)
		err(1, "memfd_create");
	if (n > 0 && write(fd, p, n) != (ssize_t)n)
		err(1, "write");
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* A row read back (ncols fields got[k], gotlen[k]) is the one that
 * starts at field i of those written. */
static void same_row(const char *const *f, const size_t *len, size_t nf,
    size_t i, int ncols, const char *const *got, const size_t *gotlen)
{
	int k;

	if (i >= nf)
		abort();
	for (k = 0; k < ncols; k++)
		if (gotlen[k] != len[i + (size_t)k] ||
		    memcmp(got[k], f[i + (size_t)k], gotlen[k]) != 0)
			abort();
}

/* Whether field i (of column k) is given as a null. */
static bool is_null(const char *const *f, const size_t *len, size_t i,
    int k, bool nullable)
{
	return nullable && k > 0 && len[i] == 1 && f[i][0] == '~';
}

/* The nulls read back are those written. */
static void same_nulls(const char *const *f, const size_t *len, size_t i,
    int ncols, bool nullable, const bool *null, const size_t *gotlen)
{
	int k;

	for (k = 0; k < ncols; k++) {
		bool want = is_null(f, len, i + (size_t)k, k, nullable);

		if (null[k] != want || (want && gotlen[k] != 0))
			abort();
	}
}

/* The reading ended (n, err) after i fields, all of the nf written. */
static void read_all(int n, const char *err, size_t i, size_t nf)
{
	if (n < 0) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	if (i != nf)
		abort();
}

/* The CSV text of the rows, read back. */
static void check_csv(const char *const *f, const size_t *len, size_t nf,
    int ncols)
{
	struct out o = { NULL, 0 };
	const char *got[4];
	size_t gotlen[4];
	struct csvw w;
	struct csvr r;
	size_t i = 0, k;
	int fd, n;

	csvw_init_sink(&w, sink, &o);
	for (i = 0; i < nf; i++) {
		csvw_field(&w, f[i], len[i]);
		if (i % (size_t)ncols == (size_t)ncols - 1)
			csvw_end(&w);
	}
	csvw_flush(&w);
	csvw_close(&w);
	fd = memfd(o.p, o.len);
	csvr_init(&r, fd, "fuzz");
	for (i = 0; (n = csvr_next(&r)) > 0; i += (size_t)ncols) {
		if (r.nf != (size_t)ncols)
			abort();
		for (k = 0; k < r.nf; k++)
			got[k] = csvr_field(&r, k, &gotlen[k]);
		same_row(f, len, nf, i, ncols, got, gotlen);
	}
	read_all(n, r.err, i, nf);
	csvr_free(&r);
	close(fd);
	free(o.p);
}

/* The first column's distinct values, when there are few enough for a
 * fixed dictionary: their number, else 0. */
static int distinct(const char *const *f, const size_t *len, size_t nf,
    int ncols, const char **v, size_t *vlen)
{
	size_t i;
	int n = 0, k;

	for (i = 0; i < nf; i += (size_t)ncols) {
		for (k = 0; k < n; k++)
			if (vlen[k] == len[i] && memcmp(v[k], f[i], len[i]) == 0)
				break;
		if (k == n) {
			if (n == PQ_FIXED_MAX)
				return 0;
			v[n] = f[i];
			vlen[n++] = len[i];
		}
	}
	return n;
}

/* The rows as pages of a few rows (opt[0] >> 4 picks how many), every
 * third batch row by row when opt[1] & 0x40; a value equal to the one
 * before it in its page is given as that one again. */
static void write_pages(struct pq_writer *w, const char *const *f,
    const size_t *len, size_t nf, int ncols, const uint8_t *opt)
{
	static const char *v[PQ_FIXED_MAX];
	static size_t vlen[PQ_FIXED_MAX];
	struct pq_page pg[4];
	size_t i, batch = 1 + (size_t)(opt[0] >> 4), nb = 0, r, prev = 0;
	int nfixed = opt[0] & 0x08 ? distinct(f, len, nf, ncols, v, vlen) : 0,
	    k, e;

	memset(pg, 0, sizeof(pg));
	if (nfixed > 0)
		pq_writer_dictionary(w, 0, v, vlen, nfixed);
	for (i = 0; i < nf; nb++) {
		for (k = 0; k < ncols; k++)
			pq_page_clear(&pg[k]);
		for (r = 0; r < batch && i < nf; r++, i += (size_t)ncols) {
			if (nb % 3 == 2 && opt[1] & 0x40) {
				pq_writer_row(w, f + i, len + i);
				continue;
			}
			for (k = 0; k < ncols; k++) {
				const char *p = f[i + k];
				size_t n = len[i + k];

				/* a value as the one before it: again */
				if ((k > 0 || nfixed == 0) && pg[k].n > 0 &&
				    n == len[prev + k] &&
				    memcmp(p, f[prev + k], n) == 0) {
					pq_page_again(&pg[k]);
					continue;
				}
				if (k > 0 || nfixed == 0) {
					pq_page_value(&pg[k], p, n);
					continue;
				}
				for (e = 0; len[i] != vlen[e] ||
				    memcmp(f[i], v[e], len[i]) != 0; e++)
					;
				pq_page_index(&pg[k], (uint32_t)e);
			}
			prev = i;
		}
		pq_writer_pages(w, pg, pg[0].n);
	}
	for (k = 0; k < ncols; k++)
		pq_page_free(&pg[k]);
}

static void check_parquet(const char *const *f, const size_t *len, size_t nf,
    int ncols, const uint8_t *opt, bool paged)
{
	static const int codecs[4] = { PQ_UNCOMPRESSED, PQ_SNAPPY, PQ_GZIP,
	    PQ_ZSTD };
	static char *names[4] = { "a", "b", "c", "d" };
	static const bool optional[4] = { false, true, true, true };
	bool nullable = !paged && (opt[1] & 0x20) != 0;
	struct pq_wopts o = { codecs[opt[0] >> 2 & 3], 0, 1 + opt[1] % 16,
	    opt[1] & 0x80 ? 64 : 0, nullable ? optional : NULL };
	const char *row[4];
	struct pq_writer *w;
	struct pq_file pf;
	struct pq_rows *r;
	const char *const *rf;
	const size_t *rl;
	const char *expect[4];
	size_t explen[4], i;
	int fd = memfd_create("fuzz", 0), n, k;

	if (fd < 0)
		err(1, "memfd_create");
	w = pq_writer_new(fd, "fuzz", names, ncols, &o);
	if (paged)
		write_pages(w, f, len, nf, ncols, opt);
	else
		for (i = 0; i < nf; i += (size_t)ncols) {
			for (k = 0; k < ncols; k++)
				row[k] = is_null(f, len, i + (size_t)k, k,
				    nullable) ? NULL : f[i + (size_t)k];
			pq_writer_row(w, row, len + i);
		}
	pq_writer_close(w);
	if (pq_open(&pf, fd, "fuzz") < 0 || (r = pq_rows_open(&pf)) == NULL) {
		fprintf(stderr, "%s\n", pf.err);
		abort();
	}
	for (i = 0; (n = pq_rows_next(r, &rf, &rl)) > 0; i += (size_t)ncols) {
		if (i >= nf)
			abort();
		same_nulls(f, len, i, ncols, nullable, pq_rows_nulls(r), rl);
		for (k = 0; k < ncols; k++)
			if (is_null(f, len, i + (size_t)k, k, nullable)) {
				expect[k] = "";
				explen[k] = 0;
			} else {
				expect[k] = f[i + (size_t)k];
				explen[k] = len[i + (size_t)k];
			}
		same_row(expect, explen, (size_t)ncols, 0, ncols, rf, rl);
	}
	read_all(n, pf.err, i, nf);
	pq_rows_close(r);
	pq_close(&pf);
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *f[MAXF];
	static size_t len[MAXF];
	char *text;
	size_t i, start, nf = 0;
	int ncols;

	if (size < 2)
		return 0;
	ncols = 1 + (data[0] & 3);
	/* text fields: no NUL, and ASCII, as the CSV reader takes only
	 * valid UTF-8 */
	if ((text = malloc(size)) == NULL)
		abort();
	for (i = 2; i < size; i++)
		text[i] = (data[i] & 0x7f) == 0 ? ' ' : (char)(data[i] & 0x7f);
	for (start = i = 2; i <= size && nf < MAXF; i++)
		if (i == size || data[i] == 0xff) {
			f[nf] = text + start;
			len[nf++] = i - start;
			start = i + 1;
		}
	while (nf % (size_t)ncols != 0)
		if (nf < MAXF) {
			f[nf] = "";
			len[nf++] = 0;
		} else
			nf--;
	check_csv(f, len, nf, ncols);
	check_parquet(f, len, nf, ncols, data, false);
	check_parquet(f, len, nf, ncols, data, true);
	free(text);
	return 0;
}
