/*
 * A Parquet file as a record source of the CSV reader (csv/csvread.h),
 * so that every program that reads records reads Parquet files too.  It
 * belongs to the record stream, not to the codec: lib/parquet/ knows
 * nothing of CSV.
 */
#ifndef OT_PQSOURCE_H
#define OT_PQSOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The file on fd as the text of a CSV stream (a header, then a record
 * per row, a null as the quoted empty field ""), read by pq_source_read(), which is
 * the CSV reader's source; NULL with the reason in why when it is not a
 * Parquet file ot reads. */
struct pq_source;
struct pq_source *pq_source_open(int fd, const char *name, char *why,
    size_t whylen);
ssize_t pq_source_read(void *s, void *buf, size_t n, const char **why);
/* The same as whole records, the CSV reader's record source (faster:
 * no text made and parsed); a source is read one way only. */
struct csvr;
int pq_source_record(void *s, struct csvr *r, const char **why);
void pq_source_close(struct pq_source *s);
/* The rows the file says it has. */
int64_t pq_source_rows(const struct pq_source *s);

#endif
