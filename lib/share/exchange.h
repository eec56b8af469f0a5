/*
 * The exchange config of OpenLinkToken 2.x ("olt initiate-exchange"): a
 * JWE in the general JSON serialization (RFC 7516 section 7.2.1) with
 * two recipients, the sender first and the partner second, each an
 * ECDH-ES+A256KW key agreement with an ephemeral key; content A256GCM
 * under the fixed protected header; "version": 1 beside the JWE
 * members.  Its payload carries the hashing secret both parties use, the
 * two public keys and their fingerprints, and the exchange id from which,
 * with ECDH of one party's private key and the other's public key, both
 * derive the same 32-byte transport key (HKDF-SHA256, salt the exchange
 * id's text, info "openlinktoken:token-encryption:v1") that encrypts the
 * tokens of packages.
 *
 * Nothing here exits on bad input: a function that fails returns -1 with
 * the reason in x->err.  A config is read only up to OT_EXCHANGE_MAX
 * bytes (they are 2 to 5 KiB).
 */
#ifndef OT_EXCHANGE_H
#define OT_EXCHANGE_H

#include "share/pyjson.h"
#include "secret.h"

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <openssl/types.h>

#define OT_EXCHANGE_MAX		(256 * 1024)
#define OT_EXCHANGE_VERSION	1
#define OT_TRANSPORT_INFO	"openlinktoken:token-encryption:v1"

/* A public key's 2.x fingerprint, the SHA-256 of its DER
 * SubjectPublicKeyInfo as upper-case hex pairs joined by ':', and its
 * kid, "sha256:" and the same in lower case joined by '-'. */
#define OT_OLT_FP_LEN	95
#define OT_OLT_KID_LEN	102
void ot_olt_fingerprint(EVP_PKEY *k, char out[OT_OLT_FP_LEN + 1]);
void ot_olt_kid(EVP_PKEY *k, char out[OT_OLT_KID_LEN + 1]);

struct ot_exchange {
	cJSON *env;		/* the envelope, once parsed */
	/* the payload, once opened */
	char *name, *id, *created, *curve;
	char sender_fp[OT_OLT_FP_LEN + 1], recipient_fp[OT_OLT_FP_LEN + 1];
	EVP_PKEY *sender, *recipient;	/* their public keys */
	EVP_PKEY *own;			/* the private key that opened it */
	bool is_sender;			/* own is the sender's */
	struct ot_secret hashing;
	char err[400];
};

/* The envelope of text (len bytes): JSON, "version" 1, the JWE members;
 * 0, or -1.  Free x with ot_exchange_free() either way. */
int ot_exchange_parse(struct ot_exchange *x, const char *text, size_t len);

/* The same of the file path. */
int ot_exchange_load(struct ot_exchange *x, const char *path);

/* The kid of recipient i (0: the sender, 1: the partner), or NULL. */
const char *ot_exchange_kid(const struct ot_exchange *x, int i);

/* Open the parsed envelope with own, the private key of one of its two
 * parties: the payload decrypted and checked, own's role found by its
 * fingerprint, the hashing secret decoded.  0, or -1 (own not a party's
 * key, an altered config, keys on two curves...). */
int ot_exchange_open(struct ot_exchange *x, EVP_PKEY *own);

/* The transport key of an opened config, into key->buf (32 bytes). */
void ot_exchange_transport_key(const struct ot_exchange *x,
    struct ot_secret *key);

void ot_exchange_free(struct ot_exchange *x);

/* The members naming the two keys, in the payload's order: their
 * fingerprints, then their PEM texts. */
void ot_exchange_put_keys(cJSON *o, EVP_PKEY *sender, EVP_PKEY *recipient);

/* A new exchange config, as "olt initiate-exchange" writes it:
 * json.dump(indent=2) and a final newline. */
struct ot_exchange_spec {
	const char *name;		/* exchangeName */
	const unsigned char *secret;	/* the hashing secret */
	size_t secretlen;
	EVP_PKEY *sender;		/* our key (its public half is used) */
	EVP_PKEY *recipient;		/* the partner's public key */
	const char *created;		/* YYYY-MM-DDTHH:MM:SSZ */
	const char *id;			/* a UUID */
};

/* Into out; -1 with why when the two keys are not on one curve. */
int ot_exchange_build(const struct ot_exchange_spec *s, struct ot_text *out,
    const char **why);

#endif
