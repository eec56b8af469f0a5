#include "share/jwa.h"
#include "base64.h"
#include "share/kex.h"

#include <err.h>
#include <stdint.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

EVP_CIPHER_CTX *ot_gcm_keyed(const unsigned char key[32], bool seal)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	if (ctx == NULL || !(seal ?
	    EVP_EncryptInit_ex2(ctx, EVP_aes_256_gcm(), key, NULL, NULL) :
	    EVP_DecryptInit_ex2(ctx, EVP_aes_256_gcm(), key, NULL, NULL)))
		ot_ossl_fail("AES-256-GCM");
	return ctx;
}

int ot_gcm(EVP_CIPHER_CTX *ctx, bool seal, const unsigned char *key,
    const unsigned char iv[OT_GCM_IV], const void *aad, size_t aadlen,
    const unsigned char *in, size_t n, unsigned char *out,
    unsigned char tag[OT_GCM_TAG])
{
	OSSL_PARAM p[2] = {
		OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag,
		    OT_GCM_TAG),
		OSSL_PARAM_END
	};
	int m = 0, fin = 0;

	/* ctx has its cipher: given again, it would be reset */
	if (seal) {
		if (!EVP_EncryptInit_ex2(ctx, NULL, key, iv, NULL) ||
		    (aadlen > 0 && !EVP_EncryptUpdate(ctx, NULL, &m, aad,
		    (int)aadlen)) ||
		    !EVP_EncryptUpdate(ctx, out, &m, in, (int)n) ||
		    !EVP_EncryptFinal_ex(ctx, out + m, &fin) ||
		    !EVP_CIPHER_CTX_get_params(ctx, p))
			ot_ossl_fail("AES-256-GCM");
		return 0;
	}
	if (!EVP_DecryptInit_ex2(ctx, NULL, key, iv, NULL) ||
	    (aadlen > 0 && !EVP_DecryptUpdate(ctx, NULL, &m, aad,
	    (int)aadlen)) ||
	    !EVP_DecryptUpdate(ctx, out, &m, in, (int)n) ||
	    !EVP_CIPHER_CTX_set_params(ctx, p))
		ot_ossl_fail("AES-256-GCM");
	if (EVP_DecryptFinal_ex(ctx, out + m, &fin) <= 0) {
		ERR_clear_error();
		OPENSSL_cleanse(out, n);
		return -1;
	}
	return 0;
}

/* One message through ctx, or a context of its own keyed with key. */
static int gcm_once(EVP_CIPHER_CTX *ctx, bool seal, const unsigned char *key,
    const unsigned char iv[OT_GCM_IV], const void *aad, size_t aadlen,
    const unsigned char *in, size_t n, unsigned char *out,
    unsigned char tag[OT_GCM_TAG])
{
	EVP_CIPHER_CTX *c = key != NULL ? ot_gcm_keyed(key, seal) : ctx;
	int rc = ot_gcm(c, seal, NULL, iv, aad, aadlen, in, n, out, tag);

	if (c != ctx)
		EVP_CIPHER_CTX_free(c);
	return rc;
}

void ot_gcm_seal(EVP_CIPHER_CTX *ctx, const unsigned char *key,
    const unsigned char iv[OT_GCM_IV], const void *aad, size_t aadlen,
    const unsigned char *in, size_t n, unsigned char *out,
    unsigned char tag[OT_GCM_TAG])
{
	(void)gcm_once(ctx, true, key, iv, aad, aadlen, in, n, out, tag);
}

int ot_gcm_open(EVP_CIPHER_CTX *ctx, const unsigned char *key,
    const unsigned char iv[OT_GCM_IV], const void *aad, size_t aadlen,
    const unsigned char *in, size_t n, unsigned char *out,
    const unsigned char tag[OT_GCM_TAG])
{
	unsigned char t[OT_GCM_TAG];

	memcpy(t, tag, sizeof(t));
	return gcm_once(ctx, false, key, iv, aad, aadlen, in, n, out, t);
}

EVP_KDF_CTX *ot_concat_kdf_new(void)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "SSKDF", NULL);
	EVP_KDF_CTX *k;

	if (kdf == NULL || (k = EVP_KDF_CTX_new(kdf)) == NULL)
		ot_ossl_fail("Concat KDF");
	EVP_KDF_free(kdf);
	return k;
}

void ot_concat_kdf(EVP_KDF_CTX *k, const unsigned char *z, size_t zlen,
    const char *algid, const unsigned char *apu, size_t apulen,
    const unsigned char *apv, size_t apvlen, unsigned char out[32])
{
	unsigned char info[4 + 16 + 4 + OT_JWA_PARTY_MAX + 4 +
	    OT_JWA_PARTY_MAX + 4];
	size_t n = 0, al = strlen(algid);
	OSSL_PARAM p[4];
	const unsigned char *part[3] = { (const unsigned char *)algid, apu,
	    apv };
	size_t plen[3] = { al, apulen, apvlen };
	int i;

	if (al > 16 || apulen > OT_JWA_PARTY_MAX || apvlen > OT_JWA_PARTY_MAX)
		errx(1, "internal error: Concat KDF inputs too long");
	for (i = 0; i < 3; i++) {
		info[n++] = (unsigned char)(plen[i] >> 24);
		info[n++] = (unsigned char)(plen[i] >> 16);
		info[n++] = (unsigned char)(plen[i] >> 8);
		info[n++] = (unsigned char)plen[i];
		if (plen[i] > 0)
			memcpy(info + n, part[i], plen[i]);
		n += plen[i];
	}
	memcpy(info + n, "\0\0\1\0", 4);	/* 256 bits */
	n += 4;
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
	    "SHA256", 0);
	p[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
	    (void *)(uintptr_t)z, zlen);
	p[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info, n);
	p[3] = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(k, out, 32, p) != 1)
		ot_ossl_fail("Concat KDF");
	OPENSSL_cleanse(info, sizeof(info));
}

void ot_jwa_kek(const unsigned char *z, size_t zlen, unsigned char kek[32])
{
	EVP_KDF_CTX *k = ot_concat_kdf_new();

	ot_concat_kdf(k, z, zlen, "ECDH-ES+A256KW", NULL, 0, NULL, 0, kek);
	EVP_KDF_CTX_free(k);
}

int ot_aes_kw(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *wrap, bool seal,
    const unsigned char kek[32], const unsigned char *in, size_t n,
    unsigned char *out, size_t *outlen)
{
	int m = 0, fin = 0, ok;

	ok = seal ? EVP_EncryptInit_ex2(ctx, wrap, kek, NULL, NULL) &&
	    EVP_EncryptUpdate(ctx, out, &m, in, (int)n) &&
	    EVP_EncryptFinal_ex(ctx, out + m, &fin) :
	    EVP_DecryptInit_ex2(ctx, wrap, kek, NULL, NULL) &&
	    EVP_DecryptUpdate(ctx, out, &m, in, (int)n) > 0 &&
	    EVP_DecryptFinal_ex(ctx, out + m, &fin) > 0;
	if (!ok) {
		if (seal)
			ot_ossl_fail("AES key wrap");
		ERR_clear_error();
		return -1;
	}
	*outlen = (size_t)(m + fin);
	return 0;
}

/* AES-256 key wrap one way or the other through a context of its own;
 * whether it checked. */
static bool wrap(bool seal, const unsigned char kek[32],
    const unsigned char *in, size_t n, unsigned char *out)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, "AES-256-WRAP", NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	size_t m = 0;
	bool ok;

	if (c == NULL || ctx == NULL)
		ot_ossl_fail("AES key wrap");
	ok = ot_aes_kw(ctx, c, seal, kek, in, n, out, &m) == 0 &&
	    (seal || m == n - 8);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	if (!ok)
		OPENSSL_cleanse(out, n - 8);
	return ok;
}

void ot_key_wrap(const unsigned char kek[32], const unsigned char cek[32],
    unsigned char out[40])
{
	wrap(true, kek, cek, 32, out);
}

int ot_key_unwrap(const unsigned char kek[32], const unsigned char in[40],
    unsigned char cek[32])
{
	unsigned char buf[40];
	bool ok = wrap(false, kek, in, 40, buf);

	if (ok)
		memcpy(cek, buf, 32);
	OPENSSL_cleanse(buf, sizeof(buf));
	return ok ? 0 : -1;
}

static void b64url_member(cJSON *o, const char *name, const unsigned char *p,
    size_t n)
{
	char buf[128];

	buf[ot_b64url_encode(p, n, buf)] = '\0';
	if (cJSON_AddStringToObject(o, name, buf) == NULL)
		err(1, NULL);
}

cJSON *ot_jwk_from_key(EVP_PKEY *k)
{
	unsigned char pt[1 + 2 * OT_Z_MAX];
	int curve = ot_key_curve(k);
	cJSON *o = cJSON_CreateObject();
	size_t n, c;

	if (o == NULL)
		err(1, NULL);
	if (curve < 0 || !EVP_PKEY_set_utf8_string_param(k,
	    OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, "uncompressed") ||
	    !EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pt,
	    sizeof(pt), &n) || pt[0] != 4)
		ot_ossl_fail("EC point");
	c = ot_curve_bytes((enum ot_curve)curve);
	if (!cJSON_AddStringToObject(o, "crv",
	    ot_curve_label((enum ot_curve)curve)) ||
	    !cJSON_AddStringToObject(o, "kty", "EC"))
		err(1, NULL);
	b64url_member(o, "x", pt + 1, c);
	b64url_member(o, "y", pt + 1 + c, c);
	return o;
}

/* A coordinate: base64url of exactly n bytes. */
static bool coordinate(const cJSON *jwk, const char *name, unsigned char *out,
    size_t n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(jwk, name);
	unsigned char buf[96];
	size_t len;

	if (!cJSON_IsString(v) || (len = strlen(v->valuestring)) >
	    sizeof(buf) / 3 * 4 ||
	    ot_b64url_decode(v->valuestring, len, buf) != (long)n)
		return false;
	memcpy(out, buf, n);
	return true;
}

EVP_PKEY *ot_jwk_to_key(const cJSON *jwk, const char **why)
{
	const cJSON *kty = cJSON_GetObjectItemCaseSensitive(jwk, "kty"),
	    *crv = cJSON_GetObjectItemCaseSensitive(jwk, "crv");
	unsigned char pt[1 + 2 * OT_Z_MAX];
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *ctx;
	OSSL_PARAM p[3];
	size_t cb;
	int c;
	bool ok;

	if (!cJSON_IsObject(jwk) || !cJSON_IsString(kty) ||
	    strcmp(kty->valuestring, "EC") != 0 || !cJSON_IsString(crv)) {
		*why = "its epk is not an EC key (kty EC, crv, x, y)";
		return NULL;
	}
	/* the JWK names exactly: P-256, P-384, P-521 */
	if ((c = ot_curve_parse(crv->valuestring)) < 0 ||
	    strcmp(crv->valuestring, ot_curve_label((enum ot_curve)c)) != 0) {
		*why = "its epk is on a curve other than P-256, P-384 and P-521";
		return NULL;
	}
	cb = ot_curve_bytes((enum ot_curve)c);
	pt[0] = 4;
	if (!coordinate(jwk, "x", pt + 1, cb) ||
	    !coordinate(jwk, "y", pt + 1 + cb, cb)) {
		*why = "its epk's x and y are not coordinates of its curve";
		return NULL;
	}
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
	    (char *)(uintptr_t)ot_curve_group((enum ot_curve)c), 0);
	p[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pt,
	    1 + 2 * cb);
	p[2] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL)
		ot_ossl_fail("EC");
	ok = EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY, p) == 1;
	EVP_PKEY_CTX_free(ctx);
	if (ok) {
		if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL)) == NULL)
			ot_ossl_fail("EC");
		ok = EVP_PKEY_public_check(ctx) == 1;
		EVP_PKEY_CTX_free(ctx);
	}
	if (!ok) {
		ERR_clear_error();
		EVP_PKEY_free(k);
		*why = "its epk is not a point of its curve";
		return NULL;
	}
	return k;
}
