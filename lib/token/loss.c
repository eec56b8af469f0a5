#include "token/loss.h"
#include "person/compat.h"
#include "person/loss.h"
#include "token/rules.h"

#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* "T1, T2, T3 and T5": the rules attribute a is part of. */
static const char *rules_of(enum ot_attr a)
{
	static char buf[64];
	const char *ids[OT_NRULES];
	size_t p;
	int r, n = 0, i;

	for (r = 0; r < OT_NRULES; r++)
		for (p = 0; p < ot_rules[r].nparts; p++)
			if (ot_rules[r].parts[p].attr == a) {
				ids[n++] = ot_rules[r].id;
				break;
			}
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(buf, i == n - 1 ? " and " : ", ");
		strcat(buf, ids[i]);
	}
	return buf;
}

/* "ssn-format, ssn-length": the reasons of bits. */
static const char *reasons_of(uint32_t bits)
{
	static char buf[256];
	int r;

	buf[0] = '\0';
	for (r = 0; r < OT_NREASONS && r < 32; r++)
		if (bits & 1u << r) {
			if (buf[0] != '\0')
				strcat(buf, ", ");
			strcat(buf, ot_reason_code((enum ot_reason)r));
		}
	return buf;
}

/* What to change in the file so that no reference loses the values. */
static const char *fix(enum ot_attr a)
{
	static const char *const how[OT_NATTR] = {
		[OT_FIRST_NAME] = "write the names in Latin letters",
		[OT_LAST_NAME] = "write the names in Latin letters",
		[OT_BIRTH_DATE] = "write the dates as yyyy-MM-dd",
		[OT_SEX] = "write M, F, Male or Female without spaces",
		[OT_POSTAL_CODE] = "write the codes in ASCII digits without spaces",
		[OT_SSN] = "write the SSNs as DDD-DD-DDDD",
	};

	return how[a];
}

/* "1 record has", "2 records have" */
static const char *records_have(uint64_t n)
{
	return n == 1 ? "record has" : "records have";
}

void ot_loss_report(void)
{
	const struct ot_compat *c = ot_compat();
	const struct ot_losses *l = ot_losses_total();
	int a, w;

	if (!ot_compat_named())
		return;
	if (l->column_records > 0)
		warnx("warning: --compat %s: %s is not a column the %s "
		    "reference reads: %s blank for all %" PRIu64 " records; "
		    "rename the column to BirthDate", c->name, l->column,
		    c->name, rules_of(OT_BIRTH_DATE), l->column_records);
	for (a = 0; a < OT_NATTR; a++) {
		for (w = 0; w < OT_NLOSS_WHO; w++)
			if (l->rejected[a][w] > 0)
				warnx("warning: --compat %s: %" PRIu64 " %s "
				    "a %s the %s reference rejects and %s "
				    "reads (%s): %s blank for them; %s "
				    "(ot-normalize --compat %s --reasons lists "
				    "them)", c->name, l->rejected[a][w],
				    records_have(l->rejected[a][w]),
				    ot_attrs[a].name, c->name,
				    ot_loss_reader(c, (enum ot_loss_who)w)->name,
				    reasons_of(l->reasons[a]),
				    rules_of((enum ot_attr)a), fix((enum ot_attr)a),
				    c->name);
		if (l->letters[a] > 0)
			warnx("warning: --compat %s: %" PRIu64 " %s a %s with "
			    "letters the %s reference deletes (such as "
			    "\303\230, \303\206, \305\201, \303\237) and %s "
			    "transliterates: their tokens differ from a %s "
			    "partner's", c->name, l->letters[a],
			    records_have(l->letters[a]), ot_attrs[a].name,
			    c->name,
			    ot_compat_other_release(c)->name,
			    ot_compat_other_release(c)->name);
	}
}
