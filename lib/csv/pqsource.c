/*
 * A Parquet file as the text of a CSV stream, for the CSV reader: every
 * program that reads records reads Parquet files too.  The rows are
 * written by the CSV writer into memory, one row group decoded at a time.
 * A null is the quoted empty field "" (a normalized stream's missing
 * value), an empty string an empty field.
 */
#include "csv/pqsource.h"
#include "parquet/parquet.h"
#include "csv/csvread.h"
#include "csv/csvwrite.h"
#include "grow.h"

#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

struct pq_source {
	struct pq_file f;
	struct pq_rows *rows;
	struct csvw w;
	bool header_done;
	bool want_taken;	/* the reader's csvr_want() */
	char *pend;		/* text made and not yet taken */
	size_t pendlen, pendpos, pendcap;
	char why[320];
};

static void take(void *arg, const char *buf, size_t len)
{
	struct pq_source *s = arg;

	s->pend = ot_grow(s->pend, &s->pendcap, s->pendlen + len, 1);
	memcpy(s->pend + s->pendlen, buf, len);
	s->pendlen += len;
}

struct pq_source *pq_source_open(int fd, const char *name, char *why,
    size_t whylen)
{
	struct pq_source *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		err(1, NULL);
	if (pq_open(&s->f, fd, name) < 0) {
		snprintf(why, whylen, "%s", s->f.err);
		pq_close(&s->f);
		free(s);
		return NULL;
	}
	s->rows = pq_rows_open(&s->f);
	csvw_init_sink(&s->w, take, s);
	return s;
}

/* Make more text: the header, or the next rows; 0 at the end. */
static int produce(struct pq_source *s)
{
	const char *const *field;
	const size_t *len;
	int i, k, rc = 1;

	if (!s->header_done) {
		for (i = 0; i < s->f.ncols; i++)
			csvw_field(&s->w, s->f.cols[i].name,
			    strlen(s->f.cols[i].name));
		csvw_end(&s->w);
		csvw_flush(&s->w);
		s->header_done = true;
		return 1;
	}
	/* a few thousand rows at a time */
	for (k = 0; k < 4096 && (rc = pq_rows_next(s->rows, &field, &len)) > 0;
	    k++) {
		const bool *null = pq_rows_nulls(s->rows);

		for (i = 0; i < s->f.ncols; i++)
			if (null[i])
				csvw_absent(&s->w);
			else
				csvw_field(&s->w, field[i], len[i]);
		csvw_end(&s->w);
	}
	csvw_flush(&s->w);
	return rc < 0 ? -1 : k > 0 ? 1 : 0;
}

ssize_t pq_source_read(void *arg, void *buf, size_t n, const char **why)
{
	struct pq_source *s = arg;
	size_t k;
	int rc;

	while (s->pendpos == s->pendlen) {
		s->pendpos = s->pendlen = 0;
		if ((rc = produce(s)) < 0) {
			snprintf(s->why, sizeof(s->why), "%s", s->f.err);
			*why = s->why;
			return -1;
		}
		if (rc == 0)
			return 0;
	}
	k = s->pendlen - s->pendpos;
	if (k > n)
		k = n;
	memcpy(buf, s->pend + s->pendpos, k);
	s->pendpos += k;
	return (ssize_t)k;
}

int pq_source_record(void *arg, struct csvr *r, const char **why)
{
	struct pq_source *s = arg;
	const char *const *field;
	const size_t *len;
	int i, rc;

	if (!s->header_done) {
		s->header_done = true;
		for (i = 0; i < s->f.ncols; i++)
			if (csvr_put_field(r, s->f.cols[i].name,
			    strlen(s->f.cols[i].name)) < 0)
				return -1;
		return 1;
	}
	if (r->want != NULL && !s->want_taken) {
		bool *want = calloc((size_t)s->f.ncols + 1, sizeof(*want));

		if (want == NULL)
			err(1, NULL);
		for (i = 0; i < s->f.ncols; i++)
			want[i] = (size_t)i < r->nwant && r->want[i];
		pq_rows_want(s->rows, want);
		free(want);
		s->want_taken = true;
	}
	if ((rc = pq_rows_next(s->rows, &field, &len)) < 0) {
		snprintf(s->why, sizeof(s->why), "%s", s->f.err);
		*why = s->why;
		return -1;
	}
	if (rc > 0 && csvr_put_fields(r, field, len, (size_t)s->f.ncols) < 0)
		return -1;
	if (rc > 0) {
		const bool *null = pq_rows_nulls(s->rows);

		/* as the text would have it: "" */
		for (i = 0; i < s->f.ncols; i++)
			r->f[i].quoted = null[i];
	}
	r->keys = pq_rows_keys(s->rows);
	return rc;
}

void pq_source_close(struct pq_source *s)
{
	if (s == NULL)
		return;
	pq_rows_close(s->rows);
	csvw_close(&s->w);
	pq_close(&s->f);
	free(s->pend);
	free(s);
}

int64_t pq_source_rows(const struct pq_source *s)
{
	return s->f.rows;
}
