/*
 * The loop every filter shares: each input file in turn ("-" is standard
 * input, none means standard input), its header line, then its records,
 * with read errors reported as "FILE:LINE: problem".
 */
#ifndef OT_STREAM_H
#define OT_STREAM_H

#include "csv/csvread.h"

struct pq_source;

struct ot_stream_ops {
	/* The header record of a file; returns 0 or an exit status. */
	int (*header)(void *arg, struct csvr *r);
	/* One record; returns 0 or an exit status (the message printed). */
	int (*record)(void *arg, struct csvr *r);
	/* record reads fields by their lengths only (see csvr.lend) */
	bool by_length;
};

/* An input file open for the CSV reader: "-" is the standard input, and
 * a Parquet file is read as the text of its rows (lib/parquet). */
struct ot_input {
	int fd;
	struct pq_source *pq;
};

/* Read the program's CSV inputs with fields separated by d, not ','
 * (--delimiter). */
void ot_input_delimiter(unsigned char d);

/* Open path for r, which it initializes, named name in messages (NULL:
 * as ot_input_name() says); 0, or 1 after a message. */
int ot_input_open(struct ot_input *in, struct csvr *r, const char *path,
    const char *name);
void ot_input_close(struct ot_input *in, struct csvr *r);

/* Returns the exit status: 0, or the first non-zero one. */
int ot_run_stream(char *const *files, int nfiles,
    const struct ot_stream_ops *ops, void *arg);

/* The same, calling the files names[i] in messages (names NULL: as
 * ot_input_name() does). */
int ot_run_stream_names(char *const *files, const char *const *names,
    int nfiles, const struct ot_stream_ops *ops, void *arg);

/* The same, handing every block read to tee as well. */
int ot_run_stream_tee(char *const *files, int nfiles,
    const struct ot_stream_ops *ops, void *arg,
    void (*tee)(void *, const void *, size_t), void *tee_arg);

/* The column of r's header (the record just read) named exactly name:
 * 0 and *col, or -1. */
int ot_find_column(const struct csvr *r, const char *name, size_t *col);

/* Whether the header in r has exactly the names in hdr (for inputs after
 * the first). */
int ot_same_header(const struct csvr *r, const char *const *hdr, size_t n);

#endif
