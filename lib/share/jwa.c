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

static _Noreturn void ossl_fail(const char *what)
{
	unsigned long e = ERR_get_error();

	errx(1, "OpenSSL: %s: %s", what,
	    e ? ERR_reason_error_string(e) : "failed");
}

EVP_CIPHER_CTX *ot_gcm_keyed(const unsigned char key[32], bool seal)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	if (ctx == NULL || !(seal ?
	    EVP_EncryptInit_ex2(ctx, EVP_aes_256_gcm(), key, NULL, NULL) :
	    EVP_DecryptInit_ex2(ctx, EVP_aes_256_gcm(), key, NULL, NULL)))
		ossl_fail("AES-256-GCM");
	return ctx;
}

/* The context to use: ctx, or a new one keyed with key. */
static EVP_CIPHER_CTX *context(EVP_CIPHER_CTX *ctx, const unsigned char *key,
    bool seal)
{
	return key != NULL ? ot_gcm_keyed(key, seal) : ctx;
}

void ot_gcm_seal(EVP_CIPHER_CTX *ctx, const unsigned char *key,
    const unsigned char iv[OT_GCM_IV], const void *aad, size_t aadlen,
    const unsigned char *in, size_t n, unsigned char *out,
    unsigned char tag[OT_GCM_TAG])
{
	EVP_CIPHER_CTX *c = context(ctx, key, true);
	int m = 0, fin = 0;

	if (!EVP_EncryptInit_ex2(c, NULL, NULL, iv, NULL) ||
	    (aadlen > 0 && !EVP_EncryptUpdate(c, NULL, &m, aad, (int)aadlen)) ||
	    !EVP_EncryptUpdate(c, out, &m, in, (int)n) ||
	    !EVP_EncryptFinal_ex(c, out + m, &fin) ||
	    !EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, OT_GCM_TAG, tag))
		ossl_fail("AES-256-GCM");
	if (c != ctx)
		EVP_CIPHER_CTX_free(c);
}

int ot_gcm_open(EVP_CIPHER_CTX *ctx, const unsigned char *key,
    const unsigned char iv[OT_GCM_IV], const void *aad, size_t aadlen,
    const unsigned char *in, size_t n, unsigned char *out,
    const unsigned char tag[OT_GCM_TAG])
{
	EVP_CIPHER_CTX *c = context(ctx, key, false);
	int m = 0, fin = 0, rc = 0;

	if (!EVP_DecryptInit_ex2(c, NULL, NULL, iv, NULL) ||
	    (aadlen > 0 && !EVP_DecryptUpdate(c, NULL, &m, aad, (int)aadlen)) ||
	    !EVP_DecryptUpdate(c, out, &m, in, (int)n) ||
	    !EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, OT_GCM_TAG,
	    (void *)(uintptr_t)tag))
		ossl_fail("AES-256-GCM");
	if (EVP_DecryptFinal_ex(c, out + m, &fin) <= 0) {
		ERR_clear_error();
		OPENSSL_cleanse(out, n);
		rc = -1;
	}
	if (c != ctx)
		EVP_CIPHER_CTX_free(c);
	return rc;
}

void ot_jwa_kek(const unsigned char *z, size_t zlen, unsigned char kek[32])
{
	/* AlgorithmID (length, then the name), empty PartyUInfo and
	 * PartyVInfo, SuppPubInfo: keydatalen in bits, all big-endian */
	static const unsigned char info[] = {
		0, 0, 0, 14, 'E', 'C', 'D', 'H', '-', 'E', 'S', '+', 'A', '2',
		'5', '6', 'K', 'W', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
	};
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "SSKDF", NULL);
	EVP_KDF_CTX *k = kdf != NULL ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM p[4];

	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
	    "SHA256", 0);
	p[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
	    (void *)(uintptr_t)z, zlen);
	p[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
	    (void *)(uintptr_t)info, sizeof(info));
	p[3] = OSSL_PARAM_construct_end();
	if (k == NULL || EVP_KDF_derive(k, kek, 32, p) != 1)
		ossl_fail("Concat KDF");
	EVP_KDF_CTX_free(k);
	EVP_KDF_free(kdf);
}

/* AES-256 key wrap one way or the other; whether it checked. */
static bool wrap(bool seal, const unsigned char kek[32],
    const unsigned char *in, size_t n, unsigned char *out)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, "AES-256-WRAP", NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int m = 0, fin = 0;
	bool ok;

	if (c == NULL || ctx == NULL)
		ossl_fail("AES key wrap");
	ok = seal ? EVP_EncryptInit_ex2(ctx, c, kek, NULL, NULL) &&
	    EVP_EncryptUpdate(ctx, out, &m, in, (int)n) &&
	    EVP_EncryptFinal_ex(ctx, out + m, &fin) :
	    EVP_DecryptInit_ex2(ctx, c, kek, NULL, NULL) &&
	    EVP_DecryptUpdate(ctx, out, &m, in, (int)n) > 0 &&
	    EVP_DecryptFinal_ex(ctx, out + m, &fin) > 0 &&
	    m + fin == (int)n - 8;
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	if (!ok && seal)
		ossl_fail("AES key wrap");
	if (!ok) {
		ERR_clear_error();
		OPENSSL_cleanse(out, n - 8);
	}
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
		ossl_fail("EC point");
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
		ossl_fail("EC");
	ok = EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY, p) == 1;
	EVP_PKEY_CTX_free(ctx);
	if (ok) {
		if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL)) == NULL)
			ossl_fail("EC");
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
