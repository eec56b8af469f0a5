#include "share/audit.h"
#include "share/exchange.h"
#include "base64.h"
#include "randpool.h"
#include "share/jwa.h"
#include "share/kex.h"
#include "share/slurp.h"

#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

/* The protected header "olt initiate-exchange" gives as text, so these
 * bytes exactly. */
#define PROTECTED	"{\"typ\":\"openlinktoken-exchange+jwe\"," \
			"\"cty\":\"application/openlinktoken-exchange+json\"," \
			"\"enc\":\"A256GCM\"}"
#define RECIPIENT_ALG	"ECDH-ES+A256KW"

static int fail(struct ot_exchange *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->err, sizeof(x->err), fmt, ap);
	va_end(ap);
	return -1;
}

static void digest(EVP_PKEY *k, unsigned char md[32])
{
	unsigned char *der = NULL;
	unsigned int mdlen;
	int n;

	if ((n = i2d_PUBKEY(k, &der)) <= 0 ||
	    !EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(), NULL))
		errx(1, "OpenSSL: public key fingerprint failed");
	OPENSSL_free(der);
}

/* The 32 bytes as hex pairs in the case of hex[], joined by sep. */
static void pairs(EVP_PKEY *k, const char *hex, char sep, char *out)
{
	unsigned char md[32];
	int i;

	digest(k, md);
	for (i = 0; i < 32; i++) {
		out[3 * i] = hex[md[i] >> 4];
		out[3 * i + 1] = hex[md[i] & 15];
		out[3 * i + 2] = sep;
	}
	out[95] = '\0';
}

void ot_olt_fingerprint(EVP_PKEY *k, char out[OT_OLT_FP_LEN + 1])
{
	pairs(k, "0123456789ABCDEF", ':', out);
}

void ot_olt_kid(EVP_PKEY *k, char out[OT_OLT_KID_LEN + 1])
{
	memcpy(out, "sha256:", 7);
	pairs(k, "0123456789abcdef", '-', out + 7);
}

int ot_exchange_parse(struct ot_exchange *x, const char *text, size_t len)
{
	const cJSON *v;

	memset(x, 0, sizeof(*x));
	if (len > OT_EXCHANGE_MAX)
		return fail(x, "larger than %d bytes: not an exchange config",
		    OT_EXCHANGE_MAX);
	if ((x->env = cJSON_ParseWithLength(text, len)) == NULL ||
	    !cJSON_IsObject(x->env))
		return fail(x, "not an exchange config (not a JSON object)");
	v = cJSON_GetObjectItemCaseSensitive(x->env, "version");
	if (v == NULL)
		return fail(x, "no \"version\": not an OpenLinkToken exchange "
		    "config");
	if (!cJSON_IsNumber(v) || v->valuedouble != OT_EXCHANGE_VERSION) {
		char *s = cJSON_PrintUnformatted(v);

		fail(x, "exchange config version %s; ot reads version %d, as "
		    "OpenLinkToken 2.1.2 does", s != NULL ? s : "?",
		    OT_EXCHANGE_VERSION);
		free(s);
		return -1;
	}
	if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(x->env,
	    "recipients")))
		return fail(x, "no recipients: not a multi-recipient JWE "
		    "exchange config");
	return 0;
}

int ot_exchange_load(struct ot_exchange *x, const char *path)
{
	char *buf;
	size_t len;
	int rc;

	memset(x, 0, sizeof(*x));
	if (ot_slurp(path, OT_EXCHANGE_MAX, &buf, &len) < 0)
		return fail(x, "%s", errno == EFBIG ? "larger than 256 KiB: not "
		    "an exchange config" : strerror(errno));
	rc = ot_exchange_parse(x, buf, len);
	ot_slurp_free(buf, len);
	return rc;
}

/* Recipient i's header, or NULL. */
static const cJSON *recipient_header(const struct ot_exchange *x, int i,
    const cJSON **entry)
{
	const cJSON *r = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
	    x->env, "recipients"), i);
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(r, "header");

	if (entry != NULL)
		*entry = r;
	return cJSON_IsObject(h) ? h : NULL;
}

const char *ot_exchange_kid(const struct ot_exchange *x, int i)
{
	const cJSON *kid = cJSON_GetObjectItemCaseSensitive(
	    recipient_header(x, i, NULL), "kid");

	return cJSON_IsString(kid) ? kid->valuestring : NULL;
}

/* A base64url member of o decoded into a new buffer of at most max
 * bytes: its length, or -1. */
static long member_bytes(const cJSON *o, const char *name,
    unsigned char **out, size_t max)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	size_t len;
	long n;

	*out = NULL;
	if (!cJSON_IsString(v) || (len = strlen(v->valuestring)) > max / 3 * 4 + 3)
		return -1;
	if ((*out = malloc(len / 4 * 3 + 3)) == NULL)
		err(1, NULL);
	if ((n = ot_b64url_decode(v->valuestring, len, *out)) < 0) {
		free(*out);
		*out = NULL;
	}
	return n;
}

/* The content key from recipient i's entry, or -1. */
static int unwrap_cek(const struct ot_exchange *x, int i, EVP_PKEY *own,
    unsigned char cek[32], const char **why)
{
	const cJSON *entry, *h = recipient_header(x, i, &entry), *alg;
	unsigned char z[OT_Z_MAX], kek[32], *ek;
	EVP_PKEY *epk;
	size_t zlen;
	long n;
	int rc;

	alg = cJSON_GetObjectItemCaseSensitive(h, "alg");
	if (h == NULL || !cJSON_IsString(alg) ||
	    strcmp(alg->valuestring, RECIPIENT_ALG) != 0) {
		*why = "a recipient whose alg is not " RECIPIENT_ALG;
		return -1;
	}
	if ((epk = ot_jwk_to_key(cJSON_GetObjectItemCaseSensitive(h, "epk"),
	    why)) == NULL)
		return -1;
	if (ot_key_curve(epk) != ot_key_curve(own)) {
		EVP_PKEY_free(epk);
		*why = "a recipient on another curve than the key";
		return -1;
	}
	rc = ot_ecdh(own, epk, z, &zlen);
	EVP_PKEY_free(epk);
	if (rc < 0) {
		*why = "a recipient whose epk the key cannot agree with";
		return -1;
	}
	ot_jwa_kek(z, zlen, kek);
	OPENSSL_cleanse(z, sizeof(z));
	n = member_bytes(entry, "encrypted_key", &ek, 64);
	rc = n == 40 ? ot_key_unwrap(kek, ek, cek) : -1;
	OPENSSL_cleanse(kek, sizeof(kek));
	free(ek);
	if (rc < 0)
		*why = n == 40 ? "its encrypted key does not unwrap with the "
		    "key" : "its encrypted_key is not 40 bytes of base64url";
	return rc;
}

/* The protected header: a JSON object saying enc A256GCM, no zip. */
static int check_protected(struct ot_exchange *x, const char *b64)
{
	unsigned char *raw;
	long n;
	cJSON *h;
	const cJSON *enc;
	int rc = 0;

	if ((raw = malloc(strlen(b64) / 4 * 3 + 3)) == NULL)
		err(1, NULL);
	n = ot_b64url_decode(b64, strlen(b64), raw);
	h = n < 0 ? NULL : cJSON_ParseWithLength((char *)raw, (size_t)n);
	free(raw);
	enc = cJSON_GetObjectItemCaseSensitive(h, "enc");
	if (!cJSON_IsObject(h))
		rc = fail(x, "its protected header is not base64url of a JSON "
		    "object");
	else if (!cJSON_IsString(enc) || strcmp(enc->valuestring, "A256GCM") != 0)
		rc = fail(x, "its protected header's enc is not A256GCM");
	else if (cJSON_GetObjectItemCaseSensitive(h, "zip") != NULL)
		rc = fail(x, "its protected header asks for compression (zip), "
		    "which exchange configs never use");
	cJSON_Delete(h);
	return rc;
}

/* Decrypt the content with cek into *payload (NUL-terminated). */
static int decrypt_content(struct ot_exchange *x, const unsigned char cek[32],
    char **payload, size_t *plen)
{
	const cJSON *prot = cJSON_GetObjectItemCaseSensitive(x->env,
	    "protected");
	const cJSON *aad = cJSON_GetObjectItemCaseSensitive(x->env, "aad");
	unsigned char *iv, *tag, *ct;
	long niv, ntag, nct;
	char *a;
	int rc = -1;

	if (!cJSON_IsString(prot))
		return fail(x, "no protected header");
	if (check_protected(x, prot->valuestring) < 0)
		return -1;
	if (aad != NULL && !cJSON_IsString(aad))
		return fail(x, "its aad is not a string");
	niv = member_bytes(x->env, "iv", &iv, 64);
	ntag = member_bytes(x->env, "tag", &tag, 64);
	nct = member_bytes(x->env, "ciphertext", &ct, OT_EXCHANGE_MAX);
	if (niv != OT_GCM_IV || ntag != OT_GCM_TAG || nct < 0) {
		fail(x, "its iv, tag and ciphertext are not 12, 16 and some "
		    "bytes of base64url");
		goto out;
	}
	/* RFC 7516 5.1 step 14: the protected header, and ".aad" */
	if (asprintf(&a, "%s%s%s", prot->valuestring, aad != NULL ? "." : "",
	    aad != NULL ? aad->valuestring : "") < 0)
		err(1, NULL);
	if ((*payload = malloc((size_t)nct + 1)) == NULL)
		err(1, NULL);
	if (ot_gcm_open(NULL, cek, iv, a, strlen(a), ct, (size_t)nct,
	    (unsigned char *)*payload, tag) < 0) {
		fail(x, "tampered exchange config: its content fails "
		    "authentication (AES-GCM tag) under the key it was opened "
		    "with");
		free(*payload);
		*payload = NULL;
	} else {
		(*payload)[nct] = '\0';
		*plen = (size_t)nct;
		rc = 0;
	}
	free(a);
out:
	free(iv);
	free(tag);
	free(ct);
	return rc;
}

/* Wipe a string member that held a secret, before cJSON frees it. */
static void wipe_member(cJSON *o, const char *name)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (cJSON_IsString(v))
		OPENSSL_cleanse(v->valuestring, strlen(v->valuestring));
}

/* A string member of the payload: a copy, or NULL. */
static char *payload_string(const cJSON *p, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, name);
	char *s;

	if (!cJSON_IsString(v))
		return NULL;
	if ((s = strdup(v->valuestring)) == NULL)
		err(1, NULL);
	return s;
}

/* A public key of the payload, checked against the fingerprint the
 * payload gives for it. */
static int payload_key(struct ot_exchange *x, const cJSON *p, const char *pem,
    const char *fpname, EVP_PKEY **k, char fp[OT_OLT_FP_LEN + 1])
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, pem),
	    *f = cJSON_GetObjectItemCaseSensitive(p, fpname);
	const char *why;

	if (!cJSON_IsString(v) || !cJSON_IsString(f))
		return fail(x, "its payload lacks %s or %s: an exchange config "
		    "of another release, which ot cannot derive the transport "
		    "key from (make a new one with initiate-exchange)", pem,
		    fpname);
	if ((*k = ot_key_parse_public(v->valuestring, strlen(v->valuestring),
	    &why)) == NULL)
		return fail(x, "its payload's %s: %s", pem, why);
	ot_olt_fingerprint(*k, fp);
	if (strcmp(fp, f->valuestring) != 0)
		return fail(x, "its payload's %s is %s, not the key %s names (%s)",
		    fpname, f->valuestring, pem, fp);
	return 0;
}

/* The payload's fields, checked. */
static int read_payload(struct ot_exchange *x, const char *text, size_t len)
{
	cJSON *p = cJSON_ParseWithLength(text, len);
	const cJSON *enc = cJSON_GetObjectItemCaseSensitive(p, "hashingSecretEncoding"),
	    *hs = cJSON_GetObjectItemCaseSensitive(p, "hashingSecret");
	unsigned char *buf = NULL;
	size_t n;
	long k;
	int rc = -1, a, b;

	if (!cJSON_IsObject(p)) {
		fail(x, "its payload is not a JSON object");
		goto out;
	}
	if (payload_key(x, p, "senderPublicKey", "senderKeyFingerprint",
	    &x->sender, x->sender_fp) < 0 ||
	    payload_key(x, p, "recipientPublicKey", "recipientKeyFingerprint",
	    &x->recipient, x->recipient_fp) < 0)
		goto out;
	x->name = payload_string(p, "exchangeName");
	x->created = payload_string(p, "createdAt");
	x->curve = payload_string(p, "curve");
	if ((x->id = payload_string(p, "exchangeId")) == NULL ||
	    x->id[0] == '\0') {
		fail(x, "its payload has no exchangeId, which the transport key "
		    "is derived from");
		goto out;
	}
	a = ot_key_curve(x->sender);
	b = ot_key_curve(x->recipient);
	if (a != b) {
		fail(x, "curve mismatch: its sender key is on %s and its "
		    "recipient key on %s; both parties must use one curve",
		    ot_curve_label((enum ot_curve)a),
		    ot_curve_label((enum ot_curve)b));
		goto out;
	}
	if (x->curve != NULL && strcmp(x->curve,
	    ot_curve_label((enum ot_curve)a)) != 0) {
		fail(x, "curve mismatch: it names the curve %s, but its keys "
		    "are on %s", x->curve, ot_curve_label((enum ot_curve)a));
		goto out;
	}
	if (!cJSON_IsString(enc) || strcmp(enc->valuestring, "base64url") != 0) {
		fail(x, "its hashingSecretEncoding is not base64url");
		goto out;
	}
	n = cJSON_IsString(hs) ? strlen(hs->valuestring) : 0;
	/* the reference pads before decoding: padding is accepted too */
	while (n > 0 && hs->valuestring[n - 1] == '=')
		n--;
	if (n == 0 || n > (OT_SECRET_MAX - 1) / 3 * 4) {
		fail(x, "its hashingSecret is missing, or longer than %d bytes",
		    OT_SECRET_MAX - 1);
		goto out;
	}
	if ((buf = malloc(n / 4 * 3 + 3)) == NULL)
		err(1, NULL);
	if ((k = ot_b64url_decode(hs->valuestring, n, buf)) <= 0) {
		fail(x, "its hashingSecret is not base64url");
		goto out;
	}
	memcpy(x->hashing.buf, buf, (size_t)k);
	x->hashing.len = (size_t)k;
	rc = 0;
out:
	if (buf != NULL) {
		OPENSSL_cleanse(buf, n / 4 * 3 + 3);
		free(buf);
	}
	wipe_member(p, "hashingSecret");
	cJSON_Delete(p);
	return rc;
}

/* The audit log names both parties by ot's fingerprints. */
static void audit_exchange(const struct ot_exchange *x)
{
	char s[65], r[65];

	if (!ot_audit_on())
		return;
	ot_key_fingerprint(x->sender, s);
	ot_key_fingerprint(x->recipient, r);
	ot_audit_key("own", x->is_sender ? s : r);
	ot_audit_key("partner", x->is_sender ? r : s);
	ot_audit_package("sender", s);
	ot_audit_package("receiver", r);
	ot_audit_string("exchange", x->id);
}

int ot_exchange_open(struct ot_exchange *x, EVP_PKEY *own)
{
	char kid[OT_OLT_KID_LEN + 1], fp[OT_OLT_FP_LEN + 1];
	const char *why = NULL, *k0, *k1;
	unsigned char cek[32];
	char *payload = NULL;
	size_t plen = 0;
	int i, n, mine = -1, rc;

	ot_olt_kid(own, kid);
	n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(x->env,
	    "recipients"));
	for (i = 0; i < n && mine < 0; i++)
		if ((k0 = ot_exchange_kid(x, i)) != NULL && strcmp(k0, kid) == 0)
			mine = i;
	if (mine >= 0)
		rc = unwrap_cek(x, mine, own, cek, &why);
	else
		/* as the reference, try each: a kid is no proof */
		for (i = 0, rc = -1; i < n && rc < 0; i++)
			rc = unwrap_cek(x, i, own, cek, &why);
	if (rc < 0) {
		k0 = ot_exchange_kid(x, 0);
		k1 = ot_exchange_kid(x, 1);
		if (mine >= 0)
			return fail(x, "tampered exchange config: the recipient "
			    "entry for this key (%s) does not open with it: %s",
			    kid, why);
		return fail(x, "the key is neither party's: its kid %s is not "
		    "one of the config's recipients (%s, %s), and no recipient "
		    "entry opens with it", kid, k0 != NULL ? k0 : "none",
		    k1 != NULL ? k1 : "none");
	}
	rc = decrypt_content(x, cek, &payload, &plen);
	OPENSSL_cleanse(cek, sizeof(cek));
	if (rc == 0)
		rc = read_payload(x, payload, plen);
	if (payload != NULL) {
		OPENSSL_cleanse(payload, plen);
		free(payload);
	}
	if (rc < 0)
		return -1;
	ot_olt_fingerprint(own, fp);
	if (strcmp(fp, x->sender_fp) == 0)
		x->is_sender = true;
	else if (strcmp(fp, x->recipient_fp) != 0)
		return fail(x, "the key is neither party's: its fingerprint %s "
		    "is neither the sender's (%s) nor the recipient's (%s)", fp,
		    x->sender_fp, x->recipient_fp);
	if (ot_key_curve(own) != ot_key_curve(x->sender))
		return fail(x, "curve mismatch: the key is on %s, the "
		    "exchange's keys on %s", ot_curve_label((enum ot_curve)
		    ot_key_curve(own)), ot_curve_label((enum ot_curve)
		    ot_key_curve(x->sender)));
	if (!EVP_PKEY_up_ref(own))
		errx(1, "OpenSSL: EVP_PKEY_up_ref failed");
	x->own = own;
	audit_exchange(x);
	return 0;
}

void ot_exchange_transport_key(const struct ot_exchange *x,
    struct ot_secret *key)
{
	unsigned char z[OT_Z_MAX];
	size_t zlen;

	if (ot_ecdh(x->own, x->is_sender ? x->recipient : x->sender, z,
	    &zlen) < 0)
		errx(1, "internal error: ECDH of an opened exchange config failed");
	ot_hkdf(z, zlen, x->id, OT_TRANSPORT_INFO, key);
	OPENSSL_cleanse(z, sizeof(z));
}

void ot_exchange_free(struct ot_exchange *x)
{
	cJSON_Delete(x->env);
	free(x->name);
	free(x->id);
	free(x->created);
	free(x->curve);
	EVP_PKEY_free(x->sender);
	EVP_PKEY_free(x->recipient);
	EVP_PKEY_free(x->own);
	ot_secret_wipe(&x->hashing);
	memset(x, 0, sizeof(*x));
}

static void add_string(cJSON *o, const char *name, const char *v)
{
	if (cJSON_AddStringToObject(o, name, v) == NULL)
		err(1, NULL);
}

static void add_b64url(cJSON *o, const char *name, const unsigned char *p,
    size_t n)
{
	char *s = malloc(n / 3 * 4 + 8);

	if (s == NULL)
		err(1, NULL);
	s[ot_b64url_encode(p, n, s)] = '\0';
	add_string(o, name, s);
	OPENSSL_cleanse(s, n / 3 * 4 + 8);
	free(s);
}

void ot_exchange_put_keys(cJSON *o, EVP_PKEY *sender, EVP_PKEY *recipient)
{
	EVP_PKEY *k[2] = { sender, recipient };
	static const char *const names[2][2] = {
		{ "senderKeyFingerprint", "recipientKeyFingerprint" },
		{ "senderPublicKey", "recipientPublicKey" }
	};
	char fp[OT_OLT_FP_LEN + 1], *pem;
	size_t len;
	int i;

	for (i = 0; i < 2; i++) {
		ot_olt_fingerprint(k[i], fp);
		add_string(o, names[0][i], fp);
	}
	for (i = 0; i < 2; i++) {
		pem = ot_key_public_pem(k[i], &len);
		add_string(o, names[1][i], pem);
		free(pem);
	}
}

/* The payload, compact as json.dumps(separators=(",", ":")) writes it. */
static void payload(const struct ot_exchange_spec *s, struct ot_text *out)
{
	cJSON *p = cJSON_CreateObject();

	if (p == NULL)
		err(1, NULL);
	add_string(p, "exchangeName", s->name);
	add_b64url(p, "hashingSecret", s->secret, s->secretlen);
	add_string(p, "hashingSecretEncoding", "base64url");
	ot_exchange_put_keys(p, s->sender, s->recipient);
	add_string(p, "curve", ot_curve_label((enum ot_curve)
	    ot_key_curve(s->sender)));
	add_string(p, "createdAt", s->created);
	add_string(p, "exchangeId", s->id);
	ot_pyjson_dump(out, p, -1, ",", ":");
	wipe_member(p, "hashingSecret");
	cJSON_Delete(p);
}

/* Recipient k's entry: the content key wrapped under a key agreed with a
 * new ephemeral key on k's curve. */
static cJSON *recipient(EVP_PKEY *k, const unsigned char cek[32])
{
	unsigned char z[OT_Z_MAX], kek[32], ek[40];
	char kid[OT_OLT_KID_LEN + 1];
	cJSON *r = cJSON_CreateObject(), *h = cJSON_CreateObject();
	EVP_PKEY *eph = ot_key_generate((enum ot_curve)ot_key_curve(k));
	size_t zlen;

	if (r == NULL || h == NULL)
		err(1, NULL);
	if (ot_ecdh(eph, k, z, &zlen) < 0)
		errx(1, "internal error: ECDH with a checked key failed");
	ot_jwa_kek(z, zlen, kek);
	ot_key_wrap(kek, cek, ek);
	OPENSSL_cleanse(z, sizeof(z));
	OPENSSL_cleanse(kek, sizeof(kek));
	add_b64url(r, "encrypted_key", ek, sizeof(ek));
	/* the members in jwcrypto's (sorted) order */
	add_string(h, "alg", RECIPIENT_ALG);
	cJSON_AddItemToObject(h, "epk", ot_jwk_from_key(eph));
	ot_olt_kid(k, kid);
	add_string(h, "kid", kid);
	cJSON_AddItemToObject(r, "header", h);
	EVP_PKEY_free(eph);
	return r;
}

int ot_exchange_build(const struct ot_exchange_spec *s, struct ot_text *out,
    const char **why)
{
	unsigned char cek[32], iv[OT_GCM_IV], tag[OT_GCM_TAG], *ct;
	char prot[sizeof(PROTECTED) / 3 * 4 + 8];
	struct ot_text pl = { NULL, 0, 0 };
	cJSON *env, *rs;

	if (ot_key_curve(s->sender) != ot_key_curve(s->recipient)) {
		*why = "curve mismatch";
		return -1;
	}
	payload(s, &pl);
	prot[ot_b64url_encode((const unsigned char *)PROTECTED,
	    sizeof(PROTECTED) - 1, prot)] = '\0';
	if (RAND_priv_bytes(cek, sizeof(cek)) != 1)
		errx(1, "OpenSSL: RAND_priv_bytes failed");
	ot_random(iv, sizeof(iv));
	if ((ct = malloc(pl.len + 1)) == NULL)
		err(1, NULL);
	ot_gcm_seal(NULL, cek, iv, prot, strlen(prot),
	    (const unsigned char *)pl.p, pl.len, ct, tag);
	/* the members in jwcrypto's (sorted) order, and "version" last */
	if ((env = cJSON_CreateObject()) == NULL)
		err(1, NULL);
	add_b64url(env, "ciphertext", ct, pl.len);
	add_b64url(env, "iv", iv, sizeof(iv));
	add_string(env, "protected", prot);
	if ((rs = cJSON_AddArrayToObject(env, "recipients")) == NULL)
		err(1, NULL);
	cJSON_AddItemToArray(rs, recipient(s->sender, cek));
	cJSON_AddItemToArray(rs, recipient(s->recipient, cek));
	add_b64url(env, "tag", tag, sizeof(tag));
	if (cJSON_AddNumberToObject(env, "version", OT_EXCHANGE_VERSION) == NULL)
		err(1, NULL);
	ot_pyjson_dump(out, env, 2, NULL, NULL);
	ot_text_put(out, "\n", 1);
	OPENSSL_cleanse(cek, sizeof(cek));
	ot_text_free(&pl);
	free(ct);
	cJSON_Delete(env);
	return 0;
}
