#include "match/truth.h"
#include "csv/stream.h"
#include "grow.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	uint64_t hash;
	size_t off;		/* in the arena: alen, a, blen, b */
	bool used;
};

struct ot_truth {
	struct slot *slots;
	size_t nslots, n;
	char *arena;
	size_t alen, acap;
	size_t cola, colb;
};

static uint64_t hash(const char *a, size_t alen, const char *b, size_t blen)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < alen; i++)
		h = (h ^ (unsigned char)a[i]) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (i = 0; i < blen; i++)
		h = (h ^ (unsigned char)b[i]) * 1099511628211ULL;
	return h;
}

static bool equal(const struct ot_truth *t, const struct slot *s,
    const char *a, size_t alen, const char *b, size_t blen)
{
	const char *p = t->arena + s->off;
	size_t la, lb;

	memcpy(&la, p, sizeof(la));
	if (la != alen || memcmp(p + sizeof(la), a, alen) != 0)
		return false;
	p += sizeof(la) + la;
	memcpy(&lb, p, sizeof(lb));
	return lb == blen && memcmp(p + sizeof(lb), b, blen) == 0;
}

static struct slot *find(const struct ot_truth *t, uint64_t h,
    const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = h & (t->nslots - 1);

	while (t->slots[i].used && (t->slots[i].hash != h ||
	    !equal(t, &t->slots[i], a, alen, b, blen)))
		i = (i + 1) & (t->nslots - 1);
	return &t->slots[i];
}

static void rehash(struct ot_truth *t)
{
	struct slot *old = t->slots;
	size_t i, n = t->nslots;

	t->nslots = n == 0 ? 1024 : 2 * n;
	if ((t->slots = calloc(t->nslots, sizeof(*t->slots))) == NULL)
		err(1, NULL);
	for (i = 0; i < n; i++)
		if (old[i].used) {
			size_t k = old[i].hash & (t->nslots - 1);

			while (t->slots[k].used)
				k = (k + 1) & (t->nslots - 1);
			t->slots[k] = old[i];
		}
	free(old);
}

static void add(struct ot_truth *t, const char *a, size_t alen,
    const char *b, size_t blen)
{
	uint64_t h = hash(a, alen, b, blen);
	struct slot *s;

	if (2 * (t->n + 1) > t->nslots)
		rehash(t);
	if ((s = find(t, h, a, alen, b, blen))->used)
		return;
	t->arena = ot_grow(t->arena, &t->acap, t->alen + 2 * sizeof(size_t) +
	    alen + blen, 1);
	s->used = true;
	s->hash = h;
	s->off = t->alen;
	memcpy(t->arena + t->alen, &alen, sizeof(alen));
	memcpy(t->arena + t->alen + sizeof(alen), a, alen);
	t->alen += sizeof(alen) + alen;
	memcpy(t->arena + t->alen, &blen, sizeof(blen));
	memcpy(t->arena + t->alen + sizeof(blen), b, blen);
	t->alen += sizeof(blen) + blen;
	t->n++;
}

static int on_header(void *arg, struct csvr *r)
{
	struct ot_truth *t = arg;

	if (ot_find_column(r, "RecordIdA", &t->cola) < 0 ||
	    ot_find_column(r, "RecordIdB", &t->colb) < 0) {
		if (r->nf < 2) {
			warnx("%s:%lu: a truth file has two columns, our "
			    "RecordId and theirs (RecordIdA,RecordIdB)",
			    r->name, r->rec_line);
			return 1;
		}
		t->cola = 0;
		t->colb = 1;
	}
	return 0;
}

static int on_record(void *arg, struct csvr *r)
{
	struct ot_truth *t = arg;
	const char *a, *b;
	size_t alen, blen;

	if (r->nf <= t->cola || r->nf <= t->colb) {
		warnx("%s:%lu: %zu fields, too few for a pair", r->name,
		    r->rec_line, r->nf);
		return 1;
	}
	a = csvr_field(r, t->cola, &alen);
	b = csvr_field(r, t->colb, &blen);
	add(t, a, alen, b, blen);
	return 0;
}

struct ot_truth *ot_truth_read(const char *path)
{
	static const struct ot_stream_ops ops = { on_header, on_record, false };
	struct ot_truth *t = calloc(1, sizeof(*t));
	char *files[1] = { (char *)path };

	if (t == NULL)
		err(1, NULL);
	rehash(t);
	if (ot_run_stream(files, 1, &ops, t) != 0) {
		ot_truth_free(t);
		return NULL;
	}
	return t;
}

uint64_t ot_truth_count(const struct ot_truth *t)
{
	return t->n;
}

bool ot_truth_has(const struct ot_truth *t, const char *a, size_t alen,
    const char *b, size_t blen)
{
	return find(t, hash(a, alen, b, blen), a, alen, b, blen)->used;
}

void ot_truth_free(struct ot_truth *t)
{
	if (t == NULL)
		return;
	free(t->slots);
	free(t->arena);
	free(t);
}
