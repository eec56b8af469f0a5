/*
 * A key ring: the keys V1 tokens of several rotation periods were made
 * with, each under the id that tokens carry as their header's kid.  The
 * file is text, one key a line:
 *
 *     # comments and blank lines are ignored
 *     2026-q1   keys/2026-q1.key
 *     2026-q2   /etc/ot/2026-q2.pem
 *
 * a kid (1 to 127 bytes, no spaces), spaces or tabs, and the path of its
 * key file (the rest of the line, relative to the ring file's directory
 * unless absolute).  A key file that holds a PEM private key (EC or RSA)
 * opens tokens of ECDH-ES, ECDH-ES+A256KW or RSA-OAEP-256; any other is
 * a 32-byte encryption key (read as -k reads one) for dir and
 * A256GCMKW.  At most OT_RING_MAX keys, each kid once.
 */
#ifndef OT_RING_H
#define OT_RING_H

#include "token/jose.h"

#include <stdbool.h>
#include <stddef.h>

#include <openssl/types.h>

#define OT_RING_MAX	4096

struct ot_ring_key {
	char kid[128];
	char *path;		/* as written in the ring file */
	enum ot_jwe_keytype type;
	unsigned char oct[OT_JWE_KEY_LEN];
	EVP_PKEY *pkey;		/* EC or RSA private key */
	char what[64];		/* "an EC P-256 key"..., for messages */
};

struct ot_ring {
	char *name;		/* the ring file */
	struct ot_ring_key *keys;
	size_t n;
};

/* A line of a ring file that names a key. */
struct ot_ring_line {
	const char *kid, *path;	/* into the text parsed */
	unsigned long line;
};

/* The key lines of a ring file's text (len bytes, which it cuts into
 * strings; text[len] must be writable) into *lines (malloc'd, *n of
 * them): NULL, or why it is not a ring file, with *line the line. */
const char *ot_ring_parse(char *text, size_t len, struct ot_ring_line **lines,
    size_t *n, unsigned long *line);

/* Load the ring file at path and every key it names (raw: key files
 * byte for byte, as --raw-key-files); on a bad line or key, one message
 * naming the file and line, exit 2. */
struct ot_ring *ot_ring_load(const char *path, bool raw);

/* The index of kid in r, or -1. */
long ot_ring_find(const struct ot_ring *r, const char *kid);

/* Wipe its keys and free it. */
void ot_ring_free(struct ot_ring *r);

#endif
