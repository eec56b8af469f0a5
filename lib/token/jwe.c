#include "token/jwe.h"
#include "base64.h"
#include "token/crypto.h"
#include "share/kex.h"
#include "randpool.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

/* Bounds of the parts of a token read, in base64url characters. */
#define HEADER_MAX	2048
#define EK_MAX		128
#define CT_MAX		4096
#define CEK_LEN		32
#define KW_LEN		40	/* an AES-wrapped CEK */

#define ISS		"truveta.opentoken"

/* A token of parts within these bounds fits OT_V1_MAX, the longest read:
 * every token written can be read back. */
_Static_assert(OT_V1_PREFIX_LEN + HEADER_MAX + EK_MAX +
    (OT_IV_LEN + 2) / 3 * 4 + (CT_MAX + 2) / 3 * 4 +
    (OT_TAG_LEN + 2) / 3 * 4 + 4 <= OT_V1_MAX, "OT_V1_MAX too small");

static const char *const alg_names[OT_V1_NALG] = {
	[OT_V1_DIR] = "dir",
	[OT_V1_A256GCMKW] = "A256GCMKW",
	[OT_V1_ECDH_ES] = "ECDH-ES+A256KW",
};

struct ot_v1 {
	enum ot_v1_alg alg;
	unsigned char key[OT_KEY_LEN];
	bool have_key;
	EVP_PKEY *peer;		/* writing ECDH-ES: the recipient */
	EVP_PKEY *own;		/* reading ECDH-ES: our private key */
	char *ring;
	char *dir_header;	/* writing dir: the constant header, encoded */
	struct ot_cipher *inner;	/* the legacy layer inside ppid */
	EVP_CIPHER *gcm, *wrap;
	EVP_CIPHER_CTX *ctx;
	EVP_CIPHER_CTX *dirctx;	/* keyed once with key: dir content */
	EVP_KDF *sskdf;
};

const char *ot_v1_alg_name(enum ot_v1_alg a)
{
	return alg_names[a];
}

int ot_v1_alg_parse(const char *name)
{
	int a;

	for (a = 0; a < OT_V1_NALG; a++)
		if (strcmp(name, alg_names[a]) == 0)
			return a;
	return -1;
}

bool ot_is_v1_token(const char *s, size_t len)
{
	return len >= OT_V1_PREFIX_LEN &&
	    memcmp(s, OT_V1_PREFIX, OT_V1_PREFIX_LEN) == 0;
}

static _Noreturn void ossl_fail(const char *what)
{
	unsigned long e = ERR_get_error();

	errx(1, "OpenSSL: %s: %s", what,
	    e ? ERR_reason_error_string(e) : "failed");
}

static struct ot_v1 *v1_new(const unsigned char *key)
{
	struct ot_v1 *v = calloc(1, sizeof(*v));

	if (v == NULL)
		err(1, NULL);
	if ((v->gcm = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL)) == NULL ||
	    (v->wrap = EVP_CIPHER_fetch(NULL, "AES-256-WRAP", NULL)) == NULL ||
	    (v->sskdf = EVP_KDF_fetch(NULL, "SSKDF", NULL)) == NULL ||
	    (v->ctx = EVP_CIPHER_CTX_new()) == NULL)
		ossl_fail("JWE algorithms");
	if (key != NULL) {
		memcpy(v->key, key, OT_KEY_LEN);
		v->have_key = true;
	}
	return v;
}

/* The context of dir content, keyed once (a key schedule per token is
 * most of the cost of AES-GCM on short tokens). */
static void key_dir(struct ot_v1 *v, bool seal)
{
	if ((v->dirctx = EVP_CIPHER_CTX_new()) == NULL ||
	    !(seal ? EVP_EncryptInit_ex2(v->dirctx, v->gcm, v->key, NULL, NULL) :
	    EVP_DecryptInit_ex2(v->dirctx, v->gcm, v->key, NULL, NULL)))
		ossl_fail("AES-256-GCM");
}

void ot_v1_free(struct ot_v1 *v)
{
	if (v == NULL)
		return;
	OPENSSL_cleanse(v->key, sizeof(v->key));
	ot_cipher_free(v->inner);
	EVP_CIPHER_CTX_free(v->ctx);
	EVP_CIPHER_CTX_free(v->dirctx);
	EVP_CIPHER_free(v->gcm);
	EVP_CIPHER_free(v->wrap);
	EVP_KDF_free(v->sskdf);
	EVP_PKEY_free(v->peer);
	EVP_PKEY_free(v->own);
	free(v->ring);
	free(v->dir_header);
	free(v);
}

/* AES-256-GCM: seal n bytes of in into out and tag, or open them; 0, or
 * -1.  With key NULL, v->dirctx, keyed already. */
static int gcm(struct ot_v1 *v, bool seal, const unsigned char *key,
    const unsigned char iv[OT_IV_LEN], const char *aad, size_t aadlen,
    const unsigned char *in, size_t n, unsigned char *out,
    unsigned char tag[OT_TAG_LEN])
{
	EVP_CIPHER_CTX *ctx = key != NULL ? v->ctx : v->dirctx;
	const EVP_CIPHER *c = key != NULL ? v->gcm : NULL;
	int m = 0, fin = 0;

	if (seal) {
		if (!EVP_EncryptInit_ex2(ctx, c, key, iv, NULL) ||
		    (aadlen > 0 && !EVP_EncryptUpdate(ctx, NULL, &m,
		    (const unsigned char *)aad, (int)aadlen)) ||
		    !EVP_EncryptUpdate(ctx, out, &m, in, (int)n) ||
		    !EVP_EncryptFinal_ex(ctx, out + m, &fin) ||
		    !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG,
		    OT_TAG_LEN, tag))
			ossl_fail("AES-256-GCM");
		return 0;
	}
	if (!EVP_DecryptInit_ex2(ctx, c, key, iv, NULL) ||
	    (aadlen > 0 && !EVP_DecryptUpdate(ctx, NULL, &m,
	    (const unsigned char *)aad, (int)aadlen)) ||
	    !EVP_DecryptUpdate(ctx, out, &m, in, (int)n) ||
	    !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, OT_TAG_LEN,
	    tag))
		ossl_fail("AES-256-GCM");
	if (EVP_DecryptFinal_ex(ctx, out + m, &fin) <= 0) {
		ERR_clear_error();
		OPENSSL_cleanse(out, n);
		return -1;
	}
	return 0;
}

/* AES key wrap (RFC 3394) of a CEK, or its unwrapping: 0, or -1. */
static int key_wrap(struct ot_v1 *v, bool wrap, const unsigned char *kek,
    const unsigned char *in, size_t n, unsigned char *out, size_t *outlen)
{
	int m = 0, fin = 0, ok;

	ok = wrap ? EVP_EncryptInit_ex2(v->ctx, v->wrap, kek, NULL, NULL) &&
	    EVP_EncryptUpdate(v->ctx, out, &m, in, (int)n) &&
	    EVP_EncryptFinal_ex(v->ctx, out + m, &fin) :
	    EVP_DecryptInit_ex2(v->ctx, v->wrap, kek, NULL, NULL) &&
	    EVP_DecryptUpdate(v->ctx, out, &m, in, (int)n) > 0 &&
	    EVP_DecryptFinal_ex(v->ctx, out + m, &fin) > 0;
	if (!ok) {
		if (wrap)
			ossl_fail("AES key wrap");
		ERR_clear_error();
		return -1;
	}
	*outlen = (size_t)(m + fin);
	return 0;
}

/* The ECDH-ES+A256KW key-encryption key: Concat KDF (NIST SP 800-56A,
 * SHA-256) of Z, with AlgorithmID the alg and no PartyU/V info. */
static void concat_kdf(struct ot_v1 *v, const unsigned char *z, size_t zlen,
    unsigned char kek[32])
{
	static const unsigned char info[] = {
		0, 0, 0, 14, 'E', 'C', 'D', 'H', '-', 'E', 'S', '+', 'A', '2',
		'5', '6', 'K', 'W', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
	};
	EVP_KDF_CTX *k = EVP_KDF_CTX_new(v->sskdf);
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
}

static void b64url_item(cJSON *o, const char *name, const unsigned char *p,
    size_t n)
{
	char buf[256];

	buf[ot_b64url_encode(p, n, buf)] = '\0';
	if (cJSON_AddStringToObject(o, name, buf) == NULL)
		err(1, NULL);
}

/* The protected header (keys in sorted order, as jwcrypto writes them),
 * encoded, into a malloc'd string. */
static char *header(const struct ot_v1 *v, cJSON *epk,
    const unsigned char *wiv, const unsigned char *wtag)
{
	cJSON *h = cJSON_CreateObject();
	char *json, *out;
	size_t n;

	if (h == NULL || !cJSON_AddStringToObject(h, "alg", alg_names[v->alg]) ||
	    !cJSON_AddStringToObject(h, "enc", "A256GCM"))
		err(1, NULL);
	if (epk != NULL)
		cJSON_AddItemToObject(h, "epk", epk);
	if (wiv != NULL)
		b64url_item(h, "iv", wiv, OT_IV_LEN);
	if (!cJSON_AddStringToObject(h, "kid", v->ring))
		err(1, NULL);
	if (wtag != NULL)
		b64url_item(h, "tag", wtag, OT_TAG_LEN);
	if (!cJSON_AddStringToObject(h, "typ", "match-token") ||
	    (json = cJSON_PrintUnformatted(h)) == NULL)
		err(1, NULL);
	cJSON_Delete(h);
	n = strlen(json);
	if ((out = malloc(n / 3 * 4 + 8)) == NULL)
		err(1, NULL);
	out[ot_b64url_encode((unsigned char *)json, n, out)] = '\0';
	free(json);
	return out;
}

struct ot_v1 *ot_v1_writer(enum ot_v1_alg alg, const unsigned char *key,
    EVP_PKEY *recipient, const char *ring)
{
	struct ot_v1 *v = v1_new(alg == OT_V1_ECDH_ES ? NULL : key);

	v->alg = alg;
	if ((v->ring = strdup(ring)) == NULL)
		err(1, NULL);
	if (alg == OT_V1_ECDH_ES) {
		if (!EVP_PKEY_up_ref(recipient))
			ossl_fail("EVP_PKEY");
		v->peer = recipient;
	} else
		v->inner = ot_cipher_new(key, true);
	if (alg == OT_V1_DIR) {
		v->dir_header = header(v, NULL, NULL, NULL);
		key_dir(v, true);
	}
	return v;
}

struct ot_v1 *ot_v1_reader(const unsigned char *key, EVP_PKEY *own)
{
	struct ot_v1 *v = v1_new(key);

	if (key != NULL) {
		v->inner = ot_cipher_new(key, false);
		key_dir(v, false);
	}
	if (own != NULL) {
		if (!EVP_PKEY_up_ref(own))
			ossl_fail("EVP_PKEY");
		v->own = own;
	}
	return v;
}

/* The public key of k as a JWK: {"crv","kty","x","y"}. */
static cJSON *jwk(EVP_PKEY *k)
{
	unsigned char pt[1 + 2 * OT_Z_MAX];
	size_t n, c;
	int curve = ot_key_curve(k);
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		err(1, NULL);
	if (!EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pt,
	    sizeof(pt), &n) || pt[0] != 4 || curve < 0)
		ossl_fail("EC point");
	c = ot_curve_bytes((enum ot_curve)curve);
	if (!cJSON_AddStringToObject(o, "crv",
	    ot_curve_label((enum ot_curve)curve)) ||
	    !cJSON_AddStringToObject(o, "kty", "EC"))
		err(1, NULL);
	b64url_item(o, "x", pt + 1, c);
	b64url_item(o, "y", pt + 1 + c, c);
	return o;
}

static size_t put(char *out, size_t k, const unsigned char *p, size_t n)
{
	out[k] = '.';
	return k + 1 + ot_b64url_encode(p, n, out + k + 1);
}

size_t ot_v1_seal(struct ot_v1 *v, const char *rule, size_t rulelen,
    const char *tok, size_t len, char *out, const char **why)
{
	unsigned char cek[CEK_LEN], ek[KW_LEN], iv[OT_IV_LEN], tag[OT_TAG_LEN],
	    wiv[OT_IV_LEN], wtag[OT_TAG_LEN], z[OT_Z_MAX], kek[32];
	unsigned char ct[CT_MAX];
	char ppid[OT_TOKEN_MAX + 1], rulez[64], iat[24], *payload, *hdr;
	size_t ppidlen, eklen = 0, plen, hlen, k, zlen;
	const unsigned char *key = v->key;
	EVP_PKEY *eph = NULL;
	cJSON *p, *arr, *epk = NULL;

	if (rulelen >= sizeof(rulez)) {
		*why = "a rule id longer than 63 bytes";
		return 0;
	}
	memcpy(rulez, rule, rulelen);
	rulez[rulelen] = '\0';
	/* the inner layer: the legacy encrypted token, except for a blank
	 * or where there is no symmetric key */
	if (ot_is_blank_token(tok, len) || v->alg == OT_V1_ECDH_ES) {
		if (len > OT_TOKEN_MAX) {
			*why = "token too long";
			return 0;
		}
		memcpy(ppid, tok, len);
		ppidlen = len;
	} else {
		if (len > OT_PLAIN_MAX) {
			*why = "token too long";
			return 0;
		}
		ppidlen = ot_encrypt_token(v->inner, tok, len, ppid);
	}
	ppid[ppidlen] = '\0';
	if ((p = cJSON_CreateObject()) == NULL ||
	    !cJSON_AddStringToObject(p, "rlid", rulez) ||
	    !cJSON_AddStringToObject(p, "hash_alg", "SHA-256") ||
	    !cJSON_AddStringToObject(p, "mac_alg", "HS256") ||
	    (arr = cJSON_AddArrayToObject(p, "ppid")) == NULL)
		err(1, NULL);
	cJSON_AddItemToArray(arr, cJSON_CreateString(ppid));
	/* raw: cJSON would print the number through printf and scanf */
	snprintf(iat, sizeof(iat), "%lld", (long long)time(NULL));
	if (!cJSON_AddStringToObject(p, "rid", v->ring) ||
	    !cJSON_AddStringToObject(p, "iss", ISS) ||
	    !cJSON_AddRawToObject(p, "iat", iat) ||
	    (payload = cJSON_PrintUnformatted(p)) == NULL)
		err(1, NULL);
	cJSON_Delete(p);
	plen = strlen(payload);
	if (plen > sizeof(ct)) {
		free(payload);
		*why = "a token too long for a V1 token";
		return 0;
	}
	switch (v->alg) {
	case OT_V1_DIR:
		hdr = v->dir_header;
		key = NULL;	/* dirctx */
		break;
	case OT_V1_A256GCMKW:
		if (RAND_priv_bytes(cek, CEK_LEN) != 1)
			ossl_fail("RAND_priv_bytes");
		ot_random(wiv, OT_IV_LEN);
		ot_gcm_used(1);
		gcm(v, true, v->key, wiv, NULL, 0, cek, CEK_LEN, ek, wtag);
		eklen = CEK_LEN;
		hdr = header(v, NULL, wiv, wtag);
		key = cek;
		break;
	default:
		if (RAND_priv_bytes(cek, CEK_LEN) != 1)
			ossl_fail("RAND_priv_bytes");
		if ((eph = EVP_PKEY_Q_keygen(NULL, NULL, "EC",
		    ot_curve_group((enum ot_curve)ot_key_curve(v->peer)))) ==
		    NULL)
			ossl_fail("EC key generation");
		if (ot_ecdh(eph, v->peer, z, &zlen) < 0)
			ossl_fail("ECDH");
		concat_kdf(v, z, zlen, kek);
		key_wrap(v, true, kek, cek, CEK_LEN, ek, &eklen);
		epk = jwk(eph);
		EVP_PKEY_free(eph);
		OPENSSL_cleanse(z, sizeof(z));
		OPENSSL_cleanse(kek, sizeof(kek));
		hdr = header(v, epk, NULL, NULL);
		key = cek;
	}
	hlen = strlen(hdr);
	ot_random(iv, OT_IV_LEN);
	if (v->alg == OT_V1_DIR)
		ot_gcm_used(1);
	gcm(v, true, key, iv, hdr, hlen, (unsigned char *)payload, plen, ct,
	    tag);
	OPENSSL_cleanse(payload, plen);
	free(payload);
	OPENSSL_cleanse(cek, sizeof(cek));
	memcpy(out, OT_V1_PREFIX, OT_V1_PREFIX_LEN);
	memcpy(out + OT_V1_PREFIX_LEN, hdr, hlen);
	k = OT_V1_PREFIX_LEN + hlen;
	k = put(out, k, ek, eklen);
	k = put(out, k, iv, OT_IV_LEN);
	k = put(out, k, ct, plen);
	k = put(out, k, tag, OT_TAG_LEN);
	if (hdr != v->dir_header)
		free(hdr);
	return k;
}

/* The five parts of the compact form after the prefix. */
struct parts {
	const char *p[5];
	size_t n[5];
};

static const char *split(const char *tok, size_t len, struct parts *s)
{
	const char *q = tok + OT_V1_PREFIX_LEN, *end = tok + len, *dot;
	int i;

	if (len > OT_V1_MAX)
		return "V1 token longer than " "8192" " bytes";
	for (i = 0; i < 5; i++) {
		dot = i < 4 ? memchr(q, '.', (size_t)(end - q)) : NULL;
		if (i < 4 && dot == NULL)
			return "malformed V1 token: fewer than 5 parts";
		if (i == 4 && memchr(q, '.', (size_t)(end - q)) != NULL)
			return "malformed V1 token: more than 5 parts";
		s->p[i] = q;
		s->n[i] = (size_t)((i < 4 ? dot : end) - q);
		q = i < 4 ? dot + 1 : end;
	}
	if (s->n[0] > HEADER_MAX)
		return "V1 header too large";
	if (s->n[1] > EK_MAX)
		return "V1 encrypted key too large";
	if (s->n[3] > CT_MAX / 3 * 4)
		return "V1 payload too large";
	return NULL;
}

/* A string member of o into buf, or NULL and why. */
static const char *member(const cJSON *o, const char *name, char *buf,
    size_t size)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);

	if (m == NULL)
		return NULL;
	if (!cJSON_IsString(m) || strlen(m->valuestring) >= size)
		return NULL;
	strcpy(buf, m->valuestring);
	return buf;
}

/* Decode the header segment and check it; *json the parsed object. */
static const char *parse_header(const struct parts *s,
    struct ot_v1_header *h, cJSON **json)
{
	unsigned char raw[HEADER_MAX];
	const cJSON *kid;
	long n;

	memset(h, 0, sizeof(*h));
	*json = NULL;
	if ((n = ot_b64url_decode(s->p[0], s->n[0], raw)) < 0)
		return "V1 header is not valid base64url";
	if ((*json = cJSON_ParseWithLength((const char *)raw, (size_t)n)) ==
	    NULL || !cJSON_IsObject(*json))
		return "V1 header is not a JSON object";
	if (member(*json, "alg", h->alg, sizeof(h->alg)) == NULL)
		return "V1 header has no alg";
	if (member(*json, "enc", h->enc, sizeof(h->enc)) == NULL)
		return "V1 header has no enc";
	if (member(*json, "typ", h->typ, sizeof(h->typ)) == NULL)
		return "V1 header has no typ";
	kid = cJSON_GetObjectItemCaseSensitive(*json, "kid");
	if (kid != NULL) {
		if (member(*json, "kid", h->kid, sizeof(h->kid)) == NULL)
			return "V1 header's kid is not a string of at most 127 "
			    "bytes";
		h->has_kid = true;
	}
	if (strcmp(h->alg, "none") == 0)
		return "V1 header says alg none: unprotected tokens are refused";
	if (ot_v1_alg_parse(h->alg) < 0)
		return "V1 header's alg is none of dir, A256GCMKW and "
		    "ECDH-ES+A256KW";
	if (strcmp(h->enc, "A256GCM") != 0)
		return "V1 header's enc is not A256GCM";
	if (strcmp(h->typ, "match-token") != 0)
		return "V1 header's typ is not match-token";
	return NULL;
}

const char *ot_v1_peek(const char *tok, size_t len, struct ot_v1_header *h)
{
	struct parts s;
	const char *why;
	cJSON *json;

	memset(h, 0, sizeof(*h));
	if (!ot_is_v1_token(tok, len))
		return "not a V1 token";
	if ((why = split(tok, len, &s)) != NULL)
		return why;
	why = parse_header(&s, h, &json);
	cJSON_Delete(json);
	return why;
}

/* A base64url part that must decode to exactly n bytes. */
static bool exact(const char *p, size_t len, unsigned char *out, size_t n)
{
	unsigned char buf[512];
	long k;

	if (len > sizeof(buf) / 3 * 4 ||
	    (k = ot_b64url_decode(p, len, buf)) != (long)n)
		return false;
	memcpy(out, buf, n);
	return true;
}

/* The sender's ephemeral public key from the header's epk, on our
 * curve. */
static const char *ephemeral(const struct ot_v1 *v, const cJSON *h,
    EVP_PKEY **eph)
{
	const cJSON *epk = cJSON_GetObjectItemCaseSensitive(h, "epk");
	unsigned char pt[1 + 2 * OT_Z_MAX];
	char kty[8], crv[8], x[128], y[128];
	int curve = ot_key_curve(v->own), c;
	size_t cb;
	OSSL_PARAM p[3];
	EVP_PKEY_CTX *ctx;
	int ok;

	*eph = NULL;
	if (!cJSON_IsObject(epk) ||
	    member(epk, "kty", kty, sizeof(kty)) == NULL ||
	    member(epk, "crv", crv, sizeof(crv)) == NULL ||
	    member(epk, "x", x, sizeof(x)) == NULL ||
	    member(epk, "y", y, sizeof(y)) == NULL || strcmp(kty, "EC") != 0)
		return "V1 header has no EC epk (kty, crv, x, y)";
	if ((c = ot_curve_parse(crv)) < 0 || strcmp(crv,
	    ot_curve_label((enum ot_curve)c)) != 0)
		return "V1 header's epk is on a curve other than P-256, P-384 "
		    "and P-521";
	if (c != curve)
		return "a V1 token for a key on another curve than ours";
	cb = ot_curve_bytes((enum ot_curve)c);
	pt[0] = 4;
	if (!exact(x, strlen(x), pt + 1, cb) ||
	    !exact(y, strlen(y), pt + 1 + cb, cb))
		return "V1 header's epk has coordinates of the wrong size";
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
	    (char *)(uintptr_t)ot_curve_group((enum ot_curve)c), 0);
	p[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pt,
	    1 + 2 * cb);
	p[2] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL)
		ossl_fail("EC");
	ok = EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, eph, EVP_PKEY_PUBLIC_KEY, p) == 1;
	EVP_PKEY_CTX_free(ctx);
	if (ok) {
		if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, *eph, NULL)) == NULL)
			ossl_fail("EC");
		ok = EVP_PKEY_public_check(ctx) == 1;
		EVP_PKEY_CTX_free(ctx);
	}
	if (!ok) {
		ERR_clear_error();
		EVP_PKEY_free(*eph);
		*eph = NULL;
		return "V1 header's epk is not a point of its curve";
	}
	return NULL;
}

/* The content key of a token, as its alg says. */
static const char *content_key(struct ot_v1 *v, const struct parts *s,
    const struct ot_v1_header *h, const cJSON *json, unsigned char *cek,
    bool *keyed)
{
	unsigned char ek[KW_LEN], wiv[OT_IV_LEN], wtag[OT_TAG_LEN],
	    z[OT_Z_MAX], kek[32];
	char buf[64];
	size_t zlen, n;
	EVP_PKEY *eph;
	const char *why;
	int rc;

	switch (ot_v1_alg_parse(h->alg)) {
	case OT_V1_DIR:
		if (s->n[1] != 0)
			return "V1 token with alg dir has an encrypted key";
		if (!v->have_key)
			return "V1 token with alg dir: no encryption key to "
			    "open it";
		*keyed = true;
		return NULL;
	case OT_V1_A256GCMKW:
		if (!exact(s->p[1], s->n[1], ek, CEK_LEN))
			return "V1 encrypted key is not 32 bytes of base64url";
		if (member(json, "iv", buf, sizeof(buf)) == NULL ||
		    !exact(buf, strlen(buf), wiv, OT_IV_LEN) ||
		    member(json, "tag", buf, sizeof(buf)) == NULL ||
		    !exact(buf, strlen(buf), wtag, OT_TAG_LEN))
			return "V1 header of alg A256GCMKW has no 12-byte iv "
			    "and 16-byte tag";
		if (!v->have_key)
			return "V1 token with alg A256GCMKW: no encryption key "
			    "to open it";
		if (gcm(v, false, v->key, wiv, NULL, 0, ek, CEK_LEN, cek,
		    wtag) < 0)
			return "V1 encrypted key does not decrypt: another key "
			    "made it, or it was altered";
		return NULL;
	default:
		if (!exact(s->p[1], s->n[1], ek, KW_LEN))
			return "V1 encrypted key is not 40 bytes of base64url";
		if (v->own == NULL)
			return "V1 token with alg ECDH-ES+A256KW: no private key "
			    "to open it";
		if ((why = ephemeral(v, json, &eph)) != NULL)
			return why;
		rc = ot_ecdh(v->own, eph, z, &zlen);
		EVP_PKEY_free(eph);
		if (rc < 0)
			return "V1 header's epk is not usable with our key";
		concat_kdf(v, z, zlen, kek);
		OPENSSL_cleanse(z, sizeof(z));
		rc = key_wrap(v, false, kek, ek, KW_LEN, cek, &n);
		OPENSSL_cleanse(kek, sizeof(kek));
		if (rc < 0 || n != CEK_LEN)
			return "V1 encrypted key does not unwrap: a token for "
			    "another receiver, or altered";
		return NULL;
	}
}

/* ppid of the payload: an array of one string, or a string. */
static const char *ppid_of(const cJSON *pl, const char **val)
{
	const cJSON *pp = cJSON_GetObjectItemCaseSensitive(pl, "ppid");

	if (cJSON_IsArray(pp) && cJSON_GetArraySize(pp) == 1)
		pp = cJSON_GetArrayItem(pp, 0);
	if (!cJSON_IsString(pp))
		return "V1 payload has no ppid string";
	*val = pp->valuestring;
	return NULL;
}

const char *ot_v1_open(struct ot_v1 *v, const char *tok, size_t len,
    char *out, size_t *outlen)
{
	unsigned char cek[CEK_LEN], iv[OT_IV_LEN], tag[OT_TAG_LEN];
	unsigned char ct[CT_MAX], pt[CT_MAX + 1];
	struct ot_v1_header h;
	const char *why, *val;
	struct parts s;
	cJSON *json = NULL, *pl = NULL;
	bool keyed = false;
	long n;
	size_t vlen;

	if ((why = split(tok, len, &s)) != NULL ||
	    (why = parse_header(&s, &h, &json)) != NULL)
		goto out;
	why = "V1 iv is not 12 bytes of base64url";
	if (!exact(s.p[2], s.n[2], iv, OT_IV_LEN))
		goto out;
	why = "V1 tag is not 16 bytes of base64url";
	if (!exact(s.p[4], s.n[4], tag, OT_TAG_LEN))
		goto out;
	why = "V1 ciphertext is not valid base64url";
	if ((n = ot_b64url_decode(s.p[3], s.n[3], ct)) < 0)
		goto out;
	if ((why = content_key(v, &s, &h, json, cek, &keyed)) != NULL)
		goto out;
	why = "V1 token fails authentication (wrong key, or altered token)";
	if (gcm(v, false, keyed ? NULL : cek, iv, s.p[0], s.n[0], ct,
	    (size_t)n, pt, tag) < 0)
		goto out;
	pt[n] = '\0';
	why = "V1 payload is not a JSON object";
	if ((pl = cJSON_ParseWithLength((const char *)pt, (size_t)n)) == NULL ||
	    !cJSON_IsObject(pl))
		goto out;
	if ((why = ppid_of(pl, &val)) != NULL)
		goto out;
	vlen = strlen(val);
	why = "V1 ppid longer than the token";
	if (vlen > len)
		goto out;
	why = NULL;
	/* the legacy layer, when there is one; else ppid is the token */
	if (vlen == 0 || ot_is_blank_token(val, vlen) || v->inner == NULL ||
	    ot_decrypt_token(v->inner, val, vlen, out, outlen) != NULL) {
		memcpy(out, val, vlen);
		*outlen = vlen;
	}
out:
	OPENSSL_cleanse(cek, sizeof(cek));
	OPENSSL_cleanse(pt, sizeof(pt));
	cJSON_Delete(json);
	cJSON_Delete(pl);
	return why;
}
