/*
 * A small, strict Parquet reader: flat schemas of required and optional
 * columns, data pages v1 and v2, dictionary pages, PLAIN and dictionary
 * encodings, codecs UNCOMPRESSED, SNAPPY, GZIP and ZSTD (the Debian
 * libraries).  Rows are decoded a page of each column at a time: memory
 * is bounded by the largest page and dictionary, never a row group or
 * the whole file.
 *
 * The parquet/ wing: the Parquet codec alone: the Thrift compact
 * protocol (thrift.c, twrite.c), the footer (footer.c), pages and
 * encodings (pages.c) and the writer (write.c).  It may use lib/'s
 * helpers only; it knows nothing of CSV, attributes or tokens.
 */
#ifndef OT_PARQUET_H
#define OT_PARQUET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "parquet/page.h"

#ifndef OT_VERSION
#define OT_VERSION "0.0.0"
#endif

/* Physical types */
enum { PQ_BOOLEAN, PQ_INT32, PQ_INT64, PQ_INT96, PQ_FLOAT, PQ_DOUBLE,
	PQ_BYTE_ARRAY, PQ_FIXED };

/* How a column's values are shown as text. */
enum pq_shape { PQ_TEXT, PQ_INTEGER, PQ_DATE, PQ_TS_MILLIS, PQ_TS_MICROS,
	PQ_TS_NANOS, PQ_TS_INT96, PQ_BOOL };

struct pq_column {
	char *name;
	int type;
	bool optional;
	enum pq_shape shape;
};

struct pq_chunk {
	int64_t start, size;	/* bytes of the file */
	int64_t values;
	int codec;
};

struct pq_group {
	int64_t rows;
	struct pq_chunk *chunks;	/* one per column */
};

struct pq_footer;

struct pq_file {
	int fd;
	const char *name;
	int64_t size;
	struct pq_column *cols;
	int ncols;
	int64_t ngroups;
	int64_t rows;
	struct pq_footer *foot;
	char err[256];		/* "row group N, column C: reason" */
};

/* Read the footer of the open file fd up to its row groups; 0, or -1
 * with f->err set. */
int pq_open(struct pq_file *f, int fd, const char *name);

/*
 * The row groups, read from the footer one at a time as the rows are,
 * through a window of at most 4 MiB: a writer that makes a row group per
 * row (pyarrow called a row at a time, as OpenLinkToken 2.x's package
 * writer does) gives a footer of over a kilobyte a row, which is never
 * held whole.  pq_groups_next() gives the next one: 1, 0 after the last,
 * or -1 with f->err set; the group is valid until the next call.
 */
struct pq_groups;
struct pq_groups *pq_groups_open(struct pq_file *f);
int pq_groups_next(struct pq_groups *g, const struct pq_group **group);
int64_t pq_groups_index(const struct pq_groups *g);
void pq_groups_close(struct pq_groups *g);

/* The rows of an open file, a page of each column at a time. */
struct pq_rows;
struct pq_rows *pq_rows_open(struct pq_file *f);
/* The next row: 1, with its fields (a null is an empty one) valid until
 * the next call; 0 at the end; -1 with f->err set ("row group N, column
 * C: reason"). */
int pq_rows_next(struct pq_rows *r, const char *const **field,
    const size_t **len);
/* The last row's keys, a column each: two values with the same key other
 * than 0 are the same entry of the same dictionary (so the same text);
 * 0 is a value from no dictionary. */
const uint64_t *pq_rows_keys(const struct pq_rows *r);
/* Which of the last row's fields are nulls (each then an empty field). */
const bool *pq_rows_nulls(const struct pq_rows *r);
/* Read only the columns want[] says (a flag a column), from the next
 * row on: the others' fields are empty, their chunks never read. */
void pq_rows_want(struct pq_rows *r, const bool *want);

/* What a file's columns being read may take in memory at once (pages,
 * dictionaries, decoded values): OT_PARQUET_MEMORY ("512M"), else this.
 * A column past it fails with a message naming it. */
#define PQ_MEMORY_DEFAULT	((size_t)256 << 20)
size_t pq_memory_limit(void);
void pq_rows_close(struct pq_rows *r);

void pq_close(struct pq_file *f);

/* A column's name, shape and type in words, for messages. */
const char *pq_type_name(int type);

/* Whether fd is a regular file that starts as Parquet does; and the
 * same of the file at path: 1 or 0, or -1 (errno) when it cannot be
 * opened. */
bool pq_is_parquet(int fd);
int pq_path_is_parquet(const char *path);

/* Writing. */
enum { PQ_UNCOMPRESSED = 0, PQ_SNAPPY = 1, PQ_GZIP = 2, PQ_ZSTD = 6 };

#define PQ_GROUP_ROWS	(1 << 20)
#define PQ_GROUP_BYTES	((int64_t)16 << 20)
#define PQ_CREATED_BY	"ot version " OT_VERSION

struct pq_wopts {
	int codec;
	int level;		/* ZSTD or GZIP level; 0: the default */
	int64_t group_rows;	/* most rows in a row group; 0: default */
	int64_t group_bytes;	/* most value bytes in a row group */
	/* NULL, or for each column whether it is optional: a NULL field
	 * given to pq_writer_row() is a null there (row by row only) */
	const bool *optional;
};

struct pq_writer;

/* A Parquet file of ncols string columns (required, or optional as
 * o->optional says), written to fd (name for messages) as rows are
 * given; a write error ends the program with status 1. */
struct pq_writer *pq_writer_new(int fd, const char *name, char *const *names,
    int ncols, const struct pq_wopts *o);
void pq_writer_row(struct pq_writer *w, const char *const *field,
    const size_t *len);

/* Rows given column by column, a data page of each column at a time
 * (page.h): for a caller that makes many rows on other threads (ot's
 * workers), so that the thread writing does no work per value. */
/* Column col's chunks start with these entries (at most PQ_FIXED_MAX) in
 * their dictionary, in this order, so that pages of indices into it can
 * be made before the writer sees them. */
void pq_writer_dictionary(struct pq_writer *w, int col,
    const char *const *values, const size_t *len, int n);
/* Each column's page (pages[i] for column i, nrows values each) after
 * the rows given before; a row group ends after the pages that fill
 * it. */
void pq_writer_pages(struct pq_writer *w, struct pq_page *pages,
    int64_t nrows);
/* The last row group and the footer; frees w.  The caller closes fd. */
void pq_writer_close(struct pq_writer *w);
/* Free w, leaving its file unfinished (the caller removes it). */
void pq_writer_discard(struct pq_writer *w);

#endif
