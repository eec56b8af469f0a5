/*
 * The packages of OpenLinkToken 2.x: a ZIP (deflate) holding, in this
 * order, <stem>.parquet (the olt.V1 tokens), <stem>.metadata.json and
 * the exchange config under its own file name, where <stem> is the
 * package's name less ".zip" ("olt package"); "olt encrypt -o X.zip"
 * writes <stem>.csv or .parquet and the config, and no metadata.
 */
#ifndef OT_OLTPKG_H
#define OT_OLTPKG_H

#include "secret.h"
#include "share/exchange.h"

#include <openssl/types.h>

/* A file to put in a package, and its entry's name. */
struct ot_oltpkg_entry {
	const char *file;
	const char *name;
};

/* Write the package path (deflate) of the n entries, whole or not at
 * all; the exit status, with a message when not 0. */
int ot_oltpkg_write(const char *path, const struct ot_oltpkg_entry *e,
    int n);

/* The generation of the package at path: 2 when it holds an exchange
 * config (a .json entry that is not .metadata.json), else 1 (the 1.x
 * key-exchange branch's, which holds sender_public_key.pem); -1 after a
 * message. */
int ot_package_generation(const char *path);

/* Open the config file path with own (a party's private key): x opened
 * and key its transport key; 0, or 1 after a message naming path. */
int ot_exchange_use(struct ot_exchange *x, const char *path, EVP_PKEY *own,
    struct ot_secret *key);

/* A 2.x package opened for one of its parties. */
struct ot_oltpkg {
	char *dir;			/* private, mode 0700 */
	char *tokens;			/* the token file extracted in it */
	char *display;			/* "PACKAGE:ENTRY", for messages */
	struct ot_exchange x;		/* the exchange, opened */
	struct ot_secret key;		/* its transport key */
};

/* Open the package at path with own: every entry a plain file name,
 * one token entry (.csv or .parquet) and one exchange config (a .json
 * that is not .metadata.json), the config opened with own (config: one
 * given apart, NULL for the package's own, which must then be of the
 * same exchange), the metadata's HashingSecretHash and
 * EncryptionSecretHash those of this exchange, and the tokens extracted
 * into a private temporary directory, within OT_PKG_RATIO times their
 * compressed size.  0, or 1 with a message naming path (nothing left
 * behind). */
int ot_oltpkg_open(struct ot_oltpkg *p, const char *path, EVP_PKEY *own,
    const char *config);
void ot_oltpkg_close(struct ot_oltpkg *p);

/* The token entry of the package path (of either generation),
 * extracted without a key as ot_oltpkg_open() extracts it (see
 * ot_zip_extract(); ot_zip_remove() removes it); 0, or 1 after a
 * message. */
int ot_package_tokens(const char *path, char **dir, char **file,
    char **display);

/* The exchange config of the package path, parsed (not opened: for the
 * kids that name its parties' keys) into x; 0, or 1 after a message. */
int ot_oltpkg_config(struct ot_exchange *x, const char *path);

#endif
