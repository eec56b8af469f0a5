/*
 * A config's fields over an input's header, as the 2.1.2 reference's
 * readers map columns to field ids (io/csv, io/parquet): a CSV header
 * by its exact text, a Parquet column by its lower-case name; a column
 * two fields name reads into the later one only (the map is keyed by
 * column); a header that names a column twice gives the later one's
 * value (csv.DictReader).  And the normalized stream of the fields,
 * which ot-normalize --config writes and ot-sign --config reads.
 */
#include "person/fields.h"
#include "person/normalize.h"
#include "person/header.h"
#include "csv/csvwrite.h"
#include "csv/stream.h"
#include "grow.h"
#include "pystring.h"
#include "person/pycase.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>

/* Whether the header's name h is column's, as the reader compares. */
static bool names(bool parquet, const char *h, size_t hlen,
    const char *column, size_t clen)
{
	if (parquet)
		return py_lower_eq(h, hlen, column, clen);
	return hlen == clen && memcmp(h, column, clen) == 0;
}

/* Whether a later field of the config takes f's column from it. */
static bool shadowed(const struct ot_fieldset *fs, const struct ot_field *f,
    bool parquet)
{
	const struct ot_field *g;

	for (g = f + 1; g < fs->all + fs->nall; g++)
		if (names(parquet, g->column, g->collen, f->column, f->collen))
			return true;
	return false;
}

/* The last column of the header naming f's, or -1. */
static long column_of(const struct csvr *r, const struct ot_field *f,
    bool parquet)
{
	size_t i, len;
	long col = -1;

	for (i = 0; i < r->nf; i++) {
		const char *h = csvr_field(r, i, &len);

		if (names(parquet, h, len, f->column, f->collen))
			col = (long)i;
	}
	return col;
}

int ot_fieldcols_header(struct ot_fieldcols *c, struct csvr *r)
{
	const struct ot_fieldset *fs = c->fs;
	bool any = false;
	size_t i;

	if (c->col == NULL && (c->col = calloc(fs->n + 1,
	    sizeof(*c->col))) == NULL)
		err(1, NULL);
	c->parquet = r->records != NULL;
	c->id_col = -1;
	if (fs->record_id != NULL && !shadowed(fs, fs->record_id, c->parquet))
		c->id_col = column_of(r, fs->record_id, c->parquet);
	if (c->id_col >= 0)
		csvr_want(r, (size_t)c->id_col);
	else if (fs->record_id != NULL && c->first_input == NULL)
		warnx("warning: %s: no column '%s' (field RecordId of %s): "
		    "record ids will be random UUIDs", r->name,
		    fs->record_id->column, fs->config);
	for (i = 0; i < fs->n; i++) {
		/* a shadowed field was warned about with the config */
		bool gone = shadowed(fs, fs->f[i], c->parquet);
		long col = gone ? -1 : column_of(r, fs->f[i], c->parquet);

		if (c->first_input != NULL && (col >= 0) != (c->col[i] >= 0)) {
			warnx("%s: its columns for the fields of %s differ from "
			    "those of %s", r->name, fs->config, c->first_input);
			return 1;
		}
		if (col >= 0) {
			csvr_want(r, (size_t)col);
			any = true;
		} else if (c->first_input == NULL && !gone)
			warnx("warning: %s: no column '%s' (field %s of %s): "
			    "rules using it will be blank", r->name,
			    fs->f[i]->column, fs->f[i]->id, fs->config);
		c->col[i] = col;
	}
	if (!any) {
		warnx("%s:%lu: no column of the fields of %s in the header "
		    "(\"%s\"), so every token would be blank; a CSV header "
		    "must match a column_name exactly, with its case",
		    r->name, r->rec_line, fs->config, ot_header_text(r));
		return 1;
	}
	if (c->first_input == NULL)
		c->first_input = r->name;
	return 0;
}

void ot_fieldcols_free(struct ot_fieldcols *c)
{
	free(c->col);
	c->col = NULL;
}

/* Field col of r as the reference reads it: a short row's None is
 * invalid, a quoted line end a universal newline. */
static void field(const struct ot_fieldcols *c, struct csvr *r, long col,
    struct ot_value *v, char **buf, size_t *cap)
{
	v->s = "";
	v->len = 0;
	v->state = OT_V_MISSING;
	if (col < 0)
		return;
	v->state = OT_V_INVALID;
	if ((size_t)col >= r->nf)
		return;
	v->state = OT_V_OK;
	v->s = csvr_field(r, (size_t)col, &v->len);
	if (!c->parquet && r->f[col].quoted)
		v->s = ot_universal_newlines(r, v->s, &v->len, buf, cap);
}

void ot_fieldcols_raw(const struct ot_fieldcols *c, struct csvr *r,
    struct ot_value *id, struct ot_value *raw, char **bufs, size_t *caps)
{
	size_t i;

	field(c, r, c->id_col, id, &bufs[0], &caps[0]);
	if (id->state != OT_V_OK || id->len == 0)
		id->state = OT_V_MISSING;
	for (i = 0; i < c->fs->n; i++)
		field(c, r, c->col[i], &raw[i], &bufs[1 + i], &caps[1 + i]);
}

void ot_field_normalize(struct ot_norm_ctx *ctx, const struct ot_field *f,
    const struct ot_value *v, char *buf, struct ot_value *out)
{
	size_t n = 0;

	out->s = "";
	out->len = 0;
	out->state = v->state;
	if (v->state != OT_V_OK)
		return;
	switch (ot_type_normalize(ctx, f->type, v->s, v->len, buf, &n)) {
	case OT_TV_VALID:
		/* a built-in attribute's empty normal form is refused as the
		 * built-in rules refuse it */
		if (n == 0) {
			out->state = OT_V_INVALID;
			return;
		}
		out->s = buf;
		out->len = n;
		return;
	case OT_TV_INVALID:
		out->state = OT_V_INVALID;
		return;
	case OT_TV_FAILED:
		out->state = OT_V_FAILED;
		return;
	}
}

/* ot-normalize --config's run. */
struct nrun {
	const struct ot_fieldset *fs;
	struct ot_fieldcols cols;
	struct csvw out;
	struct ot_norm_ctx ctx;
	bool header_written;
	char **bufs;		/* 1 + n: the raw values' */
	size_t *caps;
	char **nbuf;		/* n: the normal forms' */
	size_t *ncaps;
	struct ot_value *raw, *vals;
};

static int n_header(void *arg, struct csvr *r)
{
	struct nrun *run = arg;
	size_t i;
	int rc;

	if ((rc = ot_fieldcols_header(&run->cols, r)) != 0 ||
	    run->header_written)
		return rc;
	csvw_field(&run->out, "RecordId", 8);
	for (i = 0; i < run->fs->n; i++)
		if (run->cols.col[i] >= 0)
			csvw_field(&run->out, run->fs->f[i]->id,
			    run->fs->f[i]->idlen);
	csvw_end(&run->out);
	run->header_written = true;
	return 0;
}

static int n_record(void *arg, struct csvr *r)
{
	struct nrun *run = arg;
	struct ot_value id;
	char uuid[37];
	const char *idp;
	size_t i, idlen;

	ot_fieldcols_raw(&run->cols, r, &id, run->raw, run->bufs, run->caps);
	idp = ot_record_id(&id, uuid, &idlen);
	csvw_field(&run->out, idp, idlen);
	for (i = 0; i < run->fs->n; i++) {
		const struct ot_value *v = &run->raw[i];
		struct ot_value *o = &run->vals[i];

		if (run->cols.col[i] < 0)
			continue;
		run->nbuf[i] = ot_grow(run->nbuf[i], &run->ncaps[i],
		    OT_TYPE_OUT_MAX(v->len), 1);
		ot_field_normalize(&run->ctx, run->fs->f[i], v, run->nbuf[i], o);
		switch (o->state) {
		case OT_V_OK:
			csvw_field(&run->out, o->s, o->len);
			break;
		case OT_V_FAILED:
			csvw_field(&run->out, OT_FAILED_MARK,
			    strlen(OT_FAILED_MARK));
			break;
		case OT_V_INVALID:
			csvw_field(&run->out, "", 0);
			break;
		case OT_V_MISSING:
			csvw_absent(&run->out);
			break;
		}
	}
	csvw_end(&run->out);
	return 0;
}

int ot_normalize_fields(char *const *files, int nfiles, int outfd,
    const char *outname, const struct ot_fieldset *fs)
{
	static const struct ot_stream_ops ops = { n_header, n_record, false };
	struct nrun run;
	size_t i, n = fs->n + 1;
	int rc;

	memset(&run, 0, sizeof(run));
	run.fs = fs;
	run.cols.fs = fs;
	if ((run.bufs = calloc(n, sizeof(*run.bufs))) == NULL ||
	    (run.caps = calloc(n, sizeof(*run.caps))) == NULL ||
	    (run.nbuf = calloc(n, sizeof(*run.nbuf))) == NULL ||
	    (run.ncaps = calloc(n, sizeof(*run.ncaps))) == NULL ||
	    (run.raw = calloc(n, sizeof(*run.raw))) == NULL ||
	    (run.vals = calloc(n, sizeof(*run.vals))) == NULL)
		err(1, NULL);
	ot_norm_init(&run.ctx);
	csvw_init(&run.out, outfd, outname);
	rc = ot_run_stream(files, nfiles, &ops, &run);
	csvw_close(&run.out);
	ot_norm_free(&run.ctx);
	for (i = 0; i < n; i++) {
		free(run.bufs[i]);
		free(run.nbuf[i]);
	}
	free(run.bufs);
	free(run.caps);
	free(run.nbuf);
	free(run.ncaps);
	free(run.raw);
	free(run.vals);
	ot_fieldcols_free(&run.cols);
	return rc;
}

int ot_fields_stream_header(const struct ot_fieldset *fs, struct csvr *r,
    long *col)
{
	size_t i, k, len;
	const char *h;

	h = r->nf > 0 ? csvr_field(r, 0, &len) : "";
	if (r->nf == 0 || len != 8 || memcmp(h, "RecordId", 8) != 0)
		goto bad;
	for (i = 0; i < fs->n; i++)
		col[i] = -1;
	for (k = 1; k < r->nf; k++) {
		h = csvr_field(r, k, &len);
		for (i = 0; i < fs->n && !(fs->f[i]->idlen == len &&
		    memcmp(fs->f[i]->id, h, len) == 0); i++)
			;
		if (i == fs->n || col[i] >= 0)
			goto bad;
		col[i] = (long)k;
	}
	return 0;
bad:
	warnx("%s:%lu: not a normalized stream of the fields of %s (\"%s\"): "
	    "its header is RecordId and the field ids the config's rules use "
	    "(run ot-normalize --config with the same config first)", r->name,
	    r->rec_line, fs->config, ot_header_text(r));
	return 1;
}

void ot_fields_stream_values(const struct ot_fieldset *fs,
    const struct csvr *r, const long *col, struct ot_value *vals,
    struct ot_value *id)
{
	size_t i;

	id->s = r->nf > 0 ? csvr_field(r, 0, &id->len) : "";
	if (r->nf == 0)
		id->len = 0;
	id->state = OT_V_OK;
	for (i = 0; i < fs->n; i++) {
		long c = col[i];

		vals[i].s = "";
		vals[i].len = 0;
		vals[i].state = OT_V_MISSING;
		if (c < 0 || (size_t)c >= r->nf)
			continue;
		vals[i].s = csvr_field(r, (size_t)c, &vals[i].len);
		if (vals[i].len > 0)
			vals[i].state = ot_type_can_fail(fs->f[i]->type) &&
			    vals[i].len == strlen(OT_FAILED_MARK) &&
			    memcmp(vals[i].s, OT_FAILED_MARK, vals[i].len) == 0 ?
			    OT_V_FAILED : OT_V_OK;
		else if (!r->f[c].quoted)
			vals[i].state = OT_V_INVALID;
	}
}
