/*
 * What made a side's tokens, as its metadata says: the SHA-256 of the
 * hashing secret, or the fingerprints of the two public keys of a key
 * exchange.  Two token files whose origins differ share no token, so
 * ot-match refuses them and ot-report says so.
 */
#ifndef OT_ORIGIN_H
#define OT_ORIGIN_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <openssl/types.h>

struct ot_origin {
	char hashing[65];	/* HashingSecretHash, or "" */
	char keys[2][65];	/* SenderPublicKeyHash, ReceiverPublicKeyHash */
};

/* From parsed metadata: 0, or -1 with *why ("not a JSON object") when it
 * is not an object or a field is not a string of at most 64 characters. */
int ot_origin_json(struct ot_origin *o, const cJSON *meta, const char **why);

/* From a metadata file: 0, or 1 with a message naming path. */
int ot_origin_file(struct ot_origin *o, const char *path);

/* From the two keys of a key exchange (the metadata a package's checks
 * found true: its sender key and its receiver's). */
void ot_origin_keys(struct ot_origin *o, EVP_PKEY *sender,
    EVP_PKEY *receiver);

enum ot_agree { OT_AGREE_UNKNOWN, OT_AGREE, OT_DISAGREE };

/* Whether tokens of the two origins can be equal: unknown when either
 * says nothing that compares.  A phrase saying what was compared, or how
 * they differ ("different hashing secrets"), into why[n]. */
enum ot_agree ot_origins_agree(const struct ot_origin *a,
    const struct ot_origin *b, char *why, size_t n);

#endif
