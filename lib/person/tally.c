#include "person/tally.h"

#include <err.h>
#include <inttypes.h>

void ot_tally_record(struct ot_tally *t, const enum ot_reason why[OT_NATTR])
{
	int a;

	t->records++;
	for (a = 0; a < OT_NATTR; a++)
		t->why[a][why[a]]++;
}

void ot_tally_add(struct ot_tally *sum, const struct ot_tally *t)
{
	int a, w;

	sum->records += t->records;
	for (a = 0; a < OT_NATTR; a++)
		for (w = 0; w < OT_NREASONS; w++)
			sum->why[a][w] += t->why[a][w];
}

uint64_t ot_tally_invalid(const struct ot_tally *t, enum ot_attr a)
{
	uint64_t n = 0;
	int w;

	for (w = OT_VALID + 1; w < OT_NREASONS; w++)
		if (w != OT_R_COLUMN_MISSING)
			n += t->why[a][w];
	return n;
}

void ot_tally_warn(const struct ot_tally *t)
{
	uint64_t n;
	int a, w, top;

	for (a = 0; a < OT_NATTR; a++) {
		n = ot_tally_invalid(t, (enum ot_attr)a);
		if (n < OT_TALLY_WARN_MIN ||
		    n * 100 < t->records * OT_TALLY_WARN_PERCENT)
			continue;
		for (top = w = OT_VALID + 1; w < OT_NREASONS; w++)
			if (w != OT_R_COLUMN_MISSING &&
			    t->why[a][w] > t->why[a][top])
				top = w;
		warnx("warning: %s invalid in %" PRIu64 " of %" PRIu64
		    " records (%" PRIu64 "%%), mostly %s: %s; the rules using "
		    "it are blank there (ot-normalize --reasons lists them)",
		    ot_attrs[a].name, n, t->records, n * 100 / t->records,
		    ot_reason_code(top), ot_reason_words(top));
	}
}
