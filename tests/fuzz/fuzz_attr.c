/*
 * Fuzz target: the attribute normalizers.  The first byte picks the
 * attribute, the rest is the raw value.  Oracle: a valid value's normal
 * form is short, valid again, and its own normal form, as in the
 * reference -- except a padded Canadian postal code ("K1A" -> "K1A 000"),
 * which the reference's own regex rejects when read again.
 */
#include "person/attr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ot_norm_ctx ctx;
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
	len = size - 1;
	out = malloc(len + OT_NORM_MIN_OUT);
	again = malloc(len + OT_NORM_MIN_OUT);
	if (out == NULL || again == NULL)
		abort();
	if (ot_normalize(&ctx, a, (const char *)data + 1, len, out, &olen)) {
		if (olen == 0 || olen > (len > OT_NORM_MIN_OUT ? len : OT_NORM_MIN_OUT))
			abort();
		if (a == OT_POSTAL_CODE && memchr(out, ' ', olen) != NULL)
			goto done;
		if (!ot_normalize(&ctx, a, out, olen, again, &alen) ||
		    alen != olen || memcmp(out, again, olen) != 0)
			abort();
	}
done:
	free(out);
	free(again);
	return 0;
}
