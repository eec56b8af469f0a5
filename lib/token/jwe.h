/*
 * ot.V1 match tokens: "ot.V1." and a JWE in compact form (token/jose.h),
 * enc A256GCM, protected header alg/enc/kid/typ "match-token" (and what
 * the alg adds), whose payload names the rule, the algorithms, the ring,
 * the issuer and the times, and carries the token as "ppid".  OpenLinkToken
 * 2.x's "olt.V1." tokens are token/oltv1.h's, on the same JWE layer.
 *
 * ppid is the hash-only token (the MAC, in the hash-only token's own
 * standard base64), as the match-token document has it; or, asked for,
 * under dir and A256GCMKW the legacy encrypted token, as the reference's
 * V1 branch writes it (readers take either: the reference's, and ot's,
 * try the legacy layer and keep ppid as it is when it is none).  A blank
 * rule's ppid is the 64 zeros.  A rule T8 row may
 * carry a vector instead: ppid the base64 of ppid_dims little-endian
 * float32 values, with "ppid_dtype":"float32".
 */
#ifndef OT_JWE_H
#define OT_JWE_H

#include "token/jose.h"
#include "token/ring.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

#define OT_V1_PREFIX	"ot.V1."
#define OT_V1_PREFIX_LEN 6
/* The longest token read or written (of either prefix: "olt.V1." is one
 * byte longer, and token/oltv1.h's tokens shorter than this). */
#define OT_V1_MAX	(OT_V1_PREFIX_LEN + 1 + OT_JWE_MAX)
/* iss unless told otherwise: the reference's */
#define OT_V1_ISS	"truveta.opentoken"
/* The rule whose rows can be vectors, and their most dimensions. */
#define OT_V1_VECTOR_RULE "T8"
#define OT_V1_DIMS_MAX	4096

/* A token with either prefix. */
bool ot_is_v1_token(const char *s, size_t len);

/* What the tokens written say and how they are made. */
struct ot_v1_params {
	int alg;		/* enum ot_jwe_alg */
	int hash_alg, mac_alg;	/* token/algs.h */
	const char *ring;	/* kid and rid */
	const char *issuer;	/* iss; NULL: OT_V1_ISS */
	bool has_exp, has_nbf;	/* with exp, nbf (also in the header) */
	int64_t exp, nbf;
	unsigned dims;		/* T8 rows are vectors of this many; 0: no */
	bool legacy_ppid;	/* dir, A256GCMKW: the reference's inner
				 * layer in ppid */
};

struct ot_v1;

/* A writer: key (32 bytes) for dir and A256GCMKW, recipient (a public
 * key of the alg's type) for the others.  Exits 1 if OpenSSL fails. */
struct ot_v1 *ot_v1_writer(const struct ot_v1_params *p,
    const unsigned char *key, EVP_PKEY *recipient);

/* The keys a reader has; any may be NULL.  With a ring, each V1 token's
 * key is the ring's for its kid. */
struct ot_v1_keys {
	const unsigned char *key;	/* 32 bytes: dir, A256GCMKW */
	EVP_PKEY *own;			/* an EC or RSA private key */
	const char *own_name;		/* its file, for messages */
	const struct ot_ring *ring;
};

struct ot_v1 *ot_v1_reader(const struct ot_v1_keys *k);

void ot_v1_free(struct ot_v1 *v);

/* The tokens sealed are this process's own, made by the writer's
 * algorithms: they need no check. */
void ot_v1_trust(struct ot_v1 *v);

/* The V1 token of a hash-only token of the writer's MAC (or a blank
 * one, or with p->dims a T8 vector) of rule rule, into out (OT_V1_MAX
 * bytes); its length, or 0 and *why when it cannot be. */
size_t ot_v1_seal(struct ot_v1 *v, const char *rule, size_t rulelen,
    const char *tok, size_t len, char *out, const char **why);

/* What a token's payload said. */
struct ot_v1_claims {
	int hash_alg, mac_alg;
	bool has_exp, has_nbf;
	double exp, nbf;
	unsigned dims;		/* a vector's ppid_dims; 0: a token */
};

/* The hash-only token (or blank one, or vector) a V1 token carries, into
 * out (room for len bytes), and its claims into c (which may be NULL):
 * NULL, or the reason it cannot be had.  Times are not checked here. */
const char *ot_v1_open(struct ot_v1 *v, const char *tok, size_t len,
    char *out, size_t *outlen, struct ot_v1_claims *c);

/* Whether a token of these times is valid now, expired (now at or past
 * exp) or not yet valid (now before nbf). */
enum ot_v1_when { OT_V1_VALID, OT_V1_EXPIRED, OT_V1_EARLY };
enum ot_v1_when ot_v1_when(bool has_exp, double exp, bool has_nbf,
    double nbf, int64_t now);

/* What a token's header says, read without a key. */
struct ot_v1_header {
	char alg[24], enc[24], typ[24];
	char kid[128];		/* "" when there is none */
	bool has_kid;
	bool has_exp, has_nbf;	/* copies of the payload's, if any */
	double exp, nbf;
};

/* Check the compact form and the header of a V1 token and fill h: NULL,
 * or the reason it is malformed. */
const char *ot_v1_peek(const char *tok, size_t len, struct ot_v1_header *h);

/* Expiry counted over a run, for the message that refuses it. */
struct ot_v1_expiry {
	uint64_t expired, early;
	char first[320];	/* FILE:LINE of the first, or "" */
};

/* Count a token's times, the token at name:line: 0 when valid, 1 when
 * refused. */
int ot_v1_expiry_count(struct ot_v1_expiry *e, const struct ot_v1_claims *c,
    int64_t now, const char *name, unsigned long line);

/* Add the counts of b, which came after a, to a. */
void ot_v1_expiry_add(struct ot_v1_expiry *a, const struct ot_v1_expiry *b);

/* When any were refused: one message with the counts, and 1; else 0. */
int ot_v1_expiry_report(const struct ot_v1_expiry *e);

#endif
