/*
 * The true pairs of a linkage, for measuring ot-match against them
 * (--truth): a CSV file of RecordIdA (ours) and RecordIdB (theirs),
 * held as a set.  It is the user's own file, held whole: about 40 bytes
 * a pair more than its ids.
 */
#ifndef OT_TRUTH_H
#define OT_TRUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ot_truth;

/* The pairs of path, its header naming RecordIdA and RecordIdB (else
 * its first two columns are taken); NULL after a message. */
struct ot_truth *ot_truth_read(const char *path);
/* Distinct pairs. */
uint64_t ot_truth_count(const struct ot_truth *t);
bool ot_truth_has(const struct ot_truth *t, const char *a, size_t alen,
    const char *b, size_t blen);
void ot_truth_free(struct ot_truth *t);

#endif
