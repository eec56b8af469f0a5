/*
 * What an exchange config says, for ot-inspect --exchange-config: without
 * a key its envelope (version, the recipients' kids and curves); opened
 * with a party's key its payload but the secret, the key's role, the
 * HKDF inputs, and the SHA-256 of the hashing secret and of the transport
 * key, which are what a package's metadata names (HashingSecretHash,
 * EncryptionSecretHash): never a secret itself.
 */
#include "share/xreport.h"
#include "share/exchange.h"
#include "share/kex.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

static const char *const fields[] = {
	"exchangeName", "hashingSecretEncoding", "senderKeyFingerprint",
	"recipientKeyFingerprint", "curve", "createdAt", "exchangeId", NULL
};

static void add(cJSON *o, const char *name, const char *v)
{
	if (v != NULL && cJSON_AddStringToObject(o, name, v) == NULL)
		err(1, NULL);
}

/* The envelope's recipients: kid, alg and the epk's curve of each. */
static cJSON *recipients(const struct ot_exchange *x)
{
	const cJSON *rs = cJSON_GetObjectItemCaseSensitive(x->env,
	    "recipients"), *r, *h, *v;
	cJSON *a = cJSON_CreateArray(), *o;

	if (a == NULL)
		err(1, NULL);
	cJSON_ArrayForEach(r, rs) {
		if ((o = cJSON_CreateObject()) == NULL)
			err(1, NULL);
		h = cJSON_GetObjectItemCaseSensitive(r, "header");
		v = cJSON_GetObjectItemCaseSensitive(h, "kid");
		add(o, "kid", cJSON_IsString(v) ? v->valuestring : NULL);
		v = cJSON_GetObjectItemCaseSensitive(h, "alg");
		add(o, "alg", cJSON_IsString(v) ? v->valuestring : NULL);
		v = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(h, "epk"), "crv");
		add(o, "crv", cJSON_IsString(v) ? v->valuestring : NULL);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

/* The opened payload's public fields. */
static cJSON *payload(const struct ot_exchange *x)
{
	cJSON *p = cJSON_CreateObject();

	if (p == NULL)
		err(1, NULL);
	add(p, "exchangeName", x->name);
	add(p, "hashingSecretEncoding", "base64url");
	ot_exchange_put_keys(p, x->sender, x->recipient);
	add(p, "curve", x->curve);
	add(p, "createdAt", x->created);
	add(p, "exchangeId", x->id);
	return p;
}

static void print_text(FILE *out, const char *path, const cJSON *r)
{
	const cJSON *v, *p = cJSON_GetObjectItemCaseSensitive(r, "payload"),
	    *h = cJSON_GetObjectItemCaseSensitive(r, "hkdf");
	int i = 0;

	fprintf(out, "%s: exchange config, version %d\n", path,
	    OT_EXCHANGE_VERSION);
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(r,
	    "recipients")) {
		fprintf(out, "  recipient %d (%s): %s, %s on %s\n", i + 1,
		    i == 0 ? "the sender" : "the partner",
		    cJSON_GetStringValue(cJSON_GetObjectItem(v, "kid")),
		    cJSON_GetStringValue(cJSON_GetObjectItem(v, "alg")),
		    cJSON_GetStringValue(cJSON_GetObjectItem(v, "crv")));
		i++;
	}
	if (p == NULL)
		return;
	for (i = 0; fields[i] != NULL; i++)
		if ((v = cJSON_GetObjectItemCaseSensitive(p, fields[i])) != NULL)
			fprintf(out, "  %s: %s\n", fields[i], v->valuestring);
	fprintf(out, "  role of the key: %s\n",
	    cJSON_GetStringValue(cJSON_GetObjectItem(r, "role")));
	fprintf(out, "  transport key: HKDF-%s, salt %s, info %s, %d bytes\n",
	    cJSON_GetStringValue(cJSON_GetObjectItem(h, "hash")),
	    cJSON_GetStringValue(cJSON_GetObjectItem(h, "salt")),
	    cJSON_GetStringValue(cJSON_GetObjectItem(h, "info")),
	    cJSON_GetObjectItem(h, "length")->valueint);
	fprintf(out, "  HashingSecretHash: %s\n  EncryptionSecretHash: %s\n",
	    cJSON_GetStringValue(cJSON_GetObjectItem(r, "hashingSecretSha256")),
	    cJSON_GetStringValue(cJSON_GetObjectItem(r, "transportKeySha256")));
}

int ot_exchange_report(const char *path, EVP_PKEY *own, bool json, FILE *out)
{
	struct ot_exchange x;
	struct ot_secret key;
	cJSON *r = cJSON_CreateObject(), *h;
	char hash[65], *text;

	if (r == NULL)
		err(1, NULL);
	if (ot_exchange_load(&x, path) < 0 ||
	    (own != NULL && ot_exchange_open(&x, own) < 0)) {
		warnx("%s: %s", path, x.err);
		ot_exchange_free(&x);
		cJSON_Delete(r);
		return 1;
	}
	add(r, "file", path);
	cJSON_AddNumberToObject(r, "version", OT_EXCHANGE_VERSION);
	cJSON_AddItemToObject(r, "recipients", recipients(&x));
	if (own != NULL) {
		cJSON_AddItemToObject(r, "payload", payload(&x));
		add(r, "role", x.is_sender ? "sender" : "recipient");
		ot_digest_hex(x.hashing.buf, x.hashing.len, hash);
		add(r, "hashingSecretSha256", hash);
		if ((h = cJSON_AddObjectToObject(r, "hkdf")) == NULL)
			err(1, NULL);
		add(h, "hash", "SHA-256");
		add(h, "salt", x.id);
		add(h, "info", OT_TRANSPORT_INFO);
		cJSON_AddNumberToObject(h, "length", 32);
		ot_exchange_transport_key(&x, &key);
		ot_digest_hex(key.buf, key.len, hash);
		ot_secret_wipe(&key);
		add(r, "transportKeySha256", hash);
	}
	if (json) {
		if ((text = cJSON_Print(r)) == NULL)
			err(1, NULL);
		fprintf(out, "%s\n", text);
		free(text);
	} else
		print_text(out, path, r);
	cJSON_Delete(r);
	ot_exchange_free(&x);
	return 0;
}
