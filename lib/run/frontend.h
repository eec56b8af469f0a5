/*
 * ot: the reference CLI's interface over the ot-* programs: run on
 * threads through their own library calls (lib/run/engine.c), or as the
 * programs joined with pipes.  It re-implements none of them.
 */
#ifndef OT_FRONTEND_H
#define OT_FRONTEND_H

#include "csv/idmap.h"
#include "meta/meta.h"
#include "token/config.h"
#include "secret.h"
#include "token/v1cli.h"

#include <stdbool.h>

struct ot_job {
	const char *input;
	const char *output;
	bool decrypt;
	bool hash_only;
	bool parquet_in;		/* -t parquet: checked to be one */
	bool parquet_out;		/* -ot parquet */
	bool v1;			/* ot.V1 tokens */
	/* V1: the options as given (for the stages) and as checked, with
	 * the recipient's key loaded; T8 vectors from this column */
	struct ot_v1_cli v1cli;
	struct ot_v1_params v1p;
	EVP_PKEY *recipient;
	const char *vector_column;
	/* decrypting: the V1 options and keys */
	struct ot_v1_rcli v1r;
	struct ot_v1_keys v1keys;
	bool raw_keys;			/* --raw-key-files, for the ring */
	bool sha256_only;		/* 2.x hash-only tokens: no secret */
	bool hash_record_ids;		/* RecordId = its SHA-256 hex (2.x) */
	const char *record_id_map;	/* RecordId = a random UUID, mapped here */
	int progress;			/* enum ot_progress_when, for stage 1 */
	bool strict;			/* a missing attribute column is an error */
	const char *delimiter;		/* --delimiter's argument, or NULL */
	struct ot_ruleset rules;	/* --rules (n 0: T1..T5) */
	const char *config_path;	/* --config, and the config read */
	const struct ot_config *config;
	/*
	 * On this many threads in this process (lib/run/engine.c), or
	 * with 0 by the ot-* stages joined with pipes; decrypting a
	 * package always takes the stages.
	 */
	int jobs;
	struct ot_secret hashing;	/* loaded unless decrypt */
	struct ot_secret key;		/* loaded unless hash_only, or V1 of
					 * a public key */
	/*
	 * Key exchange instead: our private key and the peer's public key
	 * as PEM text, which the stages read from pipes (peer_pem empty
	 * when decrypting a package, which holds it), and with output a
	 * .zip, our public key for the package.
	 */
	bool kex;
	struct ot_secret own_pem;
	struct ot_secret peer_pem;
	struct ot_secret own_public_pem;
	/* with a peer key: the secrets derived into hashing and key, and
	 * the key-exchange fields of the metadata here */
	struct ot_meta kex_meta;
	struct ot_idmap idmap;		/* with record_id_map */
};

/* Make the job a key-exchange one: our private key from own, the peer's
 * public key from peer (NULL: a package brings it), both checked now,
 * and on curve (unless -1).  Exits 2 on a bad key. */
void ot_job_kex(struct ot_job *job, const char *own, const char *peer,
    int curve);

/* The reference's default key file, ~/.opentoken/keypair.pem (malloc'd). */
char *ot_default_keypair(void);

/* Replace ot by the ot-* program argv[0] (found as the stages are);
 * returns only on failure, with exit status 1. */
int ot_exec(char *const argv[]);

/* Run the job; returns the exit status.  Outputs appear only when every
 * stage succeeded. */
int ot_run_job(struct ot_job *job);

#endif
