/*
 * ot-match's run: both sides read into partitions of token rows, each
 * row with its record's profile when --min-rules needs one; then the
 * join (join.c) and the pairs (pairs.c).
 */
#include "match/run.h"
#include "token/algs.h"
#include "token/jwe.h"
#include "token/oltv1.h"
#include "base64.h"
#include "cli.h"
#include "jstring.h"
#include "csv/stream.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

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
	/* its token rows, spooled with its profile when it ends; past
	 * PROFILE_MAX, spooled as they come, with none */
	struct {
		uint8_t rule;
		unsigned char tok[32];
	} rows[PROFILE_MAX];
	int nrows;
	bool unprofiled;
	char plain[OT_V1_MAX + 1];
	struct ot_v1_expiry expiry;
};

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
	/* a partner's other columns are never read: they could be made
	 * to fill memory */
	csvr_want(r, rd->rule_col);
	csvr_want(r, rd->tok_col);
	csvr_want(r, rd->id_col);
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

/* The first 32 bytes of the hash-only token of MAC m (all of them for
 * HS256), in its canonical spelling only: 1; 0 when it is one in another
 * spelling of its bytes; -1 when it is not one. */
static int mac_token_bytes(enum ot_mac_alg m, const char *t, size_t len,
    unsigned char tok[32])
{
	unsigned char buf[OT_DIGEST_MAX + 3];

	if (len == ot_mac_token_len(m) && ot_b64_decode_canonical(t, len,
	    buf) == (long)ot_mac_alg_len(m)) {
		memcpy(tok, buf, 32);
		return 1;
	}
	return ot_mac_token(m, t, len, NULL) ? 0 : -1;
}

/* The 32 bytes of a hash-only token (the first 32 of a longer MAC),
 * decrypting it first when it is encrypted and there is a key; 0 for a
 * blank one (or a V1 vector, or an expired V1 token, counted); else -1
 * and why. */
static int token_bytes(struct reader *rd, const struct csvr *r,
    const char *t, size_t len, unsigned char tok[32], const char **why)
{
	static char msg[768];
	const struct ot_match_input *in = &rd->run->in[rd->side];
	struct ot_v1_claims c;
	enum ot_mac_alg mac;
	size_t plen;
	bool olt;

	j_trim(&t, &len);
	if (ot_is_blank_token(t, len))
		return 0;
	olt = ot_is_oltv1_token(t, len);
	if (olt || ot_is_v1_token(t, len)) {
		if (olt ? in->olt == NULL : in->v1 == NULL) {
			*why = olt ? "an olt.V1 token: give the exchange config "
			    "and our private key" : "a V1 token: decrypt it "
			    "first, or give the key";
			return -1;
		}
		if (olt) {
			/* 2.x writes SHA-256 and HS256 only */
			memset(&c, 0, sizeof(c));
			c.hash_alg = OT_SHA256;
			c.mac_alg = OT_HS256;
			*why = ot_oltv1_open(in->olt, t, len, rd->plain, &plen);
		} else
			*why = ot_v1_open(in->v1, t, len, rd->plain, &plen, &c);
		if (*why != NULL)
			return -1;
		if (!olt && !rd->run->o->ignore_expiry && ot_v1_expiry_count(
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
		    in->cipher != NULL) {
			if ((*why = ot_decrypt_token(in->cipher, t, len,
			    rd->plain, &plen)) != NULL)
				return -1;
			t = rd->plain;
			len = plen;
			if (ot_is_blank_token(t, len))
				return 0;
		}
	}
	/* canonical only: two spellings of one token's bytes would join
	 * here, and not in a comparison of the strings (the reference's);
	 * a V1 token's ppid as much as a token read as it is */
	mac = rd->run->algs.mac;
	switch (mac_token_bytes(mac, t, len, tok)) {
	case 1:
		return 1;
	case 0:
		snprintf(msg, sizeof(msg), "not canonical base64 (bits set "
		    "past the token's %zu bytes): not a token ot or the "
		    "reference writes", ot_mac_alg_len(mac));
		break;
	default:
		snprintf(msg, sizeof(msg), "%s (%zu base64 characters)%s",
		    mac == OT_HS256 ? "not a hash-only token" :
		    "not a hash-only token of the MAC in force",
		    ot_mac_token_len(mac),
		    rd->run->in[rd->side].cipher != NULL ?
		    ", nor one the key decrypts to one" :
		    ": decrypt it first, or give the key");
	}
	*why = msg;
	return -1;
}

/* The record as its rows show it: seq, id, and profile, or none. */
static struct rec this_record(const struct reader *rd, unsigned char *prof,
    uint8_t nprof)
{
	struct rec r;

	r.seq = (uint32_t)(rd->run->nrec[rd->side] - 1);
	r.idlen = (uint16_t)rd->lastlen;
	r.id = rd->last;
	r.nprof = nprof;
	r.prof = prof;
	return r;
}

/* Spool the record's rows held back, with its profile, or with none
 * (PROFILE_UNKNOWN) when it has more rows than a profile holds. */
static void flush_record(struct reader *rd, uint8_t nprof)
{
	unsigned char prof[PROFILE_MAX * PROFILE_ENTRY];
	struct spool *part = rd->run->part[rd->side];
	struct rec r;
	int i;

	if (nprof != PROFILE_UNKNOWN) {
		/* sorted by insertion: a few entries, in rule order already */
		for (i = 0; i < rd->nrows; i++) {
			unsigned char e[PROFILE_ENTRY], *p = prof +
			    i * PROFILE_ENTRY;

			e[0] = rd->rows[i].rule;
			memcpy(e + 1, rd->rows[i].tok, PREFIX_LEN);
			for (; p > prof && memcmp(p - PROFILE_ENTRY, e,
			    PROFILE_ENTRY) > 0; p -= PROFILE_ENTRY)
				memcpy(p, p - PROFILE_ENTRY, PROFILE_ENTRY);
			memcpy(p, e, PROFILE_ENTRY);
		}
		nprof = (uint8_t)rd->nrows;
	}
	r = this_record(rd, prof, nprof);
	for (i = 0; i < rd->nrows; i++)
		ot_match_spool_row(&part[rd->rows[i].tok[0]], rd->rows[i].rule,
		    rd->rows[i].tok, &r);
	rd->nrows = 0;
}

/* A non-blank token row of the current record: held back until the
 * record ends when rows carry profiles, else spooled now. */
static void token_row(struct reader *rd, uint8_t rule,
    const unsigned char tok[32])
{
	struct rec r;

	if (rd->run->profiles && !rd->unprofiled && rd->nrows == PROFILE_MAX) {
		flush_record(rd, PROFILE_UNKNOWN);
		rd->unprofiled = true;
	}
	if (!rd->run->profiles || rd->unprofiled) {
		r = this_record(rd, NULL, rd->run->profiles ? PROFILE_UNKNOWN :
		    0);
		ot_match_spool_row(&rd->run->part[rd->side][tok[0]], rule, tok,
		    &r);
		return;
	}
	rd->rows[rd->nrows].rule = rule;
	memcpy(rd->rows[rd->nrows].tok, tok, 32);
	rd->nrows++;
}

static int on_record(void *arg, struct csvr *r)
{
	struct reader *rd = arg;
	struct run *run = rd->run;
	struct ot_match_side *sd = &run->side[rd->side];
	const char *rule, *tok, *id, *why = NULL;
	size_t rlen, tlen, idlen;
	unsigned char b[32];
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
		if (rd->started)
			flush_record(rd, 0);
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
		rd->unprofiled = false;
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
	token_row(rd, (uint8_t)k, b);
	return 0;
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
	if (rc == 0 && rd->started)
		flush_record(rd, 0);
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
		d->matched += ot_match_get2(run->seen_b, i) > 0;
		d->several += ot_match_get2(run->seen_b, i) > 1;
		if (run->cand[1] != NULL)
			d->ambiguous += ot_match_get2(run->cand[1], i) > 1;
	}
}

/* What the program itself takes beside the budget's data (its code and
 * libraries, the buffers of the temporary files), kept free of it. */
#define FIXED_MEMORY	((size_t)8 << 20)

/* The bytes the spools may hold, and a step may load: half each of what
 * the budget leaves; under 2 GiB each, the offsets being 32 bits. */
static size_t data_half(size_t mem)
{
	size_t half = (mem > 2 * FIXED_MEMORY ? mem - FIXED_MEMORY : mem / 2) / 2;

	return half < ((size_t)1 << 31) ? half : (size_t)1 << 31;
}

/* Tokens that two large files of one secret share, by chance or because
 * they hold some of the same people, are many; none at all means keys
 * or secrets that differ, more often than two populations apart. */
#define FEW_RECORDS	1000

static void warnings(const struct run *run)
{
	const struct ot_match_stats *st = run->st;
	uint64_t shared = 0, over = 0;
	char list[OT_MATCH_MAX_RULES * 40];
	size_t n = 0;
	int k;

	for (k = 0; k < st->nrules; k++) {
		shared += st->side[0].shared[k];
		over += st->oversized[k];
		if (st->oversized[k] > 0)
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s "
			    "%llu", n > 0 ? ", " : "", st->rule[k],
			    (unsigned long long)st->oversized[k]);
	}
	if (over > 0)
		warnx("%llu token%s held by more than %llu records of one side "
		    "made no pair (%s): --max-group sets the bound",
		    (unsigned long long)over, over > 1 ? "s" : "",
		    (unsigned long long)run->o->max_group, list);
	if (shared == 0 && !run->o->keys_agree &&
	    st->side[0].with_tokens >= FEW_RECORDS &&
	    st->side[1].with_tokens >= FEW_RECORDS)
		warnx("not one token of %s is in %s (%llu and %llu records): "
		    "were both tokenized with one hashing secret, or one key "
		    "pair? Compare HashingSecretHash, or SenderPublicKeyHash "
		    "and ReceiverPublicKeyHash, in their metadata",
		    ot_input_display(&run->in[0]), ot_input_display(&run->in[1]),
		    (unsigned long long)st->side[0].with_tokens,
		    (unsigned long long)st->side[1].with_tokens);
}

/* A join past the budget keeps a few hundred temporary files open at
 * each level it splits: as many as the system lets this process. */
static void open_files_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int ot_match(const struct ot_match_input in[2],
    const struct ot_match_opts *o, int outfd, const char *outname,
    struct ot_match_stats *st)
{
	struct run *run = calloc(1, sizeof(*run));
	int rc, p, k, s;

	if (run == NULL)
		err(1, NULL);
	memset(st, 0, sizeof(*st));
	run->in = in;
	run->o = o;
	run->st = st;
	run->profiles = o->min_rules > 1;
	ot_algs_init(&run->algs, o->hash_alg, o->mac_alg);
	run->now = (int64_t)time(NULL);
	open_files_limit();
	spool_budget(data_half(o->mem));
	run->load_limit = data_half(o->mem);
	if ((rc = read_side(run, 0)) != 0 || (rc = read_side(run, 1)) != 0 ||
	    (rc = rules_in_force(run)) != 0)
		goto out;
	for (k = 0; k < run->nrules; k++)
		run->order[k] = k;
	sort_run = run;
	qsort(run->order, (size_t)run->nrules, sizeof(int), cmp_name);
	run->qrange = run->nrec[0] / NPART + 1;
	ot_match_join(run);
	if ((run->seen_b = calloc(run->nrec[1] / 4 + 1, 1)) == NULL)
		err(1, NULL);
	if (o->one_to_one)
		for (s = 0; s < 2; s++)
			if ((run->best[s] = calloc(run->nrec[s] + 1, 1)) == NULL ||
			    (run->cand[s] = calloc(run->nrec[s] / 4 + 1, 1)) ==
			    NULL)
				err(1, NULL);
	csvw_init(&run->out, outfd, outname);
	csvw_raw(&run->out, "RecordIdA,RecordIdB,Rules\n", 26);
	ot_match_pairs(run);
	csvw_close(&run->out);
	st->partitioned = st->partitioned || spool_spilled();
	st->nrules = run->nrules;
	for (k = 0; k < run->nrules; k++) {
		strcpy(st->rule[k], run->names[run->order[k]]);
		st->oversized[k] = run->oversized[run->order[k]];
	}
	side_stats(run, 0);
	side_stats(run, 1);
	warnings(run);
out:
	for (p = 0; p < NPART; p++) {
		spool_free(&run->part[0][p]);
		spool_free(&run->part[1][p]);
		spool_free(&run->pairs[p]);
	}
	for (s = 0; s < 2; s++) {
		free(run->best[s]);
		free(run->cand[s]);
	}
	free(run->seen_b);
	free(run);
	return rc;
}
