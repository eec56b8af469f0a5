/*
 * ECDH key exchange as the reference's key-exchange branch does it: EC
 * key files (PEM), public-key fingerprints, and the hashing and
 * encryption secrets both parties derive from their own private key and
 * the other's public key.  Every failure here is the user's (a wrong or
 * malformed key file): it prints one line and exits 2.
 *
 * The share/ wing: what two parties exchange: key pairs, fingerprints,
 * ECDH and HKDF (kex.c), where a stage gets its secrets (keysrc.c) and
 * packages (package.c).  It may use parquet/ and lib/'s helpers only.
 */
#ifndef OT_KEX_H
#define OT_KEX_H

#include "secret.h"

#include <stdbool.h>
#include <stddef.h>

#include <openssl/types.h>

/* Exit 1 with "OpenSSL: what: " and OpenSSL's reason: a call that
 * cannot fail but for memory or a broken library did. */
_Noreturn void ot_ossl_fail(const char *what);

/* The curves both references accept. */
enum ot_curve { OT_P256, OT_P384, OT_P521, OT_NCURVE };

/* The reference's default. */
#define OT_CURVE_DEFAULT OT_P384

/* A curve name as the Java reference reads it (P-384, p384, secp384r1,
 * prime384v1..., any case, spaces around), or -1. */
int ot_curve_parse(const char *name);

/* "P-384": the label the metadata carries. */
const char *ot_curve_label(enum ot_curve c);

/* OpenSSL's name of the curve, and the bytes of one coordinate. */
const char *ot_curve_group(enum ot_curve c);
size_t ot_curve_bytes(enum ot_curve c);

/* The ECDH shared secret Z (the x-coordinate, 32 to 66 bytes) of own's
 * private key and peer's public key: 0, or -1 when peer is not usable
 * (another curve, a bad point). */
#define OT_Z_MAX	66
int ot_ecdh(EVP_PKEY *own, EVP_PKEY *peer, unsigned char z[OT_Z_MAX],
    size_t *zlen);

/* The curve of an EC key, or -1 when it is none of ours. */
int ot_key_curve(const EVP_PKEY *k);

/* A private key from a PEM file: PKCS#8 (with or without the public key,
 * as Python and Java write it) or SEC1 "EC PRIVATE KEY", unencrypted,
 * on one of our curves.  A file that group or others can read draws a
 * warning. */
EVP_PKEY *ot_key_load_private(const char *path);

/* The same from PEM text in memory, never exiting: NULL and *why (a
 * reason for messages) when it is not such a key. */
EVP_PKEY *ot_key_parse_private(const char *pem, size_t len,
    const char **why);
EVP_PKEY *ot_key_parse_public(const char *pem, size_t len, const char **why);

/*
 * The keys of V1 tokens' key management: a recipient's public key
 * (SubjectPublicKeyInfo PEM), EC on one of our curves or RSA of 2048 to
 * 8192 bits, and the private key that opens what was made for it
 * (PKCS#8, SEC1 or PKCS#1 PEM).  Exit 2 with a message on a bad file;
 * parsing from memory gives NULL and *why instead.
 */
EVP_PKEY *ot_key_load_recipient(const char *path);
EVP_PKEY *ot_key_load_jwe_private(const char *path);
EVP_PKEY *ot_key_parse_jwe_private(const char *pem, size_t len,
    const char **why);

/* "an EC P-256 key", "an RSA key of 3072 bits": for messages. */
char *ot_key_describe(EVP_PKEY *k, char *buf, size_t size);

/* A public key from a PEM SubjectPublicKeyInfo file, checked to be a
 * point of one of our curves.  The same from memory, where name is what
 * messages call the source and status the exit status of a bad key. */
EVP_PKEY *ot_key_load_public(const char *path);
EVP_PKEY *ot_key_public_from_pem(const char *pem, size_t len,
    const char *name, int status);

/* A public key file, or the public half of a private key file. */
EVP_PKEY *ot_key_load_either(const char *path);

/* The PEM SubjectPublicKeyInfo of k (a private or public key), as the
 * references write public_key.pem; a malloc'd NUL-terminated string. */
char *ot_key_public_pem(EVP_PKEY *k, size_t *len);

/* The PKCS#8 PEM of k's private key into s, to hand it on a pipe. */
void ot_key_private_pem(EVP_PKEY *k, struct ot_secret *s);

/* The PEM of k's public key into s. */
void ot_key_public_secret(EVP_PKEY *k, struct ot_secret *s);

/* Lower-case hex SHA-256 of n bytes at p into out (NUL-terminated). */
void ot_digest_hex(const void *p, size_t n, char out[65]);

/* Lower-case hex SHA-256 of the key's DER SubjectPublicKeyInfo: the
 * fingerprint the metadata carries. */
void ot_key_fingerprint(EVP_PKEY *k, char out[65]);

/* The two secrets of the pair (own private key, peer public key), as
 * 32 raw bytes each: HKDF-SHA256 of the ECDH x-coordinate with salt
 * "HASHING" / info "OpenToken-Hash" and salt "ENCRYPTION" / info
 * "OpenToken-Encrypt".  Either may be NULL when not wanted.  Keys on
 * two curves exit 2, naming both files. */
void ot_kex_derive(EVP_PKEY *own, const char *own_name, EVP_PKEY *peer,
    const char *peer_name, struct ot_secret *hashing,
    struct ot_secret *encryption);

/* HKDF-SHA256 of Z with salt and info (text), 32 bytes into s. */
void ot_hkdf(const unsigned char *z, size_t zlen, const char *salt,
    const char *info, struct ot_secret *s);

/* A new key pair on curve c. */
EVP_PKEY *ot_key_generate(enum ot_curve c);

/* Write k's private key (PKCS#8 PEM, mode 0600) to priv and its public
 * key (SPKI PEM) to pub, each created new: an existing file or link is
 * never followed or overwritten (exit 2, nothing written). */
void ot_key_write(EVP_PKEY *k, const char *priv, const char *pub);

#endif
