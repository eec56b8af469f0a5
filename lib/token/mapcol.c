#include "share/audit.h"
#include "token/mapcol.h"
#include "token/crypto.h"
#include "person/compat.h"
#include "csv/csvread.h"
#include "csv/csvwrite.h"
#include "csv/stream.h"

#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char ot_map_keep[] = "kept";

struct run {
	const struct ot_map *m;
	struct csvw out;
	char **hdr;		/* the first input's header */
	size_t nhdr;
	size_t col;
	size_t rule_col, id_col;	/* for token_columns */
	bool header_written;
	char *scratch;
	unsigned long failures;
	unsigned long long rows;
};

static int find_column(const struct csvr *r, const char *name, size_t *col)
{
	if (ot_find_column(r, name, col) == 0)
		return 0;
	warnx("%s:%lu: no %s column", r->name, r->rec_line, name);
	return -1;
}

static int on_header(void *arg, struct csvr *r)
{
	struct run *run = arg;
	size_t i, len;

	if (run->hdr != NULL) {
		if (!ot_same_header(r, (const char *const *)run->hdr, run->nhdr)) {
			warnx("%s:%lu: its header differs from the first "
			    "input's", r->name, r->rec_line);
			return 1;
		}
		return 0;
	}
	if (find_column(r, run->m->in_col, &run->col) < 0 ||
	    ((run->m->token_columns || run->m->want_rule) &&
	    find_column(r, "RuleId", &run->rule_col) < 0) ||
	    ((run->m->token_columns || run->m->hash_record_ids) &&
	    find_column(r, "RecordId", &run->id_col) < 0))
		return 1;
	/* with the token columns alone, no other is read */
	if (run->m->token_columns) {
		csvr_want(r, run->col);
		csvr_want(r, run->rule_col);
		csvr_want(r, run->id_col);
	}
	run->nhdr = r->nf;
	if ((run->hdr = calloc(r->nf, sizeof(*run->hdr))) == NULL)
		err(1, NULL);
	for (i = 0; i < r->nf; i++)
		if ((run->hdr[i] = strdup(csvr_field(r, i, &len))) == NULL)
			err(1, NULL);
	return 0;
}

static void write_header(struct run *run)
{
	size_t i;

	if (run->m->token_columns) {
		csvw_field(&run->out, "RuleId", 6);
		csvw_field(&run->out, run->m->out_col, strlen(run->m->out_col));
		csvw_field(&run->out, "RecordId", 8);
		csvw_end(&run->out);
		run->header_written = true;
		return;
	}
	for (i = 0; i < run->nhdr; i++) {
		const char *h = i == run->col ? run->m->out_col : run->hdr[i];

		csvw_field(&run->out, h, strlen(h));
	}
	csvw_end(&run->out);
	run->header_written = true;
}

static int on_record(void *arg, struct csvr *r)
{
	struct run *run = arg;
	const char *v, *why, *rule = NULL;
	size_t i, len, outlen = 0, rulelen = 0;

	if (r->nf != run->nhdr) {
		warnx("%s:%lu: %zu fields where the header has %zu", r->name,
		    r->rec_line, r->nf, run->nhdr);
		return 1;
	}
	if (!run->header_written)
		write_header(run);
	if (run->m->want_rule)
		rule = csvr_field(r, run->rule_col, &rulelen);
	v = csvr_field(r, run->col, &len);
	if ((why = run->m->fn(run->m->arg, r->name, r->rec_line, rule, rulelen,
	    v, len, run->scratch, &outlen)) == ot_map_keep)
		;
	else if (why != NULL) {
		warnx("%s:%lu: %s", r->name, r->rec_line, why);
		if (!run->m->keep_going)
			return 1;
		run->failures++;
	}
	for (i = 0; i < (run->m->token_columns ? 3 : r->nf); i++) {
		size_t c = !run->m->token_columns ? i : i == 0 ?
		    run->rule_col : i == 1 ? run->col : run->id_col;

		if (c == run->col && why == NULL) {
			csvw_field_as(&run->out, run->scratch, outlen,
			    run->m->plain_out);
			continue;
		}
		v = csvr_field(r, c, &len);
		if (c == run->id_col && run->m->hash_record_ids) {
			char hex[OT_SHA256_HEX_LEN];

			ot_sha256_hex(v, len, hex);
			csvw_field(&run->out, hex, sizeof(hex));
			continue;
		}
		csvw_field(&run->out, v, len);
	}
	csvw_end(&run->out);
	run->rows++;
	return 0;
}

int ot_map_files(const struct ot_map *m, char *const *files, int nfiles,
    int outfd, const char *outname)
{
	static const struct ot_stream_ops ops = { on_header, on_record, false };
	char *empty[3] = { "RuleId", NULL, "RecordId" };
	struct run run;
	size_t i;
	int rc;

	memset(&run, 0, sizeof(run));
	run.m = m;
	if ((run.scratch = malloc(OT_MAP_OUT_MAX)) == NULL)
		err(1, NULL);
	/* an empty stream's Parquet file still has the token columns */
	empty[1] = (char *)(uintptr_t)m->out_col;
	/* a record's fields are the input record's and the scratch, both
	 * kept until it is written, as Parquet output wants */
	if (m->parquet)
		csvw_init_parquet(&run.out, outfd, outname, empty, 3);
	else
		csvw_init(&run.out, outfd, outname);
	run.out.python_quoting = ot_compat()->python_csv;
	rc = ot_run_stream_names(files, m->display != NULL && nfiles == 1 ?
	    &m->display : NULL, nfiles, &ops, &run);
	csvw_close(&run.out);
	ot_audit_count("tokens", run.rows);
	if (rc == 0 && run.failures > 0) {
		warnx("%lu %s could not be processed", run.failures, m->noun);
		rc = 1;
	}
	for (i = 0; i < run.nhdr; i++)
		free(run.hdr[i]);
	free(run.hdr);
	free(run.scratch);
	return rc;
}
