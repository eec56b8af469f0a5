#include "person/loss.h"
#include "person/compat.h"

#include <err.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static struct ot_losses total;
static pthread_mutex_t total_mu = PTHREAD_MUTEX_INITIALIZER;

/* Rejections for how a value is written, which another reading takes:
 * not placeholders, nor SSN numbers no one issues, nor dates out of
 * range, which every reference rejects for what they are. */
static bool spelling(enum ot_reason r)
{
	switch (r) {
	case OT_R_NAME_EMPTY:
	case OT_R_LASTNAME_PATTERN:
	case OT_R_DATE_FORMAT:
	case OT_R_DATE_NO_DAY:
	case OT_R_DATE_NO_OFFSET:
	case OT_R_SEX_SPELLING:
	case OT_R_ZIP_LENGTH:
	case OT_R_POSTAL_CA_FORMAT:
	case OT_R_SSN_FORMAT:
	case OT_R_SSN_LENGTH:
	case OT_R_SSN_SPELLING:
		return true;
	default:
		return false;
	}
}

const struct ot_compat *ot_loss_reader(const struct ot_compat *c,
    enum ot_loss_who who)
{
	return who == OT_LOSS_SIBLING ? ot_compat_sibling(c) :
	    ot_compat_other_release(c);
}

/* The value under profile c, into ctx->other. */
static enum ot_reason under(struct ot_norm_ctx *ctx,
    const struct ot_compat *c, enum ot_attr a, const char *in, size_t len,
    size_t *n)
{
	const struct ot_compat *mine = ctx->compat;
	struct ot_losses *l = ctx->losses;
	enum ot_reason r;

	if (ctx->othercap < OT_NORM_MAX(len)) {
		free(ctx->other);
		ctx->othercap = OT_NORM_MAX(len);
		if ((ctx->other = malloc(ctx->othercap)) == NULL)
			err(1, NULL);
	}
	ctx->compat = c;
	ctx->losses = NULL;
	r = ot_normalize_why(ctx, a, in, len, ctx->other, n);
	ctx->compat = mine;
	ctx->losses = l;
	return r;
}

/* Whether a name holds a letter of the 2.x table (the only non-ASCII
 * bytes its letters start with are 0xc3 to 0xc7 and 0xe1). */
static bool has_table_letter(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 0xc3 && c <= 0xc7) || c == 0xe1)
			return true;
	}
	return false;
}

/* last_loss: 0 none; else bits 0-4 the reason, bits 5-6 the kind. */
#define KIND_REJECTED	(1 << 5)	/* + who << 5 */
#define KIND_LETTERS	(3 << 5)

void ot_loss_replay(struct ot_norm_ctx *ctx, enum ot_attr a, uint8_t code)
{
	struct ot_losses *l = ctx->losses;
	unsigned kind = code & (3 << 5);

	ctx->last_loss = code;
	if (code == 0 || l == NULL)
		return;
	if (kind == KIND_LETTERS)
		l->letters[a]++;
	else {
		l->rejected[a][(kind >> 5) - 1]++;
		l->reasons[a] |= 1u << (code & 31);
	}
}

void ot_loss_check(struct ot_norm_ctx *ctx, enum ot_attr a, const char *in,
    size_t len, enum ot_reason r, const char *out, size_t outlen)
{
	const struct ot_compat *c = ctx->compat, *q;
	uint8_t code = 0;
	size_t n;
	int who;

	if (r != OT_VALID && spelling(r)) {
		for (who = 0; who < OT_NLOSS_WHO && code == 0; who++)
			if (under(ctx, ot_loss_reader(c, (enum ot_loss_who)who),
			    a, in, len, &n) == OT_VALID)
				code = (uint8_t)(KIND_REJECTED * (who + 1) | r);
	} else if (r == OT_VALID && !c->transliterate &&
	    (a == OT_FIRST_NAME || a == OT_LAST_NAME) &&
	    has_table_letter(in, len)) {
		q = ot_compat_other_release(c);
		if (under(ctx, q, a, in, len, &n) == OT_VALID &&
		    (n != outlen || memcmp(ctx->other, out, n) != 0))
			code = KIND_LETTERS;
	}
	ot_loss_replay(ctx, a, code);
}

void ot_loss_column_record(const char *alias)
{
	/* the reading thread's alone */
	total.column = alias;
	total.column_records++;
}

void ot_losses_add(const struct ot_losses *l)
{
	int a, w;

	pthread_mutex_lock(&total_mu);
	for (a = 0; a < OT_NATTR; a++) {
		for (w = 0; w < OT_NLOSS_WHO; w++)
			total.rejected[a][w] += l->rejected[a][w];
		total.reasons[a] |= l->reasons[a];
		total.letters[a] += l->letters[a];
	}
	pthread_mutex_unlock(&total_mu);
}

const struct ot_losses *ot_losses_total(void)
{
	return &total;
}
