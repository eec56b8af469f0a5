/*
 * ot-normalize's stream: RecordId, then each attribute the input has in
 * the order of enum ot_attr, each the attribute's normalized value; an
 * invalid value is an empty field, an attribute a short row lacks is "".
 */
#include "person/normalize.h"
#include "person/attr.h"
#include "cli.h"
#include "csv/csvread.h"
#include "csv/csvwrite.h"
#include "person/header.h"
#include "person/loss.h"
#include "person/tally.h"
#include "csv/stream.h"
#include "grow.h"

#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct run {
	struct csvw out;
	struct ot_norm_ctx ctx;
	struct ot_incols cols;
	bool header_written;
	char *bufs[OT_NATTR];
	const struct ot_norm_opts *o;
	struct ot_tally tally;		/* why values were invalid */
};

/* A delimiter the header seems to use instead of r's: one field holding
 * ';', a tab, '|' or ','; or 0. */
static unsigned char other_delimiter(const struct csvr *r)
{
	static const char cand[] = ";\t|,";
	const char *f, *k;
	size_t len;

	if (r->nf != 1)
		return 0;
	f = csvr_field(r, 0, &len);
	for (k = cand; *k != '\0'; k++)
		if ((unsigned char)*k != r->delim && memchr(f, *k, len) != NULL)
			return (unsigned char)*k;
	return 0;
}

/* "';'", or "a tab". */
static const char *delimiter_name(unsigned char d, char buf[8])
{
	if (d == '\t')
		return "a tab";
	snprintf(buf, 8, "'%c'", d);
	return buf;
}

/* No attribute column at all: every rule of every record would be blank.
 * Why, in one line: the delimiter, or the names ot reads. */
static int no_attributes(const struct csvr *r)
{
	unsigned char d = other_delimiter(r);
	char names[600] = "";
	int a;

	if (d != 0) {
		char b1[8], b2[8];
		const char *want = delimiter_name(r->delim, b1),
		    *got = delimiter_name(d, b2);

		warnx("%s:%lu: no attribute column: the header (\"%s\") has no "
		    "%s but %s: give --delimiter %s", r->name, r->rec_line,
		    ot_header_text(r), want, got, d == '\t' ? "tab" : got);
		return 1;
	}
	for (a = 0; a < OT_NATTR; a++) {
		strcat(names, a == 0 ? "" : "; ");
		strcat(names, ot_attr_alias_list((enum ot_attr)a));
	}
	warnx("%s:%lu: no attribute column in the header (\"%s\"), so every "
	    "token would be blank: ot reads %s (in any case)", r->name,
	    r->rec_line, ot_header_text(r), names);
	return 1;
}

/* Only the attribute columns (and the record id's) are read. */
static void want_columns(const struct ot_colmap *m, struct csvr *r)
{
	size_t k;
	int a;

	for (a = 0; a < OT_NCOLUMN; a++)
		for (k = 0; k < m->ncols[a]; k++)
			csvr_want(r, m->cols[a][k]);
}

/* The Python references take an empty first line for the header (csv's
 * DictReader): no column, and the header line a record. */
static bool empty_header(const struct csvr *r)
{
	return ot_compat()->empty_line_header && r->records == NULL &&
	    r->rec_line > 1;
}

/* A BirthDate column the profile does not read, by its alias. */
static const char *unread_column(struct csvr *r)
{
	const char *alias;
	size_t i, len;

	for (i = 0; i < r->nf; i++) {
		const char *f = csvr_field(r, i, &len);

		if ((alias = ot_attr_unread_alias(f, len)) != NULL)
			return alias;
	}
	return NULL;
}

int ot_incols_header(struct ot_incols *c, struct csvr *r)
{
	int a, rc = 0;

	/* which would leave every token blank: refused, as such input is */
	if (empty_header(r)) {
		warnx("%s:%lu: an empty line comes before the header, which the "
		    "%s reference takes for the header: it would read no "
		    "column, and every token would be blank; remove the empty "
		    "line", r->name, r->rec_line, ot_compat()->name);
		return 1;
	}
	if (ot_colmap_build(&c->map, r) < 0) {
		csvr_warn(r);
		return 1;
	}
	for (a = 0; a < OT_NATTR && !ot_colmap_has(&c->map, a); a++)
		;
	if (a == OT_NATTR)
		return no_attributes(r);
	want_columns(&c->map, r);
	if (c->first_input != NULL) {
		if (ot_colmap_same(&c->map, c->has))
			return 0;
		warnx("%s: its attribute columns differ from those of %s",
		    r->name, c->first_input);
		return 1;
	}
	c->python = ot_compat()->dict_reader;
	for (a = 0; a < OT_NCOLUMN; a++) {
		c->has[a] = ot_colmap_has(&c->map, a);
		if (c->has[a])
			continue;
		if (a == OT_RECORD_ID)
			warnx("warning: %s: no RecordId column (%s): "
			    "record ids will be random UUIDs", r->name,
			    ot_attr_alias_list(a));
		else if (c->strict) {
			warnx("%s: no %s column (%s)", r->name,
			    ot_attrs[a].name, ot_attr_alias_list(a));
			rc = 2;
		} else
			warnx("warning: %s: no %s column (%s): rules using it "
			    "will be blank", r->name, ot_attrs[a].name,
			    ot_attr_alias_list(a));
	}
	if (!c->has[OT_BIRTH_DATE])
		c->unread = unread_column(r);
	if (rc == 0)
		c->first_input = r->name;
	return rc;
}

const char *ot_universal_newlines(const struct csvr *r, const char *s,
    size_t *len, char **buf, size_t *cap)
{
	size_t k, n = 0;

	if (r->records != NULL || memchr(s, '\r', *len) == NULL)
		return s;
	*buf = ot_grow(*buf, cap, *len, 1);
	for (k = 0; k < *len; k++) {
		if (s[k] == '\r' && k + 1 < *len && s[k + 1] == '\n')
			continue;
		(*buf)[n++] = s[k] == '\r' ? '\n' : s[k];
	}
	*len = n;
	return *buf;
}

/* The reading thread's buffers for it, one per slot. */
static const char *universal_newlines(const struct csvr *r,
    const char *s, size_t *len, int slot)
{
	static struct {
		char *p;
		size_t cap;
	} buf[1 + OT_NATTR];

	return ot_universal_newlines(r, s, len, &buf[slot].p, &buf[slot].cap);
}

/* Field i of r, as the Python references read it when py. */
static inline const char *field(const struct csvr *r, long i, size_t *len,
    bool py, int slot)
{
	const char *s = csvr_field(r, (size_t)i, len);

	return py && r->f[i].quoted ? universal_newlines(r, s, len, slot) : s;
}

/*
 * A record as Java reads it (a field a short row lacks is absent), or
 * with py as the Python references do: csv.DictReader gives the last
 * column of a name, None (invalid, as an empty value is) past a short
 * row's end, and quoted line ends as universal newlines make them.
 * Made once for each, so that Java's pays no test for Python's.
 */
static inline __attribute__((always_inline)) void read_raw(
    const struct ot_incols *c, struct csvr *r, struct ot_value *id,
    struct ot_value raw[OT_NATTR], uint64_t keys[OT_NATTR], bool py)
{
	const struct ot_colmap *m = &c->map;
	long col = ot_colmap_col(m, OT_RECORD_ID, r->nf);
	int a;

	id->s = "";
	id->len = 0;
	if (col >= 0)
		id->s = field(r, col, &id->len, py, 0);
	id->state = id->len > 0 ? OT_V_OK : OT_V_MISSING;
	for (a = 0; a < OT_NATTR; a++) {
		raw[a].s = "";
		raw[a].len = 0;
		raw[a].state = OT_V_MISSING;
		if (keys != NULL)
			keys[a] = 0;
		if (!c->has[a])
			continue;
		col = py ? (long)m->cols[a][m->ncols[a] - 1] :
		    ot_colmap_col(m, a, r->nf);
		if (py)
			raw[a].state = OT_V_OK;
		if (col < 0 || col >= (long)r->nf)
			continue;
		raw[a].s = field(r, col, &raw[a].len, py, 1 + a);
		raw[a].state = OT_V_OK;
		if (keys != NULL && r->keys != NULL)
			keys[a] = r->keys[col];
	}
}

void ot_incols_raw(const struct ot_incols *c, struct csvr *r,
    struct ot_value *id, struct ot_value raw[OT_NATTR],
    uint64_t keys[OT_NATTR])
{
	if (c->unread != NULL && ot_compat_named())
		ot_loss_column_record(c->unread);
	if (c->python)
		read_raw(c, r, id, raw, keys, true);
	else
		read_raw(c, r, id, raw, keys, false);
}

void ot_normalize_value(struct ot_norm_ctx *ctx, enum ot_attr a,
    const struct ot_value *raw, char *buf, struct ot_value *val,
    enum ot_reason *why)
{
	enum ot_reason r = OT_R_COLUMN_MISSING;
	size_t n;

	val->s = "";
	val->len = 0;
	val->state = raw->state;
	if (raw->state != OT_V_MISSING) {
		r = ot_normalize_why(ctx, a, raw->s, raw->len, buf, &n);
		/* an empty normal form reads back as invalid */
		if (r == OT_VALID && n == 0)
			r = OT_R_NAME_EMPTY;
		if (r == OT_VALID) {
			val->s = buf;
			val->len = n;
		} else
			val->state = OT_V_INVALID;
	}
	if (why != NULL)
		*why = r;
}

void ot_normalize_values(struct ot_norm_ctx *ctx,
    const struct ot_value raw[OT_NATTR], char *const bufs[OT_NATTR],
    struct ot_value vals[OT_NATTR], enum ot_reason why[OT_NATTR])
{
	int a;

	for (a = 0; a < OT_NATTR; a++)
		ot_normalize_value(ctx, (enum ot_attr)a, &raw[a], bufs[a],
		    &vals[a], why != NULL ? &why[a] : NULL);
}

static void write_header(struct run *run)
{
	int a;

	csvw_field(&run->out, "RecordId", 8);
	for (a = 0; a < OT_NATTR; a++)
		if (run->cols.has[a])
			csvw_field(&run->out, ot_attrs[a].name,
			    strlen(ot_attrs[a].name));
	csvw_end(&run->out);
	run->header_written = true;
}

static void write_record(struct run *run, struct csvr *r)
{
	struct ot_value id, raw[OT_NATTR], vals[OT_NATTR];
	enum ot_reason why[OT_NATTR];
	char uuid[37];
	const char *idp;
	size_t idlen;
	int a;

	ot_incols_raw(&run->cols, r, &id, raw, NULL);
	idp = ot_record_id(&id, uuid, &idlen);
	csvw_field(&run->out, idp, idlen);
	ot_normalize_values(&run->ctx, raw, run->bufs, vals, why);
	ot_tally_record(&run->tally, why);
	for (a = 0; a < OT_NATTR; a++) {
		if (!run->cols.has[a])
			continue;
		if (vals[a].state == OT_V_MISSING)
			csvw_absent(&run->out);
		else
			csvw_field(&run->out, vals[a].s, vals[a].len);
	}
	csvw_end(&run->out);
}

void ot_norm_bufs_new(char *bufs[OT_NATTR])
{
	int a;

	/* address space only: a page is touched when a value reaches it */
	for (a = 0; a < OT_NATTR; a++)
		if ((bufs[a] = malloc(CSVR_MAX_FIELD + OT_NORM_MIN_OUT)) == NULL)
			err(1, NULL);
}

void ot_norm_bufs_free(char *bufs[OT_NATTR])
{
	int a;

	for (a = 0; a < OT_NATTR; a++) {
		free(bufs[a]);
		bufs[a] = NULL;
	}
}

/* --reasons: a row for each value that blanks a rule, and why; the
 * value itself only with --show-values (it is personal data). */
static void write_reasons(struct run *run, struct csvr *r)
{
	struct ot_value id, raw[OT_NATTR], vals[OT_NATTR];
	enum ot_reason why[OT_NATTR];
	char reason[160];
	int a, n;

	ot_incols_raw(&run->cols, r, &id, raw, NULL);
	ot_normalize_values(&run->ctx, raw, run->bufs, vals, why);
	ot_tally_record(&run->tally, why);
	for (a = 0; a < OT_NATTR; a++) {
		/* a column the input lacks was warned about once */
		if (why[a] == OT_VALID || run->o->reasons != OT_REASONS_ROWS ||
		    !run->cols.has[a])
			continue;
		/* a record without an id has no name but its place */
		csvw_field(&run->out, id.s, id.len);
		csvw_field(&run->out, ot_attrs[a].name,
		    strlen(ot_attrs[a].name));
		n = snprintf(reason, sizeof(reason), "%s: %s",
		    ot_reason_code(why[a]), ot_reason_words(why[a]));
		csvw_field(&run->out, reason, (size_t)n);
		if (run->o->show_values)
			csvw_field(&run->out, raw[a].s, raw[a].len);
		csvw_end(&run->out);
	}
}

/* --reasons-summary: per attribute, the values of each reason, then the
 * invalid ones in all (what the normalized stream leaves empty). */
static void write_summary(struct run *run)
{
	const struct ot_tally *t = &run->tally;
	char count[24];
	int a, w, n;

	csvw_raw(&run->out, "Attribute,Reason,Count\n", 23);
	for (a = 0; a < OT_NATTR; a++) {
		for (w = OT_VALID + 1; w < OT_NREASONS; w++) {
			if (t->why[a][w] == 0)
				continue;
			csvw_field(&run->out, ot_attrs[a].name,
			    strlen(ot_attrs[a].name));
			csvw_field(&run->out, ot_reason_code(w),
			    strlen(ot_reason_code(w)));
			n = snprintf(count, sizeof(count), "%" PRIu64,
			    t->why[a][w]);
			csvw_field(&run->out, count, (size_t)n);
			csvw_end(&run->out);
		}
		csvw_field(&run->out, ot_attrs[a].name,
		    strlen(ot_attrs[a].name));
		csvw_field(&run->out, "invalid", 7);
		n = snprintf(count, sizeof(count), "%" PRIu64,
		    ot_tally_invalid(t, (enum ot_attr)a));
		csvw_field(&run->out, count, (size_t)n);
		csvw_end(&run->out);
	}
}

static int on_header(void *arg, struct csvr *r)
{
	struct run *run = arg;
	int rc = ot_incols_header(&run->cols, r);

	if (rc != 0 || run->header_written)
		return rc;
	if (run->o->reasons == OT_REASONS_ROWS) {
		csvw_raw(&run->out, run->o->show_values ?
		    "RecordId,Attribute,Reason,Value\n" :
		    "RecordId,Attribute,Reason\n", run->o->show_values ? 32 : 26);
		run->header_written = true;
	} else if (run->o->reasons == OT_REASONS_NONE)
		write_header(run);
	return rc;
}

static int on_record(void *arg, struct csvr *r)
{
	struct run *run = arg;

	if (run->o->reasons != OT_REASONS_NONE)
		write_reasons(run, r);
	else
		write_record(run, r);
	return 0;
}

int ot_normalize_files(char *const *files, int nfiles, int outfd,
    const char *outname, const struct ot_norm_opts *o)
{
	static const struct ot_stream_ops ops = { on_header, on_record, false };
	struct run run;
	int rc;

	memset(&run, 0, sizeof(run));
	run.o = o;
	run.cols.strict = o->strict;
	ot_norm_bufs_new(run.bufs);
	ot_norm_init(&run.ctx);
	csvw_init(&run.out, outfd, outname);
	rc = ot_run_stream(files, nfiles, &ops, &run);
	if (rc == 0 && o->reasons == OT_REASONS_SUMMARY)
		write_summary(&run);
	/* asked for the reasons, they have them */
	if (rc == 0 && o->reasons == OT_REASONS_NONE)
		ot_tally_warn(&run.tally);
	csvw_close(&run.out);
	ot_norm_free(&run.ctx);
	ot_norm_bufs_free(run.bufs);
	return rc;
}
