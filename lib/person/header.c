#include "person/header.h"
#include "jstring.h"
#include "pystring.h"

#include <err.h>
#include <stdio.h>
#include <string.h>

int ot_colmap_build(struct ot_colmap *m, struct csvr *r)
{
	size_t i, k, a;
	size_t first[OT_NCOLUMN][OT_MAX_ATTR_COLUMNS];

	memset(m->ncols, 0, sizeof(m->ncols));
	for (i = 0; i < r->nf; i++) {
		size_t len;
		const char *name = csvr_field(r, i, &len);
		int at = ot_attr_by_header(name, len);
		bool dup = false;

		if (at < 0)
			continue;
		a = (size_t)at;
		/* An identical name keeps its place and takes the new column. */
		for (k = 0; k < m->ncols[a] && !dup; k++) {
			size_t flen;
			const char *f = csvr_field(r, first[a][k], &flen);

			if (flen == len && memcmp(f, name, len) == 0) {
				m->cols[a][k] = i;
				dup = true;
			}
		}
		if (dup)
			continue;
		if (m->ncols[a] == OT_MAX_ATTR_COLUMNS) {
			snprintf(r->err, sizeof(r->err),
			    "more than %d %s columns", OT_MAX_ATTR_COLUMNS,
			    ot_attrs[a].name);
			r->err_line = r->rec_line;
			return -1;
		}
		first[a][m->ncols[a]] = i;
		m->cols[a][m->ncols[a]++] = i;
	}
	return 0;
}

/* DDD-DD-DDDD of any decimal digits: a Python reference keeps nine
 * non-ASCII digits as they are written. */
static bool py_ssn_form(const char *s, size_t n)
{
	size_t i = 0, k = 0;
	int32_t c;

	while (i < n) {
		c = py_next(s, n, &i);
		if (k == 3 || k == 6 ? c != '-' : c < 0 ||
		    !py_is_digit((uint32_t)c))
			return false;
		k++;
	}
	return k == 11;
}

/* The fixed forms ot-normalize gives these attributes: a value in any
 * other form means the stream is raw input, whose signatures could never
 * match. */
static bool normal_form(int a, const char *s, size_t n)
{
	static const char date[] = "9999-99-99", ssn[] = "999-99-9999";
	const char *form;
	size_t i;

	if (a == OT_SSN && ot_compat()->ssn_raw && n > 11)
		return py_ssn_form(s, n);

	switch (a) {
	case OT_BIRTH_DATE:
		form = date;
		break;
	case OT_SSN:
		form = ssn;
		break;
	case OT_SEX:
		return (n == 4 && memcmp(s, "Male", 4) == 0) ||
		    (n == 6 && memcmp(s, "Female", 6) == 0);
	default:
		return true;
	}
	if (n != strlen(form))
		return false;
	for (i = 0; i < n; i++)
		if (form[i] == '9' ? !j_is_digit((unsigned char)s[i]) :
		    s[i] != form[i])
			return false;
	return true;
}

int ot_record_values(const struct ot_colmap *m, const struct csvr *r,
    struct ot_value vals[OT_NATTR])
{
	int a;

	for (a = 0; a < OT_NATTR; a++) {
		long c = ot_colmap_col(m, a, r->nf);

		vals[a].s = "";
		vals[a].len = 0;
		vals[a].state = OT_V_MISSING;
		if (c < 0)
			continue;
		vals[a].s = csvr_field(r, (size_t)c, &vals[a].len);
		if (vals[a].len > 0)
			vals[a].state = OT_V_OK;
		else if (!r->f[c].quoted)
			vals[a].state = OT_V_INVALID;
		if (vals[a].len > 0 && !normal_form(a, vals[a].s, vals[a].len)) {
			warnx("%s:%lu: its %s is not in the form ot-normalize "
			    "writes: not a normalized stream (run ot-normalize "
			    "first)", r->name, r->rec_line, ot_attrs[a].name);
			return -1;
		}
	}
	return 0;
}

const char *ot_header_text(const struct csvr *r)
{
	static char got[75];
	size_t i, len, k = 0, max = sizeof(got) - 4;

	for (i = 0; i < r->nf && k < max; i++) {
		const char *f = csvr_field(r, i, &len);

		if (i > 0)
			got[k++] = ',';
		while (len-- > 0 && k < max)
			got[k++] = *f++;
	}
	got[k] = '\0';
	if (k == max)
		memcpy(got + k, "...", 4);
	return got;
}

static int not_normalized(const struct csvr *r)
{
	warnx("%s:%lu: not a normalized stream (header \"%s\"): run "
	    "ot-normalize first", r->name, r->rec_line, ot_header_text(r));
	return 1;
}

bool ot_colmap_same(const struct ot_colmap *m, const bool has[OT_NCOLUMN])
{
	int a;

	for (a = 0; a < OT_NCOLUMN; a++)
		if (ot_colmap_has(m, a) != has[a])
			return false;
	return true;
}

/* The columns of a normalized stream's header: 0, or -1 when it is not
 * one. */
static int normalized_map(struct ot_colmap *m, const struct csvr *r)
{
	size_t i, len;
	int a = 0;

	memset(m->ncols, 0, sizeof(m->ncols));
	for (i = 0; i < r->nf; i++) {
		const char *f = csvr_field(r, i, &len);
		int want = i == 0 ? OT_RECORD_ID : -1;

		/* RecordId, then attribute names in ot_attr order */
		for (; i > 0 && a < OT_NATTR && want < 0; a++)
			if (strlen(ot_attrs[a].name) == len &&
			    memcmp(ot_attrs[a].name, f, len) == 0)
				want = a;
		if (want < 0 || strlen(ot_attrs[want].name) != len ||
		    memcmp(ot_attrs[want].name, f, len) != 0)
			return -1;
		m->cols[want][0] = i;
		m->ncols[want] = 1;
	}
	return r->nf == 0 ? -1 : 0;
}

int ot_colmap_normalized(struct ot_colmap *m, struct csvr *r)
{
	return normalized_map(m, r) < 0 ? not_normalized(r) : 0;
}

bool ot_header_normalized(const struct csvr *r)
{
	static struct ot_colmap m;	/* large: not on the stack */

	return normalized_map(&m, r) == 0;
}
