/* The validators' context: today's date, UTC, and the names' scratch. */
#include "person/validate.h"

#include <stdlib.h>
#include <time.h>

void ot_norm_init(struct ot_norm_ctx *ctx)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	ctx->today = ot_days_from_civil(tm.tm_year + 1900,
	    (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
	ctx->cp = NULL;
	ctx->cpcap = 0;
}

void ot_norm_free(struct ot_norm_ctx *ctx)
{
	free(ctx->cp);
	ctx->cp = NULL;
	ctx->cpcap = 0;
}
