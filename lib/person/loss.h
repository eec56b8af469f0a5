/*
 * What the chosen reference drops that another would keep, counted so
 * that the run can say so once at its end (token/loss.c words it): a
 * value it rejects for its spelling that the other language of its
 * release, or its language's other release, reads; a name it keeps with
 * letters it deletes that 2.x transliterates; a column it does not read
 * (DateOfBirth, to the Python references).  Counted only when a profile was named (ot_compat_named()),
 * so that the default path does no such work.
 */
#ifndef OT_LOSS_H
#define OT_LOSS_H

#include "person/attr.h"

#include <stdint.h>

/* Who reads a value the profile rejects. */
enum ot_loss_who { OT_LOSS_SIBLING, OT_LOSS_OTHER_RELEASE, OT_NLOSS_WHO };

struct ot_losses {
	uint64_t rejected[OT_NATTR][OT_NLOSS_WHO];
	uint32_t reasons[OT_NATTR];	/* bit r: rejected with reason r */
	uint64_t letters[OT_NATTR];	/* kept, without letters 2.x keeps */
	uint64_t column_records;	/* records of an unread BirthDate column */
	const char *column;		/* its header's alias ("DateOfBirth") */
};

/* After a validator ran on a value of attribute a (result r, normal form
 * out when valid): count what the profile lost, and remember it in
 * ctx->last_loss for the memo.  Only with ctx->losses. */
void ot_loss_check(struct ot_norm_ctx *ctx, enum ot_attr a, const char *in,
    size_t len, enum ot_reason r, const char *out, size_t outlen);

/* Count again the loss of a remembered value (ctx->last_loss's code). */
void ot_loss_replay(struct ot_norm_ctx *ctx, enum ot_attr a, uint8_t code);

/* A record read with an unread BirthDate column. */
void ot_loss_column_record(const char *alias);

/* The process's losses: every context's, added as it is freed, and the
 * records counted above.  Read once the work is done. */
void ot_losses_add(const struct ot_losses *l);
const struct ot_losses *ot_losses_total(void);

/* Which validator the profile's neighbour who reads a value would be. */
const struct ot_compat *ot_loss_reader(const struct ot_compat *c,
    enum ot_loss_who who);

#endif
