#include "share/audit.h"
#include "share/keysrc.h"
#include "share/kex.h"
#include "share/secretfd.h"

#include <err.h>
#include <stdlib.h>

#include <openssl/evp.h>

bool ot_keysrc_option(struct ot_keysrc *k, int ch, const char *arg)
{
	switch (ch) {
	case 'k':
		k->file = arg;
		return true;
	case OT_OPT_RAW:
		k->raw = true;
		return true;
	case OT_OPT_KEYPAIR:
	case OT_OPT_KEYPAIR_ENV:
		ot_key_option(&k->keypair, arg, ch == OT_OPT_KEYPAIR,
		    "--keypair", "--keypair-env");
		return true;
	case OT_OPT_PEER:
		k->peer = arg;
		return true;
	default:
		return false;
	}
}

const char *ot_secret_name(enum ot_secret_kind kind)
{
	return kind == OT_HASHING ? "hashing secret" : "encryption key";
}

const char *ot_secret_env(enum ot_secret_kind kind)
{
	return kind == OT_HASHING ? "OT_HASHING_SECRET" : "OT_ENCRYPTION_KEY";
}

bool ot_keysrc_kex(const struct ot_keysrc *k)
{
	if (k->keypair == NULL && k->peer == NULL)
		return false;
	if (k->file != NULL)
		errx(2, "-k and --keypair/--peer-key both give the secret: "
		    "give one");
	if (k->keypair == NULL)
		errx(2, "--peer-key needs --keypair, our own private key");
	if (k->peer == NULL)
		errx(2, "--keypair needs --peer-key, the partner's public key");
	return true;
}

bool ot_keysrc_given(const struct ot_keysrc *k, enum ot_secret_kind kind)
{
	return k->file != NULL || k->keypair != NULL || k->peer != NULL ||
	    getenv(ot_secret_env(kind)) != NULL;
}

void ot_keysrc_load(const struct ot_keysrc *k, enum ot_secret_kind kind,
    struct ot_secret *s)
{
	EVP_PKEY *own, *peer;

	if (!ot_keysrc_kex(k)) {
		ot_audit_input(kind == OT_HASHING ? "hashing-secret" :
		    "encryption-key", k->file, true);
		ot_secret_load(s, k->file, k->raw, ot_secret_env(kind),
		    ot_secret_name(kind), "-k");
		return;
	}
	own = ot_key_load_private(k->keypair);
	peer = ot_key_load_public(k->peer);
	ot_kex_derive(own, k->keypair, peer, k->peer,
	    kind == OT_HASHING ? s : NULL, kind == OT_ENCRYPTION ? s : NULL);
	EVP_PKEY_free(own);
	EVP_PKEY_free(peer);
}
