/* Fuzz target: the token decryptor with a fixed key over arbitrary text,
 * and an encrypt-decrypt round trip of the same bytes. */
#include "token/crypto.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[OT_KEY_LEN] =
	    "Secret-Encryption-Key-Goes-Here.";
	static struct ot_cipher *enc, *dec;
	char *out = malloc(size + 1), *tok, *back;
	size_t outlen, toklen, backlen;

	if (enc == NULL) {
		enc = ot_cipher_new(key, 1);
		dec = ot_cipher_new(key, 0);
	}
	if (out == NULL)
		abort();
	if (ot_decrypt_token(dec, (const char *)data, size, out, &outlen) == NULL &&
	    outlen > size)
		abort();
	free(out);
	if (size == 0 || size > OT_TOKEN_MAX / 2)
		return 0;
	tok = malloc((size + 28) / 3 * 4 + 8);
	back = malloc((size + 28) / 3 * 4 + 8);
	if (tok == NULL || back == NULL)
		abort();
	toklen = ot_encrypt_token(enc, (const char *)data, size, tok);
	if (ot_decrypt_token(dec, tok, toklen, back, &backlen) != NULL ||
	    backlen != size || memcmp(back, data, size) != 0)
		abort();
	free(tok);
	free(back);
	return 0;
}
