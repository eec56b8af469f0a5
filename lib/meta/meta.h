/*
 * The run's metadata, as the reference writes it beside its token file:
 * row counts, invalid attributes, blank rules and the SHA-256 of each
 * secret used.
 *
 * The meta/ wing: the run's metadata (meta.c) and the tap that counts
 * a normalized stream into it (tap.c).  It may use token/ (the rules it
 * counts blanks of), person/, csv/, share/ (key fingerprints), parquet/
 * and lib/'s helpers; never match/ or run/.
 */
#ifndef OT_META_H
#define OT_META_H

#include "token/rules.h"
#include "token/config.h"
#include "json.h"
#include "secret.h"

#include <stdint.h>

#include <openssl/types.h>

struct ot_meta {
	/* the profile that made it (NULL: the process's), which names it
	 * (OtCompat) and its version field */
	const struct ot_compat *compat;
	uint64_t total_rows;
	uint64_t invalid[OT_NATTR];	/* records where it blanked a rule */
	uint64_t blank[OT_NRULES];	/* records where the rule was blank */
	char hashing_hash[65];		/* lowercase hex, or "" */
	char encryption_hash[65];
	/* key exchange: the curve's label ("" without), and the public-key
	 * fingerprints; such runs record no secret hashes */
	char curve[16];
	char sender_hash[65];
	char receiver_hash[65];
	/* a tokenization config's run (ncrules > 0): its rules' blanks and
	 * its types' invalid values instead of T1-T5's and the attributes',
	 * by name (sorted as the reference sorts them), and its hash */
	size_t ncrules, nctypes;
	const char *crule[OT_CONFIG_MAX_RULES];
	uint64_t cblank[OT_CONFIG_MAX_RULES];
	const char *ctype[OT_NTYPES];
	uint64_t cinvalid[OT_NTYPES];
	char config_hash[65];
};

/* Make m the metadata of a run of config c (its names stay c's). */
void ot_meta_config(struct ot_meta *m, const struct ot_config *c);

/* Count one record of a config's run: res[r] is what rule r made of it,
 * invalid[r] the type that blanked it, or -1. */
void ot_meta_count_config(struct ot_meta *m, const struct ot_config *c,
    const enum ot_cresult *res, const int *invalid);

/* Whether every rule was blank in every record (and there were some). */
bool ot_meta_all_blank(const struct ot_meta *m);

/* Count one record as the reference does: an attribute is invalid for a
 * record when it is the first failing part of some rule and is present
 * but invalid; a missing one is never counted. */
void ot_meta_count(struct ot_meta *m, const struct ot_value vals[OT_NATTR]);
/* Add m's counts to sum's (the counts of two parts of one input). */
void ot_meta_add(struct ot_meta *sum, const struct ot_meta *m);

/* Record a key-exchange run of our key pair (keypair: our private key,
 * the sender's) with the peer's public key (the receiver's): the curve
 * and both fingerprints.  Exits 2 on a bad key or two curves. */
void ot_meta_kex(struct ot_meta *m, const char *keypair, const char *peer);
/* The same from the keys themselves. */
void ot_meta_kex_keys(struct ot_meta *m, EVP_PKEY *own, EVP_PKEY *peer);

/* Lowercase hex SHA-256 of a secret into out[65]. */
void ot_secret_hash(const struct ot_secret *s, char out[65]);

/* Where the reference writes the metadata of a token file: its path up
 * to the last '.', if that is not the first character, plus
 * ".metadata.json"; the Python references' (a Python profile's) cut the
 * file name's extension only.  Returns a malloc'd string. */
char *ot_metadata_path(const char *output);

/* Write m as the metadata JSON file path, atomically; exits 1 on error. */
void ot_meta_write(const struct ot_meta *m, const char *path);

/* Sum the metadata files into path (NULL: standard output); returns the
 * exit status (1 when a file is unreadable, or its versions, profiles or
 * secret hashes differ). */
int ot_meta_merge(char *const *files, int nfiles, const char *path);

/* The profile a metadata file names: its OtCompat, else the reference's
 * by its Platform and version (Python with OpenTokenVersion 1.12.x:
 * 1.12-python; Version 2.x: 2.1-python, or 2.1-java from Java; else
 * 1.12-java, as ot's own files before OtCompat); NULL when it names none
 * ot knows or no version at all. */
const struct ot_compat *ot_meta_compat(const cJSON *j);

/* Warn on stderr when the metadata beside two token files (ours, then
 * the partner's; "-" has none) name different profiles. */
void ot_meta_warn_profiles(const char *ours, const char *theirs);

#endif
