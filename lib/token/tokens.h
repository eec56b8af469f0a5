/* The token stages over RuleId,...,RecordId streams.  Each returns the
 * exit status. */
#ifndef OT_TOKENS_H
#define OT_TOKENS_H

#include "secret.h"

#include <openssl/types.h>

#include <stdbool.h>

struct ot_hash_opts {
	bool parquet;		/* write Parquet, not CSV */
	/* 2.x --mode hash-only: the bare SHA-256 hex of the signature,
	 * no secret (not 1.12.5's --hash-only, which is HMAC) */
	bool sha256_only;
	bool hash_record_ids;	/* RecordId = its SHA-256 hex (2.x) */
};

/* Say on stderr that --sha256-only tokens are no secret. */
void ot_warn_sha256_only(void);

/* Signature -> Token: the hash-only token (HMAC-SHA256 with secret), or
 * the blank token; as o says. */
int ot_hash_files(const struct ot_secret *secret,
    const struct ot_hash_opts *o, char *const *files, int nfiles, int outfd,
    const char *outname);

struct ot_token_opts {
	bool encrypt_blanks;	/* encrypt blank tokens too (key exchange) */
	bool keep_going;	/* decrypting: report a bad token, go on */
	bool token_columns;	/* write RuleId,Token,RecordId only */
	const char *display;	/* the name of a single input in messages */
	bool parquet;		/* write Parquet, not CSV */
	/* ot.V1 tokens (token/jwe.h): writing them (with this alg and ring
	 * id, and for ECDH-ES+A256KW the recipient's public key); reading
	 * those made with ECDH-ES+A256KW (own, a private key) */
	bool v1;
	int v1_alg;
	const char *ring;
	EVP_PKEY *recipient;
	EVP_PKEY *own;
	/* olt.V1 tokens of OpenLinkToken 2.x (token/oltv1.h) written under
	 * the key with this ring id, as "olt encrypt" writes them (read with
	 * any 32-byte key) */
	const char *olt_ring;
};

/* Token -> encrypted Token; blank tokens pass unchanged unless
 * o->encrypt_blanks (or o->v1, where every token is wrapped).  The key
 * must be OT_KEY_LEN bytes (anything else exits 2), unless V1 tokens are
 * made with ECDH-ES+A256KW, which need none (key->len 0). */
int ot_encrypt_files(const struct ot_secret *key,
    const struct ot_token_opts *o, char *const *files, int nfiles,
    int outfd, const char *outname);

/* Exit 2 with a clear message unless key is an AES-256 key. */
void ot_require_key_len(const struct ot_secret *key);

/* Encrypted Token -> Token, legacy or ot.V1; a blank token, literal or
 * encrypted, gives the blank token; spaces around a token are ignored,
 * as the reference's String.trim() ignores them.  key->len 0: no
 * symmetric key (only V1 tokens wrapped to o->own open). */
int ot_decrypt_files(const struct ot_secret *key,
    const struct ot_token_opts *o, char *const *files, int nfiles,
    int outfd, const char *outname);

#endif
