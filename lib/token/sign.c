#include "token/sign.h"
#include "person/attr.h"
#include "csv/csvwrite.h"
#include "person/header.h"
#include "token/ruleset.h"
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
	bool warned_lenient;
	const struct ot_ruleset *rules;
	struct ot_signer sg;
	struct ot_rowsig rows[OT_RULESET_MAX * OT_T7_VIEWS];
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
		    &run->xs, &run->sg.sig.p, &run->sg.sig.cap, &n, &inv);

		if (res == OT_CR_NOROW)
			continue;
		any |= res == OT_CR_SIG;
		csvw_field(&run->out, c->rules[i].id, c->rules[i].idlen);
		if (res == OT_CR_SIG)
			csvw_field(&run->out, run->sg.sig.p, n);
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
	/* T7 from the reference's values alone reads fewer dates and sexes
	 * than ot's own T7 does */
	if (ot_ruleset_lenient(run->rules) && !ot_colmap_has_lenient(&run->map) &&
	    (run->has[OT_BIRTH_DATE] || run->has[OT_SEX]) &&
	    !run->warned_lenient) {
		warnx("warning: %s: no T7 columns (ot-normalize --rules T7 "
		    "writes them): T7 reads only the dates and sexes the "
		    "reference reads", r->name);
		run->warned_lenient = true;
	}
	return 0;
}

static int on_record(void *arg, struct csvr *r)
{
	struct run *run = arg;
	struct ot_value vals[OT_NATTR], lenient[OT_NATTR];
	const char *id = "";
	size_t idlen = 0;
	bool any;
	long c;
	int i, n;

	if ((c = ot_colmap_col(&run->map, OT_RECORD_ID, r->nf)) >= 0)
		id = csvr_field(r, (size_t)c, &idlen);
	if (ot_record_values(&run->map, r, vals) < 0 ||
	    ot_record_lenient(&run->map, r, lenient) < 0)
		return 1;
	if (!run->header_written) {
		csvw_raw(&run->out, "RuleId,Signature,RecordId\n", 26);
		run->header_written = true;
	}
	n = ot_sign_record(&run->sg, run->rules, vals, lenient, run->rows,
	    &any, NULL);
	for (i = 0; i < n; i++) {
		const char *rid = ot_ruleset_row_id(run->rules, i);

		csvw_field(&run->out, rid, strlen(rid));
		csvw_field(&run->out, run->rows[i].p != NULL ? run->rows[i].p :
		    "", run->rows[i].len);
		csvw_field(&run->out, id, idlen);
		csvw_end(&run->out);
	}
	run->records++;
	run->blank += !any;
	return 0;
}

int ot_sign_files(const struct ot_ruleset *rules, char *const *files,
    int nfiles, int outfd, const char *outname, const struct ot_config *cfg)
{
	static const struct ot_stream_ops ops = { on_header, on_record, false },
	    cops = { config_header, config_record, false };
	struct run *run = calloc(1, sizeof(*run));
	int rc;

	if (run == NULL)
		err(1, NULL);
	run->rules = rules;
	csvw_init(&run->out, outfd, outname);
	if ((run->cfg = cfg) != NULL &&
	    ((run->col = calloc(cfg->fs.n + 1, sizeof(*run->col))) == NULL ||
	    (run->vals = calloc(cfg->fs.n + 1, sizeof(*run->vals))) == NULL))
		err(1, NULL);
	rc = ot_run_stream(files, nfiles, cfg != NULL ? &cops : &ops, run);
	free(run->col);
	free(run->vals);
	ot_xscratch_free(&run->xs);
	csvw_close(&run->out);
	if (rc == 0 && run->records > 0 && run->blank == run->records)
		rc = ot_rules_all_blank(NULL, run->records);
	ot_signer_free(&run->sg);
	free(run);
	return rc;
}
