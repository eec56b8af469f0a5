/*
 * ot-normalize's stream: RecordId, then each attribute the input has in
 * the order of enum ot_attr, each the attribute's normalized value; an
 * invalid value is an empty field, an attribute a short row lacks is "".
 */
#include "normalize.h"
#include "attr.h"
#include "cli.h"
#include "csvread.h"
#include "csvwrite.h"
#include "header.h"
#include "stream.h"
#include "uuid.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>

struct run {
	struct csvw out;
	struct ot_norm_ctx ctx;
	struct ot_colmap map;
	bool header_written;
	bool has[OT_NCOLUMN];
	const char *first_input;
	char *scratch;
	bool strict;
};

/* The first input with a header fixes the columns; a missing attribute
 * is a warning, or an error (2) when strict. */
static int check_columns(struct run *run, const char *name)
{
	int a, rc = 0;

	if (run->header_written) {
		if (ot_colmap_same(&run->map, run->has))
			return 0;
		warnx("%s: its attribute columns differ from those of %s",
		    name, run->first_input);
		return 1;
	}
	for (a = 0; a < OT_NCOLUMN; a++) {
		run->has[a] = ot_colmap_has(&run->map, a);
		if (run->has[a])
			continue;
		if (a == OT_RECORD_ID)
			warnx("warning: %s: no RecordId column (%s): "
			    "record ids will be random UUIDs", name,
			    ot_attr_alias_list(a));
		else if (run->strict) {
			warnx("%s: no %s column (%s)", name, ot_attrs[a].name,
			    ot_attr_alias_list(a));
			rc = 2;
		} else
			warnx("warning: %s: no %s column (%s): rules using it "
			    "will be blank", name, ot_attrs[a].name,
			    ot_attr_alias_list(a));
	}
	if (rc != 0)
		return rc;
	run->first_input = name;
	csvw_field(&run->out, "RecordId", 8);
	for (a = 0; a < OT_NATTR; a++)
		if (run->has[a])
			csvw_field(&run->out, ot_attrs[a].name,
			    strlen(ot_attrs[a].name));
	csvw_end(&run->out);
	run->header_written = true;
	return 0;
}

static void write_record(struct run *run, struct csvr *r)
{
	long c = ot_colmap_col(&run->map, OT_RECORD_ID, r->nf);
	const char *v;
	size_t len, outlen;
	int a;

	v = c >= 0 ? csvr_field(r, (size_t)c, &len) : NULL;
	if (v == NULL || len == 0) {
		char id[37];

		ot_uuid4(id);
		csvw_field(&run->out, id, 36);
	} else
		csvw_field(&run->out, v, len);
	for (a = 0; a < OT_NATTR; a++) {
		if (!run->has[a])
			continue;
		if ((c = ot_colmap_col(&run->map, a, r->nf)) < 0) {
			csvw_absent(&run->out);
			continue;
		}
		v = csvr_field(r, (size_t)c, &len);
		if (ot_normalize(&run->ctx, a, v, len, run->scratch, &outlen))
			csvw_field(&run->out, run->scratch, outlen);
		else
			csvw_field(&run->out, "", 0);
	}
	csvw_end(&run->out);
}

static int on_header(void *arg, struct csvr *r)
{
	struct run *run = arg;

	if (ot_colmap_build(&run->map, r) < 0) {
		csvr_warn(r);
		return 1;
	}
	return check_columns(run, r->name);
}

static int on_record(void *arg, struct csvr *r)
{
	write_record(arg, r);
	return 0;
}

int ot_normalize_files(char *const *files, int nfiles, int outfd,
    const char *outname, bool strict)
{
	static const struct ot_stream_ops ops = { on_header, on_record };
	struct run run;
	int rc;

	memset(&run, 0, sizeof(run));
	run.strict = strict;
	if ((run.scratch = malloc(CSVR_MAX_FIELD + OT_NORM_MIN_OUT)) == NULL)
		err(1, NULL);
	ot_norm_init(&run.ctx);
	csvw_init(&run.out, outfd, outname);
	rc = ot_run_stream(files, nfiles, &ops, &run);
	csvw_close(&run.out);
	ot_norm_free(&run.ctx);
	free(run.scratch);
	return rc;
}
