/* The Parquet footer: schema and row groups, from its Thrift. */
#include "parquet/parquet.h"
#include "parquet/thrift.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* The footer is read through a window of this size at most, which must
 * hold its largest string read (a column's name). */
#define WINDOW_MAX	(4 << 20)

/* Where the footer is, and its row groups. */
struct pq_footer {
	int64_t start, stop;	/* its bytes in the file */
	size_t cap;		/* a reader's window */
	int64_t groups_at;	/* the first row group's offset, or 0 */
	int16_t groups_last[32];	/* and the Thrift reader's state there */
	int groups_depth;
};

/* A reader of the footer, a window at a time: the file's head, or its
 * row groups one by one (each pq_rows has its own). */
struct pq_groups {
	struct pq_file *f;
	int64_t off;		/* the next byte to read */
	uint8_t *buf;
	struct tc t;
	struct pq_group group;	/* the last one read */
	int64_t index;
};

/* Converted types */
enum { CT_UTF8 = 0, CT_DATE = 6, CT_TS_MILLIS = 9, CT_TS_MICROS = 10 };

const char *pq_type_name(int type)
{
	static const char *const names[] = { "BOOLEAN", "INT32", "INT64",
	    "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY" };

	return type >= 0 && type <= PQ_FIXED ? names[type] : "an unknown type";
}

static int fail(struct pq_file *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->err, sizeof(f->err), fmt, ap);
	va_end(ap);
	return -1;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (p == NULL)
		err(1, NULL);
	return p;
}

/* What a schema element says, before it becomes a column. */
struct elem {
	char *name;
	int type, rep, children, converted;
	int logical;		/* field id of LogicalType's union, or 0 */
	int unit;		/* TIMESTAMP's unit: 1 ms, 2 us, 3 ns */
};

static void logical_type(struct tc *t, struct elem *e)
{
	int16_t id, id2, id3;
	int ty, ty2, ty3;

	tc_begin(t);
	while (tc_field(t, &id, &ty)) {
		e->logical = id;
		if (id != 8 || ty != TC_STRUCT) {	/* TIMESTAMP */
			tc_skip(t, ty);
			continue;
		}
		tc_begin(t);
		while (tc_field(t, &id2, &ty2)) {
			if (id2 != 2 || ty2 != TC_STRUCT) {
				tc_skip(t, ty2);
				continue;
			}
			tc_begin(t);
			while (tc_field(t, &id3, &ty3)) {
				e->unit = id3;
				tc_skip(t, ty3);
			}
		}
	}
}

static void schema_element(struct tc *t, struct elem *e)
{
	const uint8_t *s;
	int16_t id;
	size_t n;
	int ty;

	memset(e, 0, sizeof(*e));
	e->type = e->converted = -1;
	tc_begin(t);
	while (tc_field(t, &id, &ty)) {
		switch (id) {
		case 1:
			e->type = (int)tc_int(t, ty);
			break;
		case 3:
			e->rep = (int)tc_int(t, ty);
			break;
		case 4:
			if (ty != TC_BINARY) {
				tc_skip(t, ty);
				break;
			}
			s = tc_binary(t, &n);
			free(e->name);
			if ((e->name = malloc(n + 1)) == NULL)
				err(1, NULL);
			if (n > 0)
				memcpy(e->name, s, n);
			e->name[n] = '\0';
			break;
		case 5:
			e->children = (int)tc_int(t, ty);
			break;
		case 6:
			e->converted = (int)tc_int(t, ty);
			break;
		case 10:
			if (ty == TC_STRUCT)
				logical_type(t, e);
			else
				tc_skip(t, ty);
			break;
		default:
			tc_skip(t, ty);
		}
	}
}

static enum pq_shape shape(const struct elem *e)
{
	switch (e->type) {
	case PQ_BYTE_ARRAY:
		return PQ_TEXT;
	case PQ_BOOLEAN:
		return PQ_BOOL;
	case PQ_INT96:
		return PQ_TS_INT96;
	case PQ_INT32:
		return e->logical == 6 || e->converted == CT_DATE ? PQ_DATE :
		    PQ_INTEGER;
	case PQ_INT64:
		if (e->logical == 8)
			return e->unit == 1 ? PQ_TS_MILLIS : e->unit == 2 ?
			    PQ_TS_MICROS : PQ_TS_NANOS;
		return e->converted == CT_TS_MILLIS ? PQ_TS_MILLIS :
		    e->converted == CT_TS_MICROS ? PQ_TS_MICROS : PQ_INTEGER;
	default:
		return PQ_TEXT;
	}
}

/* The schema: a root, then flat leaf columns only. */
static int schema(struct pq_file *f, struct tc *t)
{
	struct elem *e;
	uint32_t n, i;
	int et, rc = 0;

	n = tc_list(t, &et);
	if (t->err != NULL || et != TC_STRUCT || n < 1)
		return fail(f, "footer: no schema");
	e = xcalloc(n, sizeof(*e));
	for (i = 0; i < n && t->err == NULL; i++)
		schema_element(t, &e[i]);
	if (t->err != NULL)
		rc = fail(f, "footer: %s", t->err);
	for (i = 1; i < n && rc == 0; i++) {
		const char *name = e[i].name != NULL ? e[i].name : "?";

		if (e[i].children > 0 || e[i].rep == 2)
			rc = fail(f, "column %s is nested (a list, map or "
			    "struct): not supported", name);
		else if (e[i].type == PQ_FLOAT || e[i].type == PQ_DOUBLE ||
		    e[i].type == PQ_FIXED || e[i].type < 0 ||
		    e[i].type > PQ_FIXED)
			rc = fail(f, "column %s: type %s not supported", name,
			    pq_type_name(e[i].type));
	}
	if (rc == 0 && (uint32_t)e[0].children != n - 1)
		rc = fail(f, "footer: the schema's root has %d columns, not %u",
		    e[0].children, n - 1);
	if (rc == 0) {
		f->ncols = (int)n - 1;
		f->cols = xcalloc(n, sizeof(*f->cols));
		for (i = 1; i < n; i++) {
			f->cols[i - 1].name = e[i].name != NULL ? e[i].name :
			    strdup("");
			e[i].name = NULL;
			f->cols[i - 1].type = e[i].type;
			f->cols[i - 1].optional = e[i].rep == 1;
			f->cols[i - 1].shape = shape(&e[i]);
		}
	}
	for (i = 0; i < n; i++)
		free(e[i].name);
	free(e);
	return rc;
}

static void column_meta(struct tc *t, struct pq_chunk *c, int64_t *dict,
    int64_t *data, int *type)
{
	int16_t id;
	int ty;

	tc_begin(t);
	while (tc_field(t, &id, &ty)) {
		switch (id) {
		case 1:
			*type = (int)tc_int(t, ty);
			break;
		case 4:
			c->codec = (int)tc_int(t, ty);
			break;
		case 5:
			c->values = tc_int(t, ty);
			break;
		case 7:
			c->size = tc_int(t, ty);
			break;
		case 9:
			*data = tc_int(t, ty);
			break;
		case 11:
			*dict = tc_int(t, ty);
			break;
		default:
			tc_skip(t, ty);
		}
	}
}

static int row_group(struct pq_file *f, struct tc *t, struct pq_group *g,
    long long gi)
{
	int16_t id, id2;
	int ty, ty2, et, k = 0;
	uint32_t n, i;

	if (g->chunks == NULL)
		g->chunks = xcalloc((size_t)f->ncols, sizeof(*g->chunks));
	memset(g->chunks, 0, (size_t)f->ncols * sizeof(*g->chunks));
	g->rows = 0;
	tc_begin(t);
	while (tc_field(t, &id, &ty)) {
		if (id == 3) {
			g->rows = tc_int(t, ty);
			continue;
		}
		if (id != 1 || ty != TC_LIST) {
			tc_skip(t, ty);
			continue;
		}
		n = tc_list(t, &et);
		if (et != TC_STRUCT || n != (uint32_t)f->ncols)
			return fail(f, "row group %lld: %u columns where the schema "
			    "has %d", gi, n, f->ncols);
		for (i = 0; i < n && t->err == NULL; i++, k++) {
			int64_t dict = -1, data = -1;
			int type = -1;

			tc_begin(t);
			while (tc_field(t, &id2, &ty2))
				if (id2 == 3 && ty2 == TC_STRUCT)
					column_meta(t, &g->chunks[i], &dict,
					    &data, &type);
				else if (id2 == 1)
					return fail(f, "row group %lld, column %s: "
					    "in another file: not supported", gi,
					    f->cols[i].name);
				else
					tc_skip(t, ty2);
			g->chunks[i].start = dict >= 0 && dict < data ? dict :
			    data;
			if (type != f->cols[i].type)
				return fail(f, "row group %lld, column %s: its "
				    "type is not the schema's", gi, f->cols[i].name);
			if (g->chunks[i].start < 4 || g->chunks[i].size < 0 ||
			    g->chunks[i].start > f->size ||
			    g->chunks[i].size > f->size - g->chunks[i].start)
				return fail(f, "row group %lld, column %s: its "
				    "pages lie outside the file", gi,
				    f->cols[i].name);
		}
	}
	if (t->err != NULL)
		return fail(f, "footer: %s", t->err);
	if (k != f->ncols || g->rows < 0)
		return fail(f, "row group %lld: no columns", gi);
	return 0;
}

/* Read more of the footer into its window (struct tc's more()). */
static size_t more(struct tc *t, size_t need)
{
	struct pq_groups *g = t->arg;
	const struct pq_footer *ft = g->f->foot;
	size_t have = (size_t)(t->end - t->p), n;
	ssize_t k;

	(void)need;
	memmove(g->buf, t->p, have);
	n = ft->cap - have;
	if ((int64_t)n > ft->stop - g->off)
		n = (size_t)(ft->stop - g->off);
	while (n > 0) {
		if ((k = pread(g->f->fd, g->buf + have, n, g->off)) <= 0) {
			t->err = k < 0 ? strerror(errno) : "cut short";
			break;
		}
		have += (size_t)k;
		n -= (size_t)k;
		g->off += k;
		t->left -= (uint64_t)k;
	}
	t->p = g->buf;
	t->end = g->buf + have;
	return have;
}

/* A reader at the footer's byte at (a file offset). */
static struct pq_groups *reader(struct pq_file *f, int64_t at)
{
	struct pq_groups *g = xcalloc(1, sizeof(*g));

	g->f = f;
	g->buf = xcalloc(f->foot->cap, 1);
	g->off = at;
	g->index = -1;
	tc_init(&g->t, g->buf, 0);
	g->t.more = more;
	g->t.arg = g;
	g->t.left = (uint64_t)(f->foot->stop - at);
	return g;
}

/* The footer up to its row groups: the schema and the row count. */
static int file_meta(struct pq_file *f, struct pq_groups *g)
{
	struct pq_footer *ft = f->foot;
	struct tc *t = &g->t;
	int16_t id;
	int ty, et;
	bool have_schema = false;

	tc_begin(t);
	while (tc_field(t, &id, &ty)) {
		if (id == 2 && ty == TC_LIST && !have_schema) {
			if (schema(f, t) < 0)
				return -1;
			have_schema = true;
		} else if (id == 3)
			f->rows = tc_int(t, ty);
		else if (id == 4 && ty == TC_LIST && have_schema) {
			f->ngroups = tc_list(t, &et);
			if (t->err == NULL && et != TC_STRUCT)
				return fail(f, "footer: row groups malformed");
			/* what follows the row groups is not needed */
			ft->groups_at = g->off - (int64_t)(t->end - t->p);
			ft->groups_depth = t->depth;
			memcpy(ft->groups_last, t->last, sizeof(t->last));
			break;
		} else
			tc_skip(t, ty);
	}
	if (t->err != NULL)
		return fail(f, "footer: %s", t->err);
	if (!have_schema)
		return fail(f, "footer: no schema");
	if (ft->groups_at == 0)
		f->ngroups = 0;
	return 0;
}

struct pq_groups *pq_groups_open(struct pq_file *f)
{
	const struct pq_footer *ft = f->foot;
	struct pq_groups *g = reader(f, ft->groups_at != 0 ? ft->groups_at :
	    ft->stop);

	g->t.depth = ft->groups_depth;
	memcpy(g->t.last, ft->groups_last, sizeof(g->t.last));
	return g;
}

int pq_groups_next(struct pq_groups *g, const struct pq_group **group)
{
	if (g->index + 1 >= g->f->ngroups)
		return 0;
	g->index++;
	*group = &g->group;
	return row_group(g->f, &g->t, &g->group, g->index) < 0 ? -1 : 1;
}

int64_t pq_groups_index(const struct pq_groups *g)
{
	return g->index;
}

void pq_groups_close(struct pq_groups *g)
{
	if (g == NULL)
		return;
	free(g->group.chunks);
	free(g->buf);
	free(g);
}

int pq_open(struct pq_file *f, int fd, const char *name)
{
	struct pq_groups *head;
	uint8_t tail[8];
	struct stat st;
	uint32_t len;
	int rc;

	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->name = name;
	if (fstat(fd, &st) < 0)
		return fail(f, "%s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return fail(f, "not a regular file (Parquet is read by seeking)");
	f->size = st.st_size;
	if (f->size < 12 || pread(fd, tail, 4, 0) != 4 ||
	    memcmp(tail, "PAR1", 4) != 0 ||
	    pread(fd, tail, 8, f->size - 8) != 8 ||
	    memcmp(tail + 4, "PAR1", 4) != 0)
		return fail(f, "not a Parquet file (no PAR1 at both ends), or "
		    "cut short");
	len = (uint32_t)tail[0] | (uint32_t)tail[1] << 8 |
	    (uint32_t)tail[2] << 16 | (uint32_t)tail[3] << 24;
	if ((int64_t)len > f->size - 12)
		return fail(f, "footer: its length is past the file");
	f->foot = xcalloc(1, sizeof(*f->foot));
	f->foot->start = f->size - 8 - len;
	f->foot->stop = f->size - 8;
	f->foot->cap = len < WINDOW_MAX ? len : WINDOW_MAX;
	head = reader(f, f->foot->start);
	rc = file_meta(f, head);
	pq_groups_close(head);
	return rc;
}

void pq_close(struct pq_file *f)
{
	int i;

	for (i = 0; i < f->ncols; i++)
		free(f->cols[i].name);
	free(f->cols);
	free(f->foot);
	memset(f, 0, sizeof(*f));
}

bool pq_is_parquet(int fd)
{
	struct stat st;
	char magic[4];

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    pread(fd, magic, 4, 0) == 4 && memcmp(magic, "PAR1", 4) == 0;
}

int pq_path_is_parquet(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), yes;

	if (fd < 0)
		return -1;
	yes = pq_is_parquet(fd);
	close(fd);
	return yes;
}
