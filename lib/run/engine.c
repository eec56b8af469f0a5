#include "run/engine.h"
#include "csv/idmap.h"
#include "cli.h"
#include "token/algs.h"
#include "token/crypto.h"
#include "csv/csvwrite.h"
#include "grow.h"
#include "output.h"
#include "person/lenient.h"
#include "person/memo.h"
#include "person/normalize.h"
#include "person/tally.h"
#include "parquet/parquet.h"
#include "token/ruleset.h"
#include "token/oltv1.h"
#include "csv/stream.h"
#include "token/mapcol.h"
#include "token/tokens.h"
#include "token/config.h"
#include "person/fields.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* A batch ends at whichever comes first. */
#define BATCH_RECORDS	1024
#define BATCH_BYTES	(256 * 1024)

#define TOKEN_HEADER	"RuleId,Token,RecordId\n"
/* The same columns for Parquet, which an empty stream's file has too. */
static char *const token_columns[3] = { "RuleId", "Token", "RecordId" };

/* A record of a batch: its RecordId (a UUID made when it had none), its
 * raw attribute fields and its vector, at offsets into the batch's
 * bytes, with their keys (see csvr.keys); decrypting, its RuleId, Token
 * and RecordId.  Its line, for messages. */
#define F_VECTOR	(1 + OT_NATTR)
#define F_RULE		0
#define F_TOKEN		1
#define F_ID		2
struct rec {
	size_t off[2 + OT_NATTR];
	size_t len[2 + OT_NATTR];
	uint64_t key[OT_NATTR];
	unsigned missing;	/* bit a: attribute a is missing */
	unsigned long line;
	size_t fv;		/* a config's run: its fields at fv[fv] */
};

/* A raw field of a config's record in the batch's bytes. */
struct fval {
	size_t off, len;
	enum ot_vstate state;
};

enum slot_state { FREE, FILLING, READY, RUNNING, DONE };

struct batch {
	enum slot_state state;
	char *data;
	size_t len, cap;
	struct rec *recs;
	size_t n, reccap;
	struct fval *fv;
	size_t nfv, fvcap;
	char *out;		/* the batch's token rows as CSV */
	size_t outlen, outcap;
	char *map;		/* its rows of the record id map */
	size_t maplen, mapcap;
	struct pq_page pq[3];	/* or as Parquet pages */
	char *fail;		/* why a record of it failed, or NULL */
	struct ot_v1_expiry expiry;	/* decrypting */
};

struct worker {
	struct run *run;
	pthread_t tid;
	struct ot_norm_ctx ctx;
	struct ot_memo *memo;	/* normal forms by key */
	char *bufs[OT_NATTR];
	char lbufs[OT_NATTR][OT_NORM_MIN_OUT];
	struct ot_signer sg;
	struct ot_rowsig rows[OT_RULESET_MAX * OT_T7_VIEWS];
	struct ot_hasher *h;
	struct ot_cipher *c;	/* NULL: hash-only, or V1 */
	struct ot_v1 *v1;	/* V1 tokens */
	struct ot_oltv1 *olt;	/* olt.V1 tokens instead */
	struct ot_decryptor *d;	/* decrypting */
	char *tok;		/* OT_V1_MAX: a V1 token, or a decrypted one */
	struct csvw w;		/* into the batch being done */
	struct csvw mw;		/* its record id map's rows */
	struct batch *b;
	struct ot_meta meta;	/* this worker's counts */
	struct ot_tally tally;	/* and why values were invalid */
	/* a config's run: each field's normal form, the interpreter's
	 * scratch, each rule's result */
	char **cbuf;
	size_t *ccap;
	struct ot_value *cval;
	struct ot_xscratch xs;
	enum ot_cresult *cres;
	int *cinv;
};

struct run {
	const struct ot_engine *e;
	uint8_t row_rule[OT_RULESET_MAX * OT_T7_VIEWS];	/* each row's rule */
	struct ot_incols cols;
	struct ot_fieldcols fcols;	/* a config's */
	struct ot_value *fraw;		/* the reading thread's */
	char **fbuf;
	size_t *fcap;
	size_t vector_col, rule_col, tok_col, id_col;
	bool has_vector;	/* the vector column is in the header */
	const char *input;	/* its name in messages */
	struct ot_v1_expiry expiry;	/* decrypting: of every batch */
	bool wrote_header;		/* the writer's */
	atomic_bool write_failed;
	struct csvw pq;		/* with parquet_out, the file */
	struct pq_writer *pqw;	/* and its writer */
	struct worker *workers;
	int nworkers;		/* 0: the batches are done on this thread */
	struct batch *slots;
	size_t nslots;
	/* batches by sequence number: slot seq % nslots */
	uint64_t next_fill, next_take, next_write;
	struct batch *cur;	/* being filled */
	bool quit;
	pthread_mutex_t mu;
	pthread_t writer;
	pthread_cond_t work;	/* a batch is ready, or quit */
	pthread_cond_t done;	/* a batch is done, or quit */
	pthread_cond_t freed;	/* a batch is written */
};

int ot_engine_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

static void worker_init(struct worker *w, struct run *run)
{
	const struct ot_engine *e = run->e;
	const unsigned char *key = e->key != NULL && e->key->len > 0 ?
	    e->key->buf : NULL;

	memset(w, 0, sizeof(*w));
	w->run = run;
	csvw_init_memory(&w->w);
	w->w.python_quoting = ot_compat()->python_csv;
	if (e->idmap != NULL)
		csvw_init_memory(&w->mw);
	if ((e->v1 != NULL || e->decrypt) &&
	    (w->tok = malloc(OT_V1_MAX)) == NULL)
		err(1, NULL);
	if (e->decrypt) {
		w->d = ot_decryptor_new(key, e->v1keys, e->ignore_expiry);
		return;
	}
	ot_norm_init(&w->ctx);
	w->memo = ot_memo_new();
	ot_norm_bufs_new(w->bufs);
	w->meta.rules = *e->rules;
	if (!e->sha256_only)
		w->h = ot_hasher_new_algs(e->hash_alg, e->mac_alg,
		    e->hashing->buf, e->hashing->len);
	if (e->v1 != NULL) {
		w->v1 = ot_v1_writer(e->v1, key, e->recipient);
		ot_v1_trust(w->v1);
	} else if (e->olt_ring != NULL) {
		const char *why;

		if ((w->olt = ot_oltv1_writer(key, e->olt_ring, &why)) == NULL)
			errx(2, "--ring-id: %s", why);
	} else if (!e->hash_only)
		w->c = ot_cipher_new(key, true);
	if (e->config != NULL) {
		size_t n = e->config->fs.n + 1, r = e->config->nrules + 1;

		if ((w->cbuf = calloc(n, sizeof(*w->cbuf))) == NULL ||
		    (w->ccap = calloc(n, sizeof(*w->ccap))) == NULL ||
		    (w->cval = calloc(n, sizeof(*w->cval))) == NULL ||
		    (w->cres = calloc(r, sizeof(*w->cres))) == NULL ||
		    (w->cinv = calloc(r, sizeof(*w->cinv))) == NULL)
			err(1, NULL);
		ot_meta_config(&w->meta, e->config);
	}
}

static void worker_free(struct worker *w)
{
	if (w->d == NULL) {
		ot_norm_free(&w->ctx);
		ot_memo_free(w->memo);
		ot_norm_bufs_free(w->bufs);
		ot_signer_free(&w->sg);
	}
	ot_hasher_free(w->h);
	ot_cipher_free(w->c);
	ot_v1_free(w->v1);
	ot_oltv1_free(w->olt);
	ot_decryptor_free(w->d);
	free(w->tok);
	csvw_close(&w->w);
	if (w->run->e->idmap != NULL)
		csvw_close(&w->mw);
	if (w->cbuf != NULL) {
		size_t i;

		/* normal forms are personal data */
		for (i = 0; i < w->run->e->config->fs.n + 1; i++) {
			if (w->cbuf[i] != NULL)
				explicit_bzero(w->cbuf[i], w->ccap[i]);
			free(w->cbuf[i]);
		}
	}
	ot_xscratch_free(&w->xs);
	free(w->cbuf);
	free(w->ccap);
	free(w->cval);
	free(w->cres);
	free(w->cinv);
}

/* A record failed: the batch stops there, and its writer says why. */
static void fail(struct worker *w, const struct rec *r, const char *why)
{
	if (asprintf(&w->b->fail, "%s:%lu: %s", w->run->input, r->line,
	    why) < 0)
		err(1, NULL);
}

/* A token row: CSV text (a rule id and a token need no quotes), or a
 * value of each Parquet page, the rule id an index into the writer's
 * dictionary of the rules made (then T8's), the record id the row
 * before's after a record's first row. */
static void emit(struct worker *w, int rule, bool first, const char *rid,
    size_t ridlen, const char *t, size_t tlen, const char *id, size_t idlen)
{
	struct batch *b = w->b;
	/* a token's alphabet needs no quotes; a signature's is text */
	bool plain = !w->run->e->signatures;

	if (w->run->pqw != NULL) {
		pq_page_index(&b->pq[0], (uint32_t)rule);
		pq_page_value(&b->pq[1], t, tlen);
		if (first)
			pq_page_value(&b->pq[2], id, idlen);
		else
			pq_page_again(&b->pq[2]);
		return;
	}
	/* a config's rule ids are checked for what needs no quotes */
	csvw_field_as(&w->w, rid, ridlen, w->run->e->config == NULL);
	csvw_field_as(&w->w, t, tlen, plain);
	csvw_field_as(&w->w, id, idlen, false);
	csvw_end(&w->w);
}

/* The V1 token of t into w->tok; false after fail(). */
static bool seal(struct worker *w, const struct rec *r, const char *rule,
    size_t rulelen, const char **t, size_t *tlen)
{
	const char *why = NULL;
	size_t n = ot_v1_seal(w->v1, rule, rulelen, *t, *tlen, w->tok, &why);

	if (n == 0) {
		fail(w, r, why);
		return false;
	}
	*t = w->tok;
	*tlen = n;
	return true;
}

/* A rule's token of a signature (n > 0) or of none (a blank rule),
 * hashed, sealed, encrypted or wrapped as the run says, into *t and
 * *tlen; false after fail().  Inline: T1-T5 run it five times a record. */
static inline __attribute__((always_inline)) bool make_token(
    struct worker *w, const struct rec *r, const char *rid, size_t ridlen,
    const char *sig, size_t n, const char **t, size_t *tlen, char *tok,
    char *enc)
{
	const char *bad;

	*t = OT_BLANK_TOKEN;
	*tlen = OT_BLANK_LEN;
	/* a blank rule's token is never hashed, and encrypted only with
	 * encrypt_blanks */
	if (n > 0 && w->run->e->signatures) {
		*t = sig;
		*tlen = n;
	} else if (n > 0 && w->h == NULL) {
		ot_sha256_hex(sig, n, tok);
		*t = tok;
		*tlen = OT_SHA256_HEX_LEN;
	} else if (n > 0) {
		*t = tok;
		*tlen = ot_hash_signature(w->h, sig, n, tok);
	}
	if (w->v1 != NULL && !seal(w, r, rid, ridlen, t, tlen))
		return false;
	if (w->c != NULL && (n > 0 || w->run->e->encrypt_blanks)) {
		*tlen = ot_encrypt_token(w->c, *t, *tlen, enc);
		*t = enc;
	} else if (w->olt != NULL) {
		if ((*tlen = ot_oltv1_seal(w->olt, rid, ridlen, *t, *tlen, enc,
		    &bad)) == 0)
			errx(1, "internal error: %s", bad);
		*t = enc;
	}
	return true;
}

/* The record id the tokens carry: ours, its SHA-256 (--hash-record-ids),
 * or a new opaque one, its row of the map made (--record-id-map). */
static void shared_id(struct worker *w, const char **id, size_t *len,
    char hid[OT_SHA256_HEX_LEN], char opaque[37])
{
	if (w->run->e->hash_record_ids) {
		ot_sha256_hex(*id, *len, hid);
		*id = hid;
		*len = OT_SHA256_HEX_LEN;
	} else if (w->run->e->idmap != NULL) {
		ot_idmap_row(&w->mw, *id, *len, opaque);
		*id = opaque;
		*len = 36;
	}
}

/* One record's token rows (and its vector's), as the stages would
 * write them; false after fail(). */
static bool tokenize(struct worker *w, const struct batch *b,
    const struct rec *r)
{
	const struct ot_ruleset *rules = w->run->e->rules;
	struct ot_value raw[OT_NATTR], vals[OT_NATTR], lenient[OT_NATTR];
	enum ot_reason why[OT_NATTR];
	char tok[OT_HASH_MAX], enc[OT_OLTV1_MAX], hid[OT_SHA256_HEX_LEN];
	char opaque[37];
	const char *id = b->data + r->off[0], *t;
	size_t tlen, idlen = r->len[0];
	char *lb[OT_NATTR];
	bool any;
	int a, i, n;

	for (a = 0; a < OT_NATTR; a++) {
		raw[a].s = b->data + r->off[1 + a];
		raw[a].len = r->len[1 + a];
		raw[a].state = r->missing & 1u << a ? OT_V_MISSING : OT_V_OK;
		lb[a] = w->lbufs[a];
	}
	ot_normalize_keyed(&w->ctx, w->memo, raw, r->key, w->bufs, vals, why);
	ot_tally_record(&w->tally, why);
	if (ot_ruleset_lenient(rules))
		ot_lenient_values(&w->ctx, raw, vals, lb, lenient);
	else
		for (a = 0; a < OT_NATTR; a++)
			lenient[a].state = OT_V_MISSING;
	ot_meta_count(&w->meta, vals, lenient);
	shared_id(w, &id, &idlen, hid, opaque);
	n = ot_sign_record(&w->sg, rules, vals, lenient, w->rows, &any, NULL);
	for (i = 0; i < n; i++) {
		const char *rid = ot_ruleset_row_id(rules, i);
		size_t ridlen = strlen(rid);

		if (!make_token(w, r, rid, ridlen, w->rows[i].p, w->rows[i].len,
		    &t, &tlen, tok, enc))
			return false;
		emit(w, w->run->row_rule[i], i == 0, rid, ridlen, t, tlen, id,
		    idlen);
	}
	if (!w->run->has_vector)
		return true;
	/* an empty vector is a blank rule's */
	t = r->len[F_VECTOR] > 0 ? b->data + r->off[F_VECTOR] : OT_BLANK_TOKEN;
	tlen = r->len[F_VECTOR] > 0 ? r->len[F_VECTOR] : OT_BLANK_LEN;
	if (!seal(w, r, OT_V1_VECTOR_RULE, strlen(OT_V1_VECTOR_RULE), &t,
	    &tlen))
		return false;
	emit(w, w->run->e->rules->n, false, OT_V1_VECTOR_RULE,
	    strlen(OT_V1_VECTOR_RULE), t, tlen, id, idlen);
	return true;
}

/* One record of a config's run: its fields normalized as their types
 * say, then each rule's row in rule-id order (none for a rule whose
 * value failed to normalize, as the reference writes none); false after
 * fail(). */
static bool tokenize_config(struct worker *w, const struct batch *b,
    const struct rec *r)
{
	const struct ot_config *c = w->run->e->config;
	char tok[OT_HASH_MAX], enc[OT_OLTV1_MAX], hid[OT_SHA256_HEX_LEN];
	char opaque[37];
	const char *id = b->data + r->off[0], *t;
	size_t idlen = r->len[0], i, n, tlen;
	bool first = true;

	for (i = 0; i < c->fs.n; i++) {
		const struct fval *f = &b->fv[r->fv + i];
		struct ot_value raw = { b->data + f->off, f->len, f->state };

		w->cbuf[i] = ot_grow(w->cbuf[i], &w->ccap[i],
		    OT_TYPE_OUT_MAX(f->len), 1);
		ot_field_normalize(&w->ctx, c->fs.f[i], &raw, w->cbuf[i],
		    &w->cval[i]);
	}
	shared_id(w, &id, &idlen, hid, opaque);
	for (i = 0; i < c->nrules; i++) {
		w->cres[i] = ot_config_signature(c, i, w->cval, &w->xs,
		    &w->sg.sig.p, &w->sg.sig.cap, &n, &w->cinv[i]);
		if (w->cres[i] == OT_CR_NOROW)
			continue;
		if (!make_token(w, r, c->rules[i].id, c->rules[i].idlen,
		    w->sg.sig.p, w->cres[i] == OT_CR_SIG ? n : 0, &t, &tlen, tok,
		    enc))
			return false;
		emit(w, (int)i, first, c->rules[i].id, c->rules[i].idlen, t,
		    tlen, id, idlen);
		first = false;
	}
	ot_meta_count_config(&w->meta, c, w->cres, w->cinv);
	return true;
}

/* One token row decrypted, as ot-decrypt --token-columns writes it;
 * false after fail(). */
static bool decrypt(struct worker *w, struct batch *b, const struct rec *r)
{
	const char *why, *t = b->data + r->off[F_TOKEN];
	size_t n, tlen = r->len[F_TOKEN];
	int i;

	why = ot_decrypt_token_at(w->d, w->run->input, r->line, t, tlen,
	    w->tok, &n, &b->expiry);
	if (why != NULL && why != ot_map_keep) {
		fail(w, r, why);
		return false;
	}
	/* a refused token stays as it was: the run fails anyway */
	if (why == NULL) {
		t = w->tok;
		tlen = n;
	}
	for (i = 0; i < 3; i++) {
		const char *s = i == F_TOKEN ? t : b->data + r->off[i];
		size_t len = i == F_TOKEN ? tlen : r->len[i];

		if (w->run->pqw != NULL)
			pq_page_value(&b->pq[i], s, len);
		else
			csvw_field(&w->w, s, len);
	}
	if (w->run->pqw == NULL)
		csvw_end(&w->w);
	return true;
}

static void do_batch(struct worker *w, struct batch *b)
{
	size_t i;

	w->b = b;
	b->outlen = 0;
	free(b->fail);
	b->fail = NULL;
	memset(&b->expiry, 0, sizeof(b->expiry));
	for (i = 0; i < 3; i++)
		pq_page_clear(&b->pq[i]);
	for (i = 0; i < b->n; i++)
		if (!(w->d != NULL ? decrypt(w, b, &b->recs[i]) :
		    w->run->e->config != NULL ?
		    tokenize_config(w, b, &b->recs[i]) :
		    tokenize(w, b, &b->recs[i])))
			break;
	/* the rows made are the batch's: its old buffer takes their place */
	csvw_swap(&w->w, &b->out, &b->outlen, &b->outcap);
	if (w->run->e->idmap != NULL)
		csvw_swap(&w->mw, &b->map, &b->maplen, &b->mapcap);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct run *run = w->run;
	struct batch *b;

	pthread_mutex_lock(&run->mu);
	for (;;) {
		b = &run->slots[run->next_take % run->nslots];
		if (run->next_take < run->next_fill && b->state == READY) {
			b->state = RUNNING;
			run->next_take++;
			pthread_mutex_unlock(&run->mu);
			do_batch(w, b);
			pthread_mutex_lock(&run->mu);
			b->state = DONE;
			pthread_cond_broadcast(&run->done);
		} else if (run->quit)
			break;
		else
			pthread_cond_wait(&run->work, &run->mu);
	}
	pthread_mutex_unlock(&run->mu);
	return NULL;
}

/* Write a done batch's rows, the header before the first; a batch that
 * failed stops the run with its message. */
static void write_batch(struct run *run, struct batch *b)
{
	const struct ot_engine *e = run->e;

	if (run->write_failed)
		return;
	if (b->fail != NULL) {
		warnx("%s", b->fail);
		run->write_failed = true;
		return;
	}
	ot_v1_expiry_add(&run->expiry, &b->expiry);
	if (run->pqw != NULL)
		pq_writer_pages(run->pqw, b->pq, b->pq[0].n);
	else if ((!run->wrote_header && ot_write_all(e->outfd, TOKEN_HEADER,
	    sizeof(TOKEN_HEADER) - 1) < 0) ||
	    ot_write_all(e->outfd, b->out, b->outlen) < 0) {
		warn("write error on %s", e->outname);
		run->write_failed = true;
	}
	/* the map's rows in the tokens' order, as they are written */
	if (e->idmap != NULL && !run->write_failed &&
	    ot_idmap_write(e->idmap, b->map, b->maplen) < 0)
		run->write_failed = true;
	run->wrote_header = true;
}

/* The writer thread: the done batches, in order, as they come, so
 * that writing (encoding Parquet too) overlaps the reading. */
static void *writer_main(void *arg)
{
	struct run *run = arg;
	struct batch *b;

	pthread_mutex_lock(&run->mu);
	for (;;) {
		b = &run->slots[run->next_write % run->nslots];
		if (run->next_write < run->next_fill && b->state == DONE) {
			pthread_mutex_unlock(&run->mu);
			write_batch(run, b);
			pthread_mutex_lock(&run->mu);
			b->state = FREE;
			run->next_write++;
			pthread_cond_broadcast(&run->freed);
		} else if (run->quit)
			break;
		else
			pthread_cond_wait(&run->done, &run->mu);
	}
	pthread_mutex_unlock(&run->mu);
	return NULL;
}

/* The slot for the next batch, once the writer has freed it. */
static struct batch *next_slot(struct run *run)
{
	struct batch *b = &run->slots[run->next_fill % run->nslots];

	if (run->nworkers > 0) {
		pthread_mutex_lock(&run->mu);
		while (b->state != FREE)
			pthread_cond_wait(&run->freed, &run->mu);
		pthread_mutex_unlock(&run->mu);
	}
	b->state = FILLING;
	b->n = 0;
	b->len = 0;
	b->nfv = 0;
	return b;
}

static void submit(struct run *run)
{
	struct batch *b = run->cur;

	run->cur = NULL;
	if (b == NULL)
		return;
	if (run->nworkers == 0) {
		do_batch(&run->workers[0], b);
		write_batch(run, b);
		b->state = FREE;
		return;
	}
	pthread_mutex_lock(&run->mu);
	b->state = READY;
	run->next_fill++;
	pthread_cond_signal(&run->work);
	pthread_mutex_unlock(&run->mu);
}

static void put(struct batch *b, struct rec *r, int i, const char *s,
    size_t len)
{
	b->data = ot_grow(b->data, &b->cap, b->len + len, 1);
	memcpy(b->data + b->len, s, len);
	r->off[i] = b->len;
	r->len[i] = len;
	b->len += len;
}

/* A column the header must have. */
static int need_column(const struct csvr *r, const char *name, size_t *col)
{
	if (ot_find_column(r, name, col) == 0)
		return 0;
	warnx("%s:%lu: no %s column", r->name, r->rec_line, name);
	return 1;
}

static int on_header(void *arg, struct csvr *r)
{
	struct run *run = arg;
	const struct ot_engine *e = run->e;
	int rc;

	run->input = r->name;
	if (e->decrypt) {
		if (need_column(r, "RuleId", &run->rule_col) ||
		    need_column(r, "Token", &run->tok_col) ||
		    need_column(r, "RecordId", &run->id_col))
			return 1;
		/* as ot-decrypt --token-columns: no other column is read */
		csvr_want(r, run->rule_col);
		csvr_want(r, run->tok_col);
		csvr_want(r, run->id_col);
		return 0;
	}
	if (e->config != NULL)
		return ot_fieldcols_header(&run->fcols, r);
	if ((rc = ot_incols_header(&run->cols, r)) != 0 ||
	    e->vector_column == NULL)
		return rc;
	run->has_vector = true;
	if (need_column(r, e->vector_column, &run->vector_col) != 0)
		return 1;
	/* ot_incols_header() marked only the attribute columns */
	csvr_want(r, run->vector_col);
	return 0;
}

/* A config's record: its id and its fields' raw values. */
static void put_fields(struct run *run, struct batch *b, struct rec *r,
    struct csvr *csv)
{
	const struct ot_fieldset *fs = &run->e->config->fs;
	struct ot_value id;
	char uuid[37];
	const char *idp;
	size_t i, idlen;

	ot_fieldcols_raw(&run->fcols, csv, &id, run->fraw, run->fbuf,
	    run->fcap);
	idp = ot_record_id(&id, uuid, &idlen);
	put(b, r, 0, idp, idlen);
	b->fv = ot_grow(b->fv, &b->fvcap, b->nfv + fs->n + 1, sizeof(*b->fv));
	r->fv = b->nfv;
	for (i = 0; i < fs->n; i++) {
		struct fval *f = &b->fv[b->nfv++];

		f->off = b->len;
		f->len = run->fraw[i].len;
		f->state = run->fraw[i].state;
		b->data = ot_grow(b->data, &b->cap, b->len + f->len, 1);
		memcpy(b->data + b->len, run->fraw[i].s, f->len);
		b->len += f->len;
	}
}

/* Decrypting: a token row's three fields. */
static int token_record(struct run *run, struct batch *b, struct rec *r,
    struct csvr *csv)
{
	size_t cols[3] = { run->rule_col, run->tok_col, run->id_col }, len;
	const char *s;
	int i;

	for (i = 0; i < 3; i++) {
		if (cols[i] >= csv->nf) {
			warnx("%s:%lu: %zu fields, and no %s", csv->name,
			    csv->rec_line, csv->nf, i == 0 ? "RuleId" :
			    i == 1 ? "Token" : "RecordId");
			return 1;
		}
		s = csvr_field(csv, cols[i], &len);
		put(b, r, i, s, len);
	}
	return 0;
}

static int on_record(void *arg, struct csvr *csv)
{
	struct run *run = arg;
	struct ot_value id, raw[OT_NATTR];
	struct batch *b;
	struct rec *r;
	char uuid[37];
	const char *idp;
	size_t idlen;
	int a;

	if (run->write_failed)
		return 1;
	if ((b = run->cur) == NULL)
		b = run->cur = next_slot(run);
	b->recs = ot_grow(b->recs, &b->reccap, b->n + 1, sizeof(*b->recs));
	r = &b->recs[b->n++];
	r->line = csv->rec_line;
	if (run->e->decrypt) {
		if (token_record(run, b, r, csv) != 0)
			return 1;
		goto added;
	}
	if (run->e->config != NULL) {
		put_fields(run, b, r, csv);
		goto added;
	}
	ot_incols_raw(&run->cols, csv, &id, raw, r->key);
	idp = ot_record_id(&id, uuid, &idlen);
	put(b, r, 0, idp, idlen);
	r->missing = 0;
	for (a = 0; a < OT_NATTR; a++) {
		if (raw[a].state == OT_V_MISSING)
			r->missing |= 1u << a;
		put(b, r, 1 + a, raw[a].s, raw[a].len);
	}
	if (run->has_vector) {
		size_t len = 0;
		const char *s = run->vector_col < csv->nf ?
		    csvr_field(csv, run->vector_col, &len) : "";

		put(b, r, F_VECTOR, s, len);
	}
added:
	if (b->n == BATCH_RECORDS || b->len >= BATCH_BYTES)
		submit(run);
	return 0;
}

/* Start the workers and the writer with the stop signals blocked: a
 * signal is for the reading thread, whose handler removes the outputs. */
static void start_workers(struct run *run)
{
	sigset_t block, old;
	int i;

	if (run->nworkers == 0)
		return;
	ot_stop_sigset(&block);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	for (i = 0; i < run->nworkers; i++)
		if ((errno = pthread_create(&run->workers[i].tid, NULL,
		    worker_main, &run->workers[i])) != 0)
			err(1, "pthread_create");
	if ((errno = pthread_create(&run->writer, NULL, writer_main, run)) != 0)
		err(1, "pthread_create");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* The last batch in, every batch written, the workers gone. */
static void finish(struct run *run)
{
	int i;

	submit(run);
	if (run->nworkers == 0)
		return;
	pthread_mutex_lock(&run->mu);
	while (run->next_write != run->next_fill)
		pthread_cond_wait(&run->freed, &run->mu);
	run->quit = true;
	pthread_cond_broadcast(&run->work);
	pthread_cond_broadcast(&run->done);
	pthread_mutex_unlock(&run->mu);
	for (i = 0; i < run->nworkers; i++)
		pthread_join(run->workers[i].tid, NULL);
	pthread_join(run->writer, NULL);
}

int ot_engine_run(const struct ot_engine *e, struct ot_meta *meta)
{
	static const struct ot_stream_ops ops = { on_header, on_record, true };
	char *files[1] = { (char *)(uintptr_t)e->input };
	/* T1-T5, T7 and T8, or a config's rules */
	const char *ids[OT_CONFIG_MAX_RULES];
	size_t idlen[OT_CONFIG_MAX_RULES];
	const struct ot_ruleset *rules = e->rules;
	struct ot_tally tally;
	struct ot_meta sum;
	struct run run;
	size_t i, k;
	int n = e->jobs > 1 ? e->jobs : 1, r, rc;

	memset(&run, 0, sizeof(run));
	memset(&tally, 0, sizeof(tally));
	memset(&sum, 0, sizeof(sum));
	run.e = e;
	run.cols.strict = e->strict;
	for (i = 0, k = 0; i < (size_t)rules->n; i++)
		for (r = 0; r < ot_rule_defs[rules->def[i]].rows; r++)
			run.row_rule[k++] = (uint8_t)i;
	if (e->config != NULL) {
		size_t nf = e->config->fs.n + 1;

		run.fcols.fs = &e->config->fs;
		if ((run.fraw = calloc(nf, sizeof(*run.fraw))) == NULL ||
		    (run.fbuf = calloc(nf, sizeof(*run.fbuf))) == NULL ||
		    (run.fcap = calloc(nf, sizeof(*run.fcap))) == NULL)
			err(1, NULL);
	}
	run.nworkers = e->jobs > 1 ? e->jobs : 0;
	/* two batches a worker: one being done, one waiting */
	run.nslots = run.nworkers > 0 ? 2 * (size_t)run.nworkers + 1 : 1;
	if ((run.workers = calloc((size_t)n, sizeof(*run.workers))) == NULL ||
	    (run.slots = calloc(run.nslots, sizeof(*run.slots))) == NULL)
		err(1, NULL);
	for (i = 0; i < (size_t)n; i++)
		worker_init(&run.workers[i], &run);
	/* the writer closes its descriptor: a copy, the caller's stays */
	if (e->parquet_out) {
		int fd = fcntl(e->outfd, F_DUPFD_CLOEXEC, 3);

		if (fd < 0)
			err(1, "dup");
		csvw_init_parquet(&run.pq, fd, e->outname, token_columns, 3);
		run.pqw = csvw_parquet_writer(&run.pq);
		for (i = 0; i < (size_t)rules->n + 1; i++) {
			ids[i] = i < (size_t)rules->n ?
			    ot_rule_defs[rules->def[i]].id : OT_V1_VECTOR_RULE;
			idlen[i] = strlen(ids[i]);
		}
		/* decrypted rows keep the rule ids they have */
		if (e->config != NULL) {
			for (i = 0; i < e->config->nrules; i++) {
				ids[i] = e->config->rules[i].id;
				idlen[i] = e->config->rules[i].idlen;
			}
			pq_writer_dictionary(run.pqw, 0, ids, idlen,
			    e->config->nrules);
		} else if (!e->decrypt)
			pq_writer_dictionary(run.pqw, 0, ids, idlen,
			    (size_t)rules->n + (e->vector_column != NULL));
	}
	pthread_mutex_init(&run.mu, NULL);
	pthread_cond_init(&run.work, NULL);
	pthread_cond_init(&run.done, NULL);
	pthread_cond_init(&run.freed, NULL);
	start_workers(&run);
	rc = ot_run_stream(files, 1, &ops, &run);
	finish(&run);
	if (e->parquet_out)
		csvw_close(&run.pq);
	if (run.write_failed)
		rc = 1;
	if (rc == 0 && ot_v1_expiry_report(&run.expiry))
		rc = 1;
	for (i = 0; i < (size_t)n; i++) {
		ot_meta_add(&sum, &run.workers[i].meta);
		ot_tally_add(&tally, &run.workers[i].tally);
		worker_free(&run.workers[i]);
	}
	if (meta != NULL)
		ot_meta_add(meta, &sum);
	/* what ot-normalize and ot-sign say at the end of a pipeline */
	if (rc == 0)
		ot_tally_warn(&tally);
	if (rc == 0 && ot_meta_all_blank(&sum))
		rc = ot_rules_all_blank(ot_input_name(e->input), sum.total_rows);
	if (e->config != NULL) {
		for (i = 0; i < e->config->fs.n + 1; i++)
			free(run.fbuf[i]);
		free(run.fraw);
		free(run.fbuf);
		free(run.fcap);
		ot_fieldcols_free(&run.fcols);
	}
	for (i = 0; i < run.nslots; i++) {
		free(run.slots[i].fail);
		free(run.slots[i].fv);
		free(run.slots[i].data);
		free(run.slots[i].recs);
		free(run.slots[i].out);
		free(run.slots[i].map);
		for (k = 0; k < 3; k++)
			pq_page_free(&run.slots[i].pq[k]);
	}
	pthread_cond_destroy(&run.freed);
	pthread_cond_destroy(&run.done);
	pthread_cond_destroy(&run.work);
	pthread_mutex_destroy(&run.mu);
	free(run.slots);
	free(run.workers);
	return rc;
}
