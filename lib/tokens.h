/* The token stages over RuleId,...,RecordId streams.  Each returns the
 * exit status. */
#ifndef OT_TOKENS_H
#define OT_TOKENS_H

#include "secret.h"

#include <stdbool.h>

/* Signature -> Token: the hash-only token, or the blank token. */
int ot_hash_files(const struct ot_secret *secret, char *const *files,
    int nfiles, int outfd, const char *outname);

/* Token -> encrypted Token; blank tokens pass unchanged.  The key must be
 * OT_KEY_LEN bytes: anything else exits 2. */
int ot_encrypt_files(const struct ot_secret *key, char *const *files,
    int nfiles, int outfd, const char *outname);

/* Exit 2 with a clear message unless key is an AES-256 key. */
void ot_require_key_len(const struct ot_secret *key);

/* Encrypted Token -> Token. */
int ot_decrypt_files(const struct ot_secret *key, bool keep_going,
    char *const *files, int nfiles, int outfd, const char *outname);

#endif
