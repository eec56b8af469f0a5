#ifndef OT_NORMALIZE_H
#define OT_NORMALIZE_H

#include "attr.h"
#include "csvread.h"
#include "header.h"
#include "rules.h"

#include <stdbool.h>

/*
 * Read person records from each file ("-" is standard input) and write
 * the normalized stream to outfd.  Returns the exit status: 0, 1 for bad
 * input or an I/O error, 2 when strict and an attribute column is missing.
 */
int ot_normalize_files(char *const *files, int nfiles, int outfd,
    const char *outname, bool strict);

/*
 * The attribute columns of person records as ot-normalize takes them:
 * the first input's header decides which attributes the stream has (a
 * missing one is a warning, or with strict an error), and every later
 * input must have the same.  ot-normalize and ot's in-process pipeline
 * (lib/engine.c) both read records through these, so that the two give
 * the same values.
 */
struct ot_incols {
	struct ot_colmap map;
	bool has[OT_NCOLUMN];
	const char *first_input;	/* NULL until a header is taken */
	bool strict;
};

/* Take the header in r: 0, or the exit status after a message (1: bad
 * or unlike the first input's; 2: strict and a column missing). */
int ot_incols_header(struct ot_incols *c, struct csvr *r);

/* A record's RecordId (state OT_V_MISSING when empty or absent: it gets
 * a random UUID) and its raw attribute fields (OT_V_MISSING when the
 * input has no such column or the row is too short), pointing into r. */
void ot_incols_raw(const struct ot_incols *c, struct csvr *r,
    struct ot_value *id, struct ot_value raw[OT_NATTR]);

/* The values the normalized stream carries for raw (what ot-sign reads
 * back from it): a missing value stays missing, a valid one is its
 * normal form in bufs[a], an invalid one (or an empty normal form) is
 * invalid. */
void ot_normalize_values(struct ot_norm_ctx *ctx,
    const struct ot_value raw[OT_NATTR], char *const bufs[OT_NATTR],
    struct ot_value vals[OT_NATTR]);

/* Room for the normal form of any field, one buffer per attribute. */
void ot_norm_bufs_new(char *bufs[OT_NATTR]);
void ot_norm_bufs_free(char *bufs[OT_NATTR]);

#endif
