/*
 * ot-report's page, section by section, worded for the person who
 * decides on the overlap: words, not JSON keys; rates as percentages
 * with one decimal; the matched pairs, never the candidates, as the
 * headline.
 */
#include "match/reportpage.h"

#include <err.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* An attribute invalid in this share of a side's records is an alert. */
#define ALERT_SHARE	0.10
/* Scores from here are strong evidence: two exact rules, one and most
 * of T7's views, or T7 alone on 12 views of 20. */
#define STRONG_SCORE	12

void rp_esc(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
}

const cJSON *rp_get(const cJSON *j, const char *k)
{
	return cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, k) :
	    NULL;
}

const cJSON *rp_members(const cJSON *j)
{
	return cJSON_IsObject(j) ? j : NULL;
}

double rp_number(const cJSON *v)
{
	return cJSON_IsNumber(v) && isfinite(v->valuedouble) ?
	    v->valuedouble : 0;
}

static void open_tag(FILE *f, const char *tag, const char *path)
{
	fprintf(f, "<%s data-k=\"", tag);
	rp_esc(f, path);
	fputs("\">", f);
}

/* 1234567 as 1,234,567; other numbers as %g would. */
static void thousands(FILE *f, double v)
{
	char buf[64];
	size_t n, i;

	if (v != floor(v) || fabs(v) >= 1e18) {
		fprintf(f, "%g", v);
		return;
	}
	n = (size_t)snprintf(buf, sizeof(buf), "%.0f", fabs(v));
	if (v < 0)
		fputc('-', f);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			fputc(',', f);
		fputc(buf[i], f);
	}
}

void rp_count(FILE *f, const char *tag, const char *path, const cJSON *v)
{
	open_tag(f, tag, path);
	if (cJSON_IsNumber(v) && isfinite(v->valuedouble))
		thousands(f, v->valuedouble);
	else if (cJSON_IsString(v))
		rp_esc(f, v->valuestring);
	else
		fputs("&ndash;", f);
	fprintf(f, "</%s>", tag);
}

void rp_rate(FILE *f, const char *tag, const char *path, const cJSON *v)
{
	open_tag(f, tag, path);
	if (cJSON_IsNumber(v) && isfinite(v->valuedouble))
		fprintf(f, "%.1f%%", 100 * v->valuedouble);
	else
		fputs("&ndash;", f);
	fprintf(f, "</%s>", tag);
}

void rp_share(FILE *f, double num, double den)
{
	if (den > 0)
		fprintf(f, "%.1f%%", 100 * num / den);
	else
		fputs("&ndash;", f);
}

void rp_fingerprint(FILE *f, const char *path, const cJSON *v)
{
	if (!cJSON_IsString(v)) {
		rp_count(f, "td", path, v);
		return;
	}
	fputs("<td><code title=\"", f);
	rp_esc(f, v->valuestring);
	fputs("\" data-k=\"", f);
	rp_esc(f, path);
	fputs("\">", f);
	if (strlen(v->valuestring) > 16) {
		fprintf(f, "%.16s", v->valuestring);
		fputs("&hellip;", f);
	} else
		rp_esc(f, v->valuestring);
	fputs("</code></td>", f);
}

/* The entry of a table of structs whose first member is a name. */
static const void *by_name(const void *table, size_t n, size_t size,
    const char *name)
{
	const char *p = table;
	size_t i;

	for (i = 0; i < n; i++, p += size)
		if (strcmp(*(const char *const *)(const void *)p, name) == 0)
			return p;
	return NULL;
}
#define BY_NAME(table, name) \
	by_name(table, sizeof(table) / sizeof(table[0]), sizeof(table[0]), name)

/* What a rule combines, and how much its agreement says, in words. */
static const struct rule_words {
	const char *id, *what, *strength;
} rule_words[] = {
	{ "T1", "last name, first initial, sex and birth date", "strong" },
	{ "T2", "last name, first name, birth date and the first 3 characters "
	    "of the postal code", "strong" },
	{ "T3", "last name, first name, sex and birth date", "strong" },
	{ "T4", "SSN, sex and birth date", "strongest: a national id with "
	    "the birth date" },
	{ "T5", "last name, first 3 letters of the first name, and sex",
	    "weak: many people share it, so it is never enough alone" },
	{ "T7", "20 views of names, birth date, postal code and SSN (ot's own "
	    "rule)", "agrees through one typo, a nickname or a day and month "
	    "swapped, by how many views agree" },
};

static const struct rule_words *rule_of(const char *id)
{
	return BY_NAME(rule_words, id);
}

static void rule_what(FILE *f, const char *id)
{
	const struct rule_words *r = rule_of(id);

	/* ot-match joins no rule it does not know: another is a config's */
	fputs(r != NULL ? r->what : "a rule of a tokenization config "
	    "(ot-inspect --config shows what it is made of)", f);
}

static void rule_reading(FILE *f, const char *id)
{
	const struct rule_words *r = rule_of(id);

	rule_what(f, id);
	if (r != NULL)
		fprintf(f, " <span class=\"key\">(%s)</span>", r->strength);
}

/* A score as the JSON has it, within what a score can be (0..255). */
static int score_of(const cJSON *v)
{
	double d = rp_number(v);

	return d < 0 ? 0 : d > 255 ? 255 : (int)d;
}

/* The pairs in a range of scores [lo, hi], from PairsByScore. */
static double pairs_scored(const cJSON *sum, int lo, int hi)
{
	const cJSON *c;
	double n = 0;

	cJSON_ArrayForEach(c, rp_members(rp_get(sum, "PairsByScore"))) {
		long s = strtol(c->string, NULL, 10);

		if (s >= lo && s <= hi)
			n += rp_number(c);
	}
	return n;
}

/* "<b>29.0%</b> of our <b>20,000</b> records (5,804)", of side s. */
static void side_share(FILE *f, const cJSON *s, const char *key,
    const char *whose, const char *noun)
{
	char path[64];

	fputs("<b>", f);
	rp_share(f, rp_number(rp_get(s, "MatchedRecords")),
	    rp_number(rp_get(s, "Records")));
	fprintf(f, "</b> of %s ", whose);
	snprintf(path, sizeof(path), "summary.%s.Records", key);
	rp_count(f, "b", path, rp_get(s, "Records"));
	fprintf(f, "%s (", noun);
	snprintf(path, sizeof(path), "summary.%s.MatchedRecords", key);
	rp_count(f, "span", path, rp_get(s, "MatchedRecords"));
	fputs(")", f);
}

void rp_headline(FILE *f, const cJSON *sum)
{
	const cJSON *o = rp_get(sum, "Ours"), *t = rp_get(sum, "Theirs");
	const cJSON *truth = rp_get(sum, "Truth"), *opt = rp_get(sum,
	    "Options");
	double pairs = rp_number(rp_get(sum, "Pairs"));
	double cand = rp_number(rp_get(sum, "CandidatePairs"));
	int threshold = score_of(rp_get(opt, "Threshold"));

	fputs("<div class=\"lead\"><p class=\"big\">", f);
	rp_count(f, "b", "summary.Pairs", rp_get(sum, "Pairs"));
	fputs(pairs == 1 ? " person is" : " people are", f);
	fputs(" in both files.</p>\n<p>That is ", f);
	side_share(f, o, "Ours", "our", " records");
	fputs(" and ", f);
	side_share(f, t, "Theirs", "their", "");
	fputs(".</p>\n", f);
	if (cJSON_IsObject(truth)) {
		fputs("<p>Confidence, measured against the list of true pairs: "
		    "<b>", f);
		rp_rate(f, "span", "summary.Truth.Precision",
		    rp_get(truth, "Precision"));
		fputs("</b> of these pairs are the same person (precision), "
		    "and they are <b>", f);
		rp_rate(f, "span", "summary.Truth.Recall",
		    rp_get(truth, "Recall"));
		fputs("</b> of the people truly in both (recall): ", f);
		rp_count(f, "span", "summary.Truth.FalsePositives",
		    rp_get(truth, "FalsePositives"));
		fputs(" of the pairs are not the same person, and ", f);
		rp_count(f, "span", "summary.Truth.FalseNegatives",
		    rp_get(truth, "FalseNegatives"));
		fputs(" people in both were not found.</p>\n", f);
	} else if (pairs > 0 && rp_get(sum, "PairsByScore") != NULL) {
		double strong = pairs_scored(sum, STRONG_SCORE, 1 << 20);

		fputs("<p>Confidence: <b>", f);
		rp_share(f, strong, pairs);
		fprintf(f, "</b> of the pairs rest on strong evidence (a score "
		    "of %d or more: two exact rules, or most of the "
		    "error-tolerant views), <b>", STRONG_SCORE);
		rp_share(f, pairs_scored(sum, 6, STRONG_SCORE - 1), pairs);
		fputs("</b> on one exact rule or part of the views, and <b>", f);
		rp_share(f, pairs_scored(sum, 0, 5), pairs);
		fprintf(f, "</b> only just reach the threshold of %d points. "
		    "No list of true pairs was given to measure it.</p>\n",
		    threshold);
	}
	if (rp_number(rp_get(o, "AmbiguousRecords")) > 0 ||
	    rp_number(rp_get(t, "AmbiguousRecords")) > 0) {
		fputs("<p>Not counted: ", f);
		rp_count(f, "b", "summary.Ours.AmbiguousRecords",
		    rp_get(o, "AmbiguousRecords"));
		fputs(" of our records and ", f);
		rp_count(f, "b", "summary.Theirs.AmbiguousRecords",
		    rp_get(t, "AmbiguousRecords"));
		fputs(" of theirs have two equally good partners (a person "
		    "listed twice, or twins): ot-match names them with "
		    "<code>-v</code> and chooses none.</p>\n", f);
	}
	if (cand > pairs) {
		fputs("<p class=\"key\">", f);
		thousands(f, cand - pairs);
		fputs(" more pairs of records share a token but are not counted: "
		    "weaker than the threshold, or not a record's best "
		    "partner.</p>\n", f);
	}
	fputs("</div>\n", f);
}

void rp_options(FILE *f, const cJSON *sum)
{
	const cJSON *o = rp_get(sum, "Options"), *c, *rules;
	bool first = true;

	fputs("<h2>How the pairs were chosen</h2>\n", f);
	if (!cJSON_IsObject(o)) {
		fputs("<p class=\"alert\">The summary does not say which options "
		    "ot-match used.</p>\n", f);
		return;
	}
	fputs("<table class=\"opts\"><tr><th>Pairs kept</th><td>", f);
	fputs(cJSON_IsTrue(rp_get(o, "OneToOne")) ? "each record's single "
	    "best partner; ties are not resolved" : "every pair that reaches "
	    "the threshold, several per record", f);
	fputs("</td></tr>\n<tr><th>Threshold</th><td>", f);
	rp_count(f, "b", "summary.Options.Threshold", rp_get(o, "Threshold"));
	fputs(" points, where each rule that agrees counts", f);
	cJSON_ArrayForEach(c, rp_members(rp_get(o, "Weights"))) {
		fputs(first ? " " : ", ", f);
		rp_esc(f, c->string);
		fputs(" ", f);
		thousands(f, rp_number(c));
		first = false;
	}
	fputs(" (T7: a point for each of its views that agrees)</td></tr>\n"
	    "<tr><th>Rules counted</th><td>", f);
	rules = rp_get(o, "Rules");
	if (cJSON_IsArray(rules) && cJSON_GetArraySize(rules) > 0) {
		first = true;
		cJSON_ArrayForEach(c, rules)
			if (cJSON_IsString(c)) {
				fputs(first ? "only " : ", ", f);
				rp_esc(f, c->valuestring);
				first = false;
			}
	} else
		fputs("every rule both files have", f);
	fputs("</td></tr>\n<tr><th>Rules that must agree</th><td>at least ", f);
	rp_count(f, "span", "summary.Options.MinRules", rp_get(o, "MinRules"));
	fputs("</td></tr>\n<tr><th>Common tokens</th><td>a token more than ", f);
	rp_count(f, "span", "summary.Options.MaxGroup", rp_get(o, "MaxGroup"));
	fputs(" records of one side hold makes no pair</td></tr>\n</table>\n",
	    f);
}

/* An attribute's name in words, and why it is most often invalid. */
static const struct attr_words {
	const char *key, *words, *cause;
} attr_words[] = {
	{ "BirthDate", "Birth date", "dates written in another format "
	    "(such as 3/7/1980), or outside 1910 to today" },
	{ "FirstName", "First name", "empty names, or placeholders such as "
	    "Unknown or Baby" },
	{ "LastName", "Last name", "empty names, or placeholders such as "
	    "Unknown or Test" },
	{ "PostalCode", "Postal code", "empty codes, or codes that are neither "
	    "US ZIP codes nor Canadian postal codes" },
	{ "Sex", "Sex", "values other than Male, Female, M or F as the "
	    "reference reads them (such as MALE in capitals, U, or 1 and 2)" },
	{ "SocialSecurityNumber", "SSN", "SSNs not collected, or placeholders "
	    "such as 000-00-0000 and 123-45-6789" },
};

static const struct attr_words *attr_of(const char *key)
{
	return BY_NAME(attr_words, key);
}

void rp_alerts(FILE *f, const cJSON *m[2])
{
	static const char *const side[2] = { "our", "their" };
	const struct attr_words *w;
	const cJSON *c;
	double rows;
	bool any = false;
	int s;

	if (m[0] == NULL && m[1] == NULL)
		return;
	for (s = 0; s < 2; s++) {
		if ((rows = rp_number(rp_get(m[s], "TotalRows"))) <= 0)
			continue;
		cJSON_ArrayForEach(c, rp_members(rp_get(m[s],
		    "InvalidAttributesByType"))) {
			if (rp_number(c) < ALERT_SHARE * rows)
				continue;
			if (!any)
				fputs("<h2>Data quality alerts</h2>\n<ul class="
				    "\"alerts\">\n", f);
			any = true;
			w = attr_of(c->string);
			fputs("<li><b>", f);
			if (w != NULL)
				fputs(w->words, f);
			else
				rp_esc(f, c->string);
			fputs("</b> is invalid in <b>", f);
			rp_share(f, rp_number(c), rows);
			fprintf(f, "</b> of %s records: the rules that use it are "
			    "blank there, and those people can only be found by "
			    "the others. Likely cause: %s.</li>\n", side[s],
			    w != NULL ? w->cause : "values the reference does not "
			    "read");
		}
	}
	if (any)
		fputs("</ul>\n", f);
	else
		fputs("<h2>Data quality</h2><p class=\"ok\">No attribute is "
		    "invalid in 10% or more of either side's records.</p>\n", f);
}

static void bar(FILE *f, double frac, const char *color, int y, int width)
{
	if (!(frac > 0))
		frac = 0;
	if (frac > 1)
		frac = 1;
	fprintf(f, "<rect x=\"0\" y=\"%d\" width=\"%.1f\" height=\"12\" "
	    "fill=\"%s\"/>", y, width * frac, color);
}

void rp_overlap(FILE *f, const cJSON *sum)
{
	const cJSON *rates = rp_get(sum, "OverlapRateByRule");
	const cJSON *by = rp_get(sum, "PairsByRule"), *c;
	char path[128];

	fputs("<h2>What each rule found</h2><p>For each rule, the share of "
	    "each side's tokens that the other side holds too, and the pairs "
	    "kept in which it agrees.</p>\n<table class=\"rules\"><tr><th>Rule"
	    "</th><th>What it combines</th><th></th><th>Our tokens in theirs"
	    "</th><th>Their tokens in ours</th><th>Pairs</th></tr>\n", f);
	cJSON_ArrayForEach(c, rp_members(rates)) {
		fputs("<tr><th>", f);
		rp_esc(f, c->string);
		fputs("</th><td class=\"why\">", f);
		rule_reading(f, c->string);
		fputs("</td><td><svg width=\"160\" height=\"28\" role=\"img\">",
		    f);
		bar(f, rp_number(rp_get(c, "Ours")), "#2a6fb0", 0, 160);
		bar(f, rp_number(rp_get(c, "Theirs")), "#d9822b", 15, 160);
		fputs("</svg></td>", f);
		snprintf(path, sizeof(path), "summary.OverlapRateByRule.%s.Ours",
		    c->string);
		rp_rate(f, "td", path, rp_get(c, "Ours"));
		snprintf(path, sizeof(path),
		    "summary.OverlapRateByRule.%s.Theirs", c->string);
		rp_rate(f, "td", path, rp_get(c, "Theirs"));
		snprintf(path, sizeof(path), "summary.PairsByRule.%s",
		    c->string);
		rp_count(f, "td", path, rp_get(by, c->string));
		fputs("</tr>\n", f);
	}
	fputs("</table><p class=\"key\"><span class=\"o\">&#9632;</span> ours "
	    "&nbsp; <span class=\"t\">&#9632;</span> theirs</p>\n", f);
}

void rp_scores(FILE *f, const cJSON *sum)
{
	const cJSON *by = rp_get(sum, "PairsByScore"), *c;
	double max = 1;
	char path[128];

	if (rp_members(by) == NULL || by->child == NULL)
		return;
	cJSON_ArrayForEach(c, by)
		if (rp_number(c) > max)
			max = rp_number(c);
	fputs("<details><summary>The pairs kept, by score</summary><table>"
	    "<tr><th>Score</th><th></th><th>Pairs</th></tr>\n", f);
	cJSON_ArrayForEach(c, by) {
		fputs("<tr><th>", f);
		rp_esc(f, c->string);
		fputs("</th><td><svg width=\"300\" height=\"12\" role=\"img\">",
		    f);
		bar(f, rp_number(c) / max, "#4b8b3b", 0, 300);
		fputs("</svg></td>", f);
		snprintf(path, sizeof(path), "summary.PairsByScore.%s",
		    c->string);
		rp_count(f, "td", path, c);
		fputs("</tr>\n", f);
	}
	fputs("</table></details>\n", f);
}

/* The sweep as an inline SVG plot: precision and recall (0 to 100%)
 * against the threshold, the one used marked. */
static void sweep_plot(FILE *f, const cJSON *sweep, int used)
{
	static const char *const series[2] = { "Precision", "Recall" };
	static const char *const color[2] = { "#2a6fb0", "#d9822b" };
	const int W = 640, H = 260, L = 48, R = 16, T = 12, B = 36;
	const cJSON *c;
	double lo = 1e9, hi = -1e9, x;
	int s, k;

	cJSON_ArrayForEach(c, sweep) {
		x = rp_number(rp_get(c, "Threshold"));
		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	if (hi < lo)
		return;
	if (hi == lo)
		hi = lo + 1;
#define PX(v)	(L + ((v) - lo) / (hi - lo) * (W - L - R))
#define PY(v)	(T + (1 - (v)) * (H - T - B))
	fprintf(f, "<svg class=\"plot\" width=\"%d\" height=\"%d\" role=\"img\" "
	    "aria-label=\"precision and recall by threshold\">", W, H);
	for (k = 0; k <= 4; k++)
		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" "
		    "text-anchor=\"end\" font-size=\"11\">%d%%</text>", L, W - R,
		    PY(k / 4.0), PY(k / 4.0), L - 4, PY(k / 4.0) + 4, 25 * k);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
	    "font-size=\"12\">threshold (points)</text>", (L + W - R) / 2, H - 4);
	fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
	    "font-size=\"11\">%.0f</text><text x=\"%.1f\" y=\"%d\" "
	    "text-anchor=\"middle\" font-size=\"11\">%.0f</text>", PX(lo),
	    H - B + 14, lo, PX(hi), H - B + 14, hi);
	if (used >= lo && used <= hi)
		fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
		    "stroke=\"#555\" stroke-dasharray=\"4 3\"/><text x=\"%.1f\" "
		    "y=\"%d\" font-size=\"11\">%d, used</text>", PX(used),
		    PX(used), T, H - B, PX(used) + 3, T + 10, used);
	for (s = 0; s < 2; s++) {
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2\" points=\"", color[s]);
		cJSON_ArrayForEach(c, sweep)
			fprintf(f, "%.1f,%.1f ", PX(rp_number(rp_get(c,
			    "Threshold"))), PY(rp_number(rp_get(c,
			    series[s]))));
		fputs("\"/>", f);
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
		    "fill=\"%s\">%s</text>", W - R - 150 + 75 * s, H - B - 6,
		    color[s], series[s]);
	}
#undef PX
#undef PY
	fputs("</svg>\n", f);
}

void rp_truth(FILE *f, const cJSON *sum)
{
	static const struct { const char *words, *key; bool rate; } figures[] = {
		{ "True pairs in the list", "TruePairs", false },
		{ "Pairs kept that are true", "TruePositives", false },
		{ "Pairs kept that are not", "FalsePositives", false },
		{ "True pairs missed", "FalseNegatives", false },
		{ "Precision", "Precision", true },
		{ "Recall", "Recall", true },
		{ "F1", "F1", true },
	};
	const cJSON *t = rp_get(sum, "Truth"), *sweep, *c;
	char path[128];
	int i;

	if (!cJSON_IsObject(t))
		return;
	fputs("<h2>Against the list of true pairs</h2>\n<table>", f);
	for (i = 0; i < (int)(sizeof(figures) / sizeof(figures[0])); i++) {
		fprintf(f, "<tr><th>%s</th>", figures[i].words);
		snprintf(path, sizeof(path), "summary.Truth.%s", figures[i].key);
		(figures[i].rate ? rp_rate : rp_count)(f, "td", path,
		    rp_get(t, figures[i].key));
		fputs("</tr>", f);
	}
	fputs("</table>\n", f);
	sweep = rp_get(t, "Sweep");
	if (cJSON_IsArray(sweep) && cJSON_GetArraySize(sweep) > 0) {
		fputs("<h3>At other thresholds</h3>\n", f);
		sweep_plot(f, sweep, score_of(rp_get(rp_get(sum,
		    "Options"), "Threshold")));
		fputs("<details><summary>The same as a table</summary><table>"
		    "<tr><th>Threshold</th><th>Pairs</th><th>Precision</th>"
		    "<th>Recall</th><th>F1</th></tr>\n", f);
		i = 0;
		cJSON_ArrayForEach(c, sweep) {
			static const char *const k[] = { "Threshold", "Pairs" };
			static const char *const r[] = { "Precision", "Recall",
			    "F1" };
			size_t j;

			fputs("<tr>", f);
			for (j = 0; j < 2; j++) {
				snprintf(path, sizeof(path),
				    "summary.Truth.Sweep.%d.%s", i, k[j]);
				rp_count(f, "td", path, rp_get(c, k[j]));
			}
			for (j = 0; j < 3; j++) {
				snprintf(path, sizeof(path),
				    "summary.Truth.Sweep.%d.%s", i, r[j]);
				rp_rate(f, "td", path, rp_get(c, r[j]));
			}
			fputs("</tr>\n", f);
			i++;
		}
		fputs("</table></details>\n", f);
	}
	c = rp_get(t, "ByRules");
	if (cJSON_IsArray(c) && cJSON_GetArraySize(c) > 0) {
		const cJSON *e;

		fputs("<details><summary>By the rules that agree</summary>"
		    "<table><tr><th>Rules</th><th>Pairs</th><th>True</th>"
		    "<th>Precision</th></tr>\n", f);
		i = 0;
		cJSON_ArrayForEach(e, c) {
			const cJSON *rules = rp_get(e, "Rules");

			fputs("<tr><th>", f);
			if (cJSON_IsString(rules))
				rp_esc(f, rules->valuestring);
			fputs("</th>", f);
			snprintf(path, sizeof(path),
			    "summary.Truth.ByRules.%d.Pairs", i);
			rp_count(f, "td", path, rp_get(e, "Pairs"));
			snprintf(path, sizeof(path),
			    "summary.Truth.ByRules.%d.TruePositives", i);
			rp_count(f, "td", path, rp_get(e, "TruePositives"));
			snprintf(path, sizeof(path),
			    "summary.Truth.ByRules.%d.Precision", i);
			rp_rate(f, "td", path, rp_get(e, "Precision"));
			fputs("</tr>\n", f);
			i++;
		}
		fputs("</table></details>\n", f);
	}
}

/* A count of a side and its share of the side's records. */
static void count_share(FILE *f, const char *path, const cJSON *v,
    double rows)
{
	fputs("<td>", f);
	rp_count(f, "span", path, v);
	if (cJSON_IsNumber(v) && rows > 0) {
		fputs(" <span class=\"pc\">", f);
		rp_share(f, rp_number(v), rows);
		fputs("</span>", f);
	}
	fputs("</td>", f);
}

void rp_sides(FILE *f, const cJSON *m[2])
{
	static const struct { const char *key, *words; bool fp; } top[] = {
		{ "Platform", "Made on", false },
		{ "OpenTokenVersion", "OpenToken version", false },
		{ "Version", "OpenLinkToken version", false },
		{ "OtCompat", "ot's profile of the reference", false },
		{ "Timestamp", "Tokens made", false },
		{ "TotalRows", "Records", false },
		{ "HashingSecretHash", "Hashing secret (its SHA-256)", true },
		{ "EncryptionSecretHash", "Encryption key (its SHA-256)", true },
		{ "KeyExchangeMethod", "Key exchange", false },
		{ "Curve", "Curve", false },
		{ "SenderPublicKeyHash", "Sender's public key (fingerprint)",
		    true },
		{ "ReceiverPublicKeyHash", "Receiver's public key (fingerprint)",
		    true },
	};
	static const char *const sub[] = { "InvalidAttributesByType",
	    "BlankTokensByRule" };
	static const char *const sub_words[] = { "Invalid values, by "
	    "attribute", "Blank tokens, by rule" };
	const struct attr_words *w;
	const cJSON *c, *o;
	double rows[2];
	char path[128];
	size_t k;
	int s;

	if (m[0] == NULL && m[1] == NULL)
		return;
	for (s = 0; s < 2; s++)
		rows[s] = rp_number(rp_get(m[s], "TotalRows"));
	fputs("<h2>The two token files</h2><table class=\"sides\"><colgroup>"
	    "<col class=\"label\"><col><col></colgroup><tr><th></th>"
	    "<th>Ours</th><th>Theirs</th></tr>\n", f);
	for (k = 0; k < sizeof(top) / sizeof(top[0]); k++) {
		if (rp_get(m[0], top[k].key) == NULL &&
		    rp_get(m[1], top[k].key) == NULL)
			continue;
		fprintf(f, "<tr><th>%s</th>", top[k].words);
		for (s = 0; s < 2; s++) {
			snprintf(path, sizeof(path), "%s.%s", s ? "theirs" :
			    "ours", top[k].key);
			if (top[k].fp)
				rp_fingerprint(f, path, rp_get(m[s],
				    top[k].key));
			else
				rp_count(f, "td", path, rp_get(m[s],
				    top[k].key));
		}
		fputs("</tr>\n", f);
	}
	for (k = 0; k < 2; k++) {
		o = rp_members(rp_get(m[0], sub[k])) != NULL ?
		    rp_get(m[0], sub[k]) : rp_members(rp_get(m[1], sub[k]));
		if (o == NULL)
			continue;
		fprintf(f, "<tr><th colspan=\"3\" class=\"sub\">%s</th></tr>\n",
		    sub_words[k]);
		cJSON_ArrayForEach(c, o) {
			fputs("<tr><th>", f);
			if (k == 0 && (w = attr_of(c->string)) != NULL)
				fputs(w->words, f);
			else if (k == 1) {
				rp_esc(f, c->string);
				fputs(" <span class=\"key\">", f);
				rule_what(f, c->string);
				fputs("</span>", f);
			} else
				rp_esc(f, c->string);
			fputs("</th>", f);
			for (s = 0; s < 2; s++) {
				snprintf(path, sizeof(path), "%s.%s.%s", s ?
				    "theirs" : "ours", sub[k], c->string);
				count_share(f, path, rp_get(rp_get(m[s], sub[k]),
				    c->string), rows[s]);
			}
			fputs("</tr>\n", f);
		}
	}
	fputs("</table>\n", f);
}
