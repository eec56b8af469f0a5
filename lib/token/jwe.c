#include "token/jwe.h"
#include "base64.h"
#include "token/algs.h"
#include "token/crypto.h"
#include "share/kex.h"

#include <err.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

/* The longest rule id, and JSON strings the writer makes once. */
#define RULE_MAX	63
#define JSON_STR_MAX	(6 * 128 + 3)

/* The most keys a reader picks from: -k, --private-key, a ring's. */
#define SLOT_KEY	0
#define SLOT_OWN	1
#define SLOT_RING	2

/* A key of a reader, with its contexts, made when first used. */
struct slot {
	struct ot_jwe_opener *opener;
	struct ot_cipher *inner;	/* the legacy layer in ppid */
};

struct ot_v1 {
	/* writing */
	struct ot_v1_params p;
	struct ot_jwe_sealer *sealer;
	char *mid;		/* from ,"hash_alg" to the ppid's quote */
	char *tail;		/* from ,"rid" to before iat */
	char *times;		/* ,"exp":N,"nbf":N or "" */
	size_t midlen, taillen, timeslen;
	char *payload;		/* OT_JWE_PLAIN_MAX */
	bool trusted;		/* tokens need no check */
	time_t iat;		/* the time iattext says */
	char iattext[24];
	size_t iatlen;
	/* reading */
	struct ot_v1_keys k;
	struct slot *slots;
	size_t nslots;
	unsigned char *plain;	/* OT_JWE_PLAIN_MAX + 1 */
	/* the last header read, which the next token likely repeats */
	char hseg[OT_JWE_HEADER_MAX];
	size_t hlen;
	cJSON *hjson;
	struct ot_v1_header h;
	const char *hwhy;	/* the header's problem, or NULL */
	int halg;
	long hslot;		/* -1: the key is the problem, hwhy says */
	char hmsg[512];
	/* both */
	struct ot_cipher *inner;	/* writing dir and A256GCMKW */
};

bool ot_is_v1_token(const char *s, size_t len)
{
	return len >= OT_V1_PREFIX_LEN &&
	    memcmp(s, OT_V1_PREFIX, OT_V1_PREFIX_LEN) == 0;
}

/* s as a JSON string, quotes and escapes made by cJSON, into a malloc'd
 * string. */
static char *json_string(const char *s)
{
	cJSON *j = cJSON_CreateString(s);
	char *t;

	if (j == NULL || (t = cJSON_PrintUnformatted(j)) == NULL)
		err(1, NULL);
	cJSON_Delete(j);
	return t;
}

static char *xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		err(1, NULL);
	return s;
}

static struct ot_v1 *v1_new(void)
{
	struct ot_v1 *v = calloc(1, sizeof(*v));

	if (v == NULL)
		err(1, NULL);
	v->hslot = -1;
	return v;
}

struct ot_v1 *ot_v1_writer(const struct ot_v1_params *p,
    const unsigned char *key, EVP_PKEY *recipient)
{
	struct ot_v1 *v = v1_new();
	struct ot_jwe_member m[4];
	char *kid = json_string(p->ring), *iss, exp[32], nbf[32];
	size_t n = 0;

	v->p = *p;
	iss = json_string(p->issuer != NULL ? p->issuer : OT_V1_ISS);
	snprintf(exp, sizeof(exp), "%lld", (long long)p->exp);
	snprintf(nbf, sizeof(nbf), "%lld", (long long)p->nbf);
	/* the times in the header too (RFC 7519 section 5.3), so that they
	 * can be read without the key */
	if (p->has_exp)
		m[n++] = (struct ot_jwe_member){ "exp", exp };
	m[n++] = (struct ot_jwe_member){ "kid", kid };
	if (p->has_nbf)
		m[n++] = (struct ot_jwe_member){ "nbf", nbf };
	m[n++] = (struct ot_jwe_member){ "typ", "\"match-token\"" };
	v->sealer = ot_jwe_sealer_new((enum ot_jwe_alg)p->alg, key, recipient,
	    m, n);
	if (p->legacy_ppid)
		v->inner = ot_cipher_new(key, true);
	/* the payload in the reference's order, the seed document's
	 * optional members after it */
	v->mid = xasprintf(",\"hash_alg\":\"%s\",\"mac_alg\":\"%s\","
	    "\"ppid\":[\"", ot_hash_alg_name((enum ot_hash_alg)p->hash_alg),
	    ot_mac_alg_name((enum ot_mac_alg)p->mac_alg));
	v->tail = xasprintf(",\"rid\":%s,\"iss\":%s,\"iat\":", kid, iss);
	v->times = xasprintf("%s%s%s%s", p->has_exp ? ",\"exp\":" : "",
	    p->has_exp ? exp : "", p->has_nbf ? ",\"nbf\":" : "",
	    p->has_nbf ? nbf : "");
	v->midlen = strlen(v->mid);
	v->taillen = strlen(v->tail);
	v->timeslen = strlen(v->times);
	v->iat = -1;
	if ((v->payload = malloc(OT_JWE_PLAIN_MAX)) == NULL)
		err(1, NULL);
	free(kid);
	free(iss);
	return v;
}

struct ot_v1 *ot_v1_reader(const struct ot_v1_keys *k)
{
	struct ot_v1 *v = v1_new();

	v->k = *k;
	v->nslots = SLOT_RING + (k->ring != NULL ? k->ring->n : 0);
	if ((v->slots = calloc(v->nslots, sizeof(*v->slots))) == NULL ||
	    (v->plain = malloc(OT_JWE_PLAIN_MAX + 1)) == NULL)
		err(1, NULL);
	return v;
}

void ot_v1_free(struct ot_v1 *v)
{
	size_t i;

	if (v == NULL)
		return;
	ot_jwe_sealer_free(v->sealer);
	ot_cipher_free(v->inner);
	for (i = 0; i < v->nslots; i++) {
		ot_jwe_opener_free(v->slots[i].opener);
		ot_cipher_free(v->slots[i].inner);
	}
	free(v->slots);
	if (v->plain != NULL)
		OPENSSL_cleanse(v->plain, OT_JWE_PLAIN_MAX + 1);
	free(v->plain);
	if (v->payload != NULL)
		OPENSSL_cleanse(v->payload, OT_JWE_PLAIN_MAX);
	free(v->payload);
	free(v->mid);
	free(v->tail);
	free(v->times);
	cJSON_Delete(v->hjson);
	free(v);
}

void ot_v1_trust(struct ot_v1 *v)
{
	v->trusted = true;
}

/* A rule id as JSON: as it is when nothing needs escaping. */
static size_t rule_json(const char *rule, size_t len, char *out)
{
	char z[RULE_MAX + 1], *t;
	size_t i, n;

	for (i = 0; i < len; i++)
		if ((unsigned char)rule[i] < 0x20 || rule[i] == '"' ||
		    rule[i] == '\\' || (unsigned char)rule[i] >= 0x7f)
			break;
	if (i == len) {
		out[0] = '"';
		memcpy(out + 1, rule, len);
		out[len + 1] = '"';
		return len + 2;
	}
	memcpy(z, rule, len);
	z[len] = '\0';
	t = json_string(z);
	n = strlen(t);
	memcpy(out, t, n);
	free(t);
	return n;
}

/* A T8 vector: standard base64 of dims little-endian float32 values,
 * every one a number. */
static const char *check_vector(const char *tok, size_t len, unsigned dims,
    unsigned char *buf)
{
	static _Thread_local char msg[128];
	size_t i;
	long n;
	float f;

	if (len > (4 * (size_t)OT_V1_DIMS_MAX + 2) / 3 * 4 ||
	    (n = ot_b64_decode(tok, len, buf)) < 0)
		return "a T8 vector that is not base64";
	if ((size_t)n != 4 * (size_t)dims) {
		snprintf(msg, sizeof(msg), "a T8 vector of %ld bytes, where "
		    "ppid_dims %u makes %u", n, dims, 4 * dims);
		return msg;
	}
	for (i = 0; i < dims; i++) {
		uint32_t u = (uint32_t)buf[4 * i] |
		    (uint32_t)buf[4 * i + 1] << 8 |
		    (uint32_t)buf[4 * i + 2] << 16 |
		    (uint32_t)buf[4 * i + 3] << 24;

		memcpy(&f, &u, sizeof(f));
		if (!isfinite(f))
			return "a T8 vector holding a NaN or an infinity";
	}
	return NULL;
}

size_t ot_v1_seal(struct ot_v1 *v, const char *rule, size_t rulelen,
    const char *tok, size_t len, char *out, const char **why)
{
	static _Thread_local char msg[128];
	char inner[OT_TOKEN_MAX], *p = v->payload, dims[64];
	const char *ppid = tok;
	size_t n, ppidlen = len, need, dimslen;
	time_t now;

	if (rulelen > RULE_MAX) {
		*why = "a rule id longer than 63 bytes";
		return 0;
	}
	dims[0] = '\0';
	if (ot_is_blank_token(tok, len))
		;
	else if (v->p.dims > 0 && rulelen == 2 &&
	    memcmp(rule, OT_V1_VECTOR_RULE, 2) == 0) {
		if ((*why = check_vector(tok, len, v->p.dims,
		    (unsigned char *)v->payload)) != NULL)
			return 0;
		snprintf(dims, sizeof(dims), ",\"ppid_dtype\":\"float32\","
		    "\"ppid_dims\":%u", v->p.dims);
	} else if (!v->trusted && !ot_mac_token((enum ot_mac_alg)v->p.mac_alg,
	    tok, len, NULL)) {
		snprintf(msg, sizeof(msg), "not a hash-only token of %s (%zu "
		    "base64 characters)", ot_mac_alg_name((enum ot_mac_alg)
		    v->p.mac_alg), ot_mac_token_len((enum ot_mac_alg)
		    v->p.mac_alg));
		*why = msg;
		return 0;
	} else if (v->inner != NULL) {
		/* the reference's inner layer */
		ppidlen = ot_encrypt_token(v->inner, tok, len, inner);
		ppid = inner;
	}
	dimslen = strlen(dims);
	need = 1 + JSON_STR_MAX + v->midlen + ppidlen + 2 + dimslen +
	    v->taillen + 24 + v->timeslen + 1;
	if (need > OT_JWE_PLAIN_MAX) {
		*why = "a token too long for a V1 token";
		return 0;
	}
	*p++ = '{';
	memcpy(p, "\"rlid\":", 7);
	p += 7;
	p += rule_json(rule, rulelen, p);
	memcpy(p, v->mid, v->midlen);
	p += v->midlen;
	memcpy(p, ppid, ppidlen);
	p += ppidlen;
	*p++ = '"';
	*p++ = ']';
	memcpy(p, dims, dimslen);
	p += dimslen;
	memcpy(p, v->tail, v->taillen);
	p += v->taillen;
	/* iat when made, as the reference has it (its text made once a
	 * second) */
	if ((now = time(NULL)) != v->iat) {
		v->iat = now;
		v->iatlen = (size_t)snprintf(v->iattext, sizeof(v->iattext),
		    "%lld", (long long)now);
	}
	memcpy(p, v->iattext, v->iatlen);
	p += v->iatlen;
	memcpy(p, v->times, v->timeslen);
	p += v->timeslen;
	*p++ = '}';
	n = (size_t)(p - v->payload);
	memcpy(out, OT_V1_PREFIX, OT_V1_PREFIX_LEN);
	n = OT_V1_PREFIX_LEN + ot_jwe_seal(v->sealer,
	    (unsigned char *)v->payload, n, out + OT_V1_PREFIX_LEN);
	/* the payload holds the token; the legacy layer is ciphertext */
	OPENSSL_cleanse(v->payload, (size_t)(p - v->payload));
	return n;
}

static bool payload_number(const cJSON *m, bool *has, double *val);

/* A header member's string into buf: false when it is not a string or
 * too long. */
static bool header_string(const cJSON *m, char *buf, size_t size)
{
	if (!cJSON_IsString(m) || strlen(m->valuestring) >= size)
		return false;
	strcpy(buf, m->valuestring);
	return true;
}

/* Check a parsed header and fill h, in one pass over its members. */
static const char *check_header(const cJSON *json, struct ot_v1_header *h)
{
	const cJSON *m, *alg = NULL, *enc = NULL, *typ = NULL, *kid = NULL;

	for (m = json->child; m != NULL; m = m->next) {
		const char *k = m->string;

		if (strcmp(k, "alg") == 0)
			alg = m;
		else if (strcmp(k, "enc") == 0)
			enc = m;
		else if (strcmp(k, "typ") == 0)
			typ = m;
		else if (strcmp(k, "kid") == 0)
			kid = m;
		else if (strcmp(k, "zip") == 0)
			return "V1 header has zip: compressed tokens are refused";
		else if (strcmp(k, "crit") == 0)
			return "V1 header has crit: extensions ot does not know";
		else if ((strcmp(k, "exp") == 0 &&
		    !payload_number(m, &h->has_exp, &h->exp)) ||
		    (strcmp(k, "nbf") == 0 &&
		    !payload_number(m, &h->has_nbf, &h->nbf)))
			return "V1 header's exp or nbf is not a number";
	}
	if (!header_string(alg, h->alg, sizeof(h->alg)))
		return "V1 header has no alg";
	if (!header_string(enc, h->enc, sizeof(h->enc)))
		return "V1 header has no enc";
	if (!header_string(typ, h->typ, sizeof(h->typ)))
		return "V1 header has no typ";
	if (kid != NULL) {
		if (!header_string(kid, h->kid, sizeof(h->kid)))
			return "V1 header's kid is not a string of at most 127 "
			    "bytes";
		h->has_kid = true;
	}
	if (strcmp(h->alg, "none") == 0)
		return "V1 header says alg none: unprotected tokens are refused";
	if (ot_jwe_alg_parse(h->alg) < 0)
		return "V1 header's alg is none of dir, A256GCMKW, ECDH-ES, "
		    "ECDH-ES+A256KW and RSA-OAEP-256";
	if (strcmp(h->enc, "A256GCM") != 0)
		return "V1 header's enc is not A256GCM";
	if (strcmp(h->typ, "match-token") != 0)
		return "V1 header's typ is not match-token";
	return NULL;
}

const char *ot_v1_peek(const char *tok, size_t len, struct ot_v1_header *h)
{
	struct ot_jwe_parts s;
	const char *why;
	cJSON *json;
	memset(h, 0, sizeof(*h));
	if (!ot_is_v1_token(tok, len))
		return "not a V1 token";
	if ((why = ot_jwe_split(tok + OT_V1_PREFIX_LEN,
	    len - OT_V1_PREFIX_LEN, &s)) != NULL)
		return why;
	if ((why = ot_jwe_header(&s, &json)) == NULL)
		why = check_header(json, h);
	cJSON_Delete(json);
	return why;
}

/* The slot whose key opens tokens of this header, or -1 and a message
 * in v->hmsg. */
static long pick_key(struct ot_v1 *v, int alg)
{
	enum ot_jwe_keytype want = ot_jwe_alg_keytype((enum ot_jwe_alg)alg);
	const struct ot_ring_key *rk;
	const char *name = ot_jwe_alg_name((enum ot_jwe_alg)alg);
	char what[64];
	long i;

	if (v->k.ring != NULL) {
		if (!v->h.has_kid) {
			snprintf(v->hmsg, sizeof(v->hmsg), "V1 token without a "
			    "kid, and its key is picked from ring %s by kid",
			    v->k.ring->name);
			return -1;
		}
		if ((i = ot_ring_find(v->k.ring, v->h.kid)) < 0) {
			snprintf(v->hmsg, sizeof(v->hmsg), "V1 token of kid %s, "
			    "which ring %s has no key for", v->h.kid,
			    v->k.ring->name);
			return -1;
		}
		rk = &v->k.ring->keys[i];
		if (rk->type != want) {
			snprintf(v->hmsg, sizeof(v->hmsg), "V1 token of alg %s "
			    "takes %s, and ring %s has %s for kid %s (%s)", name,
			    ot_jwe_keytype_name(want), v->k.ring->name,
			    rk->what, rk->kid, rk->path);
			return -1;
		}
		return SLOT_RING + i;
	}
	if (want == OT_JWE_OCT) {
		if (v->k.key != NULL)
			return SLOT_KEY;
		snprintf(v->hmsg, sizeof(v->hmsg), "V1 token with alg %s: no "
		    "encryption key to open it", name);
		return -1;
	}
	if (v->k.own == NULL) {
		snprintf(v->hmsg, sizeof(v->hmsg), "V1 token with alg %s: no "
		    "private key to open it", name);
		return -1;
	}
	if (ot_jwe_pkey_type(v->k.own) != (int)want) {
		snprintf(v->hmsg, sizeof(v->hmsg), "V1 token of alg %s takes %s, "
		    "and %s is %s", name, ot_jwe_keytype_name(want),
		    v->k.own_name != NULL ? v->k.own_name : "the private key",
		    ot_key_describe(v->k.own, what, sizeof(what)));
		return -1;
	}
	return SLOT_OWN;
}

/* The header segment of s, parsed and checked unless it is the last
 * one's again. */
static void read_header(struct ot_v1 *v, const struct ot_jwe_parts *s)
{
	if (s->n[0] == v->hlen && v->hlen > 0 &&
	    memcmp(s->p[0], v->hseg, v->hlen) == 0)
		return;
	cJSON_Delete(v->hjson);
	memset(&v->h, 0, sizeof(v->h));
	v->hslot = -1;
	memcpy(v->hseg, s->p[0], s->n[0]);
	v->hlen = s->n[0];
	if ((v->hwhy = ot_jwe_header(s, &v->hjson)) != NULL ||
	    (v->hwhy = check_header(v->hjson, &v->h)) != NULL)
		return;
	v->halg = ot_jwe_alg_parse(v->h.alg);
	if ((v->hslot = pick_key(v, v->halg)) < 0)
		v->hwhy = v->hmsg;
}

/* The opener of a slot, and its legacy layer, made when first used. */
static struct slot *slot(struct ot_v1 *v, long i)
{
	struct slot *sl = &v->slots[i];
	struct ot_jwe_key k = { OT_JWE_OCT, NULL, NULL };
	const struct ot_ring_key *rk;

	if (sl->opener != NULL)
		return sl;
	if (i >= SLOT_RING) {
		rk = &v->k.ring->keys[i - SLOT_RING];
		k.type = rk->type;
		k.oct = rk->oct;
		k.pkey = rk->pkey;
	} else if (i == SLOT_KEY)
		k.oct = v->k.key;
	else {
		k.type = (enum ot_jwe_keytype)ot_jwe_pkey_type(v->k.own);
		k.pkey = v->k.own;
	}
	sl->opener = ot_jwe_opener_new(&k);
	if (k.type == OT_JWE_OCT)
		sl->inner = ot_cipher_new(k.oct, false);
	return sl;
}

/* A payload member that must be a number, when it is there. */
static bool payload_number(const cJSON *m, bool *has, double *val)
{
	if (!cJSON_IsNumber(m) || !isfinite(m->valuedouble))
		return false;
	*has = true;
	*val = m->valuedouble;
	return true;
}

/* The payload's claims, read in one pass over its members and checked;
 * *ppid the token (or vector) it carries: an array of one string, or a
 * string. */
static const char *claims(const cJSON *pl, struct ot_v1_claims *c,
    const char **ppid, unsigned char *buf)
{
	static _Thread_local char msg[160];
	const cJSON *m, *pp = NULL, *dt = NULL, *dims = NULL;
	const char *hash = NULL, *mac = NULL, *why;

	memset(c, 0, sizeof(*c));
	for (m = pl->child; m != NULL; m = m->next) {
		const char *k = m->string;

		if (strcmp(k, "ppid") == 0)
			pp = m;
		else if (strcmp(k, "hash_alg") == 0)
			hash = cJSON_IsString(m) ? m->valuestring : "";
		else if (strcmp(k, "mac_alg") == 0)
			mac = cJSON_IsString(m) ? m->valuestring : "";
		else if (strcmp(k, "exp") == 0) {
			if (!payload_number(m, &c->has_exp, &c->exp))
				return "V1 payload's exp or nbf is not a number";
		} else if (strcmp(k, "nbf") == 0) {
			if (!payload_number(m, &c->has_nbf, &c->nbf))
				return "V1 payload's exp or nbf is not a number";
		} else if (strcmp(k, "ppid_dtype") == 0)
			dt = m;
		else if (strcmp(k, "ppid_dims") == 0)
			dims = m;
	}
	if (cJSON_IsArray(pp) && cJSON_GetArraySize(pp) == 1)
		pp = pp->child;
	if (!cJSON_IsString(pp))
		return "V1 payload has no ppid string";
	*ppid = pp->valuestring;
	if (hash == NULL)
		return "V1 payload has no hash_alg string";
	if ((c->hash_alg = ot_hash_alg_parse(hash)) < 0) {
		snprintf(msg, sizeof(msg), "V1 payload's hash_alg %.24s is none "
		    "of SHA-256, SHA-384, SHA-512, SHA3-256, SHA3-384 and "
		    "SHA3-512", hash);
		return msg;
	}
	if (mac == NULL)
		return "V1 payload has no mac_alg string";
	if ((c->mac_alg = ot_mac_alg_parse(mac)) < 0) {
		snprintf(msg, sizeof(msg), "V1 payload's mac_alg %.24s is none "
		    "of HS256, HS384, HS512, HS3-256, HS3-384 and HS3-512", mac);
		return msg;
	}
	if (dt == NULL && dims == NULL)
		return NULL;
	if (!cJSON_IsString(dt) || strcmp(dt->valuestring, "float32") != 0)
		return "V1 payload's ppid_dtype is not float32";
	if (!cJSON_IsNumber(dims) || dims->valuedouble < 1 ||
	    dims->valuedouble > OT_V1_DIMS_MAX ||
	    dims->valuedouble != (double)(unsigned)dims->valuedouble)
		return "V1 payload's ppid_dims is not a number from 1 to 4096";
	c->dims = (unsigned)dims->valuedouble;
	if ((why = check_vector(*ppid, strlen(*ppid), c->dims, buf)) != NULL) {
		snprintf(msg, sizeof(msg), "V1 payload holds %s", why);
		return msg;
	}
	return NULL;
}

const char *ot_v1_open(struct ot_v1 *v, const char *tok, size_t len,
    char *out, size_t *outlen, struct ot_v1_claims *c)
{
	struct ot_v1_claims mine;
	struct ot_jwe_parts s;
	const char *why, *val;
	struct slot *sl;
	cJSON *pl = NULL;
	size_t n = 0, vlen;

	if (c == NULL)
		c = &mine;
	memset(c, 0, sizeof(*c));
	if ((why = ot_jwe_split(tok + OT_V1_PREFIX_LEN,
	    len - OT_V1_PREFIX_LEN, &s)) != NULL)
		return why;
	read_header(v, &s);
	if (v->hwhy != NULL)
		return v->hwhy;
	sl = slot(v, v->hslot);
	if ((why = ot_jwe_open(sl->opener, (enum ot_jwe_alg)v->halg, v->hjson,
	    &s, v->plain, &n)) != NULL)
		goto out;
	v->plain[n] = '\0';
	why = "V1 payload is not a JSON object";
	if ((pl = cJSON_ParseWithLength((const char *)v->plain, n)) == NULL ||
	    !cJSON_IsObject(pl))
		goto out;
	if ((why = claims(pl, c, &val, v->plain)) != NULL)
		goto out;
	vlen = strlen(val);
	why = "V1 ppid longer than the token";
	if (vlen > len)
		goto out;
	why = NULL;
	/* the legacy layer, when there is one; else ppid is the token, as
	 * the reference has it (a hash-only token is never a legacy one:
	 * not tried) */
	if (c->dims > 0 || vlen == 0 || ot_is_blank_token(val, vlen) ||
	    sl->inner == NULL || ot_mac_token((enum ot_mac_alg)c->mac_alg,
	    val, vlen, NULL) ||
	    ot_decrypt_token(sl->inner, val, vlen, out, outlen) != NULL) {
		memcpy(out, val, vlen);
		*outlen = vlen;
	}
out:
	OPENSSL_cleanse(v->plain, n < OT_JWE_PLAIN_MAX ? n + 1 : n);
	cJSON_Delete(pl);
	return why;
}

enum ot_v1_when ot_v1_when(bool has_exp, double exp, bool has_nbf,
    double nbf, int64_t now)
{
	if (has_exp && (double)now >= exp)
		return OT_V1_EXPIRED;
	if (has_nbf && (double)now < nbf)
		return OT_V1_EARLY;
	return OT_V1_VALID;
}

int ot_v1_expiry_count(struct ot_v1_expiry *e, const struct ot_v1_claims *c,
    int64_t now, const char *name, unsigned long line)
{
	switch (ot_v1_when(c->has_exp, c->exp, c->has_nbf, c->nbf, now)) {
	case OT_V1_EXPIRED:
		e->expired++;
		break;
	case OT_V1_EARLY:
		e->early++;
		break;
	default:
		return 0;
	}
	if (e->first[0] == '\0')
		snprintf(e->first, sizeof(e->first), "%.300s:%lu", name, line);
	return 1;
}

void ot_v1_expiry_add(struct ot_v1_expiry *a, const struct ot_v1_expiry *b)
{
	a->expired += b->expired;
	a->early += b->early;
	if (a->first[0] == '\0')
		memcpy(a->first, b->first, sizeof(a->first));
}

int ot_v1_expiry_report(const struct ot_v1_expiry *e)
{
	if (e->expired + e->early == 0)
		return 0;
	warnx("%llu V1 tokens expired and %llu not yet valid, the first at "
	    "%s: refused (--ignore-expiry reads them anyway)",
	    (unsigned long long)e->expired, (unsigned long long)e->early,
	    e->first);
	return 1;
}
