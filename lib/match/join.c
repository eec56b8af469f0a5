/*
 * The join of ot-match: a grace hash join of the two sides' token rows
 * on (RuleId, Token).  A partition pair that fits the memory budget is
 * loaded, sorted and merged; one too large is split by the next byte of
 * the token; one whose rows all hold a single token (which no split can
 * divide) is joined by reading its spools, never loading them.  A group,
 * the records of both sides holding one token, makes candidates only
 * when its rule counts and neither side holds it in more than
 * --max-group records, which bounds the work and the temporary disk of
 * any one token whatever a partner sends.
 */
#include "match/run.h"
#include "grow.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>

/* A token row as loaded: its id then its profile are in the arena. */
struct ent {
	unsigned char tok[32];
	uint32_t seq;
	uint32_t off;
	uint16_t idlen;
	uint8_t rule;
	uint8_t nprof;
};

struct table {
	struct ent *v;
	size_t n, cap;
	unsigned char *arena;
	size_t alen, acap;
};

/* A token row as read from a spool, one at a time. */
struct row {
	uint8_t rule;
	unsigned char tok[32];
	struct rec r;
	char id[ID_MAX];
	unsigned char prof[PROFILE_MAX * PROFILE_ENTRY];
};

/* A row spooled: rule, token, seq, id length, profile entries, id,
 * profile. */
#define ROW_FIXED	(1 + 32 + 4 + 2 + 1)

static size_t prof_bytes(uint8_t nprof)
{
	return nprof == PROFILE_UNKNOWN ? 0 : (size_t)nprof * PROFILE_ENTRY;
}

void ot_match_spool_row(struct spool *s, uint8_t rule,
    const unsigned char tok[32], const struct rec *r)
{
	spool_write(s, &rule, 1);
	spool_write(s, tok, 32);
	spool_write(s, &r->seq, 4);
	spool_write(s, &r->idlen, 2);
	spool_write(s, &r->nprof, 1);
	spool_write(s, r->id, r->idlen);
	spool_write(s, r->prof, prof_bytes(r->nprof));
}

/* The next row of s into w; false at the end. */
static bool read_row(struct spool *s, struct row *w)
{
	size_t np;

	if (!spool_read(s, &w->rule, 1))
		return false;
	if (!spool_read(s, w->tok, 32) || !spool_read(s, &w->r.seq, 4) ||
	    !spool_read(s, &w->r.idlen, 2) || !spool_read(s, &w->r.nprof, 1) ||
	    (w->r.idlen > 0 && !spool_read(s, w->id, w->r.idlen)) ||
	    ((np = prof_bytes(w->r.nprof)) > 0 && !spool_read(s, w->prof, np)))
		errx(1, "internal error: a token row cut short");
	w->r.id = w->id;
	w->r.prof = w->prof;
	return true;
}

static struct row *new_row(void)
{
	struct row *w = malloc(sizeof(*w));

	if (w == NULL)
		err(1, NULL);
	return w;
}

static int cmp_ent(const void *x, const void *y)
{
	const struct ent *a = x, *b = y;
	int c;

	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	if ((c = memcmp(a->tok, b->tok, 32)) != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The rows of s, sorted.  The arrays are reserved for the most rows the
 * spool's size allows, which touches no more memory than they use. */
static void load(struct spool *s, struct table *t, struct row *w)
{
	size_t np;

	memset(t, 0, sizeof(*t));
	t->v = ot_grow(NULL, &t->cap, s->size / ROW_FIXED + 1, sizeof(*t->v));
	t->arena = ot_grow(NULL, &t->acap, s->size + 1, 1);
	spool_rewind(s);
	while (read_row(s, w)) {
		struct ent *e = &t->v[t->n++];

		memcpy(e->tok, w->tok, 32);
		e->seq = w->r.seq;
		e->off = (uint32_t)t->alen;
		e->idlen = w->r.idlen;
		e->rule = w->rule;
		e->nprof = w->r.nprof;
		np = prof_bytes(w->r.nprof);
		memcpy(t->arena + t->alen, w->id, w->r.idlen);
		memcpy(t->arena + t->alen + w->r.idlen, w->prof, np);
		t->alen += w->r.idlen + np;
	}
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), cmp_ent);
}

static void table_free(struct table *t)
{
	free(t->v);
	free(t->arena);
	memset(t, 0, sizeof(*t));
}

static struct rec view(const struct table *t, const struct ent *e)
{
	struct rec r;

	r.seq = e->seq;
	r.idlen = e->idlen;
	r.nprof = e->nprof;
	r.id = (const char *)t->arena + e->off;
	r.prof = t->arena + e->off + e->idlen;
	return r;
}

/* Whether a group both sides hold, of ra and rb records, makes
 * candidates: its rule counts, and neither side holds its token in more
 * than --max-group records (such a group is counted). */
static bool usable(struct run *run, int rule, uint64_t ra, uint64_t rb)
{
	if (!((run->allowed >> rule) & 1))
		return false;
	if (ra > run->o->max_group || rb > run->o->max_group) {
		run->oversized[rule]++;
		return false;
	}
	return true;
}

/* The end of the group of equal keys starting at i; the number of
 * distinct records in it into *recs. */
static size_t group_end(const struct ent *e, size_t n, size_t i, size_t *recs)
{
	size_t j = i + 1;

	*recs = 1;
	while (j < n && e[j].rule == e[i].rule &&
	    memcmp(e[j].tok, e[i].tok, 32) == 0) {
		if (e[j].seq != e[j - 1].seq)
			(*recs)++;
		j++;
	}
	return j;
}

static int cmp_key(const struct ent *a, const struct ent *b)
{
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return memcmp(a->tok, b->tok, 32);
}

/* The candidates of the records in a[i, ie) and b[j, je), each record
 * once. */
static void group_pairs(struct run *run, int rule, const struct table *ta,
    size_t i, size_t ie, const struct table *tb, size_t j, size_t je)
{
	const struct ent *a = ta->v, *b = tb->v;
	struct rec x, y;
	size_t k, l;

	for (k = i; k < ie; k++) {
		if (k > i && a[k].seq == a[k - 1].seq)
			continue;
		x = view(ta, &a[k]);
		for (l = j; l < je; l++)
			if (l == j || b[l].seq != b[l - 1].seq) {
				y = view(tb, &b[l]);
				ot_match_candidate(run, rule, &x, &y);
			}
	}
}

/* Join the token rows of one partition by merging the sorted sides. */
static void merge(struct run *run, struct table *ta, struct table *tb)
{
	const struct ent *a = ta->v, *b = tb->v;
	size_t i = 0, j = 0, ie = 0, je = 0, ra = 0, rb = 0;
	int c;

	while (i < ta->n || j < tb->n) {
		c = i == ta->n ? 1 : j == tb->n ? -1 : cmp_key(&a[i], &b[j]);
		if (c <= 0) {
			ie = group_end(a, ta->n, i, &ra);
			run->side[0].collisions += ra > 1;
		}
		if (c >= 0) {
			je = group_end(b, tb->n, j, &rb);
			run->side[1].collisions += rb > 1;
		}
		if (c == 0) {
			run->side[0].shared[a[i].rule] += ie - i;
			run->side[1].shared[b[j].rule] += je - j;
			if (usable(run, a[i].rule, ra, rb))
				group_pairs(run, a[i].rule, ta, i, ie, tb, j, je);
		}
		if (c <= 0)
			i = ie;
		if (c >= 0)
			j = je;
	}
}

/* The candidates of rule in a partition of one token, each side's
 * records read from its spool: ours once, theirs once for each of ours
 * (at most --max-group times). */
static void stream_pairs(struct run *run, int rule, struct spool *a,
    struct spool *b, struct row *x, struct row *y)
{
	uint64_t lastx = UINT64_MAX, lasty;

	spool_rewind(a);
	while (read_row(a, x)) {
		if (x->rule != rule || x->r.seq == lastx)
			continue;
		lastx = x->r.seq;
		lasty = UINT64_MAX;
		spool_rewind(b);
		while (read_row(b, y))
			if (y->rule == rule && y->r.seq != lasty) {
				lasty = y->r.seq;
				ot_match_candidate(run, rule, &x->r, &y->r);
			}
	}
}

/* Join a partition whose rows all hold one token, too large to load: its
 * groups (one a rule) counted in a pass over each side, then joined from
 * the spools.  A spool holds a side's rows in input order, so that a
 * record's rows of one rule follow each other. */
static void stream_join(struct run *run, struct spool *a, struct spool *b,
    struct row *x, struct row *y)
{
	uint64_t rows[2][OT_MATCH_MAX_RULES], recs[2][OT_MATCH_MAX_RULES];
	uint64_t last[2][OT_MATCH_MAX_RULES];
	int s, k;

	memset(rows, 0, sizeof(rows));
	memset(recs, 0, sizeof(recs));
	for (s = 0; s < 2; s++) {
		struct spool *sp = s == 0 ? a : b;

		spool_rewind(sp);
		while (read_row(sp, x)) {
			if (rows[s][x->rule]++ == 0 || last[s][x->rule] != x->r.seq)
				recs[s][x->rule]++;
			last[s][x->rule] = x->r.seq;
		}
	}
	for (k = 0; k < run->nrules; k++) {
		for (s = 0; s < 2; s++)
			run->side[s].collisions += recs[s][k] > 1;
		if (rows[0][k] == 0 || rows[1][k] == 0)
			continue;
		run->side[0].shared[k] += rows[0][k];
		run->side[1].shared[k] += rows[1][k];
		if (usable(run, k, recs[0][k], recs[1][k]))
			stream_pairs(run, k, a, b, x, y);
	}
}

/* Join partition a with b: loaded when it fits, else split again by the
 * next byte of the token, unless all its rows hold one token (one_token,
 * or at the last byte), which is joined from the spools. */
static void join(struct run *run, struct spool *a, struct spool *b, int depth,
    bool one_token, struct row *w, struct row *w2)
{
	unsigned char first[32];
	bool have = false, same = true;
	struct table ta, tb;
	struct spool *sub;
	int k, p;

	run->st->partitions++;
	if ((a->size + b->size) * 2 <= run->load_limit) {
		load(a, &ta, w);
		load(b, &tb, w);
		merge(run, &ta, &tb);
		table_free(&ta);
		table_free(&tb);
		return;
	}
	run->st->partitioned = true;
	if (one_token || depth == 31) {
		stream_join(run, a, b, w, w2);
		return;
	}
	run->st->partitions--;	/* counted in its parts */
	if ((sub = calloc(2 * NPART, sizeof(*sub))) == NULL)
		err(1, NULL);
	for (k = 0; k < 2; k++) {
		struct spool *s = k == 0 ? a : b;

		spool_rewind(s);
		while (read_row(s, w)) {
			if (!have)
				memcpy(first, w->tok, 32);
			else if (same && memcmp(first, w->tok, 32) != 0)
				same = false;
			have = true;
			ot_match_spool_row(&sub[k * NPART + w->tok[depth + 1]],
			    w->rule, w->tok, &w->r);
		}
		spool_free(s);
	}
	for (p = 0; p < NPART; p++) {
		join(run, &sub[p], &sub[NPART + p], depth + 1,
		    same && p == first[depth + 1], w, w2);
		spool_free(&sub[p]);
		spool_free(&sub[NPART + p]);
	}
	free(sub);
}

void ot_match_join(struct run *run)
{
	struct row *w = new_row(), *w2 = new_row();
	int p;

	for (p = 0; p < NPART; p++) {
		join(run, &run->part[0][p], &run->part[1][p], 0, false, w, w2);
		spool_free(&run->part[0][p]);
		spool_free(&run->part[1][p]);
	}
	free(w);
	free(w2);
}
