/*
 * ot-match: the join of two hash-only token streams on (RuleId, Token),
 * pair by pair, in bounded memory: a grace hash join over spools that
 * stay in memory while they fit under the budget and spill to private
 * temporary files beyond it.
 *
 * The match/ wing: joining two parties' token files (match.c reads
 * them, join.c joins them, pairs.c makes the pairs: run.h), the summary
 * of the join (matchsum.c), whether two files' metadata agree on the
 * keys (origin.c) and the HTML page (report.c).  It may use meta/,
 * token/, person/, csv/, share/, parquet/ and lib/'s helpers; only run/
 * and cmd/ stand above it.
 */
#ifndef OT_MATCH_H
#define OT_MATCH_H

#include "csv/idmap.h"
#include "token/crypto.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OT_MATCH_MAX_RULES	64

/* One input: a token stream, and the key that decrypts it when its
 * tokens are encrypted, legacy, ot.V1 or olt.V1 (NULL: hash-only tokens
 * only). */
struct ot_match_input {
	const char *path;	/* "-" is standard input */
	const char *name;	/* for messages, or NULL */
	struct ot_cipher *cipher;
	struct ot_v1 *v1;
	struct ot_oltv1 *olt;	/* OpenLinkToken 2.x olt.V1 tokens */
};

struct ot_match_opts {
	const char *const *rules;	/* only these rules count; NULL: all */
	int nrules;
	int min_rules;			/* a pair needs this many (>= 1) */
	int threshold;			/* ... and this score */
	bool one_to_one;		/* each record's best partner (the
					 * default), or every pair */
	const char *truth;		/* the true pairs, or NULL */
	size_t mem;			/* the memory budget, bytes */
	uint64_t max_group;		/* records of a side one token pairs */
	bool verbose;			/* ambiguous records on stderr too */
	bool keys_agree;		/* the metadata said so */
	/* V1 tokens: the algorithms hash-only tokens are taken to be and
	 * every token must have (-1: SHA-256/HS256 unless the first V1
	 * token says otherwise, token/algs.h); expired ones joined too */
	int hash_alg, mac_alg;
	bool ignore_expiry;
	/* --record-id-map: the pairs' opaque ids of ours written as our
	 * own (csv/idmap.h), or NULL */
	const struct ot_idmap_table *idmap;
};

/* --max-group's default: more records than this holding one token (of
 * one side) are no evidence of anything but a common name. */
#define OT_MATCH_MAX_GROUP	1000

/* --threshold's default, in points (token/ruleset.h's weights): a rule
 * of T1..T4 (6), or T5 (2) with two views of T7 (1 each), or four views
 * of T7.  T5 alone (2) is a candidate, never a match. */
#define OT_MATCH_THRESHOLD	4
/* Scores are counted up to this. */
#define OT_MATCH_MAX_SCORE	255
/* Rule combinations the truth's figures tell apart; the rest are
 * "other". */
#define OT_MATCH_MAX_COMBOS	64
/* RuleIds ot does not know, counted by name. */
#define OT_MATCH_MAX_UNKNOWN	16

struct ot_match_side {
	uint64_t records;		/* runs of rows with one RecordId */
	uint64_t with_tokens;		/* records with a non-blank token */
	uint64_t matched;		/* records in some pair written */
	uint64_t several;		/* ... with two partners or more */
	uint64_t collisions;		/* tokens two of its records hold */
	uint64_t ambiguous;		/* --one-to-one: tied best partners */
	uint64_t tokens[OT_MATCH_MAX_RULES];	/* non-blank, by rule */
	uint64_t shared[OT_MATCH_MAX_RULES];	/* ... the other side has */
};

struct ot_match_stats {
	int nrules;
	char rule[OT_MATCH_MAX_RULES][33];	/* in output order */
	struct ot_match_side side[2];		/* ours, theirs */
	uint64_t pairs;
	uint64_t by_count[OT_MATCH_MAX_RULES + 1];	/* pairs by rules agreeing */
	uint64_t by_rule[OT_MATCH_MAX_RULES];		/* pairs a rule agrees in */
	uint64_t oversized[OT_MATCH_MAX_RULES];	/* groups past max_group */
	bool partitioned;			/* spilled to disk */
	uint64_t partitions;			/* joined one by one */
	int weight[OT_MATCH_MAX_RULES];		/* points of a row agreeing */
	uint64_t candidates;			/* pairs scored */
	uint64_t by_score[OT_MATCH_MAX_SCORE + 1];	/* pairs written */
	/* rows of RuleIds ot does not know, not matched */
	int nunknown;
	char unknown[OT_MATCH_MAX_UNKNOWN][33];
	uint64_t unknown_rows[OT_MATCH_MAX_UNKNOWN];
	uint64_t unknown_other;
	/* against --truth: the pairs the selection keeps at any score, by
	 * score, and the true ones among them; the pairs written by rule
	 * combination */
	bool have_truth;
	uint64_t truth_pairs;
	uint64_t kept_by_score[OT_MATCH_MAX_SCORE + 1];
	uint64_t true_by_score[OT_MATCH_MAX_SCORE + 1];
	int ncombos;
	uint64_t combo_mask[OT_MATCH_MAX_COMBOS + 1];	/* by rule index */
	uint64_t combo_pairs[OT_MATCH_MAX_COMBOS + 1];
	uint64_t combo_true[OT_MATCH_MAX_COMBOS + 1];
};

/* Match ours against theirs, writing RecordIdA,RecordIdB,Rules,Score;
 * returns the exit status, with a message when not 0. */
int ot_match(const struct ot_match_input in[2],
    const struct ot_match_opts *o, int outfd, const char *outname,
    struct ot_match_stats *st);

/* The summary as JSON into path ("-": standard output), with what the
 * two sides' metadata were found to agree on (NULL: not compared); the
 * short table on stderr. */
int ot_match_summary_json(const struct ot_match_stats *st,
    const struct ot_match_opts *o, const char *key_check, const char *path);
void ot_match_summary_table(const struct ot_match_stats *st);

/* A partner's pairs (a CSV file with RecordIdA and RecordIdB columns)
 * with each opaque id of the map written as our own id it stands for,
 * to outfd: the exit status. */
int ot_match_unmap(const char *pairs, const struct ot_idmap_table *map,
    int outfd, const char *outname);

/* The same summary as the audit log's "match". */
void ot_match_audit(const struct ot_match_stats *st,
    const struct ot_match_opts *o, const char *key_check);

#endif
