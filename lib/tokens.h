/* The token stages over RuleId,...,RecordId streams.  Each returns the
 * exit status. */
#ifndef OT_TOKENS_H
#define OT_TOKENS_H

#include "secret.h"

#include <stdbool.h>

/* Signature -> Token: the hash-only token, or the blank token. */
int ot_hash_files(const struct ot_secret *secret, char *const *files,
    int nfiles, int outfd, const char *outname);

struct ot_token_opts {
	bool encrypt_blanks;	/* encrypt blank tokens too (key exchange) */
	bool keep_going;	/* decrypting: report a bad token, go on */
	bool token_columns;	/* write RuleId,Token,RecordId only */
	const char *display;	/* the name of a single input in messages */
};

/* Token -> encrypted Token; blank tokens pass unchanged unless
 * o->encrypt_blanks.  The key must be OT_KEY_LEN bytes: anything else
 * exits 2. */
int ot_encrypt_files(const struct ot_secret *key,
    const struct ot_token_opts *o, char *const *files, int nfiles,
    int outfd, const char *outname);

/* Exit 2 with a clear message unless key is an AES-256 key. */
void ot_require_key_len(const struct ot_secret *key);

/* Encrypted Token -> Token; a blank token, literal or encrypted, gives
 * the blank token; spaces around a token are ignored, as the reference's
 * String.trim() ignores them. */
int ot_decrypt_files(const struct ot_secret *key,
    const struct ot_token_opts *o, char *const *files, int nfiles,
    int outfd, const char *outname);

#endif
