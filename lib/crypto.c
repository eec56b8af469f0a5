#include "crypto.h"
#include "base64.h"
#include "randpool.h"

#include <err.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

struct ot_hasher {
	EVP_MD *sha256;
	EVP_MD_CTX *md;
	EVP_MAC *hmac;
	EVP_MAC_CTX *mac;
};

struct ot_cipher {
	EVP_CIPHER *gcm;
	EVP_CIPHER_CTX *ctx;
	bool encrypt;
	uint64_t uncounted;	/* encryptions not yet told ot_gcm_used() */
};

/* ot_gcm_used() in steps: an atomic add per token would cost threads
 * that encrypt at once more than the rest of the count. */
#define GCM_COUNT_STEP	4096

static _Noreturn void ossl_fail(const char *what)
{
	unsigned long e = ERR_get_error();

	errx(1, "OpenSSL: %s: %s", what,
	    e ? ERR_reason_error_string(e) : "failed");
}

void ot_gcm_used(uint64_t n)
{
	/* atomic: ot's in-process pipeline encrypts on several threads */
	static _Atomic uint64_t used;
	static atomic_flag warned = ATOMIC_FLAG_INIT;

	if (atomic_fetch_add(&used, n) + n <= OT_GCM_WARN ||
	    atomic_flag_test_and_set(&warned))
		return;
	warnx("warning: more than %llu AES-GCM encryptions under one key; "
	    "random 96-bit IVs are safe for about 2^32 (NIST SP 800-38D): "
	    "rotate the key, or make V1 tokens with ECDH-ES+A256KW "
	    "(ot-encrypt --format v1 --alg ECDH-ES+A256KW), which share no "
	    "key", (unsigned long long)OT_GCM_WARN);
}

bool ot_is_blank_token(const char *s, size_t len)
{
	return len == OT_BLANK_LEN && memcmp(s, OT_BLANK_TOKEN, len) == 0;
}

struct ot_hasher *ot_hasher_new(const unsigned char *key, size_t keylen)
{
	struct ot_hasher *h = calloc(1, sizeof(*h));
	OSSL_PARAM params[2];

	if (h == NULL)
		err(1, NULL);
	if ((h->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL ||
	    (h->md = EVP_MD_CTX_new()) == NULL)
		ossl_fail("SHA-256");
	if ((h->hmac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL ||
	    (h->mac = EVP_MAC_CTX_new(h->hmac)) == NULL)
		ossl_fail("HMAC");
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    "SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(h->mac, key, keylen, params))
		ossl_fail("HMAC key");
	return h;
}

void ot_hasher_free(struct ot_hasher *h)
{
	if (h == NULL)
		return;
	EVP_MAC_CTX_free(h->mac);	/* cleanses the key */
	EVP_MAC_free(h->hmac);
	EVP_MD_CTX_free(h->md);
	EVP_MD_free(h->sha256);
	free(h);
}

void ot_hash_signature(struct ot_hasher *h, const char *sig, size_t len,
    char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char digest[32], mac[32];
	char digest_hex[64];
	unsigned int dlen;
	size_t i, mlen;

	if (!EVP_DigestInit_ex2(h->md, h->sha256, NULL) ||
	    !EVP_DigestUpdate(h->md, sig, len) ||
	    !EVP_DigestFinal_ex(h->md, digest, &dlen))
		ossl_fail("SHA-256");
	for (i = 0; i < sizeof(digest); i++) {
		digest_hex[2 * i] = hex[digest[i] >> 4];
		digest_hex[2 * i + 1] = hex[digest[i] & 15];
	}
	if (!EVP_MAC_init(h->mac, NULL, 0, NULL) ||
	    !EVP_MAC_update(h->mac, (unsigned char *)digest_hex,
	    sizeof(digest_hex)) ||
	    !EVP_MAC_final(h->mac, mac, &mlen, sizeof(mac)))
		ossl_fail("HMAC");
	ot_b64_encode(mac, sizeof(mac), out);
}

struct ot_cipher *ot_cipher_new(const unsigned char key[OT_KEY_LEN],
    bool encrypt)
{
	struct ot_cipher *c = calloc(1, sizeof(*c));
	int ok;

	if (c == NULL)
		err(1, NULL);
	c->encrypt = encrypt;
	if ((c->gcm = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL)) == NULL ||
	    (c->ctx = EVP_CIPHER_CTX_new()) == NULL)
		ossl_fail("AES-256-GCM");
	ok = encrypt ? EVP_EncryptInit_ex2(c->ctx, c->gcm, key, NULL, NULL) :
	    EVP_DecryptInit_ex2(c->ctx, c->gcm, key, NULL, NULL);
	if (!ok)
		ossl_fail("AES-256-GCM key");
	return c;
}

void ot_cipher_free(struct ot_cipher *c)
{
	if (c == NULL)
		return;
	if (c->uncounted > 0)
		ot_gcm_used(c->uncounted);
	EVP_CIPHER_CTX_free(c->ctx);	/* cleanses the key schedule */
	EVP_CIPHER_free(c->gcm);
	free(c);
}

size_t ot_encrypt_token(struct ot_cipher *c, const char *tok, size_t len,
    char *out)
{
	unsigned char buf[OT_IV_LEN + OT_PLAIN_MAX + OT_TAG_LEN];
	int n, fin;

	if (len > OT_PLAIN_MAX)
		errx(1, "internal error: token longer than %d bytes",
		    OT_PLAIN_MAX);
	ot_random(buf, OT_IV_LEN);
	if (++c->uncounted == GCM_COUNT_STEP) {
		ot_gcm_used(c->uncounted);
		c->uncounted = 0;
	}
	if (!EVP_EncryptInit_ex2(c->ctx, NULL, NULL, buf, NULL) ||
	    !EVP_EncryptUpdate(c->ctx, buf + OT_IV_LEN, &n,
	    (const unsigned char *)tok, (int)len) ||
	    !EVP_EncryptFinal_ex(c->ctx, buf + OT_IV_LEN + n, &fin) ||
	    !EVP_CIPHER_CTX_ctrl(c->ctx, EVP_CTRL_GCM_GET_TAG, OT_TAG_LEN,
	    buf + OT_IV_LEN + n + fin))
		ossl_fail("AES-256-GCM encryption");
	return ot_b64_encode(buf, OT_IV_LEN + (size_t)(n + fin) + OT_TAG_LEN,
	    out);
}

const char *ot_decrypt_token(struct ot_cipher *c, const char *tok,
    size_t len, char *out, size_t *outlen)
{
	unsigned char buf[(OT_TOKEN_MAX / 4 + 1) * 3];
	long n;
	int m, fin;

	if (len > OT_TOKEN_MAX)
		return "token too long";
	if ((n = ot_b64_decode(tok, len, buf)) < 0)
		return "token is not valid base64";
	if (n < OT_IV_LEN + OT_TAG_LEN)
		return "token too short";
	if (!EVP_DecryptInit_ex2(c->ctx, NULL, NULL, buf, NULL) ||
	    !EVP_DecryptUpdate(c->ctx, (unsigned char *)out, &m,
	    buf + OT_IV_LEN, (int)n - OT_IV_LEN - OT_TAG_LEN) ||
	    !EVP_CIPHER_CTX_ctrl(c->ctx, EVP_CTRL_GCM_SET_TAG, OT_TAG_LEN,
	    buf + n - OT_TAG_LEN))
		ossl_fail("AES-256-GCM decryption");
	if (EVP_DecryptFinal_ex(c->ctx, (unsigned char *)out + m, &fin) <= 0) {
		ERR_clear_error();
		OPENSSL_cleanse(out, (size_t)m);
		return "token fails authentication (wrong key or altered token)";
	}
	*outlen = (size_t)(m + fin);
	return NULL;
}
