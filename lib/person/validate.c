/* The validators' context: today's date, UTC, the profile, the names'
 * scratch, and what a named profile loses. */
#include "person/validate.h"
#include "person/loss.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void ot_norm_init(struct ot_norm_ctx *ctx)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(ctx, 0, sizeof(*ctx));
	gmtime_r(&now, &tm);
	ctx->today = ot_days_from_civil(tm.tm_year + 1900,
	    (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
	ctx->compat = ot_compat();
	if (ot_compat_named() &&
	    (ctx->losses = calloc(1, sizeof(*ctx->losses))) == NULL)
		err(1, NULL);
}

void ot_norm_free(struct ot_norm_ctx *ctx)
{
	if (ctx->losses != NULL)
		ot_losses_add(ctx->losses);
	free(ctx->losses);
	free(ctx->cp);
	free(ctx->text);
	free(ctx->other);
	memset(ctx, 0, sizeof(*ctx));
}
