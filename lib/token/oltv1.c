#include "token/oltv1.h"
#include "base64.h"
#include "share/pyjson.h"
#include "randpool.h"
#include "token/jose.h"
#include "token/crypto.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

/* The longest payload read or written, in bytes. */
#define PAYLOAD_MAX	4096

#define ISS		"org.openlinktoken"

/* The compact JWE itself, both ways, is token/jose.c's: this file knows
 * the prefix, the header's members and the payload. */
struct ot_oltv1 {
	struct ot_jwe_sealer *seal;	/* writing */
	struct ot_jwe_opener *open;	/* reading */
	unsigned char *pt;		/* reading: OT_JWE_PLAIN_MAX */
	struct ot_cipher *inner;	/* the legacy layer inside ppid */
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
	v->inner = ot_cipher_new(key, seal);
	return v;
}

struct ot_oltv1 *ot_oltv1_writer(const unsigned char *key, const char *ring,
    const char **why)
{
	struct ot_oltv1 *v;
	size_t n = strlen(ring);
	struct ot_jwe_member m[2];
	char *kid;

	if (n == 0 || n > OT_OLTV1_ID_MAX) {
		*why = n == 0 ? "an empty ring id" :
		    "a ring id longer than 256 bytes";
		return NULL;
	}
	v = make(key, true);
	ot_pyjson_string(&v->ring, ring, n);
	/* the header as jwcrypto writes it, keys sorted and compact:
	 * {"alg":"dir","enc":"A256GCM","kid":RING,"typ":"match-token"} */
	if ((kid = strndup(v->ring.p, v->ring.len)) == NULL)
		err(1, NULL);
	m[0] = (struct ot_jwe_member){ "kid", kid };
	m[1] = (struct ot_jwe_member){ "typ", "\"match-token\"" };
	v->seal = ot_jwe_sealer_new(OT_JWE_DIR, key, NULL, m, 2);
	free(kid);
	return v;
}

struct ot_oltv1 *ot_oltv1_reader(const unsigned char *key)
{
	struct ot_jwe_key k = { OT_JWE_OCT, key, NULL };
	struct ot_oltv1 *v = make(key, false);

	v->open = ot_jwe_opener_new(&k);
	if ((v->pt = malloc(OT_JWE_PLAIN_MAX)) == NULL)
		err(1, NULL);
	return v;
}

void ot_oltv1_free(struct ot_oltv1 *v)
{
	if (v == NULL)
		return;
	ot_jwe_sealer_free(v->seal);
	ot_jwe_opener_free(v->open);
	free(v->pt);
	ot_cipher_free(v->inner);
	ot_text_free(&v->ring);
	ot_text_free(&v->payload);
	free(v);
}

size_t ot_oltv1_wrap(struct ot_oltv1 *v, const char *rule, size_t rulelen,
    const char *inner, size_t len, char *out, const char **why)
{
	struct ot_text *p = &v->payload;
	size_t k;
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
	if (p->len > PAYLOAD_MAX || OT_OLTV1_PREFIX_LEN +
	    ot_jwe_seal_max(v->seal, p->len) > OT_OLTV1_MAX) {
		OPENSSL_cleanse(p->p, p->len);
		*why = "a token too long for an olt.V1 token";
		return 0;
	}
	memcpy(out, OT_OLTV1_PREFIX, OT_OLTV1_PREFIX_LEN);
	k = ot_jwe_seal(v->seal, (const unsigned char *)p->p, p->len,
	    out + OT_OLTV1_PREFIX_LEN);
	OPENSSL_cleanse(p->p, p->len);
	return OT_OLTV1_PREFIX_LEN + k;
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

/* The parts after the prefix, and the header checked to be dir and
 * A256GCM into h (and, with json, kept there for the caller to free). */
static const char *parse(const char *tok, size_t len,
    struct ot_jwe_parts *s, struct ot_v1_header *h, cJSON **json)
{
	const char *why;
	cJSON *j = NULL;

	memset(h, 0, sizeof(*h));
	if (json != NULL)
		*json = NULL;
	if (len > OT_OLTV1_MAX)
		return "olt.V1 token longer than 8192 bytes";
	if ((why = ot_jwe_split(tok + OT_OLTV1_PREFIX_LEN,
	    len - OT_OLTV1_PREFIX_LEN, s)) != NULL ||
	    (why = ot_jwe_header(s, &j)) != NULL) {
		cJSON_Delete(j);
		return why;
	}
	if (ot_json_member(j, "alg", h->alg, sizeof(h->alg)) == NULL ||
	    ot_json_member(j, "enc", h->enc, sizeof(h->enc)) == NULL)
		why = "olt.V1 header has no alg or enc";
	else if (strcmp(h->alg, "dir") != 0)
		why = "olt.V1 header's alg is not dir";
	else if (strcmp(h->enc, "A256GCM") != 0)
		why = "olt.V1 header's enc is not A256GCM";
	else if (s->n[1] != 0)
		why = "olt.V1 token of alg dir has an encrypted key";
	else {
		(void)ot_json_member(j, "typ", h->typ, sizeof(h->typ));
		if (cJSON_GetObjectItemCaseSensitive(j, "kid") != NULL) {
			if (ot_json_member(j, "kid", h->kid, sizeof(h->kid)) ==
			    NULL)
				why = "olt.V1 header's kid is not a string of "
				    "at most 127 bytes";
			h->has_kid = true;
		}
	}
	if (why == NULL && json != NULL)
		*json = j;
	else
		cJSON_Delete(j);
	return why;
}

const char *ot_oltv1_peek(const char *tok, size_t len,
    struct ot_v1_header *h)
{
	struct ot_jwe_parts s;

	memset(h, 0, sizeof(*h));
	if (!ot_is_oltv1_token(tok, len))
		return "not an olt.V1 token";
	return parse(tok, len, &s, h, NULL);
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
	struct ot_v1_header h;
	struct ot_jwe_parts s;
	const char *why;
	const cJSON *pp;
	cJSON *hdr, *pl;
	size_t n, k;

	if ((why = parse(tok, len, &s, &h, &hdr)) != NULL)
		return why;
	why = ot_jwe_open(v->open, OT_JWE_DIR, hdr, &s, v->pt, &k);
	cJSON_Delete(hdr);
	if (why == ot_jwe_unauthentic)
		return "olt.V1 token fails authentication: another exchange's "
		    "transport key made it, or it was altered";
	if (why != NULL)
		return why;
	if (k > PAYLOAD_MAX) {
		OPENSSL_cleanse(v->pt, k);
		return "olt.V1 payload too large";
	}
	pl = cJSON_ParseWithLength((char *)v->pt, k);
	OPENSSL_cleanse(v->pt, k);
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
