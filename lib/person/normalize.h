#ifndef OT_NORMALIZE_H
#define OT_NORMALIZE_H

#include "person/attr.h"
#include "csv/csvread.h"
#include "person/header.h"
#include "csv/stream.h"

#include <stdbool.h>

/* What ot-normalize writes: the normalized stream, or why values are
 * invalid (a row each, or counts). */
enum ot_reasons_mode { OT_REASONS_NONE, OT_REASONS_ROWS, OT_REASONS_SUMMARY };

struct ot_norm_opts {
	bool strict;		/* a missing attribute column is an error */
	enum ot_reasons_mode reasons;
	bool show_values;	/* the rejected values too (personal data) */
};

/*
 * Read person records from each file ("-" is standard input) and write
 * the normalized stream, or the reasons, to outfd.  Returns the exit
 * status: 0, 1 for bad input or an I/O error, 2 when strict and an
 * attribute column is missing.
 */
int ot_normalize_files(char *const *files, int nfiles, int outfd,
    const char *outname, const struct ot_norm_opts *o);

/*
 * The attribute columns of person records as ot-normalize takes them:
 * the first input's header decides which attributes the stream has (a
 * missing one is a warning, or with strict an error), and every later
 * input must have the same.  ot-normalize and ot's in-process pipeline
 * (lib/run/engine.c) both read records through these, so that the two give
 * the same values.
 */
struct ot_incols {
	struct ot_colmap map;
	bool has[OT_NCOLUMN];
	const char *first_input;	/* NULL until a header is taken */
	bool strict;
	/* the alias of a BirthDate column the profile does not read
	 * (person/loss.h) */
	const char *unread;
	bool python;		/* read as csv.DictReader (dict_reader) */
};

/* Take the header in r: 0, or the exit status after a message (1: bad
 * or unlike the first input's, no attribute column, or with a Python
 * profile an empty line before it, which that reference takes for the
 * header; 2: strict and a column missing). */
int ot_incols_header(struct ot_incols *c, struct csvr *r);

/* A record's RecordId (state OT_V_MISSING when empty or absent: it gets
 * a random UUID) and its raw attribute fields (OT_V_MISSING when the
 * input has no such column or, in Java, the row is too short: the
 * Python references read a short row's field as None, which is invalid
 * as an empty one is), pointing into r;
 * unless keys is NULL, the fields' keys too (see csvr.keys: 0 for a
 * field that has none). */
void ot_incols_raw(const struct ot_incols *c, struct csvr *r,
    struct ot_value *id, struct ot_value raw[OT_NATTR],
    uint64_t keys[OT_NATTR]);

/*
 * The Python references open a CSV file with universal newlines: a CR LF
 * or a lone CR inside a quoted field is read as LF.  The field s of r
 * (quoted) as they read it: s itself, or its text in *buf (grown, valid
 * until the next call with it).
 */
const char *ot_universal_newlines(const struct csvr *r, const char *s,
    size_t *len, char **buf, size_t *cap);

/* ot_normalize_values() of one attribute's value. */
void ot_normalize_value(struct ot_norm_ctx *ctx, enum ot_attr a,
    const struct ot_value *raw, char *buf, struct ot_value *val,
    enum ot_reason *why);

/* The values the normalized stream carries for raw (what ot-sign reads
 * back from it): a missing value stays missing, a valid one is its
 * normal form in bufs[a], an invalid one (or an empty normal form) is
 * invalid; and, unless why is NULL, each one's reason (OT_VALID,
 * OT_R_COLUMN_MISSING, or the validator's). */
void ot_normalize_values(struct ot_norm_ctx *ctx,
    const struct ot_value raw[OT_NATTR], char *const bufs[OT_NATTR],
    struct ot_value vals[OT_NATTR], enum ot_reason why[OT_NATTR]);

/* Room for the normal form of any field, one buffer per attribute. */
void ot_norm_bufs_new(char *bufs[OT_NATTR]);
void ot_norm_bufs_free(char *bufs[OT_NATTR]);

#endif
