/*
 * Record-aligned byte ranges of a CSV file, found by the CSV reader
 * itself (a quoted field may hold line breaks, so a line is not a
 * record): for running one large file as several independent inputs,
 * each its header's bytes followed by its range's.
 */
#ifndef OT_SPLIT_H
#define OT_SPLIT_H

#include <stdint.h>
#include <stdio.h>

struct ot_split {
	int64_t header_end;	/* the header record is [0, header_end) */
	int64_t *bounds;	/* part k is [bounds[k], bounds[k + 1]) */
	int nparts;		/* at most the parts asked for; 0 without records */
};

/* Split the regular file open as fd (named name in messages) into at
 * most parts ranges of about equal size, each ending where a record
 * ends.  Returns 0, or 1 after a message (a read or CSV error, not a
 * regular file, a Parquet file). */
int ot_split_file(int fd, const char *name, int parts, struct ot_split *s);
void ot_split_free(struct ot_split *s);

/* The parts as CSV: "Part,HeaderEnd,Start,End", a row each (part k is
 * the bytes [0, HeaderEnd) then [Start, End)); 0, or -1 on a write
 * error. */
int ot_split_print(const struct ot_split *s, FILE *f);

/* Each part as the file DIR/STEM.NNNN.csv (numbered from 1, replaced
 * whole or not at all), its path printed on the standard output.  The
 * exit status: 0, or 1 after a message. */
int ot_split_write(int fd, const char *name, const struct ot_split *s,
    const char *dir, const char *stem);

#endif
