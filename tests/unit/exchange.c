/*
 * The exchange config of the OpenLinkToken 2.1 vectors, opened by each
 * side's private key, against what the reference derives
 * (keys/exchange.derived.SIDE.json), as TAP: the role, the payload, the
 * hashing secret, the ECDH shared secret and the transport key, byte for
 * byte.  The vectors are in $OT_SHARED (default ../shared)'s
 * conformance/olt-2.1/keys, or the directory given; without them the test
 * is skipped.
 */
#include "share/exchange.h"
#include "share/kex.h"
#include "share/slurp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

static int n, failed;

static void check(int pass, const char *side, const char *what)
{
	printf("%s %d - exchange: %s: %s\n", pass ? "ok" : "not ok", ++n, side,
	    what);
	failed |= !pass;
}

static void hex(const unsigned char *p, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * len] = '\0';
}

static const char *str(const cJSON *o, const char *name)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, name));

	return s != NULL ? s : "";
}

static void side(const char *dir, const char *name)
{
	static const char *const fields[] = { "exchangeName", "exchangeId",
	    "createdAt", "curve", "senderKeyFingerprint",
	    "recipientKeyFingerprint", NULL };
	const char *got[] = { NULL, NULL, NULL, NULL, NULL, NULL };
	char path[4096], buf[256];
	unsigned char z[OT_Z_MAX];
	struct ot_exchange x;
	struct ot_secret key;
	const char *why;
	const cJSON *p;
	EVP_PKEY *own;
	cJSON *want;
	size_t len, zlen;
	char *text;
	int i;

	snprintf(path, sizeof(path), "%s/exchange.derived.%s.json", dir, name);
	if (ot_slurp(path, 1 << 20, &text, &len) < 0 ||
	    (want = cJSON_Parse(text)) == NULL)
		abort();
	free(text);
	snprintf(path, sizeof(path), "%s/%s.private.pem", dir, name);
	if (ot_slurp(path, 1 << 16, &text, &len) < 0 ||
	    (own = ot_key_parse_private(text, len, &why)) == NULL)
		abort();
	free(text);
	snprintf(path, sizeof(path), "%s/exchange.json", dir);
	i = ot_exchange_load(&x, path) == 0 && ot_exchange_open(&x, own) == 0;
	check(i, name, "the config opens with the side's key");
	if (!i) {
		printf("# %s\n", x.err);
		return;
	}
	check(strcmp(x.is_sender ? "sender" : "recipient",
	    str(want, "role")) == 0, name, "role by fingerprint");
	p = cJSON_GetObjectItem(want, "payload");
	got[0] = x.name;
	got[1] = x.id;
	got[2] = x.created;
	got[3] = x.curve;
	got[4] = x.sender_fp;
	got[5] = x.recipient_fp;
	for (i = 0; fields[i] != NULL; i++)
		check(got[i] != NULL && strcmp(got[i], str(p, fields[i])) == 0,
		    name, fields[i]);
	hex(x.hashing.buf, x.hashing.len, buf);
	check(strcmp(buf, str(want, "hashingSecretHex")) == 0, name,
	    "the hashing secret");
	check(ot_ecdh(own, x.is_sender ? x.recipient : x.sender, z, &zlen) ==
	    0, name, "ECDH with the other party's key of the payload");
	hex(z, zlen, buf);
	check(strcmp(buf, str(want, "ecdhSharedSecretHex")) == 0, name,
	    "the ECDH shared secret");
	check(strcmp(x.id, str(cJSON_GetObjectItem(want, "hkdf"), "salt")) == 0 &&
	    strcmp(OT_TRANSPORT_INFO, str(cJSON_GetObjectItem(want, "hkdf"),
	    "info")) == 0, name, "the HKDF salt and info");
	ot_exchange_transport_key(&x, &key);
	hex(key.buf, key.len, buf);
	check(strcmp(buf, str(want, "transportKeyHex")) == 0, name,
	    "the transport key");
	ot_exchange_free(&x);
	EVP_PKEY_free(own);
	cJSON_Delete(want);
}

int main(int argc, char *argv[])
{
	const char *shared = getenv("OT_SHARED");
	char probe[4200], keys[4096];
	const char *dir = argc > 1 ? argv[1] : keys;
	FILE *f;

	snprintf(keys, sizeof(keys), "%s/conformance/olt-2.1/keys",
	    shared != NULL ? shared : "../shared");

	snprintf(probe, sizeof(probe), "%s/exchange.json", dir);
	if ((f = fopen(probe, "r")) == NULL) {
		printf("1..1\nok 1 - exchange: # skip no %s\n", dir);
		return 0;
	}
	fclose(f);
	side(dir, "sender");
	side(dir, "receiver");
	printf("1..%d\n", n);
	return failed;
}
