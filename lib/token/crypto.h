/*
 * The reference's token crypto with OpenSSL 3, algorithms fetched once and
 * contexts reused: HMAC keyed once and re-initialised per token, one GCM
 * context keyed once with only the IV set per token.
 */
#ifndef OT_CRYPTO_H
#define OT_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A blank rule's token: 64 ASCII zeros, never hashed or encrypted. */
#define OT_BLANK_TOKEN \
	"0000000000000000000000000000000000000000000000000000000000000000"
#define OT_BLANK_LEN	64

#define OT_HASH_LEN	44	/* base64 of an HMAC-SHA256 */
#define OT_KEY_LEN	32	/* AES-256 */
#define OT_IV_LEN	12
#define OT_TAG_LEN	16
/* Longest token ot-decrypt accepts (base64 text) */
#define OT_TOKEN_MAX	1024
/* Longest token ot-encrypt accepts: the most whose encryption is at most
 * OT_TOKEN_MAX characters, so every token written can be read back. */
#define OT_PLAIN_MAX	740
_Static_assert(OT_PLAIN_MAX == OT_TOKEN_MAX / 4 * 3 - OT_IV_LEN - OT_TAG_LEN,
    "OT_PLAIN_MAX must follow OT_TOKEN_MAX");

bool ot_is_blank_token(const char *s, size_t len);

/*
 * AES-GCM with random 96-bit IVs stays safe for about 2^32 encryptions
 * under one key (NIST SP 800-38D).  Each process has one encryption key:
 * ot_gcm_used() counts its encryptions with a random IV, from any thread
 * (ot_encrypt_token() tells it in steps of a few thousand, the rest when
 * the cipher is freed), and warns once, on stderr, when they pass
 * OT_GCM_WARN.
 */
#define OT_GCM_WARN	((uint64_t)1 << 30)
void ot_gcm_used(uint64_t n);

struct ot_hasher;

/* Keyed with the hashing secret's bytes; exits 1 if OpenSSL fails.
 * The reference's SHA-256 and HMAC-SHA256, or those of token/algs.h. */
struct ot_hasher *ot_hasher_new(const unsigned char *key, size_t keylen);
struct ot_hasher *ot_hasher_new_algs(int hash, int mac,
    const unsigned char *key, size_t keylen);
void ot_hasher_free(struct ot_hasher *h);

/* Lowercase hex SHA-256 of s into out[OT_SHA256_HEX_LEN]: the 2.x
 * "hash-only" token of a signature (no secret: anyone can recompute it
 * from a guessed person) and its --hash-record-ids RecordId. */
#define OT_SHA256_HEX_LEN	64
void ot_sha256_hex(const char *s, size_t len, char *out);

/* base64(HMAC-SHA256(key, hex(SHA-256(sig)))), or the same of the
 * hasher's algorithms, into out (OT_HASH_MAX bytes); its length. */
size_t ot_hash_signature(struct ot_hasher *h, const char *sig, size_t len,
    char *out);

struct ot_cipher;

struct ot_cipher *ot_cipher_new(const unsigned char key[OT_KEY_LEN],
    bool encrypt);
void ot_cipher_free(struct ot_cipher *c);

/* base64(IV || AES-256-GCM(token) || tag) with a fresh random IV; len
 * is at most OT_PLAIN_MAX and out needs OT_TOKEN_MAX bytes.  Returns the
 * length. */
size_t ot_encrypt_token(struct ot_cipher *c, const char *tok, size_t len,
    char *out);

/* The reverse: the plaintext into out (room for len bytes) and its length,
 * or NULL and a reason on failure. */
const char *ot_decrypt_token(struct ot_cipher *c, const char *tok,
    size_t len, char *out, size_t *outlen);

#endif
