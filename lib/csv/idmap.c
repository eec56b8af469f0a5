#include "csv/idmap.h"
#include "share/audit.h"
#include "cli.h"
#include "csv/stream.h"
#include "grow.h"
#include "output.h"
#include "uuid.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

void ot_idmap_create(struct ot_idmap *m, const char *path)
{
	struct stat st;
	size_t n = strlen(path);

	memset(m, 0, sizeof(*m));
	if (lstat(path, &st) == 0)
		errx(2, "%s: exists: a record id map is never overwritten "
		    "(move it away, or name another)", path);
	m->path = path;
	if ((m->tmp = malloc(n + 8)) == NULL)
		err(1, NULL);
	memcpy(m->tmp, path, n);
	memcpy(m->tmp + n, ".XXXXXX", 8);
	/* mkstemp() makes it 0600, new, never through a link */
	if ((m->fd = mkstemp(m->tmp)) < 0)
		err(1, "%s", path);
	ot_temp_guard(m->tmp, NULL);
	ot_audit_output(path, m->tmp);
	if (ot_idmap_write(m, OT_IDMAP_HEADER, sizeof(OT_IDMAP_HEADER) - 1) < 0)
		exit(1);
}

void ot_idmap_row(struct csvw *w, const char *id, size_t len,
    char opaque[37])
{
	ot_uuid4(opaque);
	csvw_field(w, id, len);
	csvw_field_as(w, opaque, 36, true);
	csvw_end(w);
}

int ot_idmap_write(struct ot_idmap *m, const char *buf, size_t len)
{
	if (m->failed)
		return -1;
	if (ot_write_all(m->fd, buf, len) < 0) {
		warn("write error on %s", m->path);
		m->failed = true;
		return -1;
	}
	return 0;
}

bool ot_idmap_close(struct ot_idmap *m, bool ok)
{
	if (m->tmp == NULL)
		return ok;
	ok = ok && !m->failed;
	if (ok && ot_durable_link(m->fd, m->tmp, m->path) < 0) {
		if (errno == EEXIST)
			warnx("%s: exists (made meanwhile): a record id map is "
			    "never overwritten", m->path);
		else
			warn("%s", m->path);
		ok = false;
	}
	if (!ok) {
		unlink(m->tmp);
		ot_audit_output_drop(m->tmp);
	}
	m->placed = ok;
	ot_temp_unguard(m->tmp, NULL);
	close(m->fd);
	free(m->tmp);
	m->tmp = NULL;
	m->fd = -1;
	return ok;
}

void ot_idmap_undo(struct ot_idmap *m)
{
	if (m->path != NULL && m->placed)
		unlink(m->path);
	m->placed = false;
}

/* The table: open addressing over the opaque ids' 16 bytes, which are
 * random; our ids in an arena, each after its 2-byte length. */
struct slot {
	uint64_t k[2];
	size_t off;		/* into the arena, plus 1; 0: empty */
};

struct ot_idmap_table {
	struct slot *slots;
	size_t cap, n;		/* cap a power of 2, at most half full */
	char *arena;
	size_t len, acap;
	size_t budget;
	const char *opt;
	const char *path;
	size_t id_col, opaque_col;
};

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A UUID's 16 bytes as two words, or false. */
static bool uuid_key(const char *s, size_t len, uint64_t k[2])
{
	size_t i, j = 0;
	int h;

	if (len != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' ||
	    s[23] != '-')
		return false;
	k[0] = k[1] = 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			continue;
		if ((h = hexval((unsigned char)s[i])) < 0)
			return false;
		k[j / 16] = k[j / 16] << 4 | (uint64_t)h;
		j++;
	}
	return true;
}

static size_t bytes_of(size_t cap, size_t acap)
{
	return cap * sizeof(struct slot) + acap;
}

static struct slot *find(const struct ot_idmap_table *t, const uint64_t k[2])
{
	size_t i = (size_t)(k[0] ^ k[1] * 0x9e3779b97f4a7c15u) & (t->cap - 1);

	while (t->slots[i].off != 0 &&
	    (t->slots[i].k[0] != k[0] || t->slots[i].k[1] != k[1]))
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

static int too_large(const struct ot_idmap_table *t)
{
	warnx("%s: the record id map needs more than %zu bytes of memory "
	    "(%s): raise %s", t->path, t->budget, t->opt, t->opt);
	return 1;
}

static int rehash(struct ot_idmap_table *t)
{
	struct slot *old = t->slots;
	size_t i, oldcap = t->cap, cap = oldcap ? 2 * oldcap : 1024;

	if (bytes_of(cap, t->acap) > t->budget)
		return too_large(t);
	if ((t->slots = calloc(cap, sizeof(*t->slots))) == NULL)
		err(1, NULL);
	t->cap = cap;
	for (i = 0; i < oldcap; i++)
		if (old[i].off != 0)
			*find(t, old[i].k) = old[i];
	free(old);
	return 0;
}

static int on_header(void *arg, struct csvr *r)
{
	struct ot_idmap_table *t = arg;

	if (ot_find_column(r, "RecordId", &t->id_col) < 0 ||
	    ot_find_column(r, "OpaqueId", &t->opaque_col) < 0) {
		warnx("%s:%lu: not a record id map (no RecordId and OpaqueId "
		    "columns)", r->name, r->rec_line);
		return 1;
	}
	return 0;
}

static int on_record(void *arg, struct csvr *r)
{
	struct ot_idmap_table *t = arg;
	const char *id, *op;
	size_t idlen, oplen, need;
	uint64_t k[2];
	struct slot *s;

	if (r->nf <= t->id_col || r->nf <= t->opaque_col) {
		warnx("%s:%lu: a short row", r->name, r->rec_line);
		return 1;
	}
	id = csvr_field(r, t->id_col, &idlen);
	op = csvr_field(r, t->opaque_col, &oplen);
	if (!uuid_key(op, oplen, k)) {
		warnx("%s:%lu: the OpaqueId is not a UUID", r->name,
		    r->rec_line);
		return 1;
	}
	if (idlen > UINT16_MAX) {
		warnx("%s:%lu: a RecordId longer than %d bytes", r->name,
		    r->rec_line, UINT16_MAX);
		return 1;
	}
	if (2 * (t->n + 1) > t->cap && rehash(t) != 0)
		return 1;
	need = t->len + 2 + idlen;
	if (need > t->acap) {
		size_t cap = t->acap ? t->acap : 4096;

		while (cap < need)
			cap *= 2;
		if (bytes_of(t->cap, cap) > t->budget)
			return too_large(t);
		if ((t->arena = realloc(t->arena, cap)) == NULL)
			err(1, NULL);
		t->acap = cap;
	}
	if ((s = find(t, k))->off != 0) {
		warnx("%s:%lu: the OpaqueId is there twice", r->name,
		    r->rec_line);
		return 1;
	}
	s->k[0] = k[0];
	s->k[1] = k[1];
	s->off = t->len + 1;
	t->arena[t->len] = (char)(idlen >> 8);
	t->arena[t->len + 1] = (char)(idlen & 0xff);
	memcpy(t->arena + t->len + 2, id, idlen);
	t->len = need;
	t->n++;
	return 0;
}

struct ot_idmap_table *ot_idmap_load(const char *path, size_t budget,
    const char *opt)
{
	static const struct ot_stream_ops ops = { on_header, on_record, false };
	struct ot_idmap_table *t = calloc(1, sizeof(*t));
	char *files[1] = { (char *)(uintptr_t)path };

	if (t == NULL)
		err(1, NULL);
	t->budget = budget;
	t->opt = opt;
	t->path = path;
	if (rehash(t) != 0 || ot_run_stream(files, 1, &ops, t) != 0) {
		ot_idmap_free(t);
		return NULL;
	}
	ot_audit_input("record-id-map", path, false);
	ot_audit_count("mapped_ids", t->n);
	return t;
}

size_t ot_idmap_bytes(const struct ot_idmap_table *t)
{
	return t == NULL ? 0 : bytes_of(t->cap, t->acap);
}

bool ot_idmap_lookup(const struct ot_idmap_table *t, const char *id,
    size_t len, const char **own, size_t *ownlen)
{
	uint64_t k[2];
	const struct slot *s;
	const unsigned char *p;

	if (t == NULL || !uuid_key(id, len, k) || (s = find(t, k))->off == 0)
		return false;
	p = (const unsigned char *)t->arena + s->off - 1;
	*ownlen = (size_t)p[0] << 8 | p[1];
	*own = (const char *)p + 2;
	return true;
}

void ot_idmap_free(struct ot_idmap_table *t)
{
	if (t == NULL)
		return;
	free(t->slots);
	free(t->arena);
	free(t);
}
