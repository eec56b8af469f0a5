/*
 * One ot-match run, as its three steps share it: match.c reads both
 * sides into partitions of token rows, join.c finds in each partition
 * the records of both sides that hold one token (the candidates), and
 * pairs.c gathers the candidates of each pair of records, scores them,
 * and writes the pairs.  Private to the match/ wing.
 */
#ifndef OT_MATCH_RUN_H
#define OT_MATCH_RUN_H

#include "match/match.h"
#include "csv/csvwrite.h"
#include "token/algs.h"
#include "spool.h"

#include <stdbool.h>
#include <stdint.h>

/* Partitions per level: one byte of the token (HMAC output, so uniform)
 * picks one, byte d at depth d. */
#define NPART		256
#define ID_MAX		65535

/* A record's profile: its non-blank tokens as (rule, the token's first
 * PREFIX_LEN bytes), sorted, carried by each of its rows so that the
 * join can bound the rules a candidate pair agrees on without its other
 * rows.  A record of more than PROFILE_MAX token rows has none. */
#define PREFIX_LEN	2
#define PROFILE_ENTRY	(1 + PREFIX_LEN)
#define PROFILE_MAX	OT_MATCH_MAX_RULES
#define PROFILE_UNKNOWN	255

/* A record as one of its token rows shows it. */
struct rec {
	uint32_t seq;		/* its number on its side, from 0 */
	uint16_t idlen;
	uint8_t nprof;		/* profile entries, or PROFILE_UNKNOWN */
	const char *id;
	const unsigned char *prof;
};

/* The records a spool of candidates holds, ours and theirs. */
struct ot_match_range {
	bool any;
	uint32_t amin, amax, bmin, bmax;
};

struct run {
	const struct ot_match_input *in;
	const struct ot_match_opts *o;
	struct ot_match_stats *st;
	int nrules;
	char names[OT_MATCH_MAX_RULES][33];	/* first seen first */
	uint64_t seen_rules[2];			/* which names each side has */
	uint64_t allowed;			/* the rules that count */
	int order[OT_MATCH_MAX_RULES];		/* names in byte order */
	bool profiles;				/* rows carry profiles */
	struct spool part[2][NPART];		/* token rows */
	struct spool pairs[NPART];		/* candidates, by our record */
	struct ot_match_range pair_range[NPART];
	uint64_t nrec[2], qrange;
	size_t load_limit;			/* bytes a step may load */
	struct ot_match_side side[2];		/* counts by name index */
	uint64_t oversized[OT_MATCH_MAX_RULES];	/* groups past --max-group */
	struct csvw out;
	/* --one-to-one: the best score of each record of each side, and
	 * its candidates (0, 1, 2+) in two bits; which of theirs are in a
	 * pair written (0, 1, 2+), in two bits */
	uint8_t *best[2];
	uint8_t *cand[2];
	uint8_t *seen_b;
	struct ot_algs algs;			/* what both sides are made with */
	int64_t now;				/* V1 expiry is judged at */
};

/* Two-bit saturating counters, four a byte. */
uint8_t ot_match_get2(const uint8_t *m, uint64_t i);
void ot_match_inc2(uint8_t *m, uint64_t i);

/* join.c: a token row of a record into a partition spool. */
void ot_match_spool_row(struct spool *s, uint8_t rule,
    const unsigned char tok[32], const struct rec *r);

/* join.c: join every partition of both sides, each group of records
 * that hold one token giving its candidates to ot_match_candidate(). */
void ot_match_join(struct run *run);

/* pairs.c: a candidate: our record a and their b hold one token of
 * rule.  Dropped at once when it cannot reach --min-rules. */
void ot_match_candidate(struct run *run, int rule, const struct rec *a,
    const struct rec *b);

/* pairs.c: the pairs from the candidates, written to run->out. */
void ot_match_pairs(struct run *run);

#endif
