/* Fuzz target: the OpenLinkToken 2.x parsers over arbitrary bytes.  The
 * first byte chooses: 'X', the rest is an exchange config, parsed and
 * opened with a fixed P-256 private key (the partner of the seeds'
 * configs), its transport key derived when it opens; 'T', an olt.V1
 * token, checked without a key and opened with a fixed transport key. */
#include "share/exchange.h"
#include "share/kex.h"
#include "token/oltv1.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char partner[] =
	    "-----BEGIN PRIVATE KEY-----\n"
	    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgU84x+82j6xdDinFn\n"
	    "PrV0DGXeYyKG4leV4VBBHwm1Io6hRANCAARejsmemkrgFw6tGm/tn6sFA67YjmiB\n"
	    "3qsa6nsr27dUeGcZU+L6gxj0AmiinIObzAQYMDgbPFcRTgQnXJwmAGnc\n"
	    "-----END PRIVATE KEY-----\n";
	static const unsigned char key[32] = "demo-encryption-key-of-32-bytes!";
	static struct ot_oltv1 *v;
	static EVP_PKEY *own;
	struct ot_exchange x;
	struct ot_v1_header h;
	struct ot_secret tk;
	char out[OT_OLTV1_MAX];
	const char *why, *s = (const char *)data + 1;
	size_t n;

	if (v == NULL) {
		if ((own = ot_key_parse_private(partner, sizeof(partner) - 1,
		    &why)) == NULL)
			abort();
		v = ot_oltv1_reader(key);
	}
	if (size < 1)
		return 0;
	if (data[0] == 'X') {
		if (ot_exchange_parse(&x, s, size - 1) == 0 &&
		    ot_exchange_open(&x, own) == 0) {
			/* what opened is whole: both keys, a role, a secret */
			if (x.sender == NULL || x.recipient == NULL ||
			    x.hashing.len == 0 || x.id == NULL)
				abort();
			ot_exchange_transport_key(&x, &tk);
			if (tk.len != 32)
				abort();
		}
		ot_exchange_free(&x);
	} else if (data[0] == 'T' && size - 1 <= OT_OLTV1_MAX) {
		(void)ot_oltv1_peek(s, size - 1, &h);
		if (ot_is_oltv1_token(s, size - 1) &&
		    ot_oltv1_open(v, s, size - 1, out, &n) == NULL &&
		    n > size - 1)
			abort();
	}
	return 0;
}
