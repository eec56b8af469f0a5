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

/* AlgorithmID and the PartyUInfo and PartyVInfo (apu, apv) the Concat
 * KDF takes, at most this long each. */
#define OT_JWA_PARTY_MAX	256

/* ctx keyed once with key for sealing or opening (a key schedule per
 * token is most of the cost of AES-GCM on short inputs); exits 1 when
 * OpenSSL fails. */
EVP_CIPHER_CTX *ot_gcm_keyed(const unsigned char key[32], bool seal);

/* AES-256-GCM of n bytes of in into out and tag, with aad, or its
 * opening: 0, or -1 (out wiped) when the tag is wrong.  ctx has the
 * cipher (ot_gcm_keyed(), or one initialized without a key) and key is
 * NULL when ctx is keyed already: contexts live as long as their keys.
 * The tag goes through a parameter made here, not EVP_CIPHER_CTX_ctrl(),
 * whose translation to parameters costs more than a short message. */
int ot_gcm(EVP_CIPHER_CTX *ctx, bool seal, const unsigned char *key,
    const unsigned char iv[OT_GCM_IV], const void *aad, size_t aadlen,
    const unsigned char *in, size_t n, unsigned char *out,
    unsigned char tag[OT_GCM_TAG]);

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

/* The Concat KDF (NIST SP 800-56A, SHA-256) of Z to a 256-bit key, as
 * RFC 7518 section 4.6.2 has it: OtherInfo is the AlgorithmID (the alg,
 * or for ECDH-ES the enc), PartyUInfo and PartyVInfo (apu, apv, at most
 * OT_JWA_PARTY_MAX bytes), each with its 32-bit length, and the key's
 * length in bits; through k, from ot_concat_kdf_new(). */
EVP_KDF_CTX *ot_concat_kdf_new(void);
void ot_concat_kdf(EVP_KDF_CTX *k, const unsigned char *z, size_t zlen,
    const char *algid, const unsigned char *apu, size_t apulen,
    const unsigned char *apv, size_t apvlen, unsigned char out[32]);

/* The key-encryption key of alg ECDH-ES+A256KW (RFC 7518 section 4.6.2):
 * one SHA-256 round of Z with AlgorithmID "ECDH-ES+A256KW", no PartyU or
 * PartyV info, keydatalen 256. */
void ot_jwa_kek(const unsigned char *z, size_t zlen, unsigned char kek[32]);

/* AES key wrap (RFC 3394) of n bytes of in under kek into out, or its
 * unwrapping, through ctx and the AES-256-WRAP cipher wrap: 0 and
 * *outlen, or -1 when unwrapping does not check (sealing exits 1). */
int ot_aes_kw(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *wrap, bool seal,
    const unsigned char kek[32], const unsigned char *in, size_t n,
    unsigned char *out, size_t *outlen);

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
