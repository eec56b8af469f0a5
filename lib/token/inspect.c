/*
 * ot-inspect: what a token file holds, read without a key: formats,
 * for V1 tokens what their headers say, rules, malformed tokens.
 */
#include "token/inspect.h"
#include "base64.h"
#include "cli.h"
#include "token/crypto.h"
#include "csv/csvread.h"
#include "grow.h"
#include "token/jwe.h"
#include "token/oltv1.h"
#include "share/oltpkg.h"
#include "share/package.h"
#include "share/zipread.h"
#include "jstring.h"
#include "csv/stream.h"
#include "token/algs.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

/* Distinct values counted per tally; the rest are counted as "others". */
#define TALLY_MAX	1000
/* Line numbers of malformed tokens listed per file. */
#define LINES_MAX	100

enum { F_V1, F_OLT, F_LEGACY, F_HASHED, F_BLANK, F_MALFORMED, F_N };
static const char *const format_names[F_N] = {
	"V1", "olt.V1", "legacy encrypted", "hash-only", "blank", "malformed"
};
static const char *const format_keys[F_N] = {
	"v1", "olt_v1", "legacy", "hash_only", "blank", "malformed"
};

struct tally {
	char **name;
	unsigned long *count;
	size_t n, cap, ccap;
	unsigned long others;
};

/* A V1 token's times: from its payload when opened, else its header. */
enum { E_VALID, E_EXPIRED, E_EARLY, E_NONE, E_N };
static const char *const expiry_names[E_N] = {
	"valid", "expired", "not yet valid", "without exp or nbf"
};
static const char *const expiry_keys[E_N] = {
	"valid", "expired", "not_yet_valid", "none"
};

struct file_report {
	const char *name;
	unsigned long tokens, formats[F_N];
	struct tally alg, enc, typ, kid, rules;
	unsigned long no_kid;
	unsigned long lines[LINES_MAX];
	size_t nlines;
	/* with keys: what the payloads say; the tokens not opened */
	struct tally hash, mac, vectors, why;
	unsigned long opened, unopened, expiry[E_N];
	unsigned long ulines[LINES_MAX];
	size_t nulines;
};

struct run {
	struct file_report *f;
	size_t token_col, rule_col;
	bool have_rule;
	struct ot_v1 *v1;	/* NULL: no keys */
	struct ot_oltv1 *olt;	/* NULL: no symmetric key */
	char *plain;
	int64_t now;
};

static void count(struct tally *t, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strlen(t->name[i]) == len && memcmp(t->name[i], s, len) == 0) {
			t->count[i]++;
			return;
		}
	if (t->n == TALLY_MAX) {
		t->others++;
		return;
	}
	t->name = ot_grow(t->name, &t->cap, t->n + 1, sizeof(*t->name));
	t->count = ot_grow(t->count, &t->ccap, t->n + 1, sizeof(*t->count));
	if ((t->name[t->n] = strndup(s, len)) == NULL)
		err(1, NULL);
	t->count[t->n++] = 1;
}

static void tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->name[i]);
	free(t->name);
	free(t->count);
	memset(t, 0, sizeof(*t));
}

static int on_header(void *arg, struct csvr *r)
{
	struct run *run = arg;

	if (ot_find_column(r, "Token", &run->token_col) < 0) {
		warnx("%s:%lu: no Token column: not a token file", r->name,
		    r->rec_line);
		return 1;
	}
	run->have_rule = ot_find_column(r, "RuleId", &run->rule_col) == 0;
	csvr_want(r, run->token_col);
	if (run->have_rule)
		csvr_want(r, run->rule_col);
	return 0;
}

/* A 2.x "hash-only" token: the lower-case hex SHA-256 of a signature. */
static bool sha256_hex(const char *s, size_t len)
{
	return len == 64 && strspn(s, "0123456789abcdef") >= 64;
}

/* The format of a token that is not V1. */
static int legacy_format(const char *s, size_t len)
{
	unsigned char buf[(OT_TOKEN_MAX / 4 + 1) * 3];
	long n;

	if (ot_is_blank_token(s, len))
		return F_BLANK;
	if (len == 0 || len > OT_TOKEN_MAX ||
	    (n = ot_b64_decode(s, len, buf)) < 0)
		return F_MALFORMED;
	/* a hash-only token of a 32-, 48- or 64-byte MAC (V1 names the
	 * algorithms), or 2.x's bare SHA-256 hex; the legacy encryption of
	 * a token is 72 bytes or more */
	if ((len == 44 && n == 32) || (len == 64 && n == 48) ||
	    (len == 88 && n == 64) || sha256_hex(s, len))
		return F_HASHED;
	return n > OT_IV_LEN + OT_TAG_LEN ? F_LEGACY : F_MALFORMED;
}

static int when(bool has_exp, double exp, bool has_nbf, double nbf,
    int64_t now)
{
	if (!has_exp && !has_nbf)
		return E_NONE;
	switch (ot_v1_when(has_exp, exp, has_nbf, nbf, now)) {
	case OT_V1_EXPIRED:
		return E_EXPIRED;
	case OT_V1_EARLY:
		return E_EARLY;
	default:
		return E_VALID;
	}
}

/* With keys, a V1 token opened and its payload counted; its times. */
static void payload(struct run *run, const char *tok, size_t len,
    const struct ot_v1_header *h, unsigned long line)
{
	struct file_report *f = run->f;
	struct ot_v1_claims c;
	const char *why, *s;
	char dims[32];
	size_t n;

	bool olt = ot_is_oltv1_token(tok, len);

	if (olt ? run->olt == NULL : run->v1 == NULL) {
		f->expiry[when(h->has_exp, h->exp, h->has_nbf, h->nbf,
		    run->now)]++;
		return;
	}
	/* 2.x writes SHA-256 and HS256, and no times */
	memset(&c, 0, sizeof(c));
	if ((why = olt ? ot_oltv1_open(run->olt, tok, len, run->plain, &n) :
	    ot_v1_open(run->v1, tok, len, run->plain, &n, &c)) != NULL) {
		f->unopened++;
		count(&f->why, why, strlen(why));
		if (f->nulines < LINES_MAX)
			f->ulines[f->nulines++] = line;
		f->expiry[when(h->has_exp, h->exp, h->has_nbf, h->nbf,
		    run->now)]++;
		return;
	}
	f->opened++;
	s = ot_hash_alg_name((enum ot_hash_alg)c.hash_alg);
	count(&f->hash, s, strlen(s));
	s = ot_mac_alg_name((enum ot_mac_alg)c.mac_alg);
	count(&f->mac, s, strlen(s));
	if (c.dims > 0) {
		snprintf(dims, sizeof(dims), "float32[%u]", c.dims);
		count(&f->vectors, dims, strlen(dims));
	}
	f->expiry[when(c.has_exp, c.exp, c.has_nbf, c.nbf, run->now)]++;
}

static int on_record(void *arg, struct csvr *r)
{
	struct run *run = arg;
	struct file_report *f = run->f;
	struct ot_v1_header h;
	const char *tok, *rule;
	size_t len, rlen;
	int fmt;

	if (run->token_col >= r->nf) {
		warnx("%s:%lu: no Token field", r->name, r->rec_line);
		return 1;
	}
	tok = csvr_field(r, run->token_col, &len);
	j_trim(&tok, &len);
	f->tokens++;
	if (run->have_rule && run->rule_col < r->nf) {
		rule = csvr_field(r, run->rule_col, &rlen);
		count(&f->rules, rule, rlen);
	}
	if (ot_is_v1_token(tok, len) || ot_is_oltv1_token(tok, len)) {
		if (ot_is_v1_token(tok, len))
			fmt = ot_v1_peek(tok, len, &h) == NULL ? F_V1 :
			    F_MALFORMED;
		else
			fmt = ot_oltv1_peek(tok, len, &h) == NULL ? F_OLT :
			    F_MALFORMED;
		if (fmt != F_MALFORMED) {
			count(&f->alg, h.alg, strlen(h.alg));
			count(&f->enc, h.enc, strlen(h.enc));
			count(&f->typ, h.typ, strlen(h.typ));
			if (h.has_kid)
				count(&f->kid, h.kid, strlen(h.kid));
			else
				f->no_kid++;
			payload(run, tok, len, &h, r->rec_line);
		}
	} else
		fmt = legacy_format(tok, len);
	f->formats[fmt]++;
	if (fmt == F_MALFORMED && f->nlines < LINES_MAX)
		f->lines[f->nlines++] = r->rec_line;
	return 0;
}

/* A value from the file, which nothing authenticates (a kid, a RuleId):
 * printable ASCII as it is, any other byte, a backslash, a comma and a
 * space as \xNN, so that it can neither drive the terminal nor pass for
 * another entry or line of the report. */
static void put_escaped(FILE *out, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p > ' ' && *p < 0x7f && *p != '\\' && *p != ',')
			fputc(*p, out);
		else
			fprintf(out, "\\x%02x", *p);
}

static void print_tally(FILE *out, const char *label, const struct tally *t)
{
	size_t i;

	if (t->n == 0)
		return;
	fprintf(out, "  %s:", label);
	for (i = 0; i < t->n; i++) {
		fprintf(out, "%s ", i ? "," : "");
		put_escaped(out, t->name[i]);
		fprintf(out, " %lu", t->count[i]);
	}
	if (t->others > 0)
		fprintf(out, ", others %lu", t->others);
	fputc('\n', out);
}

static void print_text(FILE *out, const struct file_report *f)
{
	size_t i;
	int k;

	fprintf(out, "%s: %lu tokens\n  formats:", f->name, f->tokens);
	for (k = 0; k < F_N; k++)
		fprintf(out, "%s %lu %s", k ? "," : "", f->formats[k],
		    format_names[k]);
	fputc('\n', out);
	print_tally(out, "V1 alg", &f->alg);
	print_tally(out, "V1 enc", &f->enc);
	print_tally(out, "V1 typ", &f->typ);
	print_tally(out, "ring ids (kid)", &f->kid);
	if (f->no_kid > 0)
		fprintf(out, "  V1 tokens without a kid: %lu\n", f->no_kid);
	if (f->formats[F_V1] > 0) {
		fprintf(out, "  V1 expiry%s:", f->opened > 0 ? "" :
		    " (headers)");
		for (k = 0; k < E_N; k++)
			fprintf(out, "%s %lu %s", k ? "," : "", f->expiry[k],
			    expiry_names[k]);
		fputc('\n', out);
	}
	if (f->opened + f->unopened > 0)
		fprintf(out, "  V1 payloads: %lu opened, %lu not opened\n",
		    f->opened, f->unopened);
	print_tally(out, "V1 hash_alg", &f->hash);
	print_tally(out, "V1 mac_alg", &f->mac);
	print_tally(out, "V1 vectors (T8)", &f->vectors);
	print_tally(out, "not opened", &f->why);
	if (f->unopened > 0) {
		fprintf(out, "  not opened on lines:");
		for (i = 0; i < f->nulines; i++)
			fprintf(out, " %lu", f->ulines[i]);
		if (f->unopened > f->nulines)
			fprintf(out, " ...");
		fputc('\n', out);
	}
	print_tally(out, "rules", &f->rules);
	if (f->formats[F_MALFORMED] > 0) {
		fprintf(out, "  malformed on lines:");
		for (i = 0; i < f->nlines; i++)
			fprintf(out, " %lu", f->lines[i]);
		if (f->formats[F_MALFORMED] > f->nlines)
			fprintf(out, " ...");
		fputc('\n', out);
	}
}

static cJSON *tally_json(const struct tally *t)
{
	cJSON *o = cJSON_CreateObject();
	size_t i;

	if (o == NULL)
		err(1, NULL);
	for (i = 0; i < t->n; i++)
		cJSON_AddNumberToObject(o, t->name[i], (double)t->count[i]);
	return o;
}

static cJSON *file_json(const struct file_report *f)
{
	cJSON *o = cJSON_CreateObject(), *fm, *v1, *lines, *ex, *ul;
	size_t i;
	int k;

	if (o == NULL)
		err(1, NULL);
	cJSON_AddStringToObject(o, "file", f->name);
	cJSON_AddNumberToObject(o, "tokens", (double)f->tokens);
	fm = cJSON_AddObjectToObject(o, "formats");
	for (k = 0; k < F_N; k++)
		cJSON_AddNumberToObject(fm, format_keys[k],
		    (double)f->formats[k]);
	v1 = cJSON_AddObjectToObject(o, "v1");
	cJSON_AddItemToObject(v1, "alg", tally_json(&f->alg));
	cJSON_AddItemToObject(v1, "enc", tally_json(&f->enc));
	cJSON_AddItemToObject(v1, "typ", tally_json(&f->typ));
	cJSON_AddItemToObject(v1, "kid", tally_json(&f->kid));
	cJSON_AddNumberToObject(v1, "without_kid", (double)f->no_kid);
	ex = cJSON_AddObjectToObject(v1, "expiry");
	for (k = 0; k < E_N; k++)
		cJSON_AddNumberToObject(ex, expiry_keys[k],
		    (double)f->expiry[k]);
	cJSON_AddBoolToObject(v1, "expiry_from_payloads", f->opened > 0);
	cJSON_AddNumberToObject(v1, "opened", (double)f->opened);
	cJSON_AddNumberToObject(v1, "not_opened", (double)f->unopened);
	cJSON_AddItemToObject(v1, "hash_alg", tally_json(&f->hash));
	cJSON_AddItemToObject(v1, "mac_alg", tally_json(&f->mac));
	cJSON_AddItemToObject(v1, "vectors", tally_json(&f->vectors));
	cJSON_AddItemToObject(v1, "not_opened_why", tally_json(&f->why));
	ul = cJSON_AddArrayToObject(v1, "not_opened_lines");
	for (i = 0; i < f->nulines; i++)
		cJSON_AddItemToArray(ul, cJSON_CreateNumber(
		    (double)f->ulines[i]));
	cJSON_AddItemToObject(o, "rules", tally_json(&f->rules));
	lines = cJSON_AddArrayToObject(o, "malformed_lines");
	for (i = 0; i < f->nlines; i++)
		cJSON_AddItemToArray(lines, cJSON_CreateNumber(
		    (double)f->lines[i]));
	if (fm == NULL || v1 == NULL || lines == NULL || ex == NULL ||
	    ul == NULL)
		err(1, NULL);
	return o;
}

int ot_inspect_files(char *const *files, int nfiles, bool json, FILE *out,
    const struct ot_v1_keys *keys)
{
	return ot_inspect_named(files, NULL, nfiles, json, out, keys);
}

int ot_inspect_named(char *const *files, const char *const *names,
    int nfiles, bool json, FILE *out, const struct ot_v1_keys *keys)
{
	static const struct ot_stream_ops ops = { on_header, on_record, false };
	static char *const stdin_only[] = { "-" };
	cJSON *all = json ? cJSON_CreateArray() : NULL;
	struct file_report f;
	struct run run;
	char *file, *dir, *tmp, *display = NULL;
	int i, rc = 0, st;
	char *text;

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	for (i = 0; i < nfiles && rc <= 1; i++) {
		memset(&f, 0, sizeof(f));
		memset(&run, 0, sizeof(run));
		f.name = names != NULL ? names[i] : ot_input_name(files[i]);
		file = files[i];
		/* a package: its token entry */
		if (ot_is_package(file)) {
			if (ot_package_tokens(file, &dir, &tmp, &display) != 0) {
				rc = 1;
				continue;
			}
			file = tmp;
			f.name = display;
		}
		run.f = &f;
		run.now = (int64_t)time(NULL);
		if (keys != NULL) {
			run.v1 = ot_v1_reader(keys);
			if (keys->key != NULL)
				run.olt = ot_oltv1_reader(keys->key);
			if ((run.plain = malloc(OT_V1_MAX)) == NULL)
				err(1, NULL);
		}
		st = ot_run_stream_names(&file, &f.name, 1, &ops, &run);
		if (file != files[i]) {
			ot_zip_remove(dir, tmp);
			free(dir);
			free(tmp);
		}
		if (st != 0)
			rc = st > rc ? st : rc;
		else {
			if (json)
				cJSON_AddItemToArray(all, file_json(&f));
			else
				print_text(out, &f);
			if ((f.formats[F_MALFORMED] > 0 || f.unopened > 0) &&
			    rc == 0)
				rc = 1;
		}
		ot_v1_free(run.v1);
		ot_oltv1_free(run.olt);
		free(run.plain);
		tally_free(&f.hash);
		tally_free(&f.mac);
		tally_free(&f.vectors);
		tally_free(&f.why);
		tally_free(&f.alg);
		tally_free(&f.enc);
		tally_free(&f.typ);
		tally_free(&f.kid);
		tally_free(&f.rules);
		free(display);
		display = NULL;
	}
	if (json) {
		if ((text = cJSON_Print(all)) == NULL)
			err(1, NULL);
		fprintf(out, "%s\n", text);
		free(text);
		cJSON_Delete(all);
	}
	return rc;
}
