/*
 * ot.V1 match tokens: "ot.V1." and a JWE in compact form (RFC 7516),
 * enc A256GCM, protected header alg/enc/kid/typ "match-token", whose
 * payload names the rule, the ring and the algorithms and carries the
 * token as "ppid".  Three ways to get the content key:
 *
 *   dir             the encryption key itself (the reference's only mode);
 *   A256GCMKW       a fresh key per token, wrapped with the encryption
 *                   key by AES-GCM (RFC 7518 section 4.7);
 *   ECDH-ES+A256KW  a fresh key per token, wrapped (AES key wrap) with a
 *                   key agreed with the receiver's public key and an
 *                   ephemeral one (RFC 7518 section 4.6): the receiver's
 *                   private key alone opens it.
 *
 * In the first two, ppid is the legacy encrypted token, as the
 * reference writes it; in the third, which has no symmetric key, the
 * hash-only token itself.  A blank rule's ppid is the 64 zeros.
 */
#ifndef OT_JWE_H
#define OT_JWE_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/types.h>

#define OT_V1_PREFIX	"ot.V1."
#define OT_V1_PREFIX_LEN 6
/* The longest token read or written; its parts are bounded too. */
#define OT_V1_MAX	8192

enum ot_v1_alg { OT_V1_DIR, OT_V1_A256GCMKW, OT_V1_ECDH_ES, OT_V1_NALG };

/* "dir", "A256GCMKW", "ECDH-ES+A256KW"; parsing gives -1 for others. */
const char *ot_v1_alg_name(enum ot_v1_alg a);
int ot_v1_alg_parse(const char *name);

bool ot_is_v1_token(const char *s, size_t len);

struct ot_v1;

/* A writer: key (32 bytes) for dir and A256GCMKW, recipient (a public
 * key) for ECDH-ES+A256KW; ring is the kid and rid.  Exits 1 if OpenSSL
 * fails. */
struct ot_v1 *ot_v1_writer(enum ot_v1_alg alg, const unsigned char *key,
    EVP_PKEY *recipient, const char *ring);

/* A reader of all three modes, given what it has: key (NULL: none) and
 * own, a private key (NULL: none). */
struct ot_v1 *ot_v1_reader(const unsigned char *key, EVP_PKEY *own);

void ot_v1_free(struct ot_v1 *v);

/* The V1 token of a hash-only token (or a blank one) of rule rule, into
 * out (OT_V1_MAX bytes); its length, or 0 and *why when it cannot be. */
size_t ot_v1_seal(struct ot_v1 *v, const char *rule, size_t rulelen,
    const char *tok, size_t len, char *out, const char **why);

/* The hash-only token (or blank one) a V1 token carries, into out (room
 * for len bytes): NULL, or the reason it cannot be had. */
const char *ot_v1_open(struct ot_v1 *v, const char *tok, size_t len,
    char *out, size_t *outlen);

/* What a token's header says, read without a key. */
struct ot_v1_header {
	char alg[24], enc[24], typ[24];
	char kid[128];		/* "" when there is none */
	bool has_kid;
};

/* Check the compact form and the header of a V1 token and fill h: NULL,
 * or the reason it is malformed. */
const char *ot_v1_peek(const char *tok, size_t len, struct ot_v1_header *h);

#endif
