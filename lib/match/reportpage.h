/*
 * The pieces of ot-report's page (report.c puts them together): HTML
 * helpers that print a JSON value checked for its type, and the
 * page's sections.  Every number read from a file is printed in an
 * element whose data-k is its path in the JSON ("summary.Pairs",
 * "ours.TotalRows"), so that a test can hold the page to the files.
 */
#ifndef OT_REPORTPAGE_H
#define OT_REPORTPAGE_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

void rp_esc(FILE *f, const char *s);
/* A member of an object; NULL when j is not one or has no member k. */
const cJSON *rp_get(const cJSON *j, const char *k);
/* j when it is an object (for cJSON_ArrayForEach), else NULL. */
const cJSON *rp_members(const cJSON *j);
double rp_number(const cJSON *v);
/* A count, 12,345, in <tag data-k="path">; a dash when not a number. */
void rp_count(FILE *f, const char *tag, const char *path, const cJSON *v);
/* A rate 0..1 as a percentage with one decimal, 96.7%, likewise. */
void rp_rate(FILE *f, const char *tag, const char *path, const cJSON *v);
/* num over den as a percentage with one decimal (a dash for 0 / 0). */
void rp_share(FILE *f, double num, double den);
/* A fingerprint, its first 16 characters shown, all of it on hover. */
void rp_fingerprint(FILE *f, const char *path, const cJSON *v);

/* Sections: summary is ot-match's, m[] the two sides' metadata (NULL
 * when not given). */
void rp_headline(FILE *f, const cJSON *sum);
void rp_options(FILE *f, const cJSON *sum);
void rp_alerts(FILE *f, const cJSON *m[2]);
void rp_overlap(FILE *f, const cJSON *sum);
void rp_scores(FILE *f, const cJSON *sum);
void rp_truth(FILE *f, const cJSON *sum);
void rp_sides(FILE *f, const cJSON *m[2]);

#endif
