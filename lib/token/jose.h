/*
 * JWE in compact form (RFC 7516) with the content encryption A256GCM and
 * the key management of RFC 7518 that match tokens use:
 *
 *   dir             the shared key is the content key;
 *   A256GCMKW       a fresh content key per message, wrapped with the
 *                   shared key by AES-GCM (section 4.7);
 *   ECDH-ES         the content key agreed directly with the recipient's
 *                   EC public key and an ephemeral one (section 4.6);
 *   ECDH-ES+A256KW  a fresh content key, AES-key-wrapped with a key so
 *                   agreed;
 *   RSA-OAEP-256    a fresh content key encrypted to the recipient's RSA
 *                   public key (section 4.3).
 *
 * A sealer makes messages of one algorithm and key, an opener reads them
 * with one key; each keeps its OpenSSL contexts for its life and belongs
 * to one thread.  Nothing here knows what the payload is (token/jwe.h
 * does, for ot.V1 and olt.V1 match tokens).
 */
#ifndef OT_JOSE_H
#define OT_JOSE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <openssl/types.h>

enum ot_jwe_alg { OT_JWE_DIR, OT_JWE_A256GCMKW, OT_JWE_ECDH_ES,
    OT_JWE_ECDH_ES_A256KW, OT_JWE_RSA_OAEP_256, OT_JWE_NALG };

/* The kind of key an algorithm takes. */
enum ot_jwe_keytype { OT_JWE_OCT, OT_JWE_EC, OT_JWE_RSA };

#define OT_JWE_KEY_LEN	32	/* A256GCM, A256GCMKW, A256KW */
#define OT_JWE_IV_LEN	12
#define OT_JWE_TAG_LEN	16
#define OT_JWE_EK_MAX	1024	/* an RSA-8192 encrypted key */

/* Bounds of the parts read, in base64url characters, and of the
 * plaintext: a message within them is at most OT_JWE_MAX long. */
#define OT_JWE_HEADER_MAX	2048
#define OT_JWE_EK_CHARS		1366
#define OT_JWE_PLAIN_MAX	(48 * 1024)
#define OT_JWE_MAX	(OT_JWE_HEADER_MAX + OT_JWE_EK_CHARS + 16 + \
    OT_JWE_PLAIN_MAX / 3 * 4 + 22 + 4)

/* "dir", "A256GCMKW", "ECDH-ES", "ECDH-ES+A256KW", "RSA-OAEP-256";
 * parsing gives -1 for another name. */
const char *ot_jwe_alg_name(enum ot_jwe_alg a);
int ot_jwe_alg_parse(const char *name);
enum ot_jwe_keytype ot_jwe_alg_keytype(enum ot_jwe_alg a);

/* "a symmetric key", "an EC private key"... */
const char *ot_jwe_keytype_name(enum ot_jwe_keytype t);

/* The key type of k (EC or RSA), or -1. */
int ot_jwe_pkey_type(EVP_PKEY *k);

/* The five parts of a compact serialization. */
struct ot_jwe_parts {
	const char *p[5];
	size_t n[5];
};

/* Split s and check the parts against the bounds above: NULL, or why
 * it is malformed. */
const char *ot_jwe_split(const char *s, size_t len, struct ot_jwe_parts *out);

/* Decode and parse the protected header, a JSON object, into *json (the
 * caller's to free): NULL, or why not. */
const char *ot_jwe_header(const struct ot_jwe_parts *s, cJSON **json);

/* A header member the caller adds: its name, and its value as JSON text
 * (a string with its quotes and escapes, or a number). */
struct ot_jwe_member {
	const char *name;
	const char *json;
};

struct ot_jwe_sealer;

/*
 * A sealer of alg: key (OT_JWE_KEY_LEN bytes) for dir and A256GCMKW,
 * recipient (an EC or RSA public key, as the algorithm takes) for the
 * others.  The header holds alg, enc, what the algorithm adds (epk, or
 * iv and tag) and the n members m, all in sorted order, as jwcrypto
 * writes it.  Exits 1 if OpenSSL fails.
 *
 * For ECDH, the recipient's point is fixed for the sealer's life, so
 * the agreement with each message's fresh ephemeral key is a fixed-base
 * multiplication, for which a table of the point's multiples is made
 * once (about 45 ms and 150 KiB on P-256), as OpenSSL has for the
 * curve's generator: twice as fast as an ECDH.
 */
struct ot_jwe_sealer *ot_jwe_sealer_new(enum ot_jwe_alg alg,
    const unsigned char *key, EVP_PKEY *recipient,
    const struct ot_jwe_member *m, size_t n);
void ot_jwe_sealer_free(struct ot_jwe_sealer *s);

/* The longest message of a plaintext of n bytes (at most
 * OT_JWE_PLAIN_MAX). */
size_t ot_jwe_seal_max(const struct ot_jwe_sealer *s, size_t n);

/* The compact serialization of pt into out; its length. */
size_t ot_jwe_seal(struct ot_jwe_sealer *s, const unsigned char *pt,
    size_t n, char *out);

/* A key to open messages with. */
struct ot_jwe_key {
	enum ot_jwe_keytype type;
	const unsigned char *oct;	/* OT_JWE_OCT: OT_JWE_KEY_LEN bytes */
	EVP_PKEY *pkey;			/* EC or RSA: a private key */
};

struct ot_jwe_opener;

struct ot_jwe_opener *ot_jwe_opener_new(const struct ot_jwe_key *k);
void ot_jwe_opener_free(struct ot_jwe_opener *o);

/* The plaintext of the message in s, whose header hdr names alg (one
 * of the opener's key type), into pt (room for OT_JWE_PLAIN_MAX bytes)
 * and *n: NULL, or why it cannot be had. */
const char *ot_jwe_open(struct ot_jwe_opener *o, enum ot_jwe_alg alg,
    const cJSON *hdr, const struct ot_jwe_parts *s, unsigned char *pt,
    size_t *n);

/* What ot_jwe_open() says of a message that does not authenticate. */
extern const char ot_jwe_unauthentic[];

/* A string member of o into buf (size bytes with its NUL): NULL when it
 * is absent, not a string or too long. */
const char *ot_json_member(const cJSON *o, const char *name, char *buf,
    size_t size);

#endif
