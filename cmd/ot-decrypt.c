/* ot-decrypt: encrypted tokens (or a key-exchange package) in, the
 * hash-only tokens out. */
#include "share/audit.h"
#include "cli.h"
#include "progress.h"
#include "share/kex.h"
#include "share/keysrc.h"
#include "share/oltpkg.h"
#include "share/package.h"
#include "secret.h"
#include "token/tokens.h"
#include "token/v1cli.h"

#include <err.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

static const struct ot_help help[] = {
	OT_KEYSRC_HELP("encryption key"),
	OT_V1_READ_HELP,
	OT_V1_EXPIRY_HELP,
	{ "--exchange-config=FILE", "an OpenLinkToken 2.x exchange config: its transport key, with --private-key" },
	OT_HELP_OUTPUT_TYPE,
	OT_HELP_OUTPUT,
	{ "--keep-going", "report a token that cannot be decrypted and go on (exit 1 at the end)" },
	{ "--token-columns", "write only RuleId, Token and RecordId, in that order" },
	OT_HELP_PROGRESS,
	OT_HELP_AUDIT,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-decrypt [-hPV] [-k keyfile] [--raw-key-files] "
	    "[--keypair pem] [--peer-key pem] [--keypair-env var]\n"
	    "                  [--private-key pem | --private-key-env var | "
	    "--ring file] [--ignore-expiry]\n"
	    "                  [--exchange-config file] "
	    "[--output-type csv | parquet] [-o file]\n"
	    "                  [--keep-going] [--token-columns] "
	    "[--audit-log file] [file ...]\n",
	    help);
}

/* A package: its own sender key is the peer, checked against --peer-key
 * when that is given too. */
static int decrypt_package(const struct ot_keysrc *ks, const char *path,
    struct ot_token_opts *o, const char *output, char **inputs, int n)
{
	static struct ot_secret key;
	struct ot_package p;
	EVP_PKEY *own, *peer;
	int rc;

	if (ks->keypair == NULL || ks->file != NULL)
		errx(2, "%s: a package is decrypted with --keypair, the "
		    "receiver's private key", path);
	own = ot_key_load_private(ks->keypair);
	if (ot_package_open(&p, path, own) != 0) {
		EVP_PKEY_free(own);
		return 1;
	}
	if (ks->peer != NULL) {
		peer = ot_key_load_public(ks->peer);
		rc = ot_package_check_sender(path, p.sender, peer, ks->peer,
		    "--peer-key");
		EVP_PKEY_free(peer);
		if (rc != 0) {
			ot_package_close(&p);
			EVP_PKEY_free(own);
			return 1;
		}
	}
	ot_kex_derive(own, ks->keypair, p.sender, p.display, NULL, &key);
	EVP_PKEY_free(own);
	o->display = p.display;
	rc = ot_decrypt_files(&key, o, &p.tokens, 1,
	    ot_open_output(output, inputs, n), output ? output : "stdout");
	ot_secret_wipe(&key);
	ot_package_close(&p);
	ot_progress_end();
	return ot_close_output(rc);
}

/* Our private key in an OpenLinkToken 2.x exchange: --private-key, or
 * --keypair (named so in the 1.x workflow). */
static EVP_PKEY *exchange_key(const struct ot_keysrc *ks,
    const char *private_key, const char *what)
{
	if (private_key == NULL && ks->keypair == NULL)
		errx(2, "%s: give our private key with --private-key", what);
	if (ks->file != NULL || ks->peer != NULL)
		errx(2, "%s: the transport key comes from the exchange config: "
		    "not with -k or --peer-key", what);
	return ot_key_load_private(private_key != NULL ? private_key :
	    ks->keypair);
}

/* A 2.x package (or token files of a 2.x exchange, with its config):
 * the transport key opens both kinds of tokens. */
static int decrypt_olt(const struct ot_keysrc *ks, const char *private_key,
    const char *config, struct ot_token_opts *o, const char *output,
    char **inputs, int n)
{
	static struct ot_secret key;
	struct ot_exchange x;
	struct ot_oltpkg p;
	EVP_PKEY *own;
	char *tokens;
	int rc;

	own = exchange_key(ks, private_key, n == 1 && ot_is_package(inputs[0]) ?
	    inputs[0] : config);
	if (n == 1 && ot_is_package(inputs[0])) {
		rc = ot_oltpkg_open(&p, inputs[0], own, config);
		EVP_PKEY_free(own);
		if (rc != 0)
			return 1;
		o->display = p.display;
		tokens = p.tokens;
		rc = ot_decrypt_files(&p.key, o, &tokens, 1,
		    ot_open_output(output, inputs, n), output ? output : "stdout");
		ot_oltpkg_close(&p);
	} else {
		rc = ot_exchange_use(&x, config, own, &key);
		EVP_PKEY_free(own);
		if (rc != 0)
			return 1;
		ot_exchange_free(&x);
		rc = ot_decrypt_files(&key, o, inputs, n,
		    ot_open_output(output, inputs, n), output ? output : "stdout");
		ot_secret_wipe(&key);
	}
	ot_progress_end();
	return ot_close_output(rc);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		OT_KEYSRC_OPTIONS,
		{ "keep-going", no_argument, NULL, 'K' },
		OT_V1_READ_OPTIONS,
		OT_V1_EXPIRY_OPTIONS,
		{ "exchange-config", required_argument, NULL, 0x302 },
		{ "token-columns", no_argument, NULL, 'T' },
		{ "output", required_argument, NULL, 'o' },
		{ "progress", optional_argument, NULL, 'P' },
		{ "output-type", required_argument, NULL, 0x300 },
		OT_AUDIT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_secret key;
	struct ot_keysrc ks = { NULL, false, NULL, NULL };
	struct ot_token_opts o = { 0 };
	enum ot_progress_when progress = OT_PROGRESS_NEVER;
	struct ot_v1_rcli v1 = { NULL, NULL, false };
	struct ot_ring *ring;
	const char *output = NULL, *config = NULL, *audit = NULL;
	int ch, i, rc;

	while ((ch = getopt_long(argc, argv, "hk:o:PV", opts, NULL)) != -1) {
		if (ot_keysrc_option(&ks, ch, optarg) ||
		    ot_v1_rcli_option(&v1, ch, optarg))
			continue;
		switch (ch) {
		case 'K':
			o.keep_going = true;
			break;
		case 'T':
			o.token_columns = true;
			break;
		case 0x302:
			config = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'P':
			progress = ot_progress_parse(optarg);
			break;
		case 0x300:
			o.parquet = ot_output_type(optarg);
			break;
		case OT_OPT_AUDIT:
			audit = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	o.ignore_expiry = v1.ignore_expiry;
	ot_audit_start(audit, "ot-decrypt", NULL, argc, argv, NULL);
	ot_audit_input("exchange-config", config, false);
	for (i = optind; i < argc; i++)
		ot_audit_input("tokens", argv[i], false);
	if (optind == argc)
		ot_audit_input("tokens", "-", false);
	ot_progress_start(progress);
	for (i = optind; i < argc; i++)
		if (ot_is_package(argv[i])) {
			if (argc - optind > 1)
				errx(2, "%s: a package is decrypted alone",
				    argv[i]);
			if (config != NULL ||
			    (rc = ot_package_generation(argv[i])) == 2) {
				if (v1.ring != NULL)
					errx(2, "%s: a 2.x package is opened "
					    "with --private-key: --ring is for "
					    "V1 tokens", argv[i]);
				return ot_audit_end(decrypt_olt(&ks,
				    v1.private_key, config, &o, output,
				    argv + optind, 1));
			}
			if (rc < 0)
				return ot_audit_end(1);
			if (v1.private_key != NULL || v1.ring != NULL)
				errx(2, "%s: a package holds legacy tokens: "
				    "--private-key and --ring are for V1 tokens",
				    argv[i]);
			return ot_audit_end(decrypt_package(&ks, argv[i], &o,
			    output, argv + optind, argc - optind));
		}
	if (config != NULL) {
		if (v1.ring != NULL)
			errx(2, "--exchange-config: the transport key opens "
			    "the tokens: --ring is for V1 tokens");
		return ot_audit_end(decrypt_olt(&ks, v1.private_key, config,
		    &o, output, argv + optind, argc - optind));
	}
	/* the private key of V1 tokens made for us, or a ring, may be all
	 * we have */
	ot_v1_rcli_load(&v1, ks.raw, &o.own, &ring);
	o.own_name = v1.private_key;
	o.ring = ring;
	if ((o.own == NULL && ring == NULL) ||
	    ot_keysrc_given(&ks, OT_ENCRYPTION))
		ot_keysrc_load(&ks, OT_ENCRYPTION, &key);
	rc = ot_decrypt_files(&key, &o, argv + optind, argc - optind,
	    ot_open_output(output, argv + optind, argc - optind),
	    output ? output : "stdout");
	ot_secret_wipe(&key);
	EVP_PKEY_free(o.own);
	ot_ring_free(ring);
	ot_progress_end();
	return ot_audit_end(ot_close_output(rc));
}
