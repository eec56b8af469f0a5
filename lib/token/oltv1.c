#include "token/oltv1.h"
#include "base64.h"
#include "share/pyjson.h"
#include "randpool.h"
#include "share/jwa.h"
#include "token/crypto.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

/* Bounds of the parts read, in base64url characters, and of a payload. */
#define HEADER_MAX	2048
#define PAYLOAD_MAX	4096

#define ISS		"org.openlinktoken"

struct ot_oltv1 {
	unsigned char key[OT_KEY_LEN];
	EVP_CIPHER_CTX *ctx;		/* keyed once with key */
	struct ot_cipher *inner;	/* the legacy layer inside ppid */
	char *header;			/* writing: encoded, with its ring */
	struct ot_text ring;		/* writing: the ring id as JSON text */
	struct ot_text payload;		/* writing: scratch */
};

bool ot_is_oltv1_token(const char *s, size_t len)
{
	return len >= OT_OLTV1_PREFIX_LEN &&
	    memcmp(s, OT_OLTV1_PREFIX, OT_OLTV1_PREFIX_LEN) == 0;
}

static struct ot_oltv1 *make(const unsigned char *key, bool seal)
{
	struct ot_oltv1 *v = calloc(1, sizeof(*v));

	if (v == NULL)
		err(1, NULL);
	memcpy(v->key, key, OT_KEY_LEN);
	v->ctx = ot_gcm_keyed(key, seal);
	v->inner = ot_cipher_new(key, seal);
	return v;
}

struct ot_oltv1 *ot_oltv1_writer(const unsigned char *key, const char *ring,
    const char **why)
{
	struct ot_text h = { NULL, 0, 0 };
	struct ot_oltv1 *v;
	size_t n = strlen(ring);

	if (n == 0 || n > OT_OLTV1_ID_MAX) {
		*why = n == 0 ? "an empty ring id" :
		    "a ring id longer than 256 bytes";
		return NULL;
	}
	v = make(key, true);
	ot_pyjson_string(&v->ring, ring, n);
	/* the header as jwcrypto writes it: keys sorted, compact */
	ot_text_puts(&h, "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":");
	ot_text_put(&h, v->ring.p, v->ring.len);
	ot_text_puts(&h, ",\"typ\":\"match-token\"}");
	if ((v->header = malloc(h.len / 3 * 4 + 8)) == NULL)
		err(1, NULL);
	v->header[ot_b64url_encode((unsigned char *)h.p, h.len, v->header)] =
	    '\0';
	ot_text_free(&h);
	return v;
}

struct ot_oltv1 *ot_oltv1_reader(const unsigned char *key)
{
	return make(key, false);
}

void ot_oltv1_free(struct ot_oltv1 *v)
{
	if (v == NULL)
		return;
	OPENSSL_cleanse(v->key, sizeof(v->key));
	EVP_CIPHER_CTX_free(v->ctx);
	ot_cipher_free(v->inner);
	free(v->header);
	ot_text_free(&v->ring);
	ot_text_free(&v->payload);
	free(v);
}

static size_t put(char *out, size_t k, const unsigned char *p, size_t n)
{
	out[k] = '.';
	return k + 1 + ot_b64url_encode(p, n, out + k + 1);
}

size_t ot_oltv1_wrap(struct ot_oltv1 *v, const char *rule, size_t rulelen,
    const char *inner, size_t len, char *out, const char **why)
{
	struct ot_text *p = &v->payload;
	unsigned char iv[OT_GCM_IV], tag[OT_GCM_TAG], ct[PAYLOAD_MAX];
	size_t hlen = strlen(v->header), k;
	char iat[24];

	if (rulelen == 0 || rulelen > OT_OLTV1_ID_MAX) {
		*why = rulelen == 0 ? "no RuleId to name in the olt.V1 token" :
		    "a RuleId longer than 256 bytes";
		return 0;
	}
	p->len = 0;
	ot_text_puts(p, "{\"rlid\": ");
	ot_pyjson_string(p, rule, rulelen);
	ot_text_puts(p, ", \"hash_alg\": \"SHA-256\", \"mac_alg\": \"HS256\", "
	    "\"ppid\": [");
	ot_pyjson_string(p, inner, len);
	ot_text_puts(p, "], \"rid\": ");
	ot_text_put(p, v->ring.p, v->ring.len);
	snprintf(iat, sizeof(iat), "%lld", (long long)time(NULL));
	ot_text_puts(p, ", \"iss\": \"" ISS "\", \"iat\": ");
	ot_text_puts(p, iat);
	ot_text_puts(p, "}");
	if (p->len > sizeof(ct) || OT_OLTV1_PREFIX_LEN + hlen + 3 +
	    (OT_GCM_IV + p->len + OT_GCM_TAG) / 3 * 4 + 12 > OT_OLTV1_MAX) {
		*why = "a token too long for an olt.V1 token";
		return 0;
	}
	ot_random(iv, sizeof(iv));
	ot_gcm_used(1);
	ot_gcm_seal(v->ctx, NULL, iv, v->header, hlen,
	    (const unsigned char *)p->p, p->len, ct, tag);
	OPENSSL_cleanse(p->p, p->len);
	memcpy(out, OT_OLTV1_PREFIX, OT_OLTV1_PREFIX_LEN);
	memcpy(out + OT_OLTV1_PREFIX_LEN, v->header, hlen);
	k = OT_OLTV1_PREFIX_LEN + hlen;
	out[k++] = '.';		/* dir: no encrypted key */
	k = put(out, k, iv, sizeof(iv));
	k = put(out, k, ct, p->len);
	return put(out, k, tag, sizeof(tag));
}

size_t ot_oltv1_seal(struct ot_oltv1 *v, const char *rule, size_t rulelen,
    const char *tok, size_t len, char *out, const char **why)
{
	char enc[OT_TOKEN_MAX];
	size_t n;

	if (ot_is_blank_token(tok, len))
		return ot_oltv1_wrap(v, rule, rulelen, tok, len, out, why);
	if (len == 0 || len > OT_PLAIN_MAX) {
		*why = len == 0 ? "empty token" : "token too long";
		return 0;
	}
	n = ot_encrypt_token(v->inner, tok, len, enc);
	return ot_oltv1_wrap(v, rule, rulelen, enc, n, out, why);
}

/* The five parts after the prefix. */
struct parts {
	const char *p[5];
	size_t n[5];
};

static const char *split(const char *tok, size_t len, struct parts *s)
{
	const char *q = tok + OT_OLTV1_PREFIX_LEN, *end = tok + len, *dot;
	int i;

	if (len > OT_OLTV1_MAX)
		return "olt.V1 token longer than 8192 bytes";
	for (i = 0; i < 5; i++) {
		dot = memchr(q, '.', (size_t)(end - q));
		if (i < 4 && dot == NULL)
			return "malformed olt.V1 token: fewer than 5 parts";
		if (i == 4 && dot != NULL)
			return "malformed olt.V1 token: more than 5 parts";
		s->p[i] = q;
		s->n[i] = (size_t)((i < 4 ? dot : end) - q);
		q = i < 4 ? dot + 1 : end;
	}
	if (s->n[0] > HEADER_MAX)
		return "olt.V1 header too large";
	if (s->n[3] > PAYLOAD_MAX / 3 * 4)
		return "olt.V1 payload too large";
	return NULL;
}

/* A string member of o into buf (size bytes), or false. */
static bool member(const cJSON *o, const char *name, char *buf, size_t size)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!cJSON_IsString(m) || strlen(m->valuestring) >= size)
		return false;
	strcpy(buf, m->valuestring);
	return true;
}

/* The header of s, checked to be dir and A256GCM, into h. */
static const char *header(const struct parts *s, struct ot_v1_header *h)
{
	unsigned char raw[HEADER_MAX];
	const char *why = NULL;
	cJSON *j;
	long n;

	memset(h, 0, sizeof(*h));
	if ((n = ot_b64url_decode(s->p[0], s->n[0], raw)) < 0)
		return "olt.V1 header is not valid base64url";
	if ((j = cJSON_ParseWithLength((char *)raw, (size_t)n)) == NULL ||
	    !cJSON_IsObject(j))
		why = "olt.V1 header is not a JSON object";
	else if (!member(j, "alg", h->alg, sizeof(h->alg)) ||
	    !member(j, "enc", h->enc, sizeof(h->enc)))
		why = "olt.V1 header has no alg or enc";
	else if (strcmp(h->alg, "dir") != 0)
		why = "olt.V1 header's alg is not dir";
	else if (strcmp(h->enc, "A256GCM") != 0)
		why = "olt.V1 header's enc is not A256GCM";
	else if (s->n[1] != 0)
		why = "olt.V1 token of alg dir has an encrypted key";
	else {
		(void)member(j, "typ", h->typ, sizeof(h->typ));
		if (cJSON_GetObjectItemCaseSensitive(j, "kid") != NULL) {
			if (!member(j, "kid", h->kid, sizeof(h->kid)))
				why = "olt.V1 header's kid is not a string of "
				    "at most 127 bytes";
			h->has_kid = true;
		}
	}
	cJSON_Delete(j);
	return why;
}

const char *ot_oltv1_peek(const char *tok, size_t len,
    struct ot_v1_header *h)
{
	struct parts s;
	const char *why;

	memset(h, 0, sizeof(*h));
	if (!ot_is_oltv1_token(tok, len))
		return "not an olt.V1 token";
	if ((why = split(tok, len, &s)) != NULL)
		return why;
	return header(&s, h);
}

/* A base64url part of exactly n bytes. */
static bool exact(const char *p, size_t len, unsigned char *out, size_t n)
{
	unsigned char buf[64];

	if (len > sizeof(buf) / 3 * 4 || ot_b64url_decode(p, len, buf) !=
	    (long)n)
		return false;
	memcpy(out, buf, n);
	return true;
}

/* The ppid of the payload: its array's first string, or a string. */
static const cJSON *ppid_of(const cJSON *pl)
{
	const cJSON *pp = cJSON_GetObjectItemCaseSensitive(pl, "ppid");

	if (cJSON_IsArray(pp))
		pp = cJSON_GetArrayItem(pp, 0);
	return cJSON_IsString(pp) ? pp : NULL;
}

const char *ot_oltv1_open(struct ot_oltv1 *v, const char *tok, size_t len,
    char *out, size_t *outlen)
{
	unsigned char iv[OT_GCM_IV], tag[OT_GCM_TAG], ct[PAYLOAD_MAX],
	    pt[PAYLOAD_MAX];
	struct ot_v1_header h;
	const char *why;
	const cJSON *pp;
	struct parts s;
	cJSON *pl;
	size_t n;
	long k;

	if ((why = split(tok, len, &s)) != NULL ||
	    (why = header(&s, &h)) != NULL)
		return why;
	if (!exact(s.p[2], s.n[2], iv, sizeof(iv)))
		return "olt.V1 iv is not 12 bytes of base64url";
	if (!exact(s.p[4], s.n[4], tag, sizeof(tag)))
		return "olt.V1 tag is not 16 bytes of base64url";
	if ((k = ot_b64url_decode(s.p[3], s.n[3], ct)) < 0)
		return "olt.V1 ciphertext is not valid base64url";
	if (ot_gcm_open(v->ctx, NULL, iv, s.p[0], s.n[0], ct, (size_t)k, pt,
	    tag) < 0)
		return "olt.V1 token fails authentication: another exchange's "
		    "transport key made it, or it was altered";
	pl = cJSON_ParseWithLength((char *)pt, (size_t)k);
	OPENSSL_cleanse(pt, (size_t)k);
	why = NULL;
	if (!cJSON_IsObject(pl))
		why = "olt.V1 payload is not a JSON object";
	else if ((pp = ppid_of(pl)) == NULL)
		why = "olt.V1 payload has no ppid string";
	else if ((n = strlen(pp->valuestring)) == 0)
		why = "olt.V1 payload's ppid is empty";
	else if (n > len)
		why = "olt.V1 ppid longer than the token";
	else if (ot_is_blank_token(pp->valuestring, n)) {
		memcpy(out, pp->valuestring, n);
		*outlen = n;
	} else if (ot_decrypt_token(v->inner, pp->valuestring, n, out,
	    outlen) != NULL)
		why = "olt.V1 ppid does not decrypt under the transport key "
		    "(the reference would pass it on encrypted)";
	if (cJSON_IsObject(pl) && (pp = ppid_of(pl)) != NULL)
		OPENSSL_cleanse(pp->valuestring, strlen(pp->valuestring));
	cJSON_Delete(pl);
	return why;
}
