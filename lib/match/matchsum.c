/* ot-match's summary: JSON for programs, a short table for people. */
#include "match/match.h"
#include "share/audit.h"
#include "json.h"

#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* A rule combination's name, "T1;T3;T7", or "other". */
static void combo_name(const struct ot_match_stats *st, int i, char *out,
    size_t n)
{
	size_t k = 0;
	int r;

	out[0] = '\0';
	if (i == OT_MATCH_MAX_COMBOS) {
		snprintf(out, n, "other");
		return;
	}
	/* the mask is by the run's name index; st->rule[] is in name order,
	 * and so is combo_mask after ot_match() renumbered it */
	for (r = 0; r < st->nrules && k < n; r++)
		if ((st->combo_mask[i] >> r) & 1)
			k += (size_t)snprintf(out + k, n - k, "%s%s",
			    k > 0 ? ";" : "", st->rule[r]);
}

static cJSON *f1(uint64_t tp, uint64_t pairs, uint64_t truth)
{
	char buf[32];
	double p, r;

	if (pairs == 0 || truth == 0 || tp == 0)
		return pairs == 0 || truth == 0 ? cJSON_CreateNull() :
		    cJSON_CreateRaw("0.0000");
	p = (double)tp / (double)pairs;
	r = (double)tp / (double)truth;
	snprintf(buf, sizeof(buf), "%.4f", 2 * p * r / (p + r));
	return cJSON_CreateRaw(buf);
}

static cJSON *truth(const struct ot_match_stats *st)
{
	cJSON *o = cJSON_CreateObject(), *by, *sw, *x;
	uint64_t tp = 0, kept = 0, ktrue = 0;
	char name[OT_MATCH_MAX_RULES * 34];
	int i, t;

	if (o == NULL)
		err(1, NULL);
	for (i = 0; i <= OT_MATCH_MAX_COMBOS; i++)
		tp += st->combo_true[i];
	add(o, "TruePairs", count(st->truth_pairs));
	add(o, "Pairs", count(st->pairs));
	add(o, "TruePositives", count(tp));
	add(o, "FalsePositives", count(st->pairs - tp));
	add(o, "FalseNegatives", count(st->truth_pairs - tp));
	add(o, "Precision", rate(tp, st->pairs));
	add(o, "Recall", rate(tp, st->truth_pairs));
	add(o, "F1", f1(tp, st->pairs, st->truth_pairs));
	add(o, "ByRules", by = cJSON_CreateArray());
	for (i = 0; i <= OT_MATCH_MAX_COMBOS; i++) {
		if (st->combo_pairs[i] == 0)
			continue;
		combo_name(st, i, name, sizeof(name));
		if ((x = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(by, x))
			err(1, NULL);
		add(x, "Rules", cJSON_CreateString(name));
		add(x, "Pairs", count(st->combo_pairs[i]));
		add(x, "TruePositives", count(st->combo_true[i]));
		add(x, "Precision", rate(st->combo_true[i], st->combo_pairs[i]));
		add(x, "Recall", rate(st->combo_true[i], st->truth_pairs));
	}
	/* at each score, what the threshold there would keep: the pairs
	 * the selection keeps at that score or above */
	add(o, "Sweep", sw = cJSON_CreateArray());
	for (t = OT_MATCH_MAX_SCORE; t >= 1; t--) {
		kept += st->kept_by_score[t];
		ktrue += st->true_by_score[t];
		if (st->kept_by_score[t] == 0)
			continue;
		if ((x = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(sw, x))
			err(1, NULL);
		add(x, "Threshold", count((uint64_t)t));
		add(x, "Pairs", count(kept));
		add(x, "TruePositives", count(ktrue));
		add(x, "Precision", rate(ktrue, kept));
		add(x, "Recall", rate(ktrue, st->truth_pairs));
		add(x, "F1", f1(ktrue, kept, st->truth_pairs));
	}
	return o;
}

static cJSON *summary(const struct ot_match_stats *st,
    const struct ot_match_opts *o, const char *key_check)
{
	cJSON *root = cJSON_CreateObject(), *x, *y;
	char n[12], date[32];
	time_t now = time(NULL);
	struct tm tm;
	int k;

	if (root == NULL)
		err(1, NULL);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	add(root, "Date", cJSON_CreateString(date));
	add(root, "Ours", side(st, 0, o->one_to_one));
	add(root, "Theirs", side(st, 1, o->one_to_one));
	add(root, "Pairs", count(st->pairs));
	add(root, "CandidatePairs", count(st->candidates));
	add(root, "PairsByScore", x = cJSON_CreateObject());
	for (k = OT_MATCH_MAX_SCORE; k >= 0; k--)
		if (st->by_score[k] > 0) {
			snprintf(n, sizeof(n), "%d", k);
			add(x, n, count(st->by_score[k]));
		}
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
	add(root, "UnknownRules", x = cJSON_CreateObject());
	for (k = 0; k < st->nunknown; k++)
		add(x, st->unknown[k], count(st->unknown_rows[k]));
	if (st->unknown_other > 0)
		add(x, "others", count(st->unknown_other));
	add(root, "KeyCheck", key_check != NULL ?
	    cJSON_CreateString(key_check) : cJSON_CreateNull());
	add(root, "OverlapRateByRule", x = cJSON_CreateObject());
	for (k = 0; k < st->nrules; k++) {
		add(x, st->rule[k], y = cJSON_CreateObject());
		add(y, "Ours", rate(st->side[0].shared[k], st->side[0].tokens[k]));
		add(y, "Theirs", rate(st->side[1].shared[k],
		    st->side[1].tokens[k]));
	}
	if (st->have_truth)
		add(root, "Truth", truth(st));
	add(root, "Options", x = cJSON_CreateObject());
	add(x, "Rules", y = cJSON_CreateArray());
	for (k = 0; k < o->nrules; k++)
		if (!cJSON_AddItemToArray(y, cJSON_CreateString(o->rules[k])))
			err(1, NULL);
	add(x, "MinRules", count((uint64_t)o->min_rules));
	add(x, "Threshold", count((uint64_t)o->threshold));
	add(x, "OneToOne", cJSON_CreateBool(o->one_to_one));
	add(x, "Weights", y = cJSON_CreateObject());
	for (k = 0; k < st->nrules; k++)
		add(y, st->rule[k], count((uint64_t)st->weight[k]));
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
	fprintf(stderr, "pairs %" PRIu64 " (of %" PRIu64 " candidates)\n",
	    st->pairs, st->candidates);
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
