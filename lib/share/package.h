/*
 * The token package of the reference's key-exchange workflow: a ZIP
 * holding, in this order, <stem>_temp.csv (the tokens),
 * <stem>_temp.metadata.json and sender_public_key.pem, where <stem> is
 * the package's file name less ".zip".
 */
#ifndef OT_PACKAGE_H
#define OT_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

#define OT_PKG_KEY_ENTRY	"sender_public_key.pem"

/* The token entry is extracted only as far as OT_PKG_RATIO times its
 * compressed size, or OT_PKG_FLOOR bytes when that is more: token files
 * compress 1.3 to 30 times (base64 tokens; blank ones), deflate at most
 * about 1000 times, so a package cannot fill the disk far beyond what
 * it weighs itself. */
#define OT_PKG_RATIO	256
#define OT_PKG_FLOOR	((uint64_t)64 << 20)

/* Whether path names a package: it ends in ".zip", in any case, as the
 * reference decides. */
bool ot_is_package(const char *path);

/* Whether the entries of a package written at path get names its reader
 * takes (plain file names): 0, or 1 with a message. */
int ot_package_check_name(const char *path);

/* Write the package path from the token file, the metadata file and the
 * sender's key (its public half is stored).  The metadata must name that
 * key as SenderPublicKeyHash.  Written whole or not at all.  Returns the
 * exit status, with a message when not 0. */
int ot_package_write(const char *path, const char *tokens,
    const char *metadata, EVP_PKEY *sender);

/* A package opened for its receiver, its tokens extracted to a private
 * temporary directory. */
struct ot_package {
	char *dir;		/* the directory, mode 0700 */
	char *tokens;		/* the token file in it */
	char *display;		/* "PACKAGE:ENTRY", for messages */
	EVP_PKEY *sender;	/* the sender's public key */
};

/* Open the package at path for the receiver whose private key is own:
 * every entry's name is a plain file name, the three entries are there,
 * the metadata names own's public key as the receiver and the stored
 * sender key as the sender, and the tokens extract whole (CRC checked).
 * Returns 0, or 1 with a message naming path (nothing is left behind). */
int ot_package_open(struct ot_package *p, const char *path, EVP_PKEY *own);

/* The sender key a package stores (its public key entry, not checked
 * against the metadata); NULL after a message. */
EVP_PKEY *ot_package_sender(const char *path);

/* Whether the package path's sender key is expected, the key of file
 * name given with option opt: 0, or 1 with a message naming both
 * fingerprints. */
int ot_package_check_sender(const char *path, EVP_PKEY *sender,
    EVP_PKEY *expected, const char *name, const char *opt);

/* Remove the extracted files and free p. */
void ot_package_close(struct ot_package *p);

#endif
