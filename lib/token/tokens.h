/* The token stages over RuleId,...,RecordId streams.  Each returns the
 * exit status. */
#ifndef OT_TOKENS_H
#define OT_TOKENS_H

#include "secret.h"
#include "token/jwe.h"

#include <openssl/types.h>

#include <stdbool.h>

struct ot_hash_opts {
	bool parquet;		/* write Parquet, not CSV */
	/* the algorithms of the hash-only token (token/algs.h; zero: the
	 * reference's SHA-256 and HMAC-SHA256) */
	int hash, mac;
	/* 2.x --mode hash-only: the bare SHA-256 hex of the signature,
	 * no secret (not 1.12.5's --hash-only, which is HMAC) */
	bool sha256_only;
	bool hash_record_ids;	/* RecordId = its SHA-256 hex (2.x) */
};

/* Say on stderr that --sha256-only tokens are no secret. */
void ot_warn_sha256_only(void);

/* Signature -> Token: the hash-only token (HMAC with secret), or the
 * blank token; as o says. */
int ot_hash_files(const struct ot_secret *secret,
    const struct ot_hash_opts *o, char *const *files, int nfiles, int outfd,
    const char *outname);

struct ot_token_opts {
	bool encrypt_blanks;	/* encrypt blank tokens too (key exchange) */
	bool keep_going;	/* decrypting: report a bad token, go on */
	bool token_columns;	/* write RuleId,Token,RecordId only */
	const char *display;	/* the name of a single input in messages */
	bool parquet;		/* write Parquet, not CSV */
	/* writing ot.V1 tokens (token/jwe.h) of these parameters, to the
	 * recipient's public key for the algorithms that take one */
	bool v1;
	struct ot_v1_params v1p;
	EVP_PKEY *recipient;
	/* reading V1 tokens: a private key, or a ring, beside the
	 * symmetric key; whether to read expired ones */
	EVP_PKEY *own;
	const char *own_name;
	const struct ot_ring *ring;
	bool ignore_expiry;
	/* olt.V1 tokens of OpenLinkToken 2.x (token/oltv1.h) written under
	 * the key with this ring id, as "olt encrypt" writes them (read with
	 * any 32-byte key) */
	const char *olt_ring;
};

/* Token -> encrypted Token; blank tokens pass unchanged unless
 * o->encrypt_blanks (or o->v1, where every token is wrapped).  The key
 * must be OT_KEY_LEN bytes (anything else exits 2), unless V1 tokens are
 * made with an algorithm of a public key, which needs none (key->len
 * 0). */
int ot_encrypt_files(const struct ot_secret *key,
    const struct ot_token_opts *o, char *const *files, int nfiles,
    int outfd, const char *outname);

/* Exit 2 with a clear message unless key is an AES-256 key. */
void ot_require_key_len(const struct ot_secret *key);

/* Encrypted Token -> Token, legacy or ot.V1; a blank token, literal or
 * encrypted, gives the blank token; spaces around a token are ignored,
 * as the reference's String.trim() ignores them.  key->len 0: no
 * symmetric key (only V1 tokens for o->own or o->ring open).  V1
 * tokens expired or not yet valid are kept as they are and counted,
 * and the run then fails, unless o->ignore_expiry. */
int ot_decrypt_files(const struct ot_secret *key,
    const struct ot_token_opts *o, char *const *files, int nfiles,
    int outfd, const char *outname);

/* One token decrypted as ot_decrypt_files() does, for whoever reads
 * token files on threads: one decryptor per thread. */
struct ot_decryptor;

/* key: NULL, or OT_KEY_LEN bytes; v1: the V1 keys (key among them). */
struct ot_decryptor *ot_decryptor_new(const unsigned char *key,
    const struct ot_v1_keys *v1, bool ignore_expiry);
void ot_decryptor_free(struct ot_decryptor *d);

/* The token in at name:line into out (OT_V1_MAX bytes): NULL, or why it
 * cannot be had, or ot_map_keep when it is a V1 token whose times refuse
 * it (counted in *e). */
const char *ot_decrypt_token_at(struct ot_decryptor *d, const char *name,
    unsigned long line, const char *in, size_t len, char *out,
    size_t *outlen, struct ot_v1_expiry *e);

#endif
