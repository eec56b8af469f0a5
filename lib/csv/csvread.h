/*
 * A streaming CSV reader with the semantics of the reference's parser
 * (Apache commons-csv, CSVFormat.DEFAULT): RFC 4180 quoting, CR, LF or
 * CRLF line ends, empty lines skipped, a quote inside an unquoted field
 * taken literally, only white space allowed after a closing quote.
 * Unlike the reference it reports the line of every error, rejects NUL
 * bytes and malformed UTF-8, bounds the size of a field, skips a UTF-8 BOM,
 * and tells whether a field was quoted.
 *
 * The csv/ wing: the record stream and its columns: the CSV reader
 * (csvread.c) and writer (csvwrite.c, which also writes Parquet through
 * parquet/), the filter loop over input files (stream.c), a Parquet
 * file as a record source (pqsource.c) and parts of a large file
 * (split.c).  It may use parquet/, share/ and lib/'s helpers; it knows
 * nothing of attributes or tokens.
 */
#ifndef OT_CSVREAD_H
#define OT_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CSVR_MAX_FIELD	(1024 * 1024)
#define CSVR_MAX_FIELDS	(1024 * 1024)
#define CSVR_MAX_RECORD	(64 * 1024 * 1024)

struct csvr_field {
	size_t off;
	size_t len;
	bool quoted;
	unsigned long line;		/* where the field began */
};

struct csvr {
	int fd;
	const char *name;
	unsigned char *buf;
	size_t pos, end;
	bool eof;
	bool started;			/* a block has been read */
	char *rec;			/* field bytes, each NUL-terminated */
	size_t reclen, reccap;
	struct csvr_field *f;
	size_t nf, fcap;
	unsigned long line;		/* physical line being read */
	unsigned long rec_line;		/* line where the record began */
	unsigned long err_line;
	/* When set, every block read is handed to it as it is. */
	void (*tee)(void *arg, const void *buf, size_t len);
	void *tee_arg;
	/* When set, input comes from it instead of fd: bytes into buf, 0 at
	 * the end, or -1 with a message in why. */
	ssize_t (*source)(void *arg, void *buf, size_t n, const char **why);
	void *source_arg;
	/* When set (and no tee is), whole records come from it instead: it
	 * gives the next record's fields by csvr_put_field() and returns 1,
	 * 0 at the end, or -1 (with why, unless a field was refused). */
	int (*records)(void *arg, struct csvr *r, const char **why);
	void *records_arg;
	/* Set by a caller that reads a record's fields by their lengths
	 * only: then a record source may lend its own bytes (not
	 * NUL-terminated, valid until the next record), this record's in
	 * lent. */
	bool lend;
	const char *const *lent;
	/* A record source's keys of this record's fields, or NULL: fields
	 * with the same key other than 0 have the same text (a Parquet
	 * dictionary's entry), so what is made of one holds for the other. */
	const uint64_t *keys;
	unsigned long nrec;		/* records given so far */
	/* The columns the reader of the records will look at, marked by
	 * csvr_want() as it takes the header; NULL: all of them. */
	bool *want;
	size_t nwant;
	unsigned char delim;		/* ',' unless set */
	bool stop[256];			/* the bytes that end a plain field */
	int64_t nread;			/* bytes read from fd */
	char err[160];
};

void csvr_init(struct csvr *r, int fd, const char *name);
/* Fields separated by d instead of ',' (';' or a tab, say; never '"', CR
 * or LF, which the caller refuses). */
void csvr_set_delimiter(struct csvr *r, unsigned char d);
void csvr_free(struct csvr *r);

/* From the header record in r: the records' column col will be read.
 * Once any is marked, a record source may leave the other fields empty
 * without decoding them (a Parquet file's unused columns are never
 * read). */
void csvr_want(struct csvr *r, size_t col);

/* Read the next record: 1, 0 at end of input, -1 on error (r->err and
 * r->err_line say what and where). */
int csvr_next(struct csvr *r);

static inline const char *csvr_field(const struct csvr *r, size_t i,
    size_t *len)
{
	*len = r->f[i].len;
	return r->lent != NULL ? r->lent[i] : r->rec + r->f[i].off;
}

/* A field of a record source's record, checked as text fields are (no
 * NUL, valid UTF-8, the size bounds): 0, or -1 with r->err set. */
int csvr_put_field(struct csvr *r, const char *s, size_t n);
/* The same for n fields at once; lent, not copied, when r->lend and they
 * are the whole record. */
int csvr_put_fields(struct csvr *r, const char *const *s, const size_t *n,
    size_t nf);

/* Print the error of the last csvr_next() as "NAME:LINE: problem". */
void csvr_warn(const struct csvr *r);

/* The offset of the first byte of s that is not well-formed UTF-8
 * (overlongs, surrogates and code points past U+10FFFF are not), or len. */
size_t utf8_invalid_at(const unsigned char *s, size_t len);

#endif
