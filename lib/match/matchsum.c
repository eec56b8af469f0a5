/* ot-match's summary: JSON for programs, a short table for people. */
#include "match/match.h"
#include "share/audit.h"
#include "json.h"

#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void add(cJSON *o, const char *k, cJSON *v)
{
	if (v == NULL || !cJSON_AddItemToObject(o, k, v))
		err(1, NULL);
}

static cJSON *count(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return cJSON_CreateRaw(buf);
}

/* A rate rounded to 4 decimals, or null with nothing to divide by. */
static cJSON *rate(uint64_t num, uint64_t den)
{
	char buf[32];

	if (den == 0)
		return cJSON_CreateNull();
	snprintf(buf, sizeof(buf), "%.4f", (double)num / (double)den);
	return cJSON_CreateRaw(buf);
}

static cJSON *side(const struct ot_match_stats *st, int s, bool one_to_one)
{
	const struct ot_match_side *d = &st->side[s];
	cJSON *o = cJSON_CreateObject(), *t, *sh;
	int k;

	if (o == NULL)
		err(1, NULL);
	add(o, "Records", count(d->records));
	add(o, "RecordsWithTokens", count(d->with_tokens));
	add(o, "MatchedRecords", count(d->matched));
	add(o, "RecordsWithSeveralPartners", count(d->several));
	add(o, "TokenCollisions", count(d->collisions));
	if (one_to_one)
		add(o, "AmbiguousRecords", count(d->ambiguous));
	t = cJSON_CreateObject();
	sh = cJSON_CreateObject();
	add(o, "TokensByRule", t);
	add(o, "SharedTokensByRule", sh);
	for (k = 0; k < st->nrules; k++) {
		add(t, st->rule[k], count(d->tokens[k]));
		add(sh, st->rule[k], count(d->shared[k]));
	}
	return o;
}

static cJSON *summary(const struct ot_match_stats *st,
    const struct ot_match_opts *o, const char *key_check)
{
	cJSON *root = cJSON_CreateObject(), *x, *y;
	char n[12];
	int k;

	if (root == NULL)
		err(1, NULL);
	add(root, "Ours", side(st, 0, o->one_to_one));
	add(root, "Theirs", side(st, 1, o->one_to_one));
	add(root, "Pairs", count(st->pairs));
	add(root, "PairsByAgreeingRules", x = cJSON_CreateObject());
	for (k = 1; k <= st->nrules; k++) {
		snprintf(n, sizeof(n), "%d", k);
		add(x, n, count(st->by_count[k]));
	}
	add(root, "PairsByRule", x = cJSON_CreateObject());
	for (k = 0; k < st->nrules; k++)
		add(x, st->rule[k], count(st->by_rule[k]));
	add(root, "OversizedGroupsByRule", x = cJSON_CreateObject());
	for (k = 0; k < st->nrules; k++)
		add(x, st->rule[k], count(st->oversized[k]));
	add(root, "KeyCheck", key_check != NULL ?
	    cJSON_CreateString(key_check) : cJSON_CreateNull());
	add(root, "OverlapRateByRule", x = cJSON_CreateObject());
	for (k = 0; k < st->nrules; k++) {
		add(x, st->rule[k], y = cJSON_CreateObject());
		add(y, "Ours", rate(st->side[0].shared[k], st->side[0].tokens[k]));
		add(y, "Theirs", rate(st->side[1].shared[k],
		    st->side[1].tokens[k]));
	}
	add(root, "Options", x = cJSON_CreateObject());
	add(x, "Rules", y = cJSON_CreateArray());
	for (k = 0; k < o->nrules; k++)
		if (!cJSON_AddItemToArray(y, cJSON_CreateString(o->rules[k])))
			err(1, NULL);
	add(x, "MinRules", count((uint64_t)o->min_rules));
	add(x, "OneToOne", cJSON_CreateBool(o->one_to_one));
	add(x, "MaxGroup", count(o->max_group));
	add(x, "Partitioned", cJSON_CreateBool(st->partitioned));
	add(x, "JoinPartitions", count(st->partitions));
	return root;
}

void ot_match_audit(const struct ot_match_stats *st,
    const struct ot_match_opts *o, const char *key_check)
{
	if (ot_audit_on())
		ot_audit_json(NULL, "match", summary(st, o, key_check));
}

int ot_match_summary_json(const struct ot_match_stats *st,
    const struct ot_match_opts *o, const char *key_check, const char *path)
{
	cJSON *root = summary(st, o, key_check);
	int rc = 0;

	if (strcmp(path, "-") == 0) {
		if (ot_json_print(stdout, root) < 0 || fflush(stdout) == EOF) {
			warn("stdout");
			rc = 1;
		}
	} else if (ot_json_write_file(root, path) < 0) {
		warn("%s", path);
		rc = 1;
	}
	cJSON_Delete(root);
	return rc;
}

void ot_match_summary_table(const struct ot_match_stats *st)
{
	static const char *const what[] = { "ours", "theirs" };
	int s, k;

	fprintf(stderr, "%-8s %12s %12s %12s %12s %12s\n", "", "records",
	    "with tokens", "matched", "2+ partners", "collisions");
	for (s = 0; s < 2; s++)
		fprintf(stderr, "%-8s %12" PRIu64 " %12" PRIu64 " %12" PRIu64
		    " %12" PRIu64 " %12" PRIu64 "\n", what[s],
		    st->side[s].records, st->side[s].with_tokens,
		    st->side[s].matched, st->side[s].several,
		    st->side[s].collisions);
	fprintf(stderr, "pairs %" PRIu64 "\n", st->pairs);
	fprintf(stderr, "%-8s %12s %12s %12s\n", "rule", "pairs", "ours %",
	    "theirs %");
	for (k = 0; k < st->nrules; k++)
		fprintf(stderr, "%-8s %12" PRIu64 " %12.1f %12.1f\n",
		    st->rule[k], st->by_rule[k],
		    st->side[0].tokens[k] ? 100.0 * (double)st->side[0].shared[k] /
		    (double)st->side[0].tokens[k] : 0.0,
		    st->side[1].tokens[k] ? 100.0 * (double)st->side[1].shared[k] /
		    (double)st->side[1].tokens[k] : 0.0);
	for (k = 1; k <= st->nrules; k++)
		if (st->by_count[k] > 0)
			fprintf(stderr, "pairs agreeing on %d rule%s: %" PRIu64
			    "\n", k, k > 1 ? "s" : "", st->by_count[k]);
	for (k = 0; k < st->nrules; k++)
		if (st->oversized[k] > 0)
			fprintf(stderr, "%s tokens held by too many records to "
			    "pair (--max-group): %" PRIu64 "\n", st->rule[k],
			    st->oversized[k]);
}
