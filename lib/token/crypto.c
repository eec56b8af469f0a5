/*
 * HMAC-SHA256 is made here from SHA-256 states keyed once, with
 * OpenSSL's SHA256_* functions, deprecated since 3.0 but kept by every
 * release: per token, EVP_MAC re-initialisation duplicates two digest
 * contexts (a malloc, a free and a cleanse each) and walks parameter
 * lists, which cost more than the four SHA-256 blocks themselves.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "token/crypto.h"
#include "token/algs.h"
#include "base64.h"
#include "randpool.h"
#include "share/kex.h"

#include <err.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

struct ot_hasher {
	SHA256_CTX inner, outer;	/* after the key's padded block */
	SHA256_CTX work;
	/* other algorithms: through EVP, without the fast path's care */
	EVP_MD *md;
	EVP_MD_CTX *mdctx;
	EVP_MAC *mac;
	EVP_MAC_CTX *macctx;	/* keyed once, re-initialised per token */
	size_t mdlen, maclen;
};

struct ot_cipher {
	EVP_CIPHER *gcm;
	EVP_CIPHER_CTX *ctx;
	unsigned char tag[OT_TAG_LEN];
	OSSL_PARAM get_tag[2];	/* the tag, without EVP_CIPHER_CTX_ctrl's
				 * translation to parameters */
	bool encrypt;
	uint64_t uncounted;	/* encryptions not yet told ot_gcm_used() */
};

/* ot_gcm_used() in steps: an atomic add per token would cost threads
 * that encrypt at once more than the rest of the count. */
#define GCM_COUNT_STEP	4096

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

/* RFC 2104: a key longer than the block is hashed first; the inner and
 * outer states start from the key, padded, XORed with 0x36 and 0x5c. */
struct ot_hasher *ot_hasher_new(const unsigned char *key, size_t keylen)
{
	struct ot_hasher *h = calloc(1, sizeof(*h));
	unsigned char k[SHA256_CBLOCK], ipad[SHA256_CBLOCK],
	    opad[SHA256_CBLOCK];
	size_t i;

	if (h == NULL)
		err(1, NULL);
	memset(k, 0, sizeof(k));
	if (keylen > sizeof(k)) {
		if (!SHA256_Init(&h->work) ||
		    !SHA256_Update(&h->work, key, keylen) ||
		    !SHA256_Final(k, &h->work))
			ot_ossl_fail("SHA-256");
	} else
		memcpy(k, key, keylen);
	for (i = 0; i < sizeof(k); i++) {
		ipad[i] = k[i] ^ 0x36;
		opad[i] = k[i] ^ 0x5c;
	}
	if (!SHA256_Init(&h->inner) ||
	    !SHA256_Update(&h->inner, ipad, sizeof(ipad)) ||
	    !SHA256_Init(&h->outer) ||
	    !SHA256_Update(&h->outer, opad, sizeof(opad)))
		ot_ossl_fail("HMAC key");
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(ipad, sizeof(ipad));
	OPENSSL_cleanse(opad, sizeof(opad));
	return h;
}

struct ot_hasher *ot_hasher_new_algs(int hash, int mac,
    const unsigned char *key, size_t keylen)
{
	struct ot_hasher *h;
	OSSL_PARAM p[2];

	if (hash == OT_SHA256 && mac == OT_HS256)
		return ot_hasher_new(key, keylen);
	if ((h = calloc(1, sizeof(*h))) == NULL)
		err(1, NULL);
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)(uintptr_t)ot_mac_alg_digest((enum ot_mac_alg)mac), 0);
	p[1] = OSSL_PARAM_construct_end();
	if ((h->md = EVP_MD_fetch(NULL,
	    ot_hash_alg_digest((enum ot_hash_alg)hash), NULL)) == NULL ||
	    (h->mdctx = EVP_MD_CTX_new()) == NULL ||
	    (h->mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL ||
	    (h->macctx = EVP_MAC_CTX_new(h->mac)) == NULL ||
	    !EVP_MAC_init(h->macctx, key, keylen, p))
		ot_ossl_fail("hash algorithms");
	h->mdlen = ot_hash_alg_len((enum ot_hash_alg)hash);
	h->maclen = ot_mac_alg_len((enum ot_mac_alg)mac);
	return h;
}

void ot_hasher_free(struct ot_hasher *h)
{
	if (h == NULL)
		return;
	EVP_MAC_CTX_free(h->macctx);	/* cleanses the key */
	EVP_MAC_free(h->mac);
	EVP_MD_CTX_free(h->mdctx);
	EVP_MD_free(h->md);
	OPENSSL_cleanse(h, sizeof(*h));
	free(h);
}

static void to_hex(const unsigned char *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
}

void ot_sha256_hex(const char *s, size_t len, char *out)
{
	unsigned char d[SHA256_DIGEST_LENGTH];

	if (SHA256((const unsigned char *)s, len, d) == NULL)
		ot_ossl_fail("SHA-256");
	to_hex(d, sizeof(d), out);
}

/* The algorithms of token/algs.h other than the reference's. */
static size_t hash_evp(struct ot_hasher *h, const char *sig, size_t len,
    char *out)
{
	unsigned char digest[OT_DIGEST_MAX], mac[OT_DIGEST_MAX];
	char digest_hex[2 * OT_DIGEST_MAX];
	size_t n;

	if (!EVP_DigestInit_ex2(h->mdctx, h->md, NULL) ||
	    !EVP_DigestUpdate(h->mdctx, sig, len) ||
	    !EVP_DigestFinal_ex(h->mdctx, digest, NULL))
		ot_ossl_fail("hash");
	to_hex(digest, h->mdlen, digest_hex);
	/* a NULL key: the same key again */
	if (!EVP_MAC_init(h->macctx, NULL, 0, NULL) ||
	    !EVP_MAC_update(h->macctx, (unsigned char *)digest_hex,
	    2 * h->mdlen) ||
	    !EVP_MAC_final(h->macctx, mac, &n, sizeof(mac)) || n != h->maclen)
		ot_ossl_fail("HMAC");
	return ot_b64_encode(mac, n, out);
}

size_t ot_hash_signature(struct ot_hasher *h, const char *sig, size_t len,
    char *out)
{
	unsigned char digest[SHA256_DIGEST_LENGTH], mac[SHA256_DIGEST_LENGTH];
	char digest_hex[2 * SHA256_DIGEST_LENGTH];

	if (h->macctx != NULL)
		return hash_evp(h, sig, len, out);
	if (!SHA256_Init(&h->work) || !SHA256_Update(&h->work, sig, len) ||
	    !SHA256_Final(digest, &h->work))
		ot_ossl_fail("SHA-256");
	to_hex(digest, sizeof(digest), digest_hex);
	h->work = h->inner;
	if (!SHA256_Update(&h->work, digest_hex, sizeof(digest_hex)) ||
	    !SHA256_Final(mac, &h->work))
		ot_ossl_fail("HMAC");
	h->work = h->outer;
	if (!SHA256_Update(&h->work, mac, sizeof(mac)) ||
	    !SHA256_Final(mac, &h->work))
		ot_ossl_fail("HMAC");
	return ot_b64_encode(mac, sizeof(mac), out);
}

struct ot_cipher *ot_cipher_new(const unsigned char key[OT_KEY_LEN],
    bool encrypt)
{
	struct ot_cipher *c = calloc(1, sizeof(*c));
	int ok;

	if (c == NULL)
		err(1, NULL);
	c->encrypt = encrypt;
	c->get_tag[0] = OSSL_PARAM_construct_octet_string(
	    OSSL_CIPHER_PARAM_AEAD_TAG, c->tag, sizeof(c->tag));
	c->get_tag[1] = OSSL_PARAM_construct_end();
	if ((c->gcm = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL)) == NULL ||
	    (c->ctx = EVP_CIPHER_CTX_new()) == NULL)
		ot_ossl_fail("AES-256-GCM");
	ok = encrypt ? EVP_EncryptInit_ex2(c->ctx, c->gcm, key, NULL, NULL) :
	    EVP_DecryptInit_ex2(c->ctx, c->gcm, key, NULL, NULL);
	if (!ok)
		ot_ossl_fail("AES-256-GCM key");
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
	    !EVP_CIPHER_CTX_get_params(c->ctx, c->get_tag))
		ot_ossl_fail("AES-256-GCM encryption");
	memcpy(buf + OT_IV_LEN + n + fin, c->tag, OT_TAG_LEN);
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
		ot_ossl_fail("AES-256-GCM decryption");
	if (EVP_DecryptFinal_ex(c->ctx, (unsigned char *)out + m, &fin) <= 0) {
		ERR_clear_error();
		OPENSSL_cleanse(out, (size_t)m);
		return "token fails authentication (wrong key or altered token)";
	}
	*outlen = (size_t)(m + fin);
	return NULL;
}
