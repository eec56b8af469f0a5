/* Fuzz target: the ot.V1 token reader over arbitrary bytes: the compact
 * form, the header and, for what gets that far, each mode's key
 * handling, with a symmetric key and a fixed P-256 private key (the
 * receiver of the seeds). */
#include "token/jwe.h"
#include "share/kex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char receiver[] =
	    "-----BEGIN PRIVATE KEY-----\n"
	    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg+w3SFVPhylY2jtU2\n"
	    "3Tfy8/hVGKb83nc+rW6v3Gd25kOhRANCAARf2k94ZBRUGFFDas9ck8QMvvjFkLMf\n"
	    "QpCDGN42Zo4vST/76cZXIoP3zfqf5VvNplTGdz/3Pz67oQGZX56U3iUX\n"
	    "-----END PRIVATE KEY-----\n";
	static const unsigned char key[32] = "demo-encryption-key-of-32-bytes!";
	static struct ot_v1 *v;
	static EVP_PKEY *own;
	struct ot_v1_header h;
	char out[OT_V1_MAX];
	const char *why;
	size_t n;

	if (v == NULL) {
		if ((own = ot_key_parse_private(receiver, sizeof(receiver) - 1,
		    &why)) == NULL)
			abort();
		v = ot_v1_reader(key, own);
	}
	if (size > OT_V1_MAX)
		return 0;
	(void)ot_v1_peek((const char *)data, size, &h);
	if (ot_is_v1_token((const char *)data, size))
		(void)ot_v1_open(v, (const char *)data, size, out, &n);
	return 0;
}
