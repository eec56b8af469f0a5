/*
 * The hash and MAC algorithms a V1 payload names (hash_alg, mac_alg):
 * a token is base64(MAC(hashing secret, lower-case hex of HASH(the
 * signature))), which with SHA-256 and HS256 is the reference's
 * hash-only token.  HS3-256 and the like are HMAC over SHA3, as the
 * match-token document names them.
 */
#ifndef OT_ALGS_H
#define OT_ALGS_H

#include <stdbool.h>
#include <stddef.h>

enum ot_hash_alg { OT_SHA256, OT_SHA384, OT_SHA512, OT_SHA3_256,
    OT_SHA3_384, OT_SHA3_512, OT_NHASH };
enum ot_mac_alg { OT_HS256, OT_HS384, OT_HS512, OT_HS3_256, OT_HS3_384,
    OT_HS3_512, OT_NMAC };

/* The longest digest and MAC (64 bytes), and a token's base64 of it. */
#define OT_DIGEST_MAX	64
#define OT_HASH_MAX	88

/* "SHA-256" ... and "HS256" ...: the payload's names; parsing gives -1
 * for a name that is none of them. */
const char *ot_hash_alg_name(enum ot_hash_alg a);
const char *ot_mac_alg_name(enum ot_mac_alg m);
int ot_hash_alg_parse(const char *name);
int ot_mac_alg_parse(const char *name);

/* OpenSSL's name of the digest of each, and the sizes. */
const char *ot_hash_alg_digest(enum ot_hash_alg a);
const char *ot_mac_alg_digest(enum ot_mac_alg m);
size_t ot_hash_alg_len(enum ot_hash_alg a);
size_t ot_mac_alg_len(enum ot_mac_alg m);

/* The base64 length of a token of MAC m: 44, 64 or 88. */
size_t ot_mac_token_len(enum ot_mac_alg m);

/* Whether tok is the hash-only token of MAC m: standard base64 of
 * ot_mac_alg_len(m) bytes, with its padding; with key, the first 32 of
 * those bytes, which is what two tokens are joined on. */
bool ot_mac_token(enum ot_mac_alg m, const char *tok, size_t len,
    unsigned char key[32]);

/*
 * The algorithms a set of tokens is made with, for checking that two
 * files can be joined at all: hash-only tokens do not say theirs, so
 * they are taken to be what the user said, or SHA-256/HS256; V1 tokens
 * say theirs, and every one must agree with the others and with that.
 * Without the user's word, the first token read decides.
 */
enum ot_algs_from { OT_ALGS_DEFAULT, OT_ALGS_GIVEN, OT_ALGS_HASHED,
    OT_ALGS_V1 };

struct ot_algs {
	int hash, mac;		/* the algorithms in force */
	enum ot_algs_from from;
	char where[160];	/* what fixed them, for messages */
};

/* Start from what the user gave (-1, -1: nothing). */
void ot_algs_init(struct ot_algs *s, int hash, int mac);

/* A V1 token of these algorithms at name:line: NULL, or msg saying why
 * it cannot be joined with the tokens before. */
const char *ot_algs_v1(struct ot_algs *s, int hash, int mac,
    const char *name, unsigned long line, char *msg, size_t size);

/* A hash-only token at name:line: NULL, or why it cannot be joined.
 * Its MAC is then s->mac. */
const char *ot_algs_hashed(struct ot_algs *s, const char *name,
    unsigned long line, char *msg, size_t size);

#endif
