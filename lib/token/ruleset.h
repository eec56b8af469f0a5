/*
 * The rules ot knows, and a selection of them (--rules): the
 * reference's T1..T5 (token/rules.h), one row a record each, and ot's
 * T7 (token/fuzzy.h), OT_T7_VIEWS rows a record.  Each has a weight:
 * what its agreement counts for in ot-match's score.  New rules (a
 * configuration's T6+) are more entries of ot_rule_defs.
 */
#ifndef OT_RULESET_H
#define OT_RULESET_H

#include "token/rules.h"
#include "token/fuzzy.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ot_rule_def {
	const char *id;
	int exact;		/* index in ot_rules, or -1 for T7 */
	int rows;		/* rows a record */
	int weight;		/* ot-match: points for each row that agrees */
	const char *what;	/* what it combines, in words */
};

#define OT_NRULE_DEFS	6
extern const struct ot_rule_def ot_rule_defs[OT_NRULE_DEFS];

/* Room for the rules a selection names. */
#define OT_RULESET_MAX	OT_NRULE_DEFS

struct ot_ruleset {
	int n;
	uint8_t def[OT_RULESET_MAX];	/* indexes in ot_rule_defs, in order */
};

/* --rules, as the programs that choose rules describe it. */
#define OT_HELP_RULES \
	{ "--rules=LIST", "the rules to make: T1,T2,T3,T4,T5 (the default), " \
	    "T7 (error-tolerant), a list of them, or all" }

/* The definition of the rule id (len bytes), or NULL. */
const struct ot_rule_def *ot_rule_def_find(const char *id, size_t len);
/* Likewise for the rules ot reads: those it makes, and T8, the V1
 * vector token (ot --vector-column), which no signature makes and no
 * pair is made on (weight 0). */
const struct ot_rule_def *ot_rule_known(const char *id, size_t len);

/*
 * A rule of a tokenization config (--config; the metadata beside a token
 * file names them, meta/profiles.c): from now on ot_rule_known() knows
 * it, as an exact rule of one row a record worth OT_CONFIG_RULE_WEIGHT
 * (what T1..T4 are worth: a rule the partners agreed on).  A rule ot
 * knows already stays as it is; past OT_RULES_LEARNT the rest are left
 * unknown.
 */
#define OT_CONFIG_RULE_WEIGHT	6
#define OT_RULES_LEARNT		64
void ot_rule_learn(const char *id, size_t len);

/* T1..T5, as the reference makes them. */
void ot_ruleset_default(struct ot_ruleset *s);

/* "all" (every rule ot knows, in order: T1..T5, T7) or a comma list
 * of rule ids, in ot_rule_defs order whatever the list's; exits 2 with
 * a message naming opt on a rule ot does not know, or an empty list. */
void ot_ruleset_parse(struct ot_ruleset *s, const char *list,
    const char *opt);

/* A tokenization config's rules replace ot's (--config): exits 2 when
 * --rules was given (rules) with one (config not NULL). */
void ot_ruleset_no_config(bool rules, const char *config);

bool ot_ruleset_is_default(const struct ot_ruleset *s);
/* Whether it has a rule that reads lenient values (T7). */
bool ot_ruleset_lenient(const struct ot_ruleset *s);
/* Rows a record. */
int ot_ruleset_rows(const struct ot_ruleset *s);
/* "T1,T2,T7" into out[n], as --rules takes it. */
void ot_ruleset_list(const struct ot_ruleset *s, char *out, size_t n);

/* One record's rows, rule by rule: what ot-sign writes. */
struct ot_rowsig {
	char *p;		/* the signature, or NULL when blank */
	size_t len;
};

struct ot_signer {
	struct ot_sigbuf sig;	/* exact rules' signatures */
	char t7[OT_T7_VIEWS][OT_T7_SIG_MAX];
	struct ot_t7 t;
};

/*
 * The signatures of every row of s for a record (vals: the reference's
 * values; lenient: the lenient ones, or NULL), into rows[] (room for
 * ot_ruleset_rows(s)), the buffers in sg.  Returns the number of rows;
 * *any whether one of them is not blank; blank[i] (unless NULL) whether
 * rule s->def[i] is blank for the record (for T7: all its rows).
 */
int ot_sign_record(struct ot_signer *sg, const struct ot_ruleset *s,
    const struct ot_value vals[OT_NATTR],
    const struct ot_value lenient[OT_NATTR], struct ot_rowsig *rows,
    bool *any, bool *blank);

/* The rule id of each row ot_sign_record() writes, in order. */
const char *ot_ruleset_row_id(const struct ot_ruleset *s, int row);

void ot_signer_free(struct ot_signer *sg);

#endif
