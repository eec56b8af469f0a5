/*
 * ot-report: one self-contained HTML page from ot-match's summary and the
 * two parties' metadata (or the partner's package, whose metadata is read
 * from it): no script, no network, bars and the plot in inline SVG.  The
 * sections are reportpage.c's.
 */
#include "match/report.h"
#include "match/origin.h"
#include "match/reportpage.h"
#include "json.h"
#include "share/package.h"
#include "share/pkgmeta.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define get rp_get
#define members rp_members
#define esc rp_esc

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
    "body{font:15px/1.45 sans-serif;color:#222;max-width:62em;margin:1.5em auto;"
    "padding:0 1em}h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;"
    "margin-top:1.6em}h3{font-size:1.05em}table{border-collapse:collapse}"
    "th,td{padding:.2em .6em;text-align:right;border-bottom:1px solid #ddd;"
    "vertical-align:top}th{text-align:left;font-weight:600}"
    "td.why{text-align:left;color:#333}th.sub{background:#f3f3f3}"
    "table.sides{width:100%;table-layout:fixed}table.sides col.label{width:34%}"
    "table.sides td{overflow-wrap:anywhere}table.opts td{text-align:left}"
    "table.rules{width:100%}code{font-size:.9em}.pc{color:#555}"
    ".lead{border:1px solid #cfd8e3;background:#f5f8fb;padding:.6em 1em}"
    ".big{font-size:1.5em;margin:.2em 0}.key{color:#555}.o{color:#2a6fb0}"
    ".t{color:#d9822b}.ok{color:#2d6a1f}.alert{color:#a11;font-weight:600}"
    "ul.alerts li{color:#a11;margin:.3em 0}details{margin:.8em 0}"
    "summary{cursor:pointer;color:#2a6fb0}.run{color:#555;margin-top:0}";

/* The metadata of a side: a package's own, or a metadata file. */
static cJSON *read_side(const char *path)
{
	char *text;
	cJSON *j;
	const char *why;
	struct ot_origin o;

	if (!ot_is_package(path))
		return read_metadata(path);
	if ((text = ot_package_metadata(path)) == NULL)
		return NULL;
	j = cJSON_Parse(text);
	free(text);
	if (j == NULL || ot_origin_json(&o, j, &why) < 0) {
		warnx("%s: its metadata entry is not ot metadata (%s)", path,
		    j == NULL ? "not JSON" : why);
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* When the match ran, as its summary says, and when this page was made. */
static void run_date(FILE *f, const cJSON *sum)
{
	const cJSON *d = get(sum, "Date");
	char now[32];
	time_t t = time(NULL);
	struct tm tm;

	fputs("<p class=\"run\">Matched ", f);
	if (cJSON_IsString(d)) {
		fputs("on <span data-k=\"summary.Date\">", f);
		esc(f, d->valuestring);
		fputs("</span>", f);
	} else
		fputs("at a date the summary does not record", f);
	if (gmtime_r(&t, &tm) != NULL &&
	    strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
		fprintf(f, "; this page made on %s", now);
	fputs(".</p>\n", f);
}

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
		if (meta[s] != NULL && (m[s] = read_side(meta[s])) == NULL) {
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
	    "\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
	    "<title>People in both files</title><style>%s</style></head>"
	    "<body>\n<h1>People in both files</h1>\n", style);
	run_date(f, sum);
	rp_headline(f, sum);
	keys(f, sum, cm);
	rp_alerts(f, cm);
	rp_options(f, sum);
	rp_truth(f, sum);
	rp_overlap(f, sum);
	rp_scores(f, sum);
	rp_sides(f, cm);
	fputs("<p class=\"key\">Made by ot-report from ot-match's summary"
	    " and the metadata of the two token files. A pair is two records, "
	    "ours and theirs, that ot-match found to be one person.</p>\n"
	    "</body></html>\n", f);
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
