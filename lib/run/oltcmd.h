/* What the parts of ot olt share (run/olt.h). */
#ifndef OT_OLTCMD_H
#define OT_OLTCMD_H

#include "secret.h"
#include "share/exchange.h"

#include <stdbool.h>

#include <openssl/types.h>

/* The reference's release, which ot olt --version names. */
#define OT_OLT_RELEASE	"2.1.2"

/* A command's options, as parsed (NULL or false: not given). */
struct olt_args {
	const char *cmd;
	const char *input, *output, *mode, *exchange_config;
	const char *config;		/* a tokenization config (YAML) */
	const char *private_key, *private_key_env, *ring_id;
	bool hash_record_ids, quiet, keep_going;
	/* generate-key-pair, initiate-exchange */
	const char *curve, *name;
	bool force;
	const char *public_key, *public_key_env;
	bool public_key_stdin;
	char *hashing_secret;		/* argv's, blanked once read */
	const char *hashing_secret_env;
	bool hashing_secret_stdin;
	const char *sender_private_key, *sender_private_key_env;
	const char *audit_log;		/* --audit-log, or NULL */
	const char *record_id_map;	/* package --record-id-map, or NULL */
};

int olt_generate_key_pair(const struct olt_args *a);
int olt_initiate_exchange(const struct olt_args *a);
int olt_tokenize(const struct olt_args *a);
int olt_package(const struct olt_args *a);
int olt_encrypt(const struct olt_args *a);
int olt_decrypt(const struct olt_args *a);

/* ~/.openlinktoken, malloc'd; exits 1 without HOME. */
char *olt_home(void);

/* A private key from a PEM file, or from the environment variable var;
 * exits 1 with a message when it is none. */
EVP_PKEY *olt_load_private(const char *path, const char *var);

/* The exchange config of the command (--exchange-config, or the day's
 * default) opened with its private key (--private-key, --private-key-env
 * or the one of ~/.openlinktoken its kids name), and its transport key;
 * exits 1 with a message when it cannot be.  Its path, malloc'd. */
char *olt_exchange(const struct olt_args *a, struct ot_exchange *x,
    struct ot_secret *key);

/* The private key of a parsed config x (not opened): as the options
 * say, or found in ~/.openlinktoken by x's recipients' kids. */
EVP_PKEY *olt_private_key_for(const struct olt_args *a,
    const struct ot_exchange *x, const char *config);

/* Python's Path(p).suffix, lower-cased ("" when none), and the stem. */
const char *olt_suffix(const char *path, char out[16]);
char *olt_stem(const char *path);

/* The reference's default output of a command for input. */
char *olt_auto_output(const char *input, const char *cmd);

#endif
