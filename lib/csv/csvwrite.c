#include "csv/csvwrite.h"
#include "cli.h"
#include "grow.h"
#include "parquet/parquet.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BUFSZ	(256 * 1024)

/* The writer options of every Parquet file written here. */
static const struct pq_wopts pq_defaults = { PQ_SNAPPY, 0, 0, 0, NULL };

static void init(struct csvw *w, int fd, const char *name)
{
	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->name = name;
	w->first = true;
	w->cap = BUFSZ;
	if ((w->buf = malloc(BUFSZ)) == NULL)
		err(1, NULL);
}

void csvw_init(struct csvw *w, int fd, const char *name)
{
	/* Fewer, larger writes into a pipe: fewer context switches. */
	(void)fcntl(fd, F_SETPIPE_SZ, 1024 * 1024);
	init(w, fd, name);
}

void csvw_init_parquet(struct csvw *w, int fd, const char *name,
    char *const *empty, int nempty)
{
	if (isatty(fd))
		errx(2, "%s is a terminal: write Parquet to a file", name);
	csvw_init(w, fd, name);
	w->parquet = true;
	w->empty = empty;
	w->nempty = nempty;
}

/* Parquet: a field of the record being made, kept by reference. */
static void pq_field(struct csvw *w, const char *s, size_t len)
{
	if (w->nf == w->fcap) {
		w->fptr = ot_grow(w->fptr, &w->fcap, w->nf + 1,
		    sizeof(*w->fptr));
		if ((w->flen = reallocarray(w->flen, w->fcap,
		    sizeof(*w->flen))) == NULL)
			err(1, NULL);
	}
	w->fptr[w->nf] = s;
	w->flen[w->nf++] = len;
}

/* Parquet: the record made is the header, or a row. */
static void pq_end(struct csvw *w)
{
	char **names;
	size_t i;

	if (w->pq == NULL) {
		if ((names = calloc(w->nf + 1, sizeof(*names))) == NULL)
			err(1, NULL);
		for (i = 0; i < w->nf; i++)
			if ((names[i] = strndup(w->fptr[i], w->flen[i])) == NULL)
				err(1, NULL);
		w->pq = pq_writer_new(w->fd, w->name, names, (int)w->nf,
		    &pq_defaults);
		w->ncols = w->nf;
		for (i = 0; i < w->nf; i++)
			free(names[i]);
		free(names);
	} else if (w->nf != w->ncols)
		errx(1, "%s: a record of %zu fields where the header has %zu",
		    w->name, w->nf, w->ncols);
	else
		pq_writer_row(w->pq, w->fptr, w->flen);
	w->nf = 0;
}

void csvw_init_sink(struct csvw *w, void (*sink)(void *, const char *,
    size_t), void *arg)
{
	init(w, -1, "memory");
	w->sink = sink;
	w->sink_arg = arg;
}

static void flush(struct csvw *w)
{
	if (w->grow) {
		/* more room, and everything kept */
		if (w->len == w->cap)
			w->buf = ot_grow(w->buf, &w->cap, w->cap + 1, 1);
		return;
	}
	if (w->sink != NULL) {
		if (w->len > 0)
			w->sink(w->sink_arg, w->buf, w->len);
	} else if (ot_write_all(w->fd, w->buf, w->len) < 0)
		err(1, "write error on %s", w->name);
	w->len = 0;
}

void csvw_raw(struct csvw *w, const char *s, size_t len)
{
	while (len > 0) {
		size_t k;

		if (w->len == w->cap)
			flush(w);
		k = w->cap - w->len;
		if (k > len)
			k = len;
		memcpy(w->buf + w->len, s, k);
		w->len += k;
		s += k;
		len -= k;
	}
}

static inline void put(struct csvw *w, char c)
{
	if (w->len == w->cap)
		flush(w);
	w->buf[w->len++] = c;
}

static inline bool is_special(unsigned char c)
{
	return c == ',' || c == '"' || c == '\r' || c == '\n';
}

/* Eight bytes at a time: a word with no byte below '#' and none equal to
 * ',' holds none of the four (tokens never do). */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* MINIMAL: quote an empty first field, a value starting with a char up to
 * '#', holding a delimiter, quote or line break, or ending in a char up
 * to ' '. */
static bool needs_quotes(const char *s, size_t len, bool first)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	if (len == 0)
		return first;
	if (p[0] <= '#' || p[len - 1] <= ' ')
		return true;
	for (; i + 8 <= len; i += 8) {
		uint64_t x, comma;

		memcpy(&x, p + i, 8);
		comma = x ^ ONES * ',';
		if ((((x - ONES * '#') & ~x) | ((comma - ONES) & ~comma)) &
		    HIGHS)
			for (k = i; k < i + 8; k++)
				if (is_special(p[k]))
					return true;
	}
	for (; i < len; i++)
		if (is_special(p[i]))
			return true;
	return false;
}

/* csv.writer's QUOTE_MINIMAL with lineterminator "\n". */
static bool python_needs_quotes(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n')
			return true;
	return false;
}

void csvw_field(struct csvw *w, const char *s, size_t len)
{
	csvw_field_as(w, s, len, false);
}

void csvw_field_as(struct csvw *w, const char *s, size_t len, bool plain)
{
	if (w->parquet) {
		pq_field(w, s, len);
		return;
	}
	if ((plain && len > 0) || !(w->python_quoting ?
	    python_needs_quotes(s, len) : needs_quotes(s, len, w->first))) {
		if (w->len + len + 1 <= w->cap) {
			if (!w->first)
				w->buf[w->len++] = ',';
			memcpy(w->buf + w->len, s, len);
			w->len += len;
			w->first = false;
			return;
		}
		if (!w->first)
			put(w, ',');
		csvw_raw(w, s, len);
	} else {
		if (!w->first)
			put(w, ',');
		const char *q;

		put(w, '"');
		while ((q = memchr(s, '"', len)) != NULL) {
			csvw_raw(w, s, (size_t)(q - s) + 1);
			put(w, '"');
			len -= (size_t)(q - s) + 1;
			s = q + 1;
		}
		csvw_raw(w, s, len);
		put(w, '"');
	}
	w->first = false;
}

void csvw_absent(struct csvw *w)
{
	if (w->parquet) {
		pq_field(w, "", 0);
		return;
	}
	if (!w->first)
		put(w, ',');
	csvw_raw(w, "\"\"", 2);
	w->first = false;
}

void csvw_end(struct csvw *w)
{
	if (w->parquet) {
		pq_end(w);
		return;
	}
	put(w, '\n');
	w->first = true;
}

void csvw_flush(struct csvw *w)
{
	flush(w);
}

void csvw_init_memory(struct csvw *w)
{
	init(w, -1, "memory");
	w->grow = true;
}

void csvw_swap(struct csvw *w, char **buf, size_t *len, size_t *cap)
{
	char *b = *buf;
	size_t c = *cap;

	*buf = w->buf;
	*len = w->len;
	*cap = w->cap;
	w->len = 0;
	if (b == NULL) {
		c = BUFSZ;
		if ((b = malloc(c)) == NULL)
			err(1, NULL);
	}
	w->buf = b;
	w->cap = c;
}

struct pq_writer *csvw_parquet_writer(struct csvw *w)
{
	if (w->pq == NULL)
		w->pq = pq_writer_new(w->fd, w->name, w->empty, w->nempty,
		    &pq_defaults);
	w->ncols = (size_t)w->nempty;
	return w->pq;
}

void csvw_close(struct csvw *w)
{
	if (w->parquet) {
		if (w->pq == NULL && w->nempty > 0)
			w->pq = pq_writer_new(w->fd, w->name, w->empty,
			    w->nempty, &pq_defaults);
		if (w->pq != NULL)
			pq_writer_close(w->pq);
		w->pq = NULL;
		free(w->flen);
		free(w->fptr);
	}
	flush(w);
	if (w->fd > 2 && close(w->fd) < 0)
		err(1, "close %s", w->name);
	free(w->buf);
	w->buf = NULL;
}
