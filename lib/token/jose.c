/*
 * EC_GROUP_precompute_mult() is deprecated since OpenSSL 3.0 but in
 * every release: it makes the table of a point's multiples that turns
 * ECDH with a fixed recipient into a fixed-base multiplication, which
 * no EVP call offers.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "token/jose.h"
#include "base64.h"
#include "token/crypto.h"
#include "share/jwa.h"
#include "share/kex.h"
#include "randpool.h"

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rsa.h>

#define KW_LEN		(OT_JWE_KEY_LEN + 8)	/* an AES-wrapped key */
#define MEMBERS_MAX	16
#define EPK_MAX		256
/* apu and apv as read, in bytes */
#define PARTY_MAX	OT_JWA_PARTY_MAX

static const char *const alg_names[OT_JWE_NALG] = {
	[OT_JWE_DIR] = "dir",
	[OT_JWE_A256GCMKW] = "A256GCMKW",
	[OT_JWE_ECDH_ES] = "ECDH-ES",
	[OT_JWE_ECDH_ES_A256KW] = "ECDH-ES+A256KW",
	[OT_JWE_RSA_OAEP_256] = "RSA-OAEP-256",
};

const char ot_jwe_unauthentic[] = "V1 token fails authentication (wrong "
    "key, or altered token)";

const char *ot_jwe_alg_name(enum ot_jwe_alg a)
{
	return alg_names[a];
}

int ot_jwe_alg_parse(const char *name)
{
	int a;

	for (a = 0; a < OT_JWE_NALG; a++)
		if (strcmp(name, alg_names[a]) == 0)
			return a;
	return -1;
}

enum ot_jwe_keytype ot_jwe_alg_keytype(enum ot_jwe_alg a)
{
	return a == OT_JWE_DIR || a == OT_JWE_A256GCMKW ? OT_JWE_OCT :
	    a == OT_JWE_RSA_OAEP_256 ? OT_JWE_RSA : OT_JWE_EC;
}

const char *ot_jwe_keytype_name(enum ot_jwe_keytype t)
{
	return t == OT_JWE_OCT ? "a 32-byte encryption key" :
	    t == OT_JWE_EC ? "an EC key" : "an RSA key";
}

int ot_jwe_pkey_type(EVP_PKEY *k)
{
	return EVP_PKEY_is_a(k, "EC") ? OT_JWE_EC :
	    EVP_PKEY_is_a(k, "RSA") ? OT_JWE_RSA : -1;
}

const char *ot_json_member(const cJSON *o, const char *name, char *buf,
    size_t size)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!cJSON_IsString(m) || strlen(m->valuestring) >= size)
		return NULL;
	strcpy(buf, m->valuestring);
	return buf;
}

const char *ot_jwe_split(const char *s, size_t len, struct ot_jwe_parts *out)
{
	const char *q = s, *end = s + len, *dot;
	int i;

	if (len > OT_JWE_MAX)
		return "V1 token too long";
	for (i = 0; i < 5; i++) {
		dot = memchr(q, '.', (size_t)(end - q));
		if (i < 4 && dot == NULL)
			return "malformed V1 token: fewer than 5 parts";
		if (i == 4 && dot != NULL)
			return "malformed V1 token: more than 5 parts";
		out->p[i] = q;
		out->n[i] = (size_t)((i < 4 ? dot : end) - q);
		q = i < 4 ? dot + 1 : end;
	}
	if (out->n[0] > OT_JWE_HEADER_MAX)
		return "V1 header too large";
	if (out->n[1] > OT_JWE_EK_CHARS)
		return "V1 encrypted key too large";
	if (out->n[3] > OT_JWE_PLAIN_MAX / 3 * 4)
		return "V1 payload too large";
	return NULL;
}

const char *ot_jwe_header(const struct ot_jwe_parts *s, cJSON **json)
{
	unsigned char raw[OT_JWE_HEADER_MAX];
	long n;

	*json = NULL;
	if ((n = ot_b64url_decode(s->p[0], s->n[0], raw)) < 0)
		return "V1 header is not valid base64url";
	if ((*json = cJSON_ParseWithLength((const char *)raw, (size_t)n)) ==
	    NULL || !cJSON_IsObject(*json))
		return "V1 header is not a JSON object";
	return NULL;
}

/* An EC curve as this file does arithmetic on it. */
struct curve {
	EC_GROUP *group;
	BN_CTX *bn;
	size_t bytes;		/* of a coordinate, and of Z */
	enum ot_curve id;
};

static void curve_init(struct curve *c, EVP_PKEY *k)
{
	int id = ot_key_curve(k);
	char name[64];

	if (id < 0 || !EVP_PKEY_get_utf8_string_param(k,
	    OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name), NULL))
		errx(1, "internal error: an EC key on none of our curves");
	c->id = (enum ot_curve)id;
	c->bytes = ot_curve_bytes(c->id);
	if ((c->group = EC_GROUP_new_by_curve_name(OBJ_sn2nid(name))) ==
	    NULL || (c->bn = BN_CTX_secure_new()) == NULL)
		ot_ossl_fail("EC group");
}

static void curve_free(struct curve *c)
{
	EC_GROUP_free(c->group);
	BN_CTX_free(c->bn);
}

/* The x-coordinate of p, fixed length, into z. */
static void x_of(const struct curve *c, const EC_GROUP *g, const EC_POINT *p,
    unsigned char *z)
{
	BIGNUM *x = BN_CTX_get(c->bn);

	if (x == NULL || !EC_POINT_get_affine_coordinates(g, p, x, NULL,
	    c->bn) || BN_bn2binpad(x, z, (int)c->bytes) != (int)c->bytes)
		ot_ossl_fail("EC point");
	BN_clear(x);
}

/* What sealers and openers both hold. */
struct kit {
	EVP_CIPHER *gcm, *wrap;
	EVP_CIPHER_CTX *ctx;	/* content under a message's own key */
	EVP_CIPHER_CTX *wctx;	/* key wrap */
	EVP_CIPHER_CTX *kctx;	/* keyed once with the shared key */
	unsigned char *ct;	/* OT_JWE_PLAIN_MAX */
	EVP_KDF_CTX *kdf;
	EVP_PKEY_CTX *rsa;	/* RSA-OAEP-256 */
	size_t rsalen;
	struct curve ec;
};

static void kit_init(struct kit *k, bool seal)
{
	if ((k->gcm = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL)) == NULL ||
	    (k->wrap = EVP_CIPHER_fetch(NULL, "AES-256-WRAP", NULL)) ==
	    NULL || (k->ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    (k->wctx = EVP_CIPHER_CTX_new()) == NULL ||
	    !(seal ? EVP_EncryptInit_ex2(k->ctx, k->gcm, NULL, NULL, NULL) :
	    EVP_DecryptInit_ex2(k->ctx, k->gcm, NULL, NULL, NULL)))
		ot_ossl_fail("JWE algorithms");
	if ((k->ct = malloc(OT_JWE_PLAIN_MAX)) == NULL)
		err(1, NULL);
}

static void kit_free(struct kit *k)
{
	EVP_CIPHER_CTX_free(k->ctx);
	EVP_CIPHER_CTX_free(k->wctx);
	EVP_CIPHER_CTX_free(k->kctx);
	EVP_CIPHER_free(k->gcm);
	EVP_CIPHER_free(k->wrap);
	EVP_KDF_CTX_free(k->kdf);
	EVP_PKEY_CTX_free(k->rsa);
	curve_free(&k->ec);
	free(k->ct);
}

/* RSA-OAEP-256 with SHA-256 and MGF1-SHA-256, to key or from it. */
static void rsa_init(struct kit *k, EVP_PKEY *key, bool seal)
{
	if ((k->rsa = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL)) == NULL ||
	    (seal ? EVP_PKEY_encrypt_init(k->rsa) :
	    EVP_PKEY_decrypt_init(k->rsa)) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(k->rsa, RSA_PKCS1_OAEP_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md_name(k->rsa, "SHA256", NULL) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md_name(k->rsa, "SHA256", NULL) != 1)
		ot_ossl_fail("RSA-OAEP-256");
	k->rsalen = (size_t)EVP_PKEY_get_size(key);
	if (k->rsalen > OT_JWE_EK_MAX)
		errx(1, "internal error: an RSA key over 8192 bits");
}

struct ot_jwe_sealer {
	enum ot_jwe_alg alg;
	struct kit k;
	EC_GROUP *toward;	/* the curve, its generator the recipient */
	BIGNUM *eph;
	EC_POINT *q, *zp;
	/* the header: fixed text around the members each message gives */
	char *seg[4];
	size_t seglen[4];
	int var[3];		/* which: 1 epk, 2 iv, 3 tag */
	size_t nvar;
	char *dir_header;	/* dir: the header, encoded once */
	size_t dir_len;
	uint64_t uncounted;	/* encryptions under the shared key with a
				 * random IV, not yet told ot_gcm_used() */
};

/* ot_gcm_used() in steps, as the legacy cipher tells it: an atomic add
 * per token would cost threads more than the count. */
#define GCM_COUNT_STEP	4096

static void gcm_used(struct ot_jwe_sealer *s)
{
	if (++s->uncounted == GCM_COUNT_STEP) {
		ot_gcm_used(s->uncounted);
		s->uncounted = 0;
	}
}

/* The recipient's point and its table, for ECDH. */
static void ec_sealer(struct ot_jwe_sealer *s, EVP_PKEY *recipient)
{
	unsigned char pt[1 + 2 * OT_Z_MAX];
	EC_POINT *r;
	size_t n;

	curve_init(&s->k.ec, recipient);
	if (!EVP_PKEY_get_octet_string_param(recipient,
	    OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof(pt), &n) ||
	    (s->toward = EC_GROUP_dup(s->k.ec.group)) == NULL ||
	    (r = EC_POINT_new(s->k.ec.group)) == NULL ||
	    !EC_POINT_oct2point(s->k.ec.group, r, pt, n, s->k.ec.bn) ||
	    !EC_GROUP_set_generator(s->toward, r,
	    EC_GROUP_get0_order(s->k.ec.group),
	    EC_GROUP_get0_cofactor(s->k.ec.group)) ||
	    !EC_GROUP_precompute_mult(s->toward, s->k.ec.bn) ||
	    (s->eph = BN_secure_new()) == NULL ||
	    (s->q = EC_POINT_new(s->k.ec.group)) == NULL ||
	    (s->zp = EC_POINT_new(s->toward)) == NULL)
		ot_ossl_fail("EC recipient");
	EC_POINT_free(r);
	BN_set_flags(s->eph, BN_FLG_CONSTTIME);
	s->k.kdf = ot_concat_kdf_new();
}

/* The header's members in sorted order (alg, enc, the caller's, and the
 * ones the algorithm adds to each message), as the JSON text between
 * the variable ones: seg[0], var[0], seg[1], ... seg[nvar]. */
static void order_members(struct ot_jwe_sealer *s,
    const struct ot_jwe_member *m, size_t n)
{
	struct ot_jwe_member all[MEMBERS_MAX], t;
	char alg[32], buf[OT_JWE_HEADER_MAX];
	size_t i, j, k = 0, len = 0;

	if (n + 5 > MEMBERS_MAX)
		errx(1, "internal error: too many header members");
	snprintf(alg, sizeof(alg), "\"%s\"", alg_names[s->alg]);
	all[k++] = (struct ot_jwe_member){ "alg", alg };
	all[k++] = (struct ot_jwe_member){ "enc", "\"A256GCM\"" };
	for (i = 0; i < n; i++)
		all[k++] = m[i];
	/* a NULL value: one the message gives */
	if (s->alg == OT_JWE_ECDH_ES || s->alg == OT_JWE_ECDH_ES_A256KW)
		all[k++] = (struct ot_jwe_member){ "epk", NULL };
	else if (s->alg == OT_JWE_A256GCMKW) {
		all[k++] = (struct ot_jwe_member){ "iv", NULL };
		all[k++] = (struct ot_jwe_member){ "tag", NULL };
	}
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && strcmp(all[j - 1].name, all[j].name) > 0;
		    j--) {
			t = all[j];
			all[j] = all[j - 1];
			all[j - 1] = t;
		}
	buf[len++] = '{';
	for (i = 0; i < k; i++) {
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s\"%s\":%s",
		    i > 0 ? "," : "", all[i].name, all[i].json != NULL ?
		    all[i].json : "");
		if (len >= sizeof(buf) - 2)
			errx(1, "internal error: a JWE header over %d "
			    "characters", OT_JWE_HEADER_MAX);
		if (all[i].json == NULL) {
			s->var[s->nvar] = all[i].name[0] == 'e' ? 1 :
			    all[i].name[0] == 'i' ? 2 : 3;
			s->seg[s->nvar] = strndup(buf, len);
			s->seglen[s->nvar++] = len;
			len = 0;
		}
	}
	buf[len++] = '}';
	s->seg[s->nvar] = strndup(buf, len);
	s->seglen[s->nvar] = len;
	for (i = 0; i <= s->nvar; i++)
		if (s->seg[i] == NULL)
			err(1, NULL);
}

/* The header of one message, encoded, into out; its length.  The
 * variable members are JSON text: epk an object, iv and tag strings. */
static size_t header(const struct ot_jwe_sealer *s, const char *epk,
    const char *iv, const char *tag, char *out)
{
	char json[OT_JWE_HEADER_MAX];
	const char *v;
	size_t i, n = 0, l;

	for (i = 0; i <= s->nvar; i++) {
		memcpy(json + n, s->seg[i], s->seglen[i]);
		n += s->seglen[i];
		if (i == s->nvar)
			break;
		v = s->var[i] == 1 ? epk : s->var[i] == 2 ? iv : tag;
		l = strlen(v);
		if (n + l + s->seglen[i + 1] > sizeof(json))
			errx(1, "internal error: a JWE header over %d "
			    "characters", OT_JWE_HEADER_MAX);
		memcpy(json + n, v, l);
		n += l;
	}
	return ot_b64url_encode((unsigned char *)json, n, out);
}

struct ot_jwe_sealer *ot_jwe_sealer_new(enum ot_jwe_alg alg,
    const unsigned char *key, EVP_PKEY *recipient,
    const struct ot_jwe_member *m, size_t n)
{
	struct ot_jwe_sealer *s = calloc(1, sizeof(*s));

	if (s == NULL)
		err(1, NULL);
	s->alg = alg;
	kit_init(&s->k, true);
	order_members(s, m, n);
	switch (alg) {
	case OT_JWE_DIR:
	case OT_JWE_A256GCMKW:
		s->k.kctx = ot_gcm_keyed(key, true);
		break;
	case OT_JWE_RSA_OAEP_256:
		rsa_init(&s->k, recipient, true);
		break;
	default:
		ec_sealer(s, recipient);
	}
	if (alg == OT_JWE_DIR) {
		if ((s->dir_header = malloc(OT_JWE_HEADER_MAX + 4)) == NULL)
			err(1, NULL);
		s->dir_len = header(s, NULL, NULL, NULL, s->dir_header);
	}
	return s;
}

void ot_jwe_sealer_free(struct ot_jwe_sealer *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->uncounted > 0)
		ot_gcm_used(s->uncounted);
	for (i = 0; i <= s->nvar; i++)
		free(s->seg[i]);
	BN_clear_free(s->eph);
	EC_POINT_clear_free(s->q);
	EC_POINT_clear_free(s->zp);
	EC_GROUP_free(s->toward);
	kit_free(&s->k);
	free(s->dir_header);
	free(s);
}

size_t ot_jwe_seal_max(const struct ot_jwe_sealer *s, size_t n)
{
	(void)s;
	return OT_JWE_HEADER_MAX + OT_JWE_EK_CHARS + 16 + (n + 2) / 3 * 4 +
	    22 + 4;
}

/* A fresh ephemeral key: its public point as the header's epk, and Z. */
static void agree(struct ot_jwe_sealer *s, char *epk, unsigned char *z)
{
	const struct curve *c = &s->k.ec;
	unsigned char pt[1 + 2 * OT_Z_MAX];
	char x[96], y[96];

	do
		if (!BN_priv_rand_range(s->eph, EC_GROUP_get0_order(c->group)))
			ot_ossl_fail("EC key generation");
	while (BN_is_zero(s->eph));
	/* e.G on the curve's own table, e.R on the recipient's */
	if (!EC_POINT_mul(c->group, s->q, s->eph, NULL, NULL, c->bn) ||
	    !EC_POINT_mul(s->toward, s->zp, s->eph, NULL, NULL, c->bn) ||
	    EC_POINT_point2oct(c->group, s->q, POINT_CONVERSION_UNCOMPRESSED,
	    pt, sizeof(pt), c->bn) != 1 + 2 * c->bytes)
		ot_ossl_fail("EC key agreement");
	BN_clear(s->eph);
	x_of(c, s->toward, s->zp, z);
	x[ot_b64url_encode(pt + 1, c->bytes, x)] = '\0';
	y[ot_b64url_encode(pt + 1 + c->bytes, c->bytes, y)] = '\0';
	snprintf(epk, EPK_MAX, "{\"crv\":\"%s\",\"kty\":\"EC\",\"x\":\"%s\","
	    "\"y\":\"%s\"}", ot_curve_label(c->id), x, y);
}

static size_t put(char *out, size_t k, const unsigned char *p, size_t n)
{
	out[k] = '.';
	return k + 1 + ot_b64url_encode(p, n, out + k + 1);
}

size_t ot_jwe_seal(struct ot_jwe_sealer *s, const unsigned char *pt,
    size_t n, char *out)
{
	unsigned char cek[OT_JWE_KEY_LEN], ek[OT_JWE_EK_MAX], iv[OT_JWE_IV_LEN],
	    tag[OT_JWE_TAG_LEN], wiv[2 * OT_JWE_IV_LEN], wtag[OT_JWE_TAG_LEN],
	    z[OT_Z_MAX], kek[32];
	char epk[EPK_MAX], wiv64[24], wtag64[32];
	const unsigned char *key = cek;
	size_t eklen = 0, hlen, k, n64;

	if (n > OT_JWE_PLAIN_MAX)
		errx(1, "internal error: a JWE plaintext over %d bytes",
		    OT_JWE_PLAIN_MAX);
	switch (s->alg) {
	case OT_JWE_DIR:
		key = NULL;	/* kctx */
		memcpy(out, s->dir_header, s->dir_len);
		hlen = s->dir_len;
		break;
	case OT_JWE_A256GCMKW:
		ot_random_key(cek, sizeof(cek));
		/* both IVs in one draw */
		ot_random(wiv, sizeof(wiv));
		memcpy(iv, wiv + OT_JWE_IV_LEN, sizeof(iv));
		gcm_used(s);
		ot_gcm(s->k.kctx, true, NULL, wiv, NULL, 0, cek, sizeof(cek),
		    ek, wtag);
		eklen = sizeof(cek);
		/* as JSON strings */
		wiv64[0] = wtag64[0] = '"';
		n64 = ot_b64url_encode(wiv, OT_JWE_IV_LEN, wiv64 + 1);
		memcpy(wiv64 + 1 + n64, "\"", 2);
		n64 = ot_b64url_encode(wtag, sizeof(wtag), wtag64 + 1);
		memcpy(wtag64 + 1 + n64, "\"", 2);
		hlen = header(s, NULL, wiv64, wtag64, out);
		break;
	case OT_JWE_RSA_OAEP_256:
		ot_random_key(cek, sizeof(cek));
		eklen = sizeof(ek);
		if (EVP_PKEY_encrypt(s->k.rsa, ek, &eklen, cek, sizeof(cek)) != 1)
			ot_ossl_fail("RSA-OAEP-256");
		hlen = header(s, NULL, NULL, NULL, out);
		break;
	case OT_JWE_ECDH_ES:
		agree(s, epk, z);
		ot_concat_kdf(s->k.kdf, z, s->k.ec.bytes, "A256GCM", NULL, 0, NULL, 0,
		    cek);
		hlen = header(s, epk, NULL, NULL, out);
		break;
	default:
		agree(s, epk, z);
		ot_concat_kdf(s->k.kdf, z, s->k.ec.bytes, "ECDH-ES+A256KW", NULL, 0,
		    NULL, 0, kek);
		ot_random_key(cek, sizeof(cek));
		ot_aes_kw(s->k.wctx, s->k.wrap, true, kek, cek, sizeof(cek), ek,
		    &eklen);
		hlen = header(s, epk, NULL, NULL, out);
	}
	if (s->alg == OT_JWE_ECDH_ES || s->alg == OT_JWE_ECDH_ES_A256KW) {
		OPENSSL_cleanse(z, sizeof(z));
		OPENSSL_cleanse(kek, sizeof(kek));
	}
	if (s->alg != OT_JWE_A256GCMKW)
		ot_random(iv, sizeof(iv));
	if (s->alg == OT_JWE_DIR)
		gcm_used(s);
	k = put(out, hlen, ek, eklen);
	k = put(out, k, iv, sizeof(iv));
	/* the AAD is the encoded header, at the start of out */
	ot_gcm(key != NULL ? s->k.ctx : s->k.kctx, true, key, iv, out, hlen,
	    pt, n, s->k.ct, tag);
	if (key != NULL)
		OPENSSL_cleanse(cek, sizeof(cek));
	k = put(out, k, s->k.ct, n);
	k = put(out, k, tag, sizeof(tag));
	return k;
}

struct ot_jwe_opener {
	enum ot_jwe_keytype type;
	struct kit k;
	unsigned char rsabuf[OT_JWE_EK_MAX];
	BIGNUM *d;		/* our private scalar */
	EC_POINT *e, *zp;
};

struct ot_jwe_opener *ot_jwe_opener_new(const struct ot_jwe_key *k)
{
	struct ot_jwe_opener *o = calloc(1, sizeof(*o));

	if (o == NULL)
		err(1, NULL);
	o->type = k->type;
	kit_init(&o->k, false);
	switch (k->type) {
	case OT_JWE_OCT:
		o->k.kctx = ot_gcm_keyed(k->oct, false);
		break;
	case OT_JWE_RSA:
		rsa_init(&o->k, k->pkey, false);
		break;
	default:
		curve_init(&o->k.ec, k->pkey);
		if (!EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_PRIV_KEY,
		    &o->d) || (o->e = EC_POINT_new(o->k.ec.group)) == NULL ||
		    (o->zp = EC_POINT_new(o->k.ec.group)) == NULL)
			ot_ossl_fail("EC private key");
		BN_set_flags(o->d, BN_FLG_CONSTTIME);
		o->k.kdf = ot_concat_kdf_new();
	}
	return o;
}

void ot_jwe_opener_free(struct ot_jwe_opener *o)
{
	if (o == NULL)
		return;
	BN_clear_free(o->d);
	EC_POINT_free(o->e);
	EC_POINT_clear_free(o->zp);
	kit_free(&o->k);
	free(o);
}

/* A base64url text that must decode to exactly n bytes. */
static bool exact(const char *p, size_t len, unsigned char *out, size_t n)
{
	unsigned char buf[OT_JWE_EK_MAX + 3];
	long k;

	if (len > OT_JWE_EK_CHARS ||
	    (k = ot_b64url_decode(p, len, buf)) != (long)n)
		return false;
	memcpy(out, buf, n);
	return true;
}

/* An optional base64url member of at most PARTY_MAX bytes (apu, apv). */
static const char *party(const cJSON *h, const char *name,
    unsigned char *out, size_t *n)
{
	char buf[PARTY_MAX / 3 * 4 + 8];
	long k;

	*n = 0;
	if (cJSON_GetObjectItemCaseSensitive(h, name) == NULL)
		return NULL;
	if (ot_json_member(h, name, buf, sizeof(buf)) == NULL ||
	    (k = ot_b64url_decode(buf, strlen(buf), out)) < 0 ||
	    k > PARTY_MAX)
		return name[2] == 'u' ? "V1 header's apu is not base64url of at "
		    "most 256 bytes" : "V1 header's apv is not base64url of at "
		    "most 256 bytes";
	*n = (size_t)k;
	return NULL;
}

/* Z of the sender's ephemeral key (the header's epk) and ours. */
static const char *agreed(struct ot_jwe_opener *o, const cJSON *h,
    unsigned char *z)
{
	const cJSON *epk = cJSON_GetObjectItemCaseSensitive(h, "epk");
	unsigned char xy[2 * OT_Z_MAX];
	char kty[8], crv[8], x[128], y[128];
	BIGNUM *bx, *by;
	size_t cb = o->k.ec.bytes;
	int c, ok;

	if (!cJSON_IsObject(epk) ||
	    ot_json_member(epk, "kty", kty, sizeof(kty)) == NULL ||
	    ot_json_member(epk, "crv", crv, sizeof(crv)) == NULL ||
	    ot_json_member(epk, "x", x, sizeof(x)) == NULL ||
	    ot_json_member(epk, "y", y, sizeof(y)) == NULL ||
	    strcmp(kty, "EC") != 0)
		return "V1 header has no EC epk (kty, crv, x, y)";
	if ((c = ot_curve_parse(crv)) < 0 || strcmp(crv,
	    ot_curve_label((enum ot_curve)c)) != 0)
		return "V1 header's epk is on a curve other than P-256, P-384 "
		    "and P-521";
	if (c != (int)o->k.ec.id)
		return "a V1 token for a key on another curve than ours";
	if (!exact(x, strlen(x), xy, cb) || !exact(y, strlen(y), xy + cb, cb))
		return "V1 header's epk has coordinates of the wrong size";
	BN_CTX_start(o->k.ec.bn);
	bx = BN_CTX_get(o->k.ec.bn);
	by = BN_CTX_get(o->k.ec.bn);
	if (by == NULL)
		ot_ossl_fail("BN_CTX");
	/* setting the coordinates checks the point is on the curve (the
	 * curves have cofactor 1: no small subgroup to check) */
	ok = BN_bin2bn(xy, (int)cb, bx) != NULL &&
	    BN_bin2bn(xy + cb, (int)cb, by) != NULL &&
	    EC_POINT_set_affine_coordinates(o->k.ec.group, o->e, bx, by,
	    o->k.ec.bn) == 1;
	BN_CTX_end(o->k.ec.bn);
	if (!ok) {
		ERR_clear_error();
		return "V1 header's epk is not a point of its curve";
	}
	if (!EC_POINT_mul(o->k.ec.group, o->zp, NULL, o->e, o->d, o->k.ec.bn))
		ot_ossl_fail("ECDH");
	x_of(&o->k.ec, o->k.ec.group, o->zp, z);
	return NULL;
}

/* The content key of a message, as its alg says; with *shared, the
 * shared key's own context (dir). */
static const char *content_key(struct ot_jwe_opener *o, enum ot_jwe_alg alg,
    const cJSON *h, const struct ot_jwe_parts *s, unsigned char *cek,
    bool *shared)
{
	unsigned char ek[OT_JWE_EK_MAX], wiv[OT_JWE_IV_LEN],
	    wtag[OT_JWE_TAG_LEN], z[OT_Z_MAX], kek[32], apu[PARTY_MAX],
	    apv[PARTY_MAX];
	char buf[64];
	size_t n, apulen, apvlen;
	const char *why;
	int rc;

	*shared = false;
	switch (alg) {
	case OT_JWE_DIR:
		if (s->n[1] != 0)
			return "V1 token with alg dir has an encrypted key";
		*shared = true;
		return NULL;
	case OT_JWE_A256GCMKW:
		if (!exact(s->p[1], s->n[1], ek, OT_JWE_KEY_LEN))
			return "V1 encrypted key is not 32 bytes of base64url";
		if (ot_json_member(h, "iv", buf, sizeof(buf)) == NULL ||
		    !exact(buf, strlen(buf), wiv, OT_JWE_IV_LEN) ||
		    ot_json_member(h, "tag", buf, sizeof(buf)) == NULL ||
		    !exact(buf, strlen(buf), wtag, OT_JWE_TAG_LEN))
			return "V1 header of alg A256GCMKW has no 12-byte iv "
			    "and 16-byte tag";
		if (ot_gcm(o->k.kctx, false, NULL, wiv, NULL, 0, ek,
		    OT_JWE_KEY_LEN, cek, wtag) < 0)
			return "V1 encrypted key does not decrypt: another key "
			    "made it, or it was altered";
		return NULL;
	case OT_JWE_RSA_OAEP_256:
		if (!exact(s->p[1], s->n[1], ek, o->k.rsalen))
			return "V1 encrypted key is not as long as our RSA key's "
			    "modulus";
		/* OpenSSL wants room for a modulus */
		n = sizeof(o->rsabuf);
		/* a key that does not decrypt becomes a random one, whose
		 * content then fails to authenticate, so that no message
		 * says which step failed (RFC 7516 section 11.5) */
		rc = EVP_PKEY_decrypt(o->k.rsa, o->rsabuf, &n, ek, o->k.rsalen);
		if (rc == 1 && n == OT_JWE_KEY_LEN)
			memcpy(cek, o->rsabuf, OT_JWE_KEY_LEN);
		else {
			ERR_clear_error();
			ot_random_key(cek, OT_JWE_KEY_LEN);
		}
		OPENSSL_cleanse(o->rsabuf, sizeof(o->rsabuf));
		return NULL;
	default:
		if (alg == OT_JWE_ECDH_ES ? s->n[1] != 0 :
		    !exact(s->p[1], s->n[1], ek, KW_LEN))
			return alg == OT_JWE_ECDH_ES ? "V1 token with alg ECDH-ES "
			    "has an encrypted key" : "V1 encrypted key is not 40 "
			    "bytes of base64url";
		if ((why = party(h, "apu", apu, &apulen)) != NULL ||
		    (why = party(h, "apv", apv, &apvlen)) != NULL ||
		    (why = agreed(o, h, z)) != NULL)
			return why;
		if (alg == OT_JWE_ECDH_ES) {
			ot_concat_kdf(o->k.kdf, z, o->k.ec.bytes, "A256GCM", apu,
			    apulen, apv, apvlen, cek);
			OPENSSL_cleanse(z, sizeof(z));
			return NULL;
		}
		ot_concat_kdf(o->k.kdf, z, o->k.ec.bytes, "ECDH-ES+A256KW", apu,
		    apulen, apv, apvlen, kek);
		OPENSSL_cleanse(z, sizeof(z));
		rc = ot_aes_kw(o->k.wctx, o->k.wrap, false, kek, ek, KW_LEN, cek,
		    &n);
		OPENSSL_cleanse(kek, sizeof(kek));
		if (rc < 0 || n != OT_JWE_KEY_LEN)
			return "V1 encrypted key does not unwrap: a token for "
			    "another receiver, or altered";
		return NULL;
	}
}

const char *ot_jwe_open(struct ot_jwe_opener *o, enum ot_jwe_alg alg,
    const cJSON *hdr, const struct ot_jwe_parts *s, unsigned char *pt,
    size_t *n)
{
	unsigned char cek[OT_JWE_KEY_LEN], iv[OT_JWE_IV_LEN],
	    tag[OT_JWE_TAG_LEN];
	const char *why;
	bool shared;
	long m;

	if (!exact(s->p[2], s->n[2], iv, OT_JWE_IV_LEN))
		return "V1 iv is not 12 bytes of base64url";
	if (!exact(s->p[4], s->n[4], tag, OT_JWE_TAG_LEN))
		return "V1 tag is not 16 bytes of base64url";
	if ((m = ot_b64url_decode(s->p[3], s->n[3], o->k.ct)) < 0)
		return "V1 ciphertext is not valid base64url";
	if ((why = content_key(o, alg, hdr, s, cek, &shared)) != NULL)
		return why;
	why = ot_gcm(shared ? o->k.kctx : o->k.ctx, false,
	    shared ? NULL : cek, iv, s->p[0], s->n[0], o->k.ct, (size_t)m, pt,
	    tag) < 0 ? ot_jwe_unauthentic : NULL;
	OPENSSL_cleanse(cek, sizeof(cek));
	*n = (size_t)m;
	return why;
}
