#include "match/match.h"
#include "token/algs.h"
#include "token/jwe.h"
#include "grow.h"
#include "base64.h"
#include "cli.h"
#include "csv/csvwrite.h"
#include "jstring.h"
#include "spool.h"
#include "csv/stream.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Partitions per level: one byte of the token (HMAC output, so uniform)
 * picks one, byte d at depth d. */
#define NPART		256
#define ID_MAX		65535

/* A token row as spooled: rule, token, record, id. */
struct ent {
	unsigned char tok[32];
	uint32_t seq;
	uint32_t idoff;
	uint16_t idlen;
	uint8_t rule;
};

/* A (record of ours, record of theirs, rule) that agreed. */
struct trip {
	uint32_t a, b;
	uint32_t aoff, boff;
	uint16_t alen, blen;
	uint8_t rule;
};

struct table {
	void *v;		/* struct ent or struct trip */
	size_t n, cap, size;
	char *arena;
	size_t alen, acap;
};

enum pass { PASS_BEST, PASS_CANDIDATES, PASS_OUTPUT };

struct run {
	const struct ot_match_input *in;
	const struct ot_match_opts *o;
	struct ot_match_stats *st;
	int nrules;
	char names[OT_MATCH_MAX_RULES][33];	/* first seen first */
	uint64_t seen_rules[2];			/* which names each side has */
	uint64_t allowed;
	int order[OT_MATCH_MAX_RULES];		/* names in byte order */
	struct spool part[2][NPART];
	struct spool pairs[NPART];
	uint64_t nrec[2], qrange;
	size_t load_limit;
	struct ot_match_side side[2];		/* counts by name index */
	struct csvw out;
	/* --one-to-one: best score of each of theirs; candidates of each
	 * of theirs (0, 1, 2+) two bits each; also which of theirs are
	 * in a pair written (bit 0) and in two (bit 1) */
	uint8_t *best_b;
	uint8_t *cand_b;
	uint8_t *seen_b;
	struct ot_algs algs;			/* what both sides are made with */
	int64_t now;
};

/* Reading one side. */
struct reader {
	struct run *run;
	int side;
	size_t rule_col, tok_col, id_col, nf;
	bool have_header;
	char *last;
	size_t lastlen, lastcap;
	bool started;		/* a record has begun */
	bool in_record;		/* ... and has a non-blank token */
	char plain[OT_V1_MAX + 1];
	struct ot_v1_expiry expiry;
};

static uint8_t get2(const uint8_t *m, uint64_t i)
{
	return (uint8_t)((m[i / 4] >> (2 * (i % 4))) & 3);
}

static void set2(uint8_t *m, uint64_t i, uint8_t v)
{
	m[i / 4] = (uint8_t)((m[i / 4] & ~(3 << (2 * (i % 4)))) |
	    (v << (2 * (i % 4))));
}

static void inc2(uint8_t *m, uint64_t i)
{
	uint8_t v = get2(m, i);

	if (v < 2)
		set2(m, i, (uint8_t)(v + 1));
}

static const char *ot_input_display(const struct ot_match_input *in)
{
	return in->name != NULL ? in->name : ot_input_name(in->path);
}

static int find_col(const struct csvr *r, const char *name, size_t *col)
{
	size_t i, len;

	for (i = 0; i < r->nf; i++) {
		const char *f = csvr_field(r, i, &len);

		if (len == strlen(name) && memcmp(f, name, len) == 0) {
			*col = i;
			return 0;
		}
	}
	warnx("%s:%lu: no %s column: not a token stream (RuleId,Token,"
	    "RecordId)", r->name, r->rec_line, name);
	return -1;
}

static int on_header(void *arg, struct csvr *r)
{
	struct reader *rd = arg;

	if (rd->have_header) {
		warnx("%s: one token stream per side", r->name);
		return 1;
	}
	if (find_col(r, "RuleId", &rd->rule_col) < 0 ||
	    find_col(r, "Token", &rd->tok_col) < 0 ||
	    find_col(r, "RecordId", &rd->id_col) < 0)
		return 1;
	rd->nf = r->nf;
	rd->have_header = true;
	return 0;
}

static int rule_index(struct run *run, const char *s, size_t len,
    const struct csvr *r)
{
	int i;

	for (i = 0; i < run->nrules; i++)
		if (strlen(run->names[i]) == len &&
		    memcmp(run->names[i], s, len) == 0)
			return i;
	if (len == 0 || len > 32) {
		warnx("%s:%lu: a RuleId of %zu characters", r->name,
		    r->rec_line, len);
		return -1;
	}
	if (run->nrules == OT_MATCH_MAX_RULES) {
		warnx("%s:%lu: more than %d RuleIds", r->name, r->rec_line,
		    OT_MATCH_MAX_RULES);
		return -1;
	}
	memcpy(run->names[run->nrules], s, len);
	run->names[run->nrules][len] = '\0';
	return run->nrules++;
}

/* The 32 bytes of a hash-only token (the first 32 of a longer MAC),
 * decrypting it first when it is encrypted and there is a key; 0 for a
 * blank one (or a V1 vector, or an expired V1 token, counted); else -1
 * and why. */
static int token_bytes(struct reader *rd, const struct csvr *r,
    const char *t, size_t len, unsigned char tok[32], const char **why)
{
	static char msg[768];
	struct ot_v1_claims c;
	size_t plen;

	j_trim(&t, &len);
	if (ot_is_blank_token(t, len))
		return 0;
	if (ot_is_v1_token(t, len)) {
		if (rd->run->in[rd->side].v1 == NULL) {
			*why = "a V1 token: decrypt it first, or give the key";
			return -1;
		}
		if ((*why = ot_v1_open(rd->run->in[rd->side].v1, t, len,
		    rd->plain, &plen, &c)) != NULL)
			return -1;
		if (!rd->run->o->ignore_expiry && ot_v1_expiry_count(
		    &rd->expiry, &c, rd->run->now, r->name, r->rec_line))
			return 0;
		t = rd->plain;
		len = plen;
		if (c.dims > 0 || ot_is_blank_token(t, len))
			return 0;
		if ((*why = ot_algs_v1(&rd->run->algs, c.hash_alg, c.mac_alg,
		    r->name, r->rec_line, msg, sizeof(msg))) != NULL)
			return -1;
	} else {
		if ((*why = ot_algs_hashed(&rd->run->algs, r->name,
		    r->rec_line, msg, sizeof(msg))) != NULL)
			return -1;
		if (len != ot_mac_token_len(rd->run->algs.mac) &&
		    rd->run->in[rd->side].cipher != NULL) {
			if ((*why = ot_decrypt_token(rd->run->in[rd->side].cipher,
			    t, len, rd->plain, &plen)) != NULL)
				return -1;
			t = rd->plain;
			len = plen;
			if (ot_is_blank_token(t, len))
				return 0;
		}
	}
	if (!ot_mac_token(rd->run->algs.mac, t, len, tok)) {
		snprintf(msg, sizeof(msg), "%s (%zu base64 characters)%s",
		    rd->run->algs.mac == OT_HS256 ? "not a hash-only token" :
		    "not a hash-only token of the MAC in force",
		    ot_mac_token_len(rd->run->algs.mac),
		    rd->run->in[rd->side].cipher != NULL ?
		    ", nor one the key decrypts to one" :
		    ": decrypt it first, or give the key");
		*why = msg;
		return -1;
	}
	return 1;
}

static int on_record(void *arg, struct csvr *r)
{
	struct reader *rd = arg;
	struct run *run = rd->run;
	struct ot_match_side *sd = &run->side[rd->side];
	const char *rule, *tok, *id, *why = NULL;
	size_t rlen, tlen, idlen;
	unsigned char b[32];
	uint32_t seq;
	uint16_t l16;
	uint8_t ri;
	int k, t;

	if (r->nf != rd->nf) {
		warnx("%s:%lu: %zu fields where the header has %zu", r->name,
		    r->rec_line, r->nf, rd->nf);
		return 1;
	}
	rule = csvr_field(r, rd->rule_col, &rlen);
	tok = csvr_field(r, rd->tok_col, &tlen);
	id = csvr_field(r, rd->id_col, &idlen);
	if (idlen > ID_MAX) {
		warnx("%s:%lu: a RecordId longer than %d bytes", r->name,
		    r->rec_line, ID_MAX);
		return 1;
	}
	if ((k = rule_index(run, rule, rlen, r)) < 0)
		return 1;
	run->seen_rules[rd->side] |= UINT64_C(1) << k;
	/* a record is a run of rows with one RecordId */
	if (!rd->started || idlen != rd->lastlen ||
	    memcmp(id, rd->last, idlen) != 0) {
		if (run->nrec[rd->side] == UINT32_MAX) {
			warnx("%s:%lu: more than %u records", r->name,
			    r->rec_line, UINT32_MAX);
			return 1;
		}
		run->nrec[rd->side]++;
		sd->records++;
		if (idlen > rd->lastcap) {
			free(rd->last);
			rd->lastcap = idlen + 64;
			if ((rd->last = malloc(rd->lastcap)) == NULL)
				err(1, NULL);
		}
		memcpy(rd->last, id, idlen);
		rd->lastlen = idlen;
		rd->started = true;
		rd->in_record = false;
	}
	if ((t = token_bytes(rd, r, tok, tlen, b, &why)) < 0) {
		warnx("%s:%lu: %s", r->name, r->rec_line, why);
		return 1;
	}
	if (t == 0)
		return 0;
	if (!rd->in_record) {
		rd->in_record = true;	/* its first non-blank token */
		sd->with_tokens++;
	}
	sd->tokens[k]++;
	seq = (uint32_t)(run->nrec[rd->side] - 1);
	ri = (uint8_t)k;
	l16 = (uint16_t)idlen;
	spool_write(&run->part[rd->side][b[0]], &ri, 1);
	spool_write(&run->part[rd->side][b[0]], b, 32);
	spool_write(&run->part[rd->side][b[0]], &seq, 4);
	spool_write(&run->part[rd->side][b[0]], &l16, 2);
	spool_write(&run->part[rd->side][b[0]], id, idlen);
	return 0;
}

static uint32_t arena_add(struct table *t, const char *s, size_t n)
{
	uint32_t off = (uint32_t)t->alen;

	t->arena = ot_grow(t->arena, &t->acap, t->alen + n + 1, 1);
	memcpy(t->arena + t->alen, s, n);
	t->alen += n;
	return off;
}

static void table_free(struct table *t)
{
	free(t->v);
	free(t->arena);
	memset(t, 0, sizeof(*t));
}

/* Read one spooled token row; false at the end. */
static bool read_ent(struct spool *s, struct ent *e, char id[ID_MAX])
{
	uint16_t l16;

	if (!spool_read(s, &e->rule, 1))
		return false;
	if (!spool_read(s, e->tok, 32) || !spool_read(s, &e->seq, 4) ||
	    !spool_read(s, &l16, 2) || (l16 > 0 && !spool_read(s, id, l16)))
		errx(1, "internal error: a token row cut short");
	e->idlen = l16;
	return true;
}

static void write_ent(struct spool *s, const struct ent *e, const char *id)
{
	spool_write(s, &e->rule, 1);
	spool_write(s, e->tok, 32);
	spool_write(s, &e->seq, 4);
	spool_write(s, &e->idlen, 2);
	spool_write(s, id, e->idlen);
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

static void load_ents(struct spool *s, struct table *t)
{
	static char id[ID_MAX];
	struct ent e;

	memset(t, 0, sizeof(*t));
	spool_rewind(s);
	while (read_ent(s, &e, id)) {
		t->v = ot_grow(t->v, &t->cap, t->n + 1, sizeof(struct ent));
		e.idoff = arena_add(t, id, e.idlen);
		((struct ent *)t->v)[t->n++] = e;
	}
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(struct ent), cmp_ent);
}

static void emit(struct run *run, const struct table *ta, const struct ent *a,
    const struct table *tb, const struct ent *b)
{
	struct spool *q = &run->pairs[a->seq / run->qrange];

	spool_write(q, &a->seq, 4);
	spool_write(q, &b->seq, 4);
	spool_write(q, &a->rule, 1);
	spool_write(q, &a->idlen, 2);
	spool_write(q, ta->arena + a->idoff, a->idlen);
	spool_write(q, &b->idlen, 2);
	spool_write(q, tb->arena + b->idoff, b->idlen);
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

/* Join the token rows of one partition by merging the sorted sides. */
static void merge(struct run *run, struct table *ta, struct table *tb)
{
	const struct ent *a = ta->v, *b = tb->v;
	size_t i = 0, j = 0, ie = 0, je = 0, ra, rb, x, y;
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
			for (x = i; x < ie; x++) {
				if (x > i && a[x].seq == a[x - 1].seq)
					continue;
				for (y = j; y < je; y++)
					if (y == j || b[y].seq != b[y - 1].seq)
						emit(run, ta, &a[x], tb, &b[y]);
			}
		}
		if (c <= 0)
			i = ie;
		if (c >= 0)
			j = je;
	}
}

/* Join partition a with b; a partition too large to load is split again
 * by the next byte of the token. */
static void join(struct run *run, struct spool *a, struct spool *b, int depth)
{
	static char id[ID_MAX];
	struct table ta, tb;
	struct spool *sub;
	struct ent e;
	int k, p;

	if ((a->size + b->size) * 3 / 2 <= run->load_limit || depth == 31) {
		run->st->partitions++;
		load_ents(a, &ta);
		load_ents(b, &tb);
		merge(run, &ta, &tb);
		table_free(&ta);
		table_free(&tb);
		return;
	}
	run->st->partitioned = true;
	if ((sub = calloc(2 * NPART, sizeof(*sub))) == NULL)
		err(1, NULL);
	for (k = 0; k < 2; k++) {
		struct spool *s = k == 0 ? a : b;

		spool_rewind(s);
		while (read_ent(s, &e, id))
			write_ent(&sub[k * NPART + e.tok[depth + 1]], &e, id);
		spool_free(s);
	}
	for (p = 0; p < NPART; p++) {
		join(run, &sub[p], &sub[NPART + p], depth + 1);
		spool_free(&sub[p]);
		spool_free(&sub[NPART + p]);
	}
	free(sub);
}

static bool read_trip(struct spool *s, struct trip *t, struct table *tt)
{
	static char id[ID_MAX];

	if (!spool_read(s, &t->a, 4))
		return false;
	if (!spool_read(s, &t->b, 4) || !spool_read(s, &t->rule, 1) ||
	    !spool_read(s, &t->alen, 2) ||
	    (t->alen > 0 && !spool_read(s, id, t->alen)))
		errx(1, "internal error: a pair cut short");
	t->aoff = arena_add(tt, id, t->alen);
	if (!spool_read(s, &t->blen, 2) ||
	    (t->blen > 0 && !spool_read(s, id, t->blen)))
		errx(1, "internal error: a pair cut short");
	t->boff = arena_add(tt, id, t->blen);
	return true;
}

static int cmp_trip(const void *x, const void *y)
{
	const struct trip *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return (a->rule > b->rule) - (a->rule < b->rule);
}

/* A pair of records and the rules (name indexes, as bits) that agree. */
struct pair {
	uint32_t b;
	uint64_t mask;
	int score;
	const struct trip *t;
};

static void write_pair(struct run *run, const struct table *tt,
    const struct pair *p)
{
	char rules[OT_MATCH_MAX_RULES * 34];
	size_t n = 0;
	int i, k;

	csvw_field(&run->out, tt->arena + p->t->aoff, p->t->alen);
	csvw_field(&run->out, tt->arena + p->t->boff, p->t->blen);
	for (i = 0; i < run->nrules; i++) {
		k = run->order[i];
		if (!(p->mask & (UINT64_C(1) << k)))
			continue;
		if (n > 0)
			rules[n++] = ';';
		memcpy(rules + n, run->names[k], strlen(run->names[k]));
		n += strlen(run->names[k]);
		run->st->by_rule[i]++;
	}
	csvw_field(&run->out, rules, n);
	csvw_end(&run->out);
	run->st->pairs++;
	run->st->by_count[p->score]++;
	if (get2(run->seen_b, p->b) < 2)
		set2(run->seen_b, p->b, get2(run->seen_b, p->b) + 1);
}

/* One record of ours and its pairs, in one pass. */
static void record_pairs(struct run *run, const struct table *tt,
    struct pair *p, size_t n, enum pass pass)
{
	const struct ot_match_opts *o = run->o;
	size_t i, written = 0, cands = 0;
	int best = 0;

	for (i = 0; i < n; i++)
		if (p[i].score > best)
			best = p[i].score;
	if (best == 0)
		return;
	for (i = 0; i < n && o->one_to_one; i++)
		if (p[i].score == best && p[i].score == run->best_b[p[i].b])
			cands++;
	for (i = 0; i < n; i++) {
		if (p[i].score == 0)
			continue;
		if (!o->one_to_one) {
			write_pair(run, tt, &p[i]);
			written++;
			continue;
		}
		switch (pass) {
		case PASS_BEST:
			if (p[i].score > run->best_b[p[i].b])
				run->best_b[p[i].b] = (uint8_t)p[i].score;
			break;
		case PASS_CANDIDATES:
			if (p[i].score == best &&
			    p[i].score == run->best_b[p[i].b])
				inc2(run->cand_b, p[i].b);
			break;
		case PASS_OUTPUT:
			if (p[i].score == best &&
			    p[i].score == run->best_b[p[i].b] && cands == 1 &&
			    get2(run->cand_b, p[i].b) == 1) {
				write_pair(run, tt, &p[i]);
				written++;
			}
			break;
		}
	}
	if (pass == PASS_OUTPUT && o->one_to_one && cands > 1) {
		run->side[0].ambiguous++;
		if (o->verbose)
			warnx("ambiguous: our record %.*s has %zu equally good "
			    "partners", (int)p[0].t->alen, tt->arena +
			    p[0].t->aoff, cands);
	}
	if (pass == PASS_OUTPUT) {
		run->side[0].matched += written > 0;
		run->side[0].several += written > 1;
	}
}

/* Every pair, record of ours by record of ours, in order. */
static void pairs_pass(struct run *run, enum pass pass)
{
	struct table tt;
	struct trip t, *v;
	struct pair *p = NULL;
	size_t pcap = 0, np, i, j, k;
	int q;

	for (q = 0; q < NPART; q++) {
		memset(&tt, 0, sizeof(tt));
		spool_rewind(&run->pairs[q]);
		while (read_trip(&run->pairs[q], &t, &tt)) {
			tt.v = ot_grow(tt.v, &tt.cap, tt.n + 1, sizeof(t));
			((struct trip *)tt.v)[tt.n++] = t;
		}
		v = tt.v;
		if (tt.n > 1)
			qsort(v, tt.n, sizeof(*v), cmp_trip);
		for (i = 0; i < tt.n; i = j) {
			/* the pairs of record v[i].a */
			np = 0;
			for (j = i; j < tt.n && v[j].a == v[i].a; j++) {
				if (j == i || v[j].b != v[j - 1].b) {
					p = ot_grow(p, &pcap, np + 1, sizeof(*p));
					p[np].b = v[j].b;
					p[np].mask = 0;
					p[np].t = &v[j];
					np++;
				}
				p[np - 1].mask |= UINT64_C(1) << v[j].rule;
			}
			for (k = 0; k < np; k++) {
				int c;

				p[k].mask &= run->allowed;
				c = __builtin_popcountll(p[k].mask);
				p[k].score = c >= run->o->min_rules ? c : 0;
			}
			record_pairs(run, &tt, p, np, pass);
		}
		table_free(&tt);
	}
	free(p);
}

static int read_side(struct run *run, int side)
{
	static const struct ot_stream_ops ops = { on_header, on_record, false };
	struct reader *rd = calloc(1, sizeof(*rd));
	char *files[1] = { (char *)run->in[side].path };
	const char *names[1] = { run->in[side].name };
	int rc;

	if (rd == NULL)
		err(1, NULL);
	rd->run = run;
	rd->side = side;
	rc = ot_run_stream_names(files, names[0] != NULL ? names : NULL, 1,
	    &ops, rd);
	if (rc == 0 && ot_v1_expiry_report(&rd->expiry))
		rc = 1;
	free(rd->last);
	free(rd);
	return rc;
}

/* The rules in force: --rules, checked against the files' RuleIds; and
 * both files must have the same RuleIds. */
static int rules_in_force(struct run *run)
{
	const struct ot_match_opts *o = run->o;
	int i, k;

	if (run->nrec[0] > 0 && run->nrec[1] > 0 &&
	    run->seen_rules[0] != run->seen_rules[1]) {
		for (k = 0; k < run->nrules; k++)
			if (((run->seen_rules[0] ^ run->seen_rules[1]) >> k) & 1)
				break;
		warnx("%s has RuleId %s and %s has not: tokens of different "
		    "rules", ot_input_display(&run->in[(run->seen_rules[0] >>
		    k) & 1 ? 0 : 1]), run->names[k],
		    ot_input_display(&run->in[(run->seen_rules[0] >> k) & 1 ?
		    1 : 0]));
		return 1;
	}
	run->allowed = o->rules == NULL ? ~UINT64_C(0) : 0;
	for (i = 0; i < o->nrules; i++) {
		for (k = 0; k < run->nrules; k++)
			if (strcmp(run->names[k], o->rules[i]) == 0)
				break;
		if (k == run->nrules && run->nrec[0] + run->nrec[1] > 0) {
			warnx("--rules: neither file has RuleId %s",
			    o->rules[i]);
			return 2;
		}
		if (k < run->nrules)
			run->allowed |= UINT64_C(1) << k;
	}
	return 0;
}

static struct run *sort_run;

static int cmp_name(const void *x, const void *y)
{
	return strcmp(sort_run->names[*(const int *)x],
	    sort_run->names[*(const int *)y]);
}

/* The counts of a side, by rule in output order. */
static void side_stats(struct run *run, int s)
{
	struct ot_match_side *d = &run->st->side[s], *c = &run->side[s];
	uint64_t i;
	int k;

	*d = *c;
	for (k = 0; k < run->nrules; k++) {
		d->tokens[k] = c->tokens[run->order[k]];
		d->shared[k] = c->shared[run->order[k]];
	}
	if (s == 0)
		return;
	d->matched = d->several = d->ambiguous = 0;
	for (i = 0; i < run->nrec[1]; i++) {
		d->matched += get2(run->seen_b, i) > 0;
		d->several += get2(run->seen_b, i) > 1;
		if (run->cand_b != NULL)
			d->ambiguous += get2(run->cand_b, i) > 1;
	}
}

int ot_match(const struct ot_match_input in[2],
    const struct ot_match_opts *o, int outfd, const char *outname,
    struct ot_match_stats *st)
{
	struct run *run = calloc(1, sizeof(*run));
	int rc, p, k;

	if (run == NULL)
		err(1, NULL);
	memset(st, 0, sizeof(*st));
	run->in = in;
	run->o = o;
	run->st = st;
	ot_algs_init(&run->algs, o->hash_alg, o->mac_alg);
	run->now = (int64_t)time(NULL);
	spool_budget(o->mem / 2);
	run->load_limit = o->mem / 2;
	if ((rc = read_side(run, 0)) != 0 || (rc = read_side(run, 1)) != 0 ||
	    (rc = rules_in_force(run)) != 0)
		goto out;
	for (k = 0; k < run->nrules; k++)
		run->order[k] = k;
	sort_run = run;
	qsort(run->order, (size_t)run->nrules, sizeof(int), cmp_name);
	run->qrange = run->nrec[0] / NPART + 1;
	for (p = 0; p < NPART; p++) {
		join(run, &run->part[0][p], &run->part[1][p], 0);
		spool_free(&run->part[0][p]);
		spool_free(&run->part[1][p]);
	}
	if ((run->seen_b = calloc(run->nrec[1] / 4 + 1, 1)) == NULL)
		err(1, NULL);
	csvw_init(&run->out, outfd, outname);
	csvw_raw(&run->out, "RecordIdA,RecordIdB,Rules\n", 26);
	if (o->one_to_one) {
		if ((run->best_b = calloc(run->nrec[1] + 1, 1)) == NULL ||
		    (run->cand_b = calloc(run->nrec[1] / 4 + 1, 1)) == NULL)
			err(1, NULL);
		pairs_pass(run, PASS_BEST);
		pairs_pass(run, PASS_CANDIDATES);
	}
	pairs_pass(run, PASS_OUTPUT);
	csvw_close(&run->out);
	st->partitioned = st->partitioned || spool_spilled();
	st->nrules = run->nrules;
	for (k = 0; k < run->nrules; k++)
		strcpy(st->rule[k], run->names[run->order[k]]);
	side_stats(run, 0);
	side_stats(run, 1);
out:
	for (p = 0; p < NPART; p++) {
		spool_free(&run->part[0][p]);
		spool_free(&run->part[1][p]);
		spool_free(&run->pairs[p]);
	}
	free(run->seen_b);
	free(run->best_b);
	free(run->cand_b);
	free(run);
	return rc;
}
