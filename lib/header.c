#include "header.h"

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
