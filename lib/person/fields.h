/*
 * The fields of a tokenization config (OpenLinkToken 2.x): each an id,
 * the input column it reads and the type that validates and normalizes
 * it; and how a header's columns are found for them, as the 2.1.2
 * reference finds them: a CSV header by exact name, a Parquet column
 * ignoring case (Python's lower() of both); of two fields with one
 * column only the later reads it, of two columns for one field the
 * later one counts.
 */
#ifndef OT_FIELDS_H
#define OT_FIELDS_H

#include "person/types.h"
#include "csv/csvread.h"

#include <stdbool.h>
#include <stddef.h>

struct ot_field {
	char *id;
	size_t idlen;
	char *column;
	size_t collen;
	enum ot_type type;
	unsigned long line;	/* in the config, for messages */
};

/* The fields rules use, in the config's order, and the one whose id is
 * RecordId (the record's id, as the reference keeps it), if any. */
struct ot_fieldset {
	size_t n;
	const struct ot_field *const *f;
	const struct ot_field *record_id;
	const struct ot_field *all;	/* every field: which read a column */
	size_t nall;
	const char *config;	/* its path, for messages */
};

/* Where a header has each field: col[i] is field i's column, or -1. */
struct ot_fieldcols {
	const struct ot_fieldset *fs;
	long *col;
	long id_col;
	bool parquet;		/* read from a Parquet file (ignoring case) */
	const char *first_input;
};

/* Take the header in r: 0, or 1 after a message (no field's column at
 * all, or columns unlike the first input's); a column that is missing
 * is a warning once.  c->fs is set by the caller. */
int ot_fieldcols_header(struct ot_fieldcols *c, struct csvr *r);
void ot_fieldcols_free(struct ot_fieldcols *c);

/* A record's raw fields as the reference reads them: raw[i] missing
 * when the input has no column for field i, invalid past a short row's
 * end (csv.DictReader's None), else its text; and the record id
 * (OT_V_MISSING when empty or absent).  bufs[0..n]: the reading
 * thread's room for quoted line ends turned into "\n", one for the id
 * and one for each field. */
void ot_fieldcols_raw(const struct ot_fieldcols *c, struct csvr *r,
    struct ot_value *id, struct ot_value *raw, char **bufs, size_t *caps);

/* Normalize raw value v of field f into buf (room for
 * OT_TYPE_OUT_MAX(v->len)): a missing value stays missing, a valid one
 * is its normal form, an invalid one invalid, and one whose
 * normalization fails OT_V_FAILED. */
void ot_field_normalize(struct ot_norm_ctx *ctx, const struct ot_field *f,
    const struct ot_value *v, char *buf, struct ot_value *out);

/* ot-normalize --config: write the normalized stream of the fields:
 * RecordId, then each field the input has a column for, by its id; a
 * valid value's normal form, an invalid one empty, a missing one "", a
 * failed one OT_FAILED_MARK. */
int ot_normalize_fields(char *const *files, int nfiles, int outfd,
    const char *outname, const struct ot_fieldset *fs);

/* The values of a normalized stream of fs: its header must be the one
 * ot_normalize_fields() writes, RecordId and field ids (0, or 1 after a
 * message naming it); col[i] (room for fs->n) is field i's column. */
int ot_fields_stream_header(const struct ot_fieldset *fs, struct csvr *r,
    long *col);
/* A record of it: vals[i] for field i (col[] from the header: a field
 * the stream lacks is missing), and its record id. */
void ot_fields_stream_values(const struct ot_fieldset *fs,
    const struct csvr *r, const long *col, struct ot_value *vals,
    struct ot_value *id);

#endif
