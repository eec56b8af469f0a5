/*
 * ot-match's pairs: the candidates the join finds (our record, theirs,
 * one rule whose token they share) are spooled by our record, gathered
 * pair by pair (a pair's rules are those of its candidates), scored,
 * filtered and written in the order of our records, then theirs.
 *
 * A candidate that cannot reach --min-rules, by its records' profiles,
 * is dropped before it is spooled.  A part of the spool too large to
 * load is split again by the range of our records it holds, or of theirs
 * when it holds one of ours, so that memory stays within the budget
 * however many partners one record has; what a record's pairs need to know across parts (its best score,
 * its candidates) is kept in arrays of a byte and two bits per record.
 */
#include "match/run.h"
#include "match/truth.h"
#include "grow.h"
#include "token/ruleset.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum pass { PASS_BEST, PASS_CANDIDATES, PASS_OUTPUT };

/* A candidate as loaded: its ids are in the arena. */
struct cand {
	uint32_t a, b;
	uint32_t aoff, boff;
	uint16_t alen, blen;
	uint8_t rule;
};

/* A candidate spooled: a, b, rule, ours' id length and id, theirs'. */
#define CAND_FIXED	(4 + 4 + 1 + 2 + 2)

/* A candidate as read from a spool, one at a time. */
struct entry {
	uint32_t a, b;
	uint8_t rule;
	uint16_t alen, blen;
	char aid[ID_MAX], bid[ID_MAX];
};

/* A pair of records, its candidates gathered. */
struct pair {
	uint32_t a, b;
	uint64_t mask;		/* the rules (name indexes) that agree */
	uint8_t count[OT_MATCH_MAX_RULES];	/* ... in how many rows */
	int nrules;		/* how many rules agree, or 0 below --min-rules */
	int score;		/* their weights, up to OT_MATCH_MAX_SCORE */
	const char *aid, *bid;
	uint16_t alen, blen;
};

/* Where a pass is: the record of ours whose pairs it is reading. */
struct cursor {
	enum pass pass;
	bool open;
	uint32_t a;
	uint64_t written;	/* its pairs written */
	uint64_t cands;		/* --one-to-one: its candidates */
	uint16_t idlen;
	char id[ID_MAX];
};

uint8_t ot_match_get2(const uint8_t *m, uint64_t i)
{
	return (uint8_t)((m[i / 4] >> (2 * (i % 4))) & 3);
}

void ot_match_inc2(uint8_t *m, uint64_t i)
{
	uint8_t v = ot_match_get2(m, i);

	if (v < 2)
		m[i / 4] = (uint8_t)((m[i / 4] & ~(3 << (2 * (i % 4)))) |
		    ((v + 1) << (2 * (i % 4))));
}

/* What the profiles of a and b share: the rules, and the points of the
 * rows that agree.  Equal tokens have equal prefixes, so it holds every
 * rule they agree on (and by chance, at odds of 2^-16 a row, one they
 * do not, which only keeps a candidate the pairs then drop).  All rules
 * and every point when either has no profile. */
static uint64_t profile_agree(const struct run *run, const struct rec *a,
    const struct rec *b, int *points)
{
	const unsigned char *p = a->prof, *q = b->prof;
	const unsigned char *pe = p + (size_t)a->nprof * PROFILE_ENTRY;
	const unsigned char *qe = q + (size_t)b->nprof * PROFILE_ENTRY;
	uint64_t mask = 0;
	int c;

	*points = OT_MATCH_MAX_SCORE;
	if (a->nprof == PROFILE_UNKNOWN || b->nprof == PROFILE_UNKNOWN)
		return ~UINT64_C(0);
	*points = 0;
	while (p < pe && q < qe) {
		if ((c = memcmp(p, q, PROFILE_ENTRY)) == 0 &&
		    ((run->allowed >> p[0]) & 1)) {
			mask |= UINT64_C(1) << p[0];
			*points += run->weight[p[0]];
		}
		if (c <= 0)
			p += PROFILE_ENTRY;
		if (c >= 0)
			q += PROFILE_ENTRY;
	}
	return mask;
}

static void put(struct spool *s, uint32_t a, uint32_t b, uint8_t rule,
    const char *aid, uint16_t alen, const char *bid, uint16_t blen)
{
	spool_write(s, &a, 4);
	spool_write(s, &b, 4);
	spool_write(s, &rule, 1);
	spool_write(s, &alen, 2);
	spool_write(s, aid, alen);
	spool_write(s, &blen, 2);
	spool_write(s, bid, blen);
}

static void widen(struct ot_match_range *r, uint32_t a, uint32_t b)
{
	if (!r->any) {
		r->amin = r->amax = a;
		r->bmin = r->bmax = b;
		r->any = true;
		return;
	}
	r->amin = a < r->amin ? a : r->amin;
	r->amax = a > r->amax ? a : r->amax;
	r->bmin = b < r->bmin ? b : r->bmin;
	r->bmax = b > r->bmax ? b : r->bmax;
}

void ot_match_candidate(struct run *run, int rule, const struct rec *a,
    const struct rec *b)
{
	uint64_t q, mask;
	int points;

	if (run->profiles) {
		mask = profile_agree(run, a, b, &points);
		if (__builtin_popcountll(mask & run->allowed) <
		    run->o->min_rules || (run->prune_score &&
		    points < run->o->threshold))
			return;
	}
	q = a->seq / run->qrange;
	put(&run->pairs[q], a->seq, b->seq, (uint8_t)rule, a->id, a->idlen,
	    b->id, b->idlen);
	widen(&run->pair_range[q], a->seq, b->seq);
}

static bool read_entry(struct spool *s, struct entry *e)
{
	if (!spool_read(s, &e->a, 4))
		return false;
	if (!spool_read(s, &e->b, 4) || !spool_read(s, &e->rule, 1) ||
	    !spool_read(s, &e->alen, 2) ||
	    (e->alen > 0 && !spool_read(s, e->aid, e->alen)) ||
	    !spool_read(s, &e->blen, 2) ||
	    (e->blen > 0 && !spool_read(s, e->bid, e->blen)))
		errx(1, "internal error: a candidate cut short");
	return true;
}

static int cmp_cand(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return (a->rule > b->rule) - (a->rule < b->rule);
}

/* "T1;T3;T7:12": the rules that agree, in name order, with the rows
 * that do of a rule of several; into out, its length. */
static size_t rule_list(const struct run *run, const struct pair *p,
    char *out)
{
	size_t n = 0, len;
	int i, k;

	for (i = 0; i < run->nrules; i++) {
		k = run->order[i];
		if (!(p->mask & (UINT64_C(1) << k)))
			continue;
		if (n > 0)
			out[n++] = ';';
		len = strlen(run->names[k]);
		memcpy(out + n, run->names[k], len);
		n += len;
		if (ot_rule_known(run->names[k], len)->rows > 1)
			n += (size_t)sprintf(out + n, ":%d", p->count[k]);
	}
	return n;
}

/* Against the truth: the pairs written, by the rules that agree. */
static void count_combo(struct run *run, const struct pair *p, bool truth)
{
	struct ot_match_stats *st = run->st;
	int i;

	for (i = 0; i < st->ncombos; i++)
		if (st->combo_mask[i] == p->mask)
			break;
	if (i == st->ncombos) {
		if (st->ncombos < OT_MATCH_MAX_COMBOS)
			st->combo_mask[st->ncombos++] = p->mask;
		else
			i = OT_MATCH_MAX_COMBOS;	/* other */
	}
	st->combo_pairs[i]++;
	st->combo_true[i] += truth;
}

static void write_pair(struct run *run, const struct pair *p, bool truth)
{
	char rules[OT_MATCH_MAX_RULES * 40], score[16];
	const char *id;
	size_t idlen;
	int i;

	if (ot_idmap_lookup(run->o->idmap, p->aid, p->alen, &id, &idlen))
		csvw_field(&run->out, id, idlen);
	else
		csvw_field(&run->out, p->aid, p->alen);
	if (ot_idmap_lookup(run->o->idmap, p->bid, p->blen, &id, &idlen))
		csvw_field(&run->out, id, idlen);
	else
		csvw_field(&run->out, p->bid, p->blen);
	csvw_field(&run->out, rules, rule_list(run, p, rules));
	csvw_field(&run->out, score, (size_t)sprintf(score, "%d", p->score));
	csvw_end(&run->out);
	for (i = 0; i < run->nrules; i++)
		if (p->mask & (UINT64_C(1) << run->order[i]))
			run->st->by_rule[i]++;
	run->st->pairs++;
	run->st->by_count[p->nrules]++;
	run->st->by_score[p->score]++;
	if (run->truth != NULL)
		count_combo(run, p, truth);
	ot_match_inc2(run->seen_b, p->b);
}

/* A pair the selection keeps, at its score: written when it reaches
 * the threshold; against the truth, counted at its score whatever it
 * is, since the selection at a higher threshold keeps the same pairs
 * above it. */
static void keep(struct run *run, struct cursor *c, const struct pair *p)
{
	bool truth = run->truth != NULL && ot_truth_has(run->truth, p->aid,
	    p->alen, p->bid, p->blen);

	if (run->truth != NULL) {
		run->st->kept_by_score[p->score]++;
		run->st->true_by_score[p->score] += truth;
	}
	if (p->score < run->o->threshold)
		return;
	write_pair(run, p, truth);
	c->written++;
}

/* The end of the pass's record of ours: what its pairs add up to. */
static void close_record(struct run *run, struct cursor *c)
{
	if (!c->open)
		return;
	c->open = false;
	if (c->pass != PASS_OUTPUT)
		return;
	if (c->cands > 1) {
		run->side[0].ambiguous++;
		if (run->o->verbose)
			warnx("ambiguous: our record %.*s has %llu equally good "
			    "partners", (int)c->idlen, c->id,
			    (unsigned long long)c->cands);
	}
	run->side[0].matched += c->written > 0;
	run->side[0].several += c->written > 1;
}

/* One pair, in the pass's way.  --one-to-one keeps a pair when its score
 * is the best of both its records and it is the only such pair of
 * either. */
static void take(struct run *run, struct cursor *c, const struct pair *p)
{
	uint8_t *best = run->best[0], *bestb = run->best[1];

	if (!c->open || c->a != p->a) {
		close_record(run, c);
		c->open = true;
		c->a = p->a;
		c->written = c->cands = 0;
		c->idlen = p->alen;
		memcpy(c->id, p->aid, p->alen);
	}
	if (p->nrules == 0)
		return;
	if (c->pass == PASS_OUTPUT)
		run->st->candidates++;
	if (!run->o->one_to_one) {
		if (c->pass == PASS_OUTPUT)
			keep(run, c, p);
		return;
	}
	switch (c->pass) {
	case PASS_BEST:
		if (p->score > best[p->a])
			best[p->a] = (uint8_t)p->score;
		if (p->score > bestb[p->b])
			bestb[p->b] = (uint8_t)p->score;
		break;
	case PASS_CANDIDATES:
		if (p->score == best[p->a] && p->score == bestb[p->b]) {
			ot_match_inc2(run->cand[0], p->a);
			ot_match_inc2(run->cand[1], p->b);
		}
		break;
	case PASS_OUTPUT:
		if (p->score == best[p->a] && p->score == bestb[p->b]) {
			if (p->score >= run->o->threshold)
				c->cands++;
			if (ot_match_get2(run->cand[0], p->a) == 1 &&
			    ot_match_get2(run->cand[1], p->b) == 1)
				keep(run, c, p);
		}
		break;
	}
}

/* The candidates of s, loaded, sorted and gathered into pairs.  The
 * arrays are reserved for the most candidates the spool's size allows,
 * which touches no more memory than they use. */
static void gather(struct run *run, struct spool *s, struct cursor *c,
    struct entry *e)
{
	struct cand *v = NULL;
	char *arena = NULL;
	size_t n = 0, cap = 0, alen = 0, acap = 0, i, j;
	struct pair p;
	int score;

	v = ot_grow(v, &cap, s->size / CAND_FIXED + 1, sizeof(*v));
	arena = ot_grow(arena, &acap, s->size + 1, 1);
	spool_rewind(s);
	while (read_entry(s, e)) {
		struct cand *t = &v[n++];

		t->a = e->a;
		t->b = e->b;
		t->rule = e->rule;
		t->alen = e->alen;
		t->blen = e->blen;
		t->aoff = (uint32_t)alen;
		memcpy(arena + alen, e->aid, e->alen);
		alen += e->alen;
		t->boff = (uint32_t)alen;
		memcpy(arena + alen, e->bid, e->blen);
		alen += e->blen;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_cand);
	for (i = 0; i < n; i = j) {
		p.a = v[i].a;
		p.b = v[i].b;
		p.mask = 0;
		memset(p.count, 0, sizeof(p.count));
		p.score = 0;
		for (j = i; j < n && v[j].a == p.a && v[j].b == p.b; j++) {
			if (!((run->allowed >> v[j].rule) & 1))
				continue;
			p.mask |= UINT64_C(1) << v[j].rule;
			if (p.count[v[j].rule] < UINT8_MAX)
				p.count[v[j].rule]++;
			p.score += run->weight[v[j].rule];
		}
		if (p.score > OT_MATCH_MAX_SCORE)
			p.score = OT_MATCH_MAX_SCORE;
		score = __builtin_popcountll(p.mask);
		p.nrules = score >= run->o->min_rules ? score : 0;
		p.aid = arena + v[i].aoff;
		p.alen = v[i].alen;
		p.bid = arena + v[i].boff;
		p.blen = v[i].blen;
		take(run, c, &p);
	}
	free(v);
	free(arena);
}

/* The candidates of s, whose records are in r: gathered when they fit
 * (or are all of one pair), else split into NPART parts by the range of
 * our records they hold, or of theirs when they are of one of ours, and
 * each part gathered in turn, in order (s is kept for the next pass). */
static void visit(struct run *run, struct spool *s,
    const struct ot_match_range *r, struct cursor *c, struct entry *e)
{
	struct ot_match_range *subr;
	struct spool *sub;
	bool by_a = r->amin != r->amax;
	uint32_t lo = by_a ? r->amin : r->bmin, step;
	uint64_t parts;
	int p;

	if (!r->any || s->size * 3 <= run->load_limit ||
	    (!by_a && r->bmin == r->bmax)) {
		gather(run, s, c, e);
		return;
	}
	run->st->partitioned = true;
	/* twice the parts that would fit if even, and no more: each part
	 * may be a file */
	parts = s->size * 3 / (run->load_limit + 1) * 2 + 2;
	parts = parts < NPART ? parts : NPART;
	step = (uint32_t)((by_a ? r->amax - r->amin : r->bmax - r->bmin) /
	    parts + 1);
	if ((sub = calloc(NPART, sizeof(*sub))) == NULL ||
	    (subr = calloc(NPART, sizeof(*subr))) == NULL)
		err(1, NULL);
	spool_rewind(s);
	while (read_entry(s, e)) {
		p = (int)(((by_a ? e->a : e->b) - lo) / step);
		put(&sub[p], e->a, e->b, e->rule, e->aid, e->alen, e->bid,
		    e->blen);
		widen(&subr[p], e->a, e->b);
	}
	for (p = 0; p < NPART; p++) {
		visit(run, &sub[p], &subr[p], c, e);
		spool_free(&sub[p]);
	}
	free(sub);
	free(subr);
}

static void pass(struct run *run, enum pass which, struct entry *e)
{
	static struct cursor c;
	int q;

	memset(&c, 0, sizeof(c));
	c.pass = which;
	for (q = 0; q < NPART; q++)
		visit(run, &run->pairs[q], &run->pair_range[q], &c, e);
	close_record(run, &c);
}

void ot_match_pairs(struct run *run)
{
	struct entry *e = malloc(sizeof(*e));

	if (e == NULL)
		err(1, NULL);
	if (run->o->one_to_one) {
		pass(run, PASS_BEST, e);
		pass(run, PASS_CANDIDATES, e);
	}
	pass(run, PASS_OUTPUT, e);
	free(e);
}
