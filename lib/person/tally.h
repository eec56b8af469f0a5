/*
 * Why values were invalid, counted per attribute and reason over a run:
 * the counts of ot-normalize --reasons-summary, and the warning that
 * ot-normalize and ot give at the end when an attribute is invalid in a
 * large share of the records, which would otherwise pass unseen behind
 * tokens that are quietly blank.
 */
#ifndef OT_TALLY_H
#define OT_TALLY_H

#include "person/attr.h"

#include <stdint.h>

/* An attribute invalid in at least this share of the records (percent),
 * and in at least OT_TALLY_WARN_MIN of them (a few odd values of a small
 * sample are not a pattern), is warned about. */
#define OT_TALLY_WARN_PERCENT	10
#define OT_TALLY_WARN_MIN	10

struct ot_tally {
	uint64_t records;
	uint64_t why[OT_NATTR][OT_NREASONS];
};

/* One record's reasons (OT_VALID for a valid value). */
void ot_tally_record(struct ot_tally *t, const enum ot_reason why[OT_NATTR]);

/* Add t's counts to sum's (a thread's to the run's). */
void ot_tally_add(struct ot_tally *sum, const struct ot_tally *t);

/* The invalid values of attribute a: every reason but a missing column. */
uint64_t ot_tally_invalid(const struct ot_tally *t, enum ot_attr a);

/* One warning line on standard error per attribute invalid in at least
 * OT_TALLY_WARN_PERCENT of the records (and OT_TALLY_WARN_MIN), with its
 * commonest reason. */
void ot_tally_warn(const struct ot_tally *t);

#endif
