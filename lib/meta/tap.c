#include "meta/tap.h"
#include "csv/csvwrite.h"
#include "person/header.h"
#include "csv/stream.h"

#include "grow.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>

struct run {
	struct ot_colmap map;
	struct ot_meta *m;
	/* a config's stream (ot-normalize --config) */
	const struct ot_config *cfg;
	long *col;
	struct ot_value *vals;
	struct ot_xscratch xs;
	char *sig;
	size_t sigcap;
	enum ot_cresult *res;
	int *inv;
};

static int config_header(void *arg, struct csvr *r)
{
	struct run *run = arg;

	return ot_fields_stream_header(&run->cfg->fs, r, run->col);
}

/* Each rule of a record, counted as the engine counts it. */
static int config_record(void *arg, struct csvr *r)
{
	struct run *run = arg;
	const struct ot_config *c = run->cfg;
	struct ot_value id;
	size_t i, n;

	ot_fields_stream_values(&c->fs, r, run->col, run->vals, &id);
	for (i = 0; i < c->nrules; i++)
		run->res[i] = ot_config_signature(c, i, run->vals, &run->xs,
		    &run->sig, &run->sigcap, &n, &run->inv[i]);
	ot_meta_count_config(run->m, c, run->res, run->inv);
	return 0;
}

static int on_header(void *arg, struct csvr *r)
{
	struct run *run = arg;

	return ot_colmap_normalized(&run->map, r);
}

static int on_record(void *arg, struct csvr *r)
{
	struct run *run = arg;
	struct ot_value vals[OT_NATTR];

	if (ot_record_values(&run->map, r, vals) < 0)
		return 1;
	ot_meta_count(run->m, vals);
	return 0;
}

static void tee(void *arg, const void *buf, size_t len)
{
	csvw_raw(arg, buf, len);
}

int ot_meta_tap(const char *path, int outfd, const char *outname,
    struct ot_meta *m, const char *metapath, const struct ot_config *cfg)
{
	static const struct ot_stream_ops ops = { on_header, on_record, false },
	    cops = { config_header, config_record, false };
	char *const files[] = { (char *)path };
	struct csvw out;
	struct run run;
	int rc;

	memset(&run, 0, sizeof(run));
	run.m = m;
	if ((run.cfg = cfg) != NULL) {
		size_t n = cfg->fs.n + 1, k = cfg->nrules + 1;

		if ((run.col = calloc(n, sizeof(*run.col))) == NULL ||
		    (run.vals = calloc(n, sizeof(*run.vals))) == NULL ||
		    (run.res = calloc(k, sizeof(*run.res))) == NULL ||
		    (run.inv = calloc(k, sizeof(*run.inv))) == NULL)
			err(1, NULL);
		ot_meta_config(m, cfg);
	}
	csvw_init(&out, outfd, outname);
	rc = ot_run_stream_tee(files, 1, cfg != NULL ? &cops : &ops, &run,
	    tee, &out);
	if (run.sig != NULL)
		explicit_bzero(run.sig, run.sigcap);
	free(run.sig);
	free(run.col);
	free(run.vals);
	free(run.res);
	free(run.inv);
	ot_xscratch_free(&run.xs);
	csvw_close(&out);
	if (rc == 0)
		ot_meta_write(m, metapath);
	return rc;
}
