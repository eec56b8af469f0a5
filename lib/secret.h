/*
 * Secrets come from a file (-k FILE: its bytes minus one trailing LF or
 * CRLF) or from an environment variable, never from the command line.
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
 * Load the secret from path, or when path is NULL from the environment
 * variable env (whose value is then overwritten in this process's
 * memory).  On failure print "what: problem" and exit 2.  An empty secret
 * is refused.
 */
void ot_secret_load(struct ot_secret *s, const char *path, const char *env,
    const char *what);

/* The same, but no file and no environment variable is no secret: returns
 * whether one was loaded. */
bool ot_secret_load_optional(struct ot_secret *s, const char *path,
    const char *env, const char *what);

/* Wipe it. */
void ot_secret_wipe(struct ot_secret *s);

#endif
