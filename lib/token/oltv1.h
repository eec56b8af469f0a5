/*
 * olt.V1 match tokens of OpenLinkToken 2.x: "olt.V1." and a JWE in
 * compact form (RFC 7516), alg dir, enc A256GCM, under the exchange's
 * transport key.  The protected header is the sorted, compact JSON
 * {"alg":"dir","enc":"A256GCM","kid":RING,"typ":"match-token"}; the
 * payload, as Python's json.dumps() writes it,
 *
 *   {"rlid": RULE, "hash_alg": "SHA-256", "mac_alg": "HS256",
 *    "ppid": [INNER], "rid": RING, "iss": "org.openlinktoken", "iat": N}
 *
 * (on one line), where INNER is the hash-only token encrypted under the
 * same key as a legacy token is (base64 of IV, AES-256-GCM, tag), or
 * the 64 zeros of a blank rule as they are.
 *
 * Reading checks the JWE and nothing of the claims, as the reference;
 * unlike it, an INNER that does not decrypt, or an empty one, is an
 * error, not a token passed on as it is.
 */
#ifndef OT_OLTV1_H
#define OT_OLTV1_H

#include "token/jwe.h"

#include <stdbool.h>
#include <stddef.h>

#define OT_OLTV1_PREFIX		"olt.V1."
#define OT_OLTV1_PREFIX_LEN	7
/* The longest token read or written. */
#define OT_OLTV1_MAX		8192
/* The longest ring id and rule id written. */
#define OT_OLTV1_ID_MAX		256

bool ot_is_oltv1_token(const char *s, size_t len);

struct ot_oltv1;

/* A writer under key (32 bytes) for the ring ring; NULL and *why when
 * ring is empty or too long.  A reader needs no ring. */
struct ot_oltv1 *ot_oltv1_writer(const unsigned char *key, const char *ring,
    const char **why);
struct ot_oltv1 *ot_oltv1_reader(const unsigned char *key);
void ot_oltv1_free(struct ot_oltv1 *v);

/* The olt.V1 token of rule rule carrying inner as its ppid as it is,
 * into out (OT_OLTV1_MAX bytes): its length, or 0 and *why. */
size_t ot_oltv1_wrap(struct ot_oltv1 *v, const char *rule, size_t rulelen,
    const char *inner, size_t len, char *out, const char **why);

/* The same of a hash-only token, encrypted first unless it is blank:
 * what "olt package" writes. */
size_t ot_oltv1_seal(struct ot_oltv1 *v, const char *rule, size_t rulelen,
    const char *tok, size_t len, char *out, const char **why);

/* The hash-only token (or the blank one) an olt.V1 token carries, into
 * out (room for len bytes): NULL, or why it cannot be had. */
const char *ot_oltv1_open(struct ot_oltv1 *v, const char *tok, size_t len,
    char *out, size_t *outlen);

/* Check the compact form and the header of an olt.V1 token, without a
 * key, filling h: NULL, or why it is malformed. */
const char *ot_oltv1_peek(const char *tok, size_t len,
    struct ot_v1_header *h);

#endif
