#include "person/memo.h"
#include "person/loss.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>

/* A table per attribute, direct-mapped on the key's low bits (an entry's
 * index in its dictionary, so a dictionary of up to SLOTS entries never
 * evicts one of its own); a normal form longer than TEXT is made each
 * time.  An entry is a cache line. */
#define SLOTS	1024
#define TEXT	51

struct entry {
	uint64_t key;		/* 0: empty */
	uint8_t len;
	uint8_t state;
	uint8_t why;		/* enum ot_reason */
	uint8_t loss;		/* what a named profile lost (ctx->last_loss) */
	char s[TEXT + 1];
};

struct ot_memo {
	struct entry e[OT_NATTR][SLOTS];
};

struct ot_memo *ot_memo_new(void)
{
	struct ot_memo *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		err(1, NULL);
	return m;
}

void ot_memo_free(struct ot_memo *m)
{
	free(m);
}

void ot_normalize_keyed(struct ot_norm_ctx *ctx, struct ot_memo *m,
    const struct ot_value raw[OT_NATTR], const uint64_t key[OT_NATTR],
    char *const bufs[OT_NATTR], struct ot_value vals[OT_NATTR],
    enum ot_reason why[OT_NATTR])
{
	struct entry *e;
	int a;

	for (a = 0; a < OT_NATTR; a++) {
		e = &m->e[a][key[a] % SLOTS];
		if (key[a] != 0 && e->key == key[a]) {
			vals[a].s = e->s;
			vals[a].len = e->len;
			vals[a].state = (enum ot_vstate)e->state;
			why[a] = (enum ot_reason)e->why;
			if (e->loss != 0)
				ot_loss_replay(ctx, (enum ot_attr)a, e->loss);
			continue;
		}
		ctx->last_loss = 0;
		ot_normalize_value(ctx, (enum ot_attr)a, &raw[a], bufs[a],
		    &vals[a], &why[a]);
		if (key[a] == 0 || vals[a].len > TEXT)
			continue;
		e->key = key[a];
		e->len = (uint8_t)vals[a].len;
		e->state = (uint8_t)vals[a].state;
		e->why = (uint8_t)why[a];
		e->loss = ctx->last_loss;
		memcpy(e->s, vals[a].s, vals[a].len);
		e->s[vals[a].len] = '\0';
	}
}
