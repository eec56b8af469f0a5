/*
 * ot-report: one self-contained HTML page from ot-match's summary and the
 * two parties' metadata: no script, no network, bars in inline SVG.
 * Every number shown carries data-k, the path of its value in the JSON,
 * so that a test can hold the page to the files.
 */
#include "match/report.h"
#include "match/origin.h"
#include "json.h"
#include "token/rules.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void esc(FILE *f, const char *s)
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

/* A member of an object; NULL when j is not one (cJSON's own lookup
 * would read an array's unnamed items) or has no member k. */
static const cJSON *get(const cJSON *j, const char *k)
{
	return cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, k) :
	    NULL;
}

/* What cJSON_ArrayForEach walks safely here: an object's members, each
 * with a name, or nothing. */
static const cJSON *members(const cJSON *j)
{
	return cJSON_IsObject(j) ? j : NULL;
}

/* A number as the JSON has it, in a cell carrying its path. */
static void num(FILE *f, const char *tag, const char *path, const cJSON *v)
{
	fprintf(f, "<%s data-k=\"", tag);
	esc(f, path);
	fputs("\">", f);
	if (cJSON_IsNumber(v)) {
		char *s = cJSON_PrintUnformatted(v);

		if (s == NULL)
			err(1, NULL);
		fputs(s, f);
		free(s);
	} else if (cJSON_IsString(v))
		esc(f, v->valuestring);
	else
		fputs("&ndash;", f);
	fprintf(f, "</%s>", tag);
}

static double number(const cJSON *v)
{
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* "SocialSecurityNumber + Sex + BirthDate", and how strong that is. */
static void rule_reading(FILE *f, const char *id)
{
	const struct ot_rule *r = NULL;
	bool ssn = false, date = false;
	size_t i;
	int k;

	for (k = 0; k < OT_NRULES; k++)
		if (strcmp(ot_rules[k].id, id) == 0)
			r = &ot_rules[k];
	if (r == NULL) {
		fputs("a rule of a tokenization config (ot-inspect --config "
		    "shows what it is made of)", f);
		return;
	}
	for (i = 0; i < r->nparts; i++) {
		enum ot_attr a = r->parts[i].attr;
		static const char *const shape[] = {
			[OT_X_UPPER] = "", [OT_X_FIRST1] = " (first letter)",
			[OT_X_FIRST3] = " (first 3)", [OT_X_DIGITS] = "",
			[OT_X_DATE] = "",
		};

		fprintf(f, "%s%s%s", i > 0 ? " + " : "", ot_attrs[a].name,
		    shape[r->parts[i].expr]);
		ssn |= a == OT_SSN;
		date |= a == OT_BIRTH_DATE;
	}
	fputs(ssn ? ": strongest, a national id with birth date" : !date ?
	    ": weakest, names and sex only, which many people share" :
	    ": strong, names with birth date", f);
}

static void bar(FILE *f, double frac, const char *color, int y)
{
	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	fprintf(f, "<rect x=\"0\" y=\"%d\" width=\"%.1f\" height=\"14\" "
	    "fill=\"%s\"/>", y, 300 * frac, color);
}

static void metadata_table(FILE *f, const cJSON *m[2])
{
	static const char *const top[] = { "TotalRows",
	    "TotalRowsWithInvalidAttributes", "KeyExchangeMethod", "Curve",
	    "SenderPublicKeyHash", "ReceiverPublicKeyHash", NULL };
	static const char *const sub[] = { "InvalidAttributesByType",
	    "BlankTokensByRule", NULL };
	const char *const *k;
	const cJSON *c;
	char path[128];
	int s;

	fputs("<h2>The two token files</h2><table><tr><th></th><th>ours</th>"
	    "<th>theirs</th></tr>\n", f);
	for (k = top; *k != NULL; k++) {
		if (get(m[0], *k) == NULL && get(m[1], *k) == NULL)
			continue;
		fprintf(f, "<tr><th>%s</th>", *k);
		for (s = 0; s < 2; s++) {
			snprintf(path, sizeof(path), "%s.%s", s ? "theirs" :
			    "ours", *k);
			num(f, "td", path, get(m[s], *k));
		}
		fputs("</tr>\n", f);
	}
	for (k = sub; *k != NULL; k++) {
		const cJSON *o = members(get(m[0], *k)) != NULL ?
		    get(m[0], *k) : members(get(m[1], *k));

		if (o == NULL)
			continue;
		fprintf(f, "<tr><th colspan=\"3\" class=\"sub\">%s</th></tr>\n",
		    *k);
		cJSON_ArrayForEach(c, o) {
			fputs("<tr><th>", f);
			esc(f, c->string);
			fputs("</th>", f);
			for (s = 0; s < 2; s++) {
				snprintf(path, sizeof(path), "%s.%s.%s", s ?
				    "theirs" : "ours", *k, c->string);
				num(f, "td", path, get(get(m[s], *k), c->string));
			}
			fputs("</tr>\n", f);
		}
	}
	fputs("</table>\n", f);
}

static void overlap(FILE *f, const cJSON *sum)
{
	const cJSON *rates = get(sum, "OverlapRateByRule"), *by = get(sum,
	    "PairsByRule"), *c;
	char path[128];
	int s;

	fputs("<h2>Overlap by rule</h2><p>For each rule, the share of each "
	    "side's non-blank tokens that the other side holds too.</p>"
	    "<table><tr><th>rule</th><th></th><th>ours</th><th>theirs</th>"
	    "<th>pairs</th><th class=\"why\">what it combines</th></tr>\n", f);
	cJSON_ArrayForEach(c, members(rates)) {
		fputs("<tr><th>", f);
		esc(f, c->string);
		fputs("</th><td><svg width=\"300\" height=\"32\" role=\"img\">",
		    f);
		bar(f, number(get(c, "Ours")), "#2a6fb0", 0);
		bar(f, number(get(c, "Theirs")), "#d9822b", 17);
		fputs("</svg></td>", f);
		for (s = 0; s < 2; s++) {
			snprintf(path, sizeof(path), "summary.OverlapRateByRule."
			    "%s.%s", c->string, s ? "Theirs" : "Ours");
			num(f, "td", path, get(c, s ? "Theirs" : "Ours"));
		}
		snprintf(path, sizeof(path), "summary.PairsByRule.%s",
		    c->string);
		num(f, "td", path, get(by, c->string));
		fputs("<td class=\"why\">", f);
		rule_reading(f, c->string);
		fputs("</td></tr>\n", f);
	}
	fputs("</table><p class=\"key\"><span class=\"o\">&#9632;</span> ours "
	    "&nbsp; <span class=\"t\">&#9632;</span> theirs: the share of "
	    "each side's tokens found on the other (1 is all), and the pairs "
	    "each rule agrees in.</p>\n", f);
}

static void agreeing(FILE *f, const cJSON *sum)
{
	const cJSON *by = get(sum, "PairsByAgreeingRules"), *c;
	double max = 1;
	char path[128];

	cJSON_ArrayForEach(c, members(by))
		if (number(c) > max)
			max = number(c);
	fputs("<h2>Pairs by number of agreeing rules</h2><table><tr><th>"
	    "rules</th><th></th><th>pairs</th></tr>\n", f);
	cJSON_ArrayForEach(c, members(by)) {
		fputs("<tr><th>", f);
		esc(f, c->string);
		fputs("</th><td><svg width=\"300\" height=\"14\" role=\"img\">",
		    f);
		bar(f, number(c) / max, "#4b8b3b", 0);
		fputs("</svg></td>", f);
		snprintf(path, sizeof(path), "summary.PairsByAgreeingRules.%s",
		    c->string);
		num(f, "td", path, c);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void headline(FILE *f, const cJSON *sum)
{
	const cJSON *o = get(sum, "Ours"), *t = get(sum, "Theirs");
	double n = number(get(o, "Records"));

	fputs("<p class=\"lead\">", f);
	num(f, "b", "summary.Pairs", get(sum, "Pairs"));
	fputs(" pairs of records share a token. ", f);
	num(f, "b", "summary.Ours.MatchedRecords", get(o, "MatchedRecords"));
	fputs(" of our ", f);
	num(f, "b", "summary.Ours.Records", get(o, "Records"));
	fprintf(f, " records (%.1f%%) have a partner among their ", n > 0 ?
	    100 * number(get(o, "MatchedRecords")) / n : 0.0);
	num(f, "b", "summary.Theirs.Records", get(t, "Records"));
	fputs("; ", f);
	num(f, "b", "summary.Ours.RecordsWithSeveralPartners",
	    get(o, "RecordsWithSeveralPartners"));
	fputs(" of ours have several (duplicates or twins), and ", f);
	num(f, "b", "summary.Ours.TokenCollisions", get(o, "TokenCollisions"));
	fputs(" of our tokens are held by two of our records or more.</p>\n",
	    f);
}

/* Why j is not what ot-report reads (NULL: it is): the top level and
 * every table in it objects, the tables' members too where they are. */
static const char *bad_shape(const cJSON *j, const char *const *tables,
    const char *const *nested, const char *const *required)
{
	static char why[96];
	const cJSON *c;

	if (!cJSON_IsObject(j))
		return "not a JSON object";
	for (; *required != NULL; required++)
		if (get(j, *required) == NULL) {
			snprintf(why, sizeof(why), "no %s", *required);
			return why;
		}
	for (; *tables != NULL; tables++)
		if (get(j, *tables) != NULL && !cJSON_IsObject(get(j, *tables))) {
			snprintf(why, sizeof(why), "%s is not an object", *tables);
			return why;
		}
	for (; *nested != NULL; nested++)
		cJSON_ArrayForEach(c, members(get(j, *nested)))
			if (!cJSON_IsObject(c)) {
				snprintf(why, sizeof(why), "%s.%.40s is not an "
				    "object", *nested, c->string);
				return why;
			}
	return NULL;
}

static cJSON *read_summary(const char *path)
{
	static const char *const tables[] = { "Ours", "Theirs",
	    "PairsByAgreeingRules", "PairsByRule", "OverlapRateByRule",
	    "Options", NULL };
	static const char *const nested[] = { "OverlapRateByRule", NULL };
	static const char *const required[] = { "Ours", "OverlapRateByRule",
	    NULL };
	cJSON *j = ot_json_read_file(path);
	const char *why;

	if (j != NULL && (why = bad_shape(j, tables, nested, required)) != NULL) {
		warnx("%s: not an ot-match summary (%s)", path, why);
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static cJSON *read_metadata(const char *path)
{
	static const char *const tables[] = { "InvalidAttributesByType",
	    "BlankTokensByRule", NULL };
	static const char *const none[] = { NULL };
	struct ot_origin o;
	cJSON *j = ot_json_read_file(path);
	const char *why;

	if (j != NULL && ((why = bad_shape(j, tables, none, none)) != NULL ||
	    ot_origin_json(&o, j, &why) < 0)) {
		warnx("%s: not ot metadata (%s)", path, why);
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* Whether the two files were made with one secret or key pair, as their
 * metadata say, or as ot-match found when it read them. */
static void keys(FILE *f, const cJSON *sum, const cJSON *m[2])
{
	struct ot_origin o[2];
	const cJSON *checked = get(sum, "KeyCheck");
	const char *why;
	char how[256];
	int s;

	if (m[0] != NULL && m[1] != NULL) {
		for (s = 0; s < 2; s++)
			if (ot_origin_json(&o[s], m[s], &why) < 0)
				return;	/* read_metadata() refused it */
		switch (ot_origins_agree(&o[0], &o[1], how, sizeof(how))) {
		case OT_AGREE:
			fputs("<p class=\"ok\">The keys agree: the two metadata "
			    "files name ", f);
			break;
		case OT_DISAGREE:
			fputs("<p class=\"alert\">The keys differ: no token of "
			    "one file can be in the other, the two metadata files "
			    "name ", f);
			break;
		default:
			fputs("<p class=\"key\">The keys cannot be compared: the "
			    "metadata files have ", f);
		}
		esc(f, how);
		fputs(".</p>\n", f);
	} else if (cJSON_IsString(checked)) {
		fputs("<p class=\"ok\">The keys agree: ot-match found ", f);
		esc(f, checked->valuestring);
		fputs(" in the two files' metadata.</p>\n", f);
	} else
		fputs("<p class=\"key\">The keys were not compared: give both "
		    "metadata files to see whether they agree.</p>\n", f);
}

static const char style[] =
    "body{font:15px/1.45 sans-serif;color:#222;max-width:60em;margin:2em auto;"
    "padding:0 1em}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}"
    "table{border-collapse:collapse}th,td{padding:.2em .7em;text-align:right;"
    "border-bottom:1px solid #ddd}th{text-align:left;font-weight:600}"
    "td.why{text-align:left;color:#555}th.sub{background:#f3f3f3}"
    ".lead{font-size:1.1em}.key{color:#555}.o{color:#2a6fb0}.t{color:#d9822b}"
    ".ok{color:#2d6a1f}.alert{color:#a11;font-weight:600}";

int ot_report_html(const char *summary, const char *meta[2], int fd,
    const char *outname)
{
	cJSON *sum, *m[2] = { NULL, NULL };
	const cJSON *cm[2];
	FILE *f;
	int s, rc = 1;

	if ((sum = read_summary(summary)) == NULL) {
		close(fd);
		return 1;
	}
	for (s = 0; s < 2; s++)
		if (meta[s] != NULL && (m[s] = read_metadata(meta[s])) == NULL) {
			close(fd);
			goto out;
		}
	if ((f = fdopen(fd, "w")) == NULL) {
		warn("%s", outname);
		close(fd);
		goto out;
	}
	cm[0] = m[0];
	cm[1] = m[1];
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset="
	    "\"utf-8\"><title>Token overlap</title><style>%s</style></head>"
	    "<body>\n<h1>Token overlap</h1>\n", style);
	headline(f, sum);
	keys(f, sum, cm);
	overlap(f, sum);
	agreeing(f, sum);
	if (m[0] != NULL || m[1] != NULL)
		metadata_table(f, cm);
	fputs("<p class=\"key\">Made by ot-report from ot-match's summary"
	    " and the metadata of the two token files.</p>\n</body></html>\n",
	    f);
	if (fflush(f) == EOF || ferror(f))
		warn("%s", outname);
	else
		rc = 0;
	if (fclose(f) == EOF && rc == 0) {
		warn("%s", outname);
		rc = 1;
	}
out:
	cJSON_Delete(sum);
	cJSON_Delete(m[0]);
	cJSON_Delete(m[1]);
	return rc;
}
