/* Fuzz target: the PEM key parsers over arbitrary text (the first byte
 * picks private or public), and ECDH with whatever parses. */
#include "share/kex.h"

#include <stdint.h>
#include <stdlib.h>

#include <openssl/evp.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ot_secret h, e;
	static EVP_PKEY *mine[OT_NCURVE];
	const char *why;
	EVP_PKEY *k;
	int c;

	if (size == 0)
		return 0;
	if (mine[0] == NULL)
		for (c = 0; c < OT_NCURVE; c++)
			mine[c] = ot_key_generate((enum ot_curve)c);
	k = data[0] & 1 ?
	    ot_key_parse_private((const char *)data + 1, size - 1, &why) :
	    ot_key_parse_public((const char *)data + 1, size - 1, &why);
	if (k == NULL) {
		if (why == NULL)
			abort();
		return 0;
	}
	if ((c = ot_key_curve(k)) < 0)
		abort();
	ot_kex_derive(mine[c], "mine", k, "fuzzed", &h, &e);
	if (h.len != 32 || e.len != 32)
		abort();
	EVP_PKEY_free(k);
	return 0;
}
