/*
 * The JSON Web Algorithms (RFC 7518) the OpenLinkToken 2.x exchange
 * config and its olt.V1 tokens are made of, through OpenSSL: AES-256-GCM
 * with additional data, the Concat KDF of ECDH-ES, AES key wrap, and EC
 * public keys as JWKs.
 */
#ifndef OT_JWA_H
#define OT_JWA_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <openssl/types.h>

#define OT_GCM_IV	12
#define OT_GCM_TAG	16

/* ctx keyed once with key for sealing or opening (a key schedule per
 * token is most of the cost of AES-GCM on short inputs); exits 1 when
 * OpenSSL fails. */
EVP_CIPHER_CTX *ot_gcm_keyed(const unsigned char key[32], bool seal);

/* AES-256-GCM of n bytes of in into out and tag, with aad: through ctx
 * as ot_gcm_keyed() made it (key NULL), or with key through a context of
 * its own.  Opening gives 0, or -1 (out wiped) when the tag is wrong. */
void ot_gcm_seal(EVP_CIPHER_CTX *ctx, const unsigned char *key,
    const unsigned char iv[OT_GCM_IV], const void *aad, size_t aadlen,
    const unsigned char *in, size_t n, unsigned char *out,
    unsigned char tag[OT_GCM_TAG]);
int ot_gcm_open(EVP_CIPHER_CTX *ctx, const unsigned char *key,
    const unsigned char iv[OT_GCM_IV], const void *aad, size_t aadlen,
    const unsigned char *in, size_t n, unsigned char *out,
    const unsigned char tag[OT_GCM_TAG]);

/* The key-encryption key of alg ECDH-ES+A256KW (RFC 7518 section 4.6.2):
 * one SHA-256 round of Z with AlgorithmID "ECDH-ES+A256KW", no PartyU or
 * PartyV info, keydatalen 256. */
void ot_jwa_kek(const unsigned char *z, size_t zlen, unsigned char kek[32]);

/* AES key wrap (RFC 3394) of a 32-byte key into 40 bytes, and back: 0,
 * or -1 when the wrapped key does not check. */
void ot_key_wrap(const unsigned char kek[32], const unsigned char cek[32],
    unsigned char out[40]);
int ot_key_unwrap(const unsigned char kek[32], const unsigned char in[40],
    unsigned char cek[32]);

/* An EC public key as a JWK {"crv","kty","x","y"}, keys in that order. */
cJSON *ot_jwk_from_key(EVP_PKEY *k);

/* The public key of such a JWK (extra members ignored), checked to be a
 * point of its curve: the key, or NULL and *why. */
EVP_PKEY *ot_jwk_to_key(const cJSON *jwk, const char **why);

#endif
