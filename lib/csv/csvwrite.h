/*
 * Buffered CSV output quoted as the reference's writer does
 * (commons-csv QuoteMode.MINIMAL), so that token files match it byte for
 * byte.  Write errors (a full disk) end the program with status 1.
 */
#ifndef OT_CSVWRITE_H
#define OT_CSVWRITE_H

#include <stdbool.h>
#include <stddef.h>

struct csvw {
	int fd;
	const char *name;
	char *buf;
	size_t len, cap;
	bool first;		/* next field opens a record */
	bool grow;		/* csvw_init_memory(): the buffer grows */
	/* quote as Python's csv module does (only ',', '"' and LF), as the
	 * Python references' token files are; set after csvw_init*() */
	bool python_quoting;
	/* When set, output goes to it instead of fd. */
	void (*sink)(void *arg, const char *buf, size_t len);
	void *sink_arg;
	/* Parquet instead (csvw_init_parquet): the record being made */
	struct pq_writer *pq;
	bool parquet;
	const char **fptr;
	size_t *flen;
	size_t nf, fcap, ncols;
	char *const *empty;	/* the columns of an empty stream */
	int nempty;
};

void csvw_init(struct csvw *w, int fd, const char *name);
/* Output handed to sink (in pieces, at csvw_flush() and when the buffer
 * fills) instead of written to a descriptor. */
void csvw_init_sink(struct csvw *w, void (*sink)(void *, const char *,
    size_t), void *arg);
void csvw_flush(struct csvw *w);
/* Output kept in memory, the buffer grown as it fills, until
 * csvw_swap() takes it (into *buf, *len, *cap) and puts the buffer it
 * is given there in its place (NULL: a new one): no copy. */
void csvw_init_memory(struct csvw *w);
void csvw_swap(struct csvw *w, char **buf, size_t *len, size_t *cap);
/* The records as a Parquet file of string columns (lib/parquet), the
 * first record its header; a stream without records gets the columns
 * empty[nempty].  The fields given are not copied: they must stay valid
 * until csvw_end().  csvw_raw() is not for this mode. */
void csvw_init_parquet(struct csvw *w, int fd, const char *name,
    char *const *empty, int nempty);
/* The Parquet writer itself, made now with the columns empty[]: for
 * rows given as pages (pq_writer_pages()); csvw_close() finishes it. */
struct pq_writer *csvw_parquet_writer(struct csvw *w);
void csvw_field(struct csvw *w, const char *s, size_t len);
/* The same, told with plain that s needs no quotes (a token, a rule id:
 * their alphabets hold none of the characters quoted), so not scanned. */
void csvw_field_as(struct csvw *w, const char *s, size_t len, bool plain);
/* An empty field written as "": the normalized stream's mark for an
 * attribute the record lacks (a short row), unlike an invalid value. */
void csvw_absent(struct csvw *w);
void csvw_raw(struct csvw *w, const char *s, size_t len);
void csvw_end(struct csvw *w);
/* Flush and close; on failure the program exits 1. */
void csvw_close(struct csvw *w);

#endif
