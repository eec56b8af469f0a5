/* Fuzz target: the Parquet reader over arbitrary bytes as a file: the
 * footer, then every row (values with the same key having the same text),
 * again with every other column left unread (the same fields where the
 * whole read gives them, empty ones elsewhere), and the same through the
 * CSV source the programs read it by, as records copied and as records
 * lent. */
#include "csv/csvread.h"
#include "csv/pqsource.h"
#include "parquet/parquet.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

/* The text of every key seen, in a table of open addressing. */
#define KEYS	8192

struct seen {
	uint64_t key;
	char *s;
	size_t len;
};

static void check_keys(struct seen *seen, const uint64_t *key,
    const char *const *field, const size_t *len, int ncols)
{
	size_t h;
	int i, probes;

	for (i = 0; i < ncols; i++) {
		if (key[i] == 0)
			continue;
		h = (size_t)(key[i] * 0x9e3779b97f4a7c15ULL) % KEYS;
		for (probes = 0; probes < KEYS; probes++, h = (h + 1) % KEYS) {
			if (seen[h].key == key[i]) {
				if (seen[h].len != len[i] || (len[i] > 0 &&
				    memcmp(seen[h].s, field[i], len[i]) != 0))
					abort();
				break;
			}
			if (seen[h].key == 0) {
				seen[h].key = key[i];
				seen[h].len = len[i];
				if ((seen[h].s = malloc(len[i] + 1)) == NULL)
					abort();
				memcpy(seen[h].s, field[i], len[i]);
				break;
			}
		}
	}
}

/* The rows read whole and with the odd columns unwanted, side by side,
 * as long as the whole read goes. */
static void check_wanted(struct pq_file *f)
{
	struct pq_rows *all = pq_rows_open(f), *some = pq_rows_open(f);
	const char *const *fa, *const *fs;
	const size_t *la, *ls;
	bool *want = calloc((size_t)f->ncols + 1, sizeof(*want));
	int i;

	if (want == NULL)
		abort();
	for (i = 0; i < f->ncols; i++)
		want[i] = i % 2 == 0;
	pq_rows_want(some, want);
	while (pq_rows_next(all, &fa, &la) > 0) {
		if (pq_rows_next(some, &fs, &ls) <= 0)
			abort();
		for (i = 0; i < f->ncols; i++)
			if (want[i] ? la[i] != ls[i] ||
			    memcmp(fa[i], fs[i], la[i]) != 0 ||
			    pq_rows_nulls(all)[i] != pq_rows_nulls(some)[i] :
			    ls[i] != 0)
				abort();
	}
	pq_rows_close(all);
	pq_rows_close(some);
	free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct seen seen[KEYS];
	const char *const *field;
	const size_t *len;
	struct pq_source *src, *src2;
	struct pq_rows *rows;
	struct pq_file f;
	struct csvr r, r2;
	char buf[4096], why[320];
	const char *err;
	size_t i, l, l2;
	int fd, n;

	if ((fd = memfd_create("fuzz.parquet", 0)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	if (pq_open(&f, fd, "fuzz") == 0) {
		rows = pq_rows_open(&f);
		while (pq_rows_next(rows, &field, &len) > 0)
			check_keys(seen, pq_rows_keys(rows), field, len, f.ncols);
		pq_rows_close(rows);
		for (i = 0; i < KEYS; i++)
			free(seen[i].s);
		memset(seen, 0, sizeof(seen));
		check_wanted(&f);
	}
	pq_close(&f);
	if ((src = pq_source_open(fd, "fuzz", why, sizeof(why))) != NULL) {
		while (pq_source_read(src, buf, sizeof(buf), &err) > 0)
			;
		pq_source_close(src);
	}
	/* and as records, checked as text fields are: copied, and lent to
	 * a reader by length, the same fields and the same end */
	if ((src = pq_source_open(fd, "fuzz", why, sizeof(why))) != NULL &&
	    (src2 = pq_source_open(fd, "fuzz", why, sizeof(why))) != NULL) {
		csvr_init(&r, fd, "fuzz");
		csvr_init(&r2, fd, "fuzz");
		r.records = pq_source_record;
		r.records_arg = src;
		r2.records = pq_source_record;
		r2.records_arg = src2;
		r2.lend = true;
		do {
			n = csvr_next(&r);
			if (csvr_next(&r2) != n || r.nf != r2.nf)
				abort();
			for (i = 0; n > 0 && i < r.nf; i++) {
				const char *a = csvr_field(&r, i, &l),
				    *b = csvr_field(&r2, i, &l2);

				if (l != l2 || memcmp(a, b, l) != 0)
					abort();
			}
		} while (n > 0);
		if (n < 0 && (strcmp(r.err, r2.err) != 0 ||
		    r.err_line != r2.err_line))
			abort();
		csvr_free(&r);
		csvr_free(&r2);
		pq_source_close(src);
		pq_source_close(src2);
	} else
		pq_source_close(src);
	close(fd);
	return 0;
}
