/* Fuzz target: the base64 decoder.  Oracle: what decodes re-encodes to
 * text that decodes to the same bytes; any bytes survive a round trip,
 * encoded as OpenSSL's EVP_EncodeBlock encodes them; the canonical
 * decoder takes exactly the texts that are the encoding of what they
 * decode to. */
#include "base64.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *dec = malloc(size + 3), *dec2;
	char *enc = malloc(size / 3 * 4 + 8);
	unsigned char *ref = malloc(size / 3 * 4 + 8);
	long n, m;
	size_t k;

	if (dec == NULL || enc == NULL || ref == NULL)
		abort();
	if ((n = ot_b64_decode((const char *)data, size, dec)) >= 0) {
		if ((size_t)n > size / 4 * 3 + 2)
			abort();
		k = ot_b64_encode(dec, (size_t)n, enc);
		if ((ot_b64_decode_canonical((const char *)data, size, dec) ==
		    n) != (k == size && memcmp(enc, data, k) == 0))
			abort();
		dec2 = malloc(k / 4 * 3 + 3);
		if (dec2 == NULL)
			abort();
		m = ot_b64_decode(enc, k, dec2);
		if (m != n || memcmp(dec, dec2, (size_t)n) != 0)
			abort();
		free(dec2);
	} else if (ot_b64_decode_canonical((const char *)data, size, dec) >= 0)
		abort();
	k = ot_b64_encode(data, size, enc);
	if (size <= INT32_MAX && ((size_t)EVP_EncodeBlock(ref, data,
	    (int)size) != k || memcmp(ref, enc, k) != 0))
		abort();
	if (k % 4 != 0 || ot_b64_decode(enc, k, dec) != (long)size ||
	    memcmp(dec, data, size) != 0)
		abort();
	free(dec);
	free(enc);
	free(ref);
	return 0;
}
