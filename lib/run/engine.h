/*
 * ot's tokenizing pipeline in one process: what ot-normalize, ot-meta,
 * ot-sign, ot-hash and ot-encrypt do joined by pipes, done record by
 * record through the same library calls, without the CSV written and
 * read again between stages, on any number of threads.
 *
 * One thread reads the input and cuts it into batches of whole records
 * (as the CSV reader returns them, so a quoted line break never splits
 * a record); worker threads tokenize the batches; a writer thread
 * writes their tokens in input order (with one job, one thread does all).  The output is therefore the same
 * bytes for any number of threads (hash-only; encrypted tokens differ
 * only by their random IVs), and the same as the stage pipeline's.
 *
 * The run/ wing: how a job runs, the threads of ot (engine.c) and the
 * drop-in front end with its subcommands (frontend.c).  The top of the
 * stack: it may use every wing below (match, meta, token, person, csv,
 * share, parquet) and lib/'s helpers; nothing includes it but cmd/.
 */
#ifndef OT_ENGINE_H
#define OT_ENGINE_H

#include "csv/idmap.h"
#include "meta/meta.h"
#include "secret.h"
#include "token/jwe.h"

#include <stdbool.h>

#include <openssl/types.h>

struct ot_engine {
	const char *input;		/* a path, "-" for standard input */
	int jobs;			/* worker threads; 1: on this one */
	bool hash_only;
	const struct ot_secret *hashing;
	const struct ot_secret *key;	/* unless hash_only: 32 bytes (or
					 * 0 for V1 of a public key) */
	bool encrypt_blanks;		/* as ot-encrypt --keypair does */
	bool sha256_only;		/* as ot-hash --sha256-only: no secret */
	bool hash_record_ids;		/* as ot-hash --hash-record-ids */
	/* --record-id-map: a random UUID for each RecordId, the map's rows
	 * written to it in the tokens' order (csv/idmap.h) */
	struct ot_idmap *idmap;
	bool signatures;		/* 2.x --mode demo: the signatures */
	/* 2.x packages: each token, hashed, made an olt.V1 token under
	 * key with this ring id (token/oltv1.h), blank ones too */
	const char *olt_ring;
	bool parquet_out;		/* the tokens as Parquet (lib/parquet) */
	bool strict;			/* a missing attribute column is an error */
	const struct ot_ruleset *rules;	/* the rules made, in order */
	/* a tokenization config's fields and rules instead of the
	 * attributes and T1-T5 (token/config.h) */
	const struct ot_config *config;
	int outfd;			/* the token file */
	const char *outname;		/* for messages */
	int hash_alg, mac_alg;		/* token/algs.h */
	/* V1 tokens of these parameters (NULL: legacy), to the recipient
	 * for the algorithms of a public key; with v1->dims, a T8 vector
	 * from the input's column vector_column */
	const struct ot_v1_params *v1;
	EVP_PKEY *recipient;
	const char *vector_column;
	/* decrypting instead: a token file in, RuleId,Token,RecordId out,
	 * with key (or none) and the V1 keys, as ot-decrypt does */
	bool decrypt;
	const struct ot_v1_keys *v1keys;
	bool ignore_expiry;
};

/* The online CPUs: ot's default number of jobs. */
int ot_engine_cpus(void);

/* Tokenize e->input to e->outfd (left open) and add the counts of the
 * metadata to *meta (or with e->decrypt, decrypt it; meta may be NULL).
 * Returns the exit status: 0, or 1 after a message (bad input, a token
 * that cannot be made or read, a write error). */
int ot_engine_run(const struct ot_engine *e, struct ot_meta *meta);

#endif
