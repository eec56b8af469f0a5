/*
 * Fuzz target: the attribute normalizers.  The first byte picks the
 * attribute, the profile (--compat) and whether its losses are counted
 * (which runs the value under two more profiles); the rest is the raw
 * value.  Oracle: a valid value's normal form is short, valid again, and
 * its own normal form, as in the reference -- except a padded Canadian
 * postal code ("K1A" -> "K1A 000"), which the reference's own regex
 * rejects when read again, and a Python reference's SSN, which is
 * checked as written: 123456789 is valid, its normal form 123-45-6789 a
 * placeholder.
 */
#include "person/attr.h"
#include "person/compat.h"
#include "person/loss.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ot_norm_ctx ctx;
	static struct ot_losses losses;
	static int ready;
	char *out, *again;
	size_t len, olen, alen;
	enum ot_attr a;

	if (!ready) {
		ot_norm_init(&ctx);
		ready = 1;
	}
	if (size < 1)
		return 0;
	a = (enum ot_attr)(data[0] % OT_NATTR);
	ctx.compat = &ot_compats[data[0] / OT_NATTR % OT_NCOMPAT];
	ctx.losses = data[0] / (OT_NATTR * OT_NCOMPAT) % 2 ? &losses : NULL;
	len = size - 1;
	out = malloc(OT_NORM_MAX(len));
	again = malloc(OT_NORM_MAX(len));
	if (out == NULL || again == NULL)
		abort();
	if (ot_normalize(&ctx, a, (const char *)data + 1, len, out, &olen)) {
		if (olen == 0 || olen > OT_NORM_MAX(len))
			abort();
		if (a == OT_POSTAL_CODE && memchr(out, ' ', olen) != NULL)
			goto done;
		if (a == OT_SSN && ctx.compat->ssn_raw)
			goto done;
		ctx.losses = NULL;
		if (!ot_normalize(&ctx, a, out, olen, again, &alen) ||
		    alen != olen || memcmp(out, again, olen) != 0)
			abort();
	}
done:
	free(out);
	free(again);
	return 0;
}
