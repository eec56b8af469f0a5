#include "header.h"

#include <err.h>
#include <stdio.h>
#include <string.h>

int ot_colmap_build(struct ot_colmap *m, struct csvr *r)
{
	size_t i, k, a;
	size_t first[OT_NCOLUMN][OT_MAX_ATTR_COLUMNS];

	memset(m->ncols, 0, sizeof(m->ncols));
	for (i = 0; i < r->nf; i++) {
		size_t len;
		const char *name = csvr_field(r, i, &len);
		int at = ot_attr_by_header(name, len);
		bool dup = false;

		if (at < 0)
			continue;
		a = (size_t)at;
		/* An identical name keeps its place and takes the new column. */
		for (k = 0; k < m->ncols[a] && !dup; k++) {
			size_t flen;
			const char *f = csvr_field(r, first[a][k], &flen);

			if (flen == len && memcmp(f, name, len) == 0) {
				m->cols[a][k] = i;
				dup = true;
			}
		}
		if (dup)
			continue;
		if (m->ncols[a] == OT_MAX_ATTR_COLUMNS) {
			snprintf(r->err, sizeof(r->err),
			    "more than %d %s columns", OT_MAX_ATTR_COLUMNS,
			    ot_attrs[a].name);
			r->err_line = r->rec_line;
			return -1;
		}
		first[a][m->ncols[a]] = i;
		m->cols[a][m->ncols[a]++] = i;
	}
	return 0;
}

void ot_record_values(const struct ot_colmap *m, const struct csvr *r,
    struct ot_value vals[OT_NATTR])
{
	int a;

	for (a = 0; a < OT_NATTR; a++) {
		long c = ot_colmap_col(m, a, r->nf);

		vals[a].s = "";
		vals[a].len = 0;
		vals[a].state = OT_V_MISSING;
		if (c < 0)
			continue;
		vals[a].s = csvr_field(r, (size_t)c, &vals[a].len);
		if (vals[a].len > 0)
			vals[a].state = OT_V_OK;
		else if (!r->f[c].quoted)
			vals[a].state = OT_V_INVALID;
	}
}

bool ot_colmap_same(const struct ot_colmap *m, const bool has[OT_NCOLUMN])
{
	int a;

	for (a = 0; a < OT_NCOLUMN; a++)
		if (ot_colmap_has(m, a) != has[a])
			return false;
	return true;
}

int ot_colmap_normalized(struct ot_colmap *m, struct csvr *r)
{
	if (ot_colmap_build(m, r) < 0) {
		csvr_warn(r);
		return 1;
	}
	if (!ot_colmap_has(m, OT_RECORD_ID)) {
		warnx("%s:%lu: no RecordId column: not a normalized stream",
		    r->name, r->rec_line);
		return 1;
	}
	return 0;
}
