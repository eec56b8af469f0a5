/*
 * Where a stage's secret comes from, as its options say: a key file
 * (-k, read as text or with --raw-key-files byte for byte), an ECDH pair
 * (--keypair, our private key, and --peer-key, the partner's public
 * key), or else the environment.
 */
#ifndef OT_KEYSRC_H
#define OT_KEYSRC_H

#include "secret.h"

#include <getopt.h>
#include <stdbool.h>

struct ot_keysrc {
	const char *file;
	bool raw;
	const char *keypair;
	const char *peer;
};

enum ot_secret_kind { OT_HASHING, OT_ENCRYPTION };

/* getopt_long() values of the long-only options */
#define OT_OPT_RAW	0x101
#define OT_OPT_KEYPAIR	0x102
#define OT_OPT_PEER	0x103
#define OT_OPT_KEYPAIR_ENV	0x104

#define OT_KEYSRC_OPTIONS \
	{ "key-file", required_argument, NULL, 'k' }, \
	{ "raw-key-files", no_argument, NULL, OT_OPT_RAW }, \
	{ "keypair", required_argument, NULL, OT_OPT_KEYPAIR }, \
	{ "peer-key", required_argument, NULL, OT_OPT_PEER }, \
	{ "keypair-env", required_argument, NULL, OT_OPT_KEYPAIR_ENV }

/* Their --help lines; what: the secret they give. */
#define OT_KEYSRC_HELP(what) \
	{ "-k, --key-file=FILE", "read the " what " from FILE" }, \
	{ "--raw-key-files", "take key files byte for byte (no final newline dropped)" }, \
	{ "--keypair=PEM", "our private key: derive the secret by ECDH with --peer-key" }, \
	{ "--peer-key=PEM", "the partner's public key, for --keypair" }, \
	{ "--keypair-env=VAR", "the --keypair key's PEM from the environment variable VAR (never on disk)" }

/* Take option ch (with its argument) if it is one of the above. */
bool ot_keysrc_option(struct ot_keysrc *k, int ch, const char *arg);

/* Whether the secret comes from an ECDH pair; exits 2 when the options
 * contradict each other (a key file and a key pair, half a pair). */
bool ot_keysrc_kex(const struct ot_keysrc *k);

/* Whether the options or the environment give a secret of this kind. */
bool ot_keysrc_given(const struct ot_keysrc *k, enum ot_secret_kind kind);

/* Load the secret of this kind into s; exits 2 with a message when there
 * is none or it cannot be had. */
void ot_keysrc_load(const struct ot_keysrc *k, enum ot_secret_kind kind,
    struct ot_secret *s);

/* The name of a kind of secret ("hashing secret") and its variable. */
const char *ot_secret_name(enum ot_secret_kind kind);
const char *ot_secret_env(enum ot_secret_kind kind);

#endif
