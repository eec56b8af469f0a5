/* A partner's pairs back in our own record ids (--record-id-map). */
#include "match/match.h"
#include "csv/csvwrite.h"
#include "csv/idmap.h"
#include "csv/stream.h"

#include <err.h>
#include <stdint.h>
#include <stdlib.h>

struct unmap {
	const struct ot_idmap_table *map;
	struct csvw out;
	size_t a, b, nf;
	unsigned long long rows, mapped;
};

static int on_header(void *arg, struct csvr *r)
{
	struct unmap *u = arg;
	size_t i, len;
	const char *f;

	if (ot_find_column(r, "RecordIdA", &u->a) < 0 ||
	    ot_find_column(r, "RecordIdB", &u->b) < 0) {
		warnx("%s:%lu: not ot-match's pairs (no RecordIdA and RecordIdB "
		    "columns)", r->name, r->rec_line);
		return 1;
	}
	u->nf = r->nf;
	for (i = 0; i < r->nf; i++) {
		f = csvr_field(r, i, &len);
		csvw_field(&u->out, f, len);
	}
	csvw_end(&u->out);
	return 0;
}

static int on_record(void *arg, struct csvr *r)
{
	struct unmap *u = arg;
	const char *f, *own;
	size_t i, len, ownlen;

	if (r->nf != u->nf) {
		warnx("%s:%lu: %zu fields where the header has %zu", r->name,
		    r->rec_line, r->nf, u->nf);
		return 1;
	}
	for (i = 0; i < r->nf; i++) {
		f = csvr_field(r, i, &len);
		if ((i == u->a || i == u->b) &&
		    ot_idmap_lookup(u->map, f, len, &own, &ownlen)) {
			csvw_field(&u->out, own, ownlen);
			u->mapped++;
		} else
			csvw_field(&u->out, f, len);
	}
	csvw_end(&u->out);
	u->rows++;
	return 0;
}

int ot_match_unmap(const char *pairs, const struct ot_idmap_table *map,
    int outfd, const char *outname)
{
	static const struct ot_stream_ops ops = { on_header, on_record, false };
	char *files[1] = { (char *)(uintptr_t)pairs };
	struct unmap u = { .map = map };
	int rc;

	csvw_init(&u.out, outfd, outname);
	rc = ot_run_stream(files, 1, &ops, &u);
	csvw_close(&u.out);
	if (rc == 0 && u.rows > 0 && u.mapped == 0) {
		warnx("%s: not one record id is an opaque id of the map: pairs "
		    "made from other tokens than the ones it mapped?", pairs);
		rc = 1;
	}
	return rc;
}
