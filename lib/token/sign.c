#include "token/sign.h"
#include "person/attr.h"
#include "csv/csvwrite.h"
#include "person/header.h"
#include "token/rules.h"
#include "csv/stream.h"
#include "token/config.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>

struct run {
	struct csvw out;
	struct ot_colmap map;
	bool has[OT_NCOLUMN];
	bool have_columns;
	bool header_written;
	struct ot_sigbuf sig;
	uint64_t records, blank;	/* blank: every rule blank */
	/* a config's stream: its fields' columns, their values */
	const struct ot_config *cfg;
	long *col;
	bool have_col;
	struct ot_value *vals;
	struct ot_xscratch xs;
};

static int config_header(void *arg, struct csvr *r)
{
	struct run *run = arg;
	const struct ot_fieldset *fs = &run->cfg->fs;
	long col[OT_CONFIG_MAX_FIELDS];
	size_t i;

	if (ot_fields_stream_header(fs, r, col) != 0)
		return 1;
	for (i = 0; run->have_col && i < fs->n; i++)
		if ((col[i] >= 0) != (run->col[i] >= 0)) {
			warnx("%s:%lu: its columns differ from the first input's",
			    r->name, r->rec_line);
			return 1;
		}
	memcpy(run->col, col, fs->n * sizeof(*col));
	run->have_col = true;
	return 0;
}

/* A config's rules over a record of its fields' stream: a row each, in
 * rule-id order, none for a rule whose value failed to normalize. */
static int config_record(void *arg, struct csvr *r)
{
	struct run *run = arg;
	const struct ot_config *c = run->cfg;
	struct ot_value id;
	bool any = false;
	size_t i, n;
	int inv;

	ot_fields_stream_values(&c->fs, r, run->col, run->vals, &id);
	if (!run->header_written) {
		csvw_raw(&run->out, "RuleId,Signature,RecordId\n", 26);
		run->header_written = true;
	}
	for (i = 0; i < c->nrules; i++) {
		enum ot_cresult res = ot_config_signature(c, i, run->vals,
		    &run->xs, &run->sig.p, &run->sig.cap, &n, &inv);

		if (res == OT_CR_NOROW)
			continue;
		any |= res == OT_CR_SIG;
		csvw_field(&run->out, c->rules[i].id, c->rules[i].idlen);
		if (res == OT_CR_SIG)
			csvw_field(&run->out, run->sig.p, n);
		else
			csvw_field(&run->out, "", 0);
		csvw_field(&run->out, id.s, id.len);
		csvw_end(&run->out);
	}
	run->records++;
	run->blank += !any;
	return 0;
}

static int on_header(void *arg, struct csvr *r)
{
	struct run *run = arg;
	int a;

	if (ot_colmap_normalized(&run->map, r) != 0)
		return 1;
	if (run->have_columns && !ot_colmap_same(&run->map, run->has)) {
		warnx("%s:%lu: its columns differ from the first input's",
		    r->name, r->rec_line);
		return 1;
	}
	for (a = 0; a < OT_NCOLUMN; a++)
		run->has[a] = ot_colmap_has(&run->map, a);
	run->have_columns = true;
	return 0;
}

static int on_record(void *arg, struct csvr *r)
{
	struct run *run = arg;
	struct ot_value vals[OT_NATTR];
	const char *id = "";
	size_t idlen = 0;
	bool any = false;
	long c;
	int i;

	if ((c = ot_colmap_col(&run->map, OT_RECORD_ID, r->nf)) >= 0)
		id = csvr_field(r, (size_t)c, &idlen);
	if (ot_record_values(&run->map, r, vals) < 0)
		return 1;
	ot_sigbuf_reserve(&run->sig, vals);
	if (!run->header_written) {
		csvw_raw(&run->out, "RuleId,Signature,RecordId\n", 26);
		run->header_written = true;
	}
	for (i = 0; i < OT_NRULES; i++) {
		enum ot_attr blocker;
		long n = ot_rule_signature(i, vals, run->sig.p, &blocker);

		any |= n >= 0;
		csvw_field(&run->out, ot_rules[i].id, 2);
		csvw_field(&run->out, run->sig.p, n < 0 ? 0 : (size_t)n);
		csvw_field(&run->out, id, idlen);
		csvw_end(&run->out);
	}
	run->records++;
	run->blank += !any;
	return 0;
}

int ot_sign_files(char *const *files, int nfiles, int outfd,
    const char *outname, const struct ot_config *cfg)
{
	static const struct ot_stream_ops ops = { on_header, on_record, false },
	    cops = { config_header, config_record, false };
	struct run run;
	int rc;

	memset(&run, 0, sizeof(run));
	csvw_init(&run.out, outfd, outname);
	if ((run.cfg = cfg) != NULL &&
	    ((run.col = calloc(cfg->fs.n + 1, sizeof(*run.col))) == NULL ||
	    (run.vals = calloc(cfg->fs.n + 1, sizeof(*run.vals))) == NULL))
		err(1, NULL);
	rc = ot_run_stream(files, nfiles, cfg != NULL ? &cops : &ops, &run);
	free(run.col);
	free(run.vals);
	ot_xscratch_free(&run.xs);
	csvw_close(&run.out);
	if (rc == 0 && run.records > 0 && run.blank == run.records)
		rc = ot_rules_all_blank(NULL, run.records);
	ot_sigbuf_free(&run.sig);
	return rc;
}
