/*
 * The options of V1 tokens, which ot-encrypt and ot share for writing
 * them and ot-decrypt, ot-match, ot-inspect and ot -d for reading them:
 * their getopt_long() entries, --help lines, and checks.
 */
#ifndef OT_V1CLI_H
#define OT_V1CLI_H

#include "token/jwe.h"
#include "token/ring.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include <openssl/types.h>

/* getopt_long() values of the long-only options */
enum {
	OT_OPT_ALG = 0x500, OT_OPT_RING_ID, OT_OPT_RECIPIENT, OT_OPT_HASH_ALG,
	OT_OPT_MAC_ALG, OT_OPT_EXPIRES, OT_OPT_NOT_BEFORE, OT_OPT_ISSUER,
	OT_OPT_DIMS, OT_OPT_PRIVATE_KEY, OT_OPT_RING, OT_OPT_IGNORE_EXPIRY,
	OT_OPT_LEGACY_PPID, OT_OPT_PRIVATE_KEY_ENV
};

#define OT_V1_WRITE_OPTIONS \
	{ "alg", required_argument, NULL, OT_OPT_ALG }, \
	{ "ring-id", required_argument, NULL, OT_OPT_RING_ID }, \
	{ "recipient", required_argument, NULL, OT_OPT_RECIPIENT }, \
	{ "hash-alg", required_argument, NULL, OT_OPT_HASH_ALG }, \
	{ "mac-alg", required_argument, NULL, OT_OPT_MAC_ALG }, \
	{ "expires-in", required_argument, NULL, OT_OPT_EXPIRES }, \
	{ "not-before", required_argument, NULL, OT_OPT_NOT_BEFORE }, \
	{ "issuer", required_argument, NULL, OT_OPT_ISSUER }, \
	{ "ppid-dims", required_argument, NULL, OT_OPT_DIMS }, \
	{ "legacy-ppid", no_argument, NULL, OT_OPT_LEGACY_PPID }

#define OT_V1_WRITE_HELP \
	{ "--alg=ALG", "V1 key management: dir, A256GCMKW, ECDH-ES, ECDH-ES+A256KW or RSA-OAEP-256" }, \
	{ "--ring-id=ID", "V1: the ring id (kid, rid) the tokens carry" }, \
	{ "--recipient=PEM", "V1 ECDH-ES, ECDH-ES+A256KW, RSA-OAEP-256: the receiver's public key" }, \
	{ "--hash-alg=ALG", "V1: the hash the tokens were made with (SHA-256, SHA-384, SHA-512, SHA3-256...)" }, \
	{ "--mac-alg=ALG", "V1: the MAC the tokens were made with (HS256, HS384, HS512, HS3-256...)" }, \
	{ "--expires-in=DURATION", "V1: exp, this long from now (e.g. 90d, 12h, 3600)" }, \
	{ "--not-before=TIME", "V1: nbf (2026-07-01, 2026-07-01T08:00:00Z or @SECONDS)" }, \
	{ "--issuer=ISS", "V1: iss (default truveta.opentoken)" }, \
	{ "--ppid-dims=N", "V1: rule T8 rows are vectors of N float32 values" }, \
	{ "--legacy-ppid", "V1 dir, A256GCMKW: ppid the legacy encrypted token, as the reference's V1 branch has it" }

/* The reader's options; ignore_expiry: whether to take --ignore-expiry. */
#define OT_V1_READ_OPTIONS \
	{ "private-key", required_argument, NULL, OT_OPT_PRIVATE_KEY }, \
	{ "private-key-env", required_argument, NULL, OT_OPT_PRIVATE_KEY_ENV }, \
	{ "ring", required_argument, NULL, OT_OPT_RING }
#define OT_V1_EXPIRY_OPTIONS \
	{ "ignore-expiry", no_argument, NULL, OT_OPT_IGNORE_EXPIRY }

#define OT_V1_READ_HELP \
	{ "--private-key=PEM", "the EC or RSA private key V1 tokens were made for; or ours in a 2.x exchange" }, \
	{ "--private-key-env=VAR", "the same key's PEM from the environment variable VAR (never on disk)" }, \
	{ "--ring=FILE", "pick each V1 token's key by its kid from the ring FILE" }
#define OT_V1_EXPIRY_HELP \
	{ "--ignore-expiry", "read V1 tokens expired or not yet valid too" }

struct ot_v1_cli {
	const char *alg, *ring, *recipient, *hash, *mac, *expires,
	    *not_before, *issuer, *dims;
	bool legacy_ppid;
	bool any;		/* one of them was given */
};

struct ot_v1_rcli {
	const char *private_key, *ring;
	bool ignore_expiry;
};

/* Take option ch (with its argument) if it is one of the above. */
bool ot_v1_cli_option(struct ot_v1_cli *c, int ch, const char *arg);
bool ot_v1_rcli_option(struct ot_v1_rcli *c, int ch, const char *arg);

/*
 * Check the writing options and fill p and *recipient (the recipient's
 * key, loaded, or NULL): without v1 (--format v1), any of them is a
 * usage error.  ring holds a new ring id when none is given (said once
 * on stderr).  Exits 2 on a bad option.
 */
void ot_v1_cli_setup(const struct ot_v1_cli *c, bool v1,
    struct ot_v1_params *p, EVP_PKEY **recipient, char ring[37]);

/* --hash-alg and --mac-alg as token/algs.h numbers, -1 each when not
 * given; exits 2 on a name that is none.  ot_algs_option() takes them
 * from getopt_long(), as ot_v1_cli_option() does the others. */
void ot_algs_args(const char *hash, const char *mac, int *h, int *m);
bool ot_algs_option(const char **hash, const char **mac, int ch,
    const char *arg);

#define OT_ALGS_OPTIONS \
	{ "hash-alg", required_argument, NULL, OT_OPT_HASH_ALG }, \
	{ "mac-alg", required_argument, NULL, OT_OPT_MAC_ALG }

/* Whether the algorithm set up takes a symmetric key. */
bool ot_v1_cli_symmetric(const struct ot_v1_params *p);

/* The reader's keys: the private key and the ring (raw: ring key files
 * byte for byte), each NULL when not given.  Exits 2 on a bad one. */
void ot_v1_rcli_load(const struct ot_v1_rcli *c, bool raw, EVP_PKEY **own,
    struct ot_ring **ring);

/* "90d", "12h", "30m", "3600s", "2w", "3600": seconds; "2026-07-01",
 * "2026-07-01T08:00:00Z", "@1782892800": seconds since the epoch.  0,
 * or -1 when it is not one. */
int ot_parse_duration(const char *s, int64_t *secs);
int ot_parse_time(const char *s, int64_t *t);

#endif
