/*
 * Which column holds each attribute, decided as the reference does: a
 * header names an attribute when it equals one of its aliases ignoring
 * case; of two identical header names the later column wins, and of two
 * columns for one attribute the later one the record has.
 */
#ifndef OT_HEADER_H
#define OT_HEADER_H

#include "person/attr.h"
#include "csv/csvread.h"

#define OT_MAX_ATTR_COLUMNS 256

struct ot_colmap {
	size_t cols[OT_NCOLUMN][OT_MAX_ATTR_COLUMNS];
	size_t ncols[OT_NCOLUMN];
};

/* From the header record in r; -1 with r->err set when it names too many
 * attribute columns. */
int ot_colmap_build(struct ot_colmap *m, struct csvr *r);

static inline bool ot_colmap_has(const struct ot_colmap *m, int a)
{
	return m->ncols[a] > 0;
}

/* The field of a record of nf fields holding attribute a, or -1 when the
 * record is too short to have it. */
static inline long ot_colmap_col(const struct ot_colmap *m, int a, size_t nf)
{
	size_t k = m->ncols[a];

	while (k-- > 0)
		if (m->cols[a][k] < nf)
			return (long)m->cols[a][k];
	return -1;
}

/* The header record in r as text, its fields joined by commas and cut
 * short after 72 bytes ("..."), for messages; valid until the next call. */
const char *ot_header_text(const struct csvr *r);

/* Whether m has exactly the columns has[] says (an earlier input's). */
bool ot_colmap_same(const struct ot_colmap *m, const bool has[OT_NCOLUMN]);

/* The columns of a normalized stream, from its header in r: 0, or 1 with
 * a message naming what it is instead when its header is not exactly one
 * ot-normalize writes (RecordId, then attribute names in ot_attr order). */
int ot_colmap_normalized(struct ot_colmap *m, struct csvr *r);

/* Whether the header in r is one ot-normalize writes (no message). */
bool ot_header_normalized(const struct csvr *r);

/* The values of a normalized-stream record: an empty field is invalid,
 * a quoted empty field ("") or a field past the record's end is missing.
 * Returns 0, or -1 with a message when a value is not in the form
 * ot-normalize writes (the stream is raw input). */
int ot_record_values(const struct ot_colmap *m, const struct csvr *r,
    struct ot_value vals[OT_NATTR]);

#endif
