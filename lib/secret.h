/*
 * Secrets come from a file or from an environment variable, never from
 * the command line.  A key file is text by default: one final LF or CRLF,
 * which editors and "echo" add, is not part of the secret.  Read raw, a
 * file's bytes are the secret byte for byte, so that any 32-byte key
 * (one ending in 0x0A too) can be used; ot hands secrets to its stages
 * that way.
 */
#ifndef OT_SECRET_H
#define OT_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define OT_SECRET_MAX	4096

struct ot_secret {
	unsigned char buf[OT_SECRET_MAX];
	size_t len;
};

/*
 * Load the secret from path (raw: byte for byte), or when path is NULL
 * from the environment variable env (whose value is then overwritten in
 * this process's memory).  On failure print "what: problem" and exit 2;
 * with neither, the message names opt, the program's key-file option.
 * An empty secret is refused.  A key file that is a regular file readable
 * by group or others gets a warning.
 */
void ot_secret_load(struct ot_secret *s, const char *path, bool raw,
    const char *env, const char *what, const char *opt);

/* The same, but no file and no environment variable is no secret: returns
 * whether one was loaded. */
bool ot_secret_load_optional(struct ot_secret *s, const char *path,
    bool raw, const char *env, const char *what);

/* A hashing secret shorter than this gets a warning: the metadata carries
 * its unsalted SHA-256, which a guessable secret does not survive. */
#define OT_SECRET_WEAK	16

/* Warn on standard error when s is shorter than OT_SECRET_WEAK bytes. */
void ot_secret_warn_weak(const struct ot_secret *s, const char *what);

/* Before a secret is in memory: no core dump from now on (RLIMIT_CORE 0,
 * and not dumpable, which also keeps other users' debuggers out); a
 * program it runs is dumpable again until it loads one itself.  The
 * loaders here and of private keys call it. */
void ot_secret_protect(void);

/* Wipe it. */
void ot_secret_wipe(struct ot_secret *s);

#endif
