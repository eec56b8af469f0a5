/* ot-encrypt: hash-only tokens in, the reference's encrypted tokens out. */
#include "cli.h"
#include "person/compat.h"
#include "progress.h"
#include "token/jwe.h"
#include "share/kex.h"
#include "share/keysrc.h"
#include "secret.h"
#include "token/tokens.h"
#include "token/v1cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <err.h>
#include <openssl/evp.h>

enum { OPT_FORMAT = 0x200, OPT_COMPAT };

static const struct ot_help help[] = {
	OT_KEYSRC_HELP("encryption key"),
	{ "--format=FORMAT", "legacy (the default) or v1 (ot.V1 JWE tokens)" },
	OT_V1_WRITE_HELP,
	{ "--compat=PROFILE", "quote the token file as that reference does (1.12, 1.12-python, 2.1, 2.1-java)" },
	OT_HELP_OUTPUT_TYPE,
	OT_HELP_OUTPUT,
	OT_HELP_PROGRESS,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-encrypt [-hPV] [-k keyfile] [--raw-key-files] "
	    "[--keypair pem] [--peer-key pem] [--keypair-env var]\n"
	    "                  [--format legacy | v1] [--alg alg] "
	    "[--ring-id id] [--recipient pem]\n"
	    "                  [--hash-alg alg] [--mac-alg alg] "
	    "[--expires-in duration] [--not-before time]\n"
	    "                  [--issuer iss] [--ppid-dims n] [--legacy-ppid] "
	    "[--compat profile]\n"
	    "                  [--output-type csv | parquet] [-o file] "
	    "[file ...]\n", help);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		OT_KEYSRC_OPTIONS,
		OT_V1_WRITE_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "compat", required_argument, NULL, OPT_COMPAT },
		{ "output", required_argument, NULL, 'o' },
		{ "progress", optional_argument, NULL, 'P' },
		{ "output-type", required_argument, NULL, 0x300 },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_secret key;
	struct ot_keysrc ks = { NULL, false, NULL, NULL };
	struct ot_token_opts o = { 0 };
	enum ot_progress_when progress = OT_PROGRESS_NEVER;
	struct ot_v1_cli v1 = { 0 };
	const char *output = NULL;
	char ring[37];
	int ch, rc;

	ot_compat_parse(NULL);
	while ((ch = getopt_long(argc, argv, "hk:o:PV", opts, NULL)) != -1) {
		if (ot_keysrc_option(&ks, ch, optarg) ||
		    ot_v1_cli_option(&v1, ch, optarg))
			continue;
		switch (ch) {
		case OPT_COMPAT:
			ot_compat_parse(optarg);
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
		case OPT_FORMAT:
			if (strcmp(optarg, "v1") != 0 &&
			    strcmp(optarg, "legacy") != 0)
				errx(2, "--format %s: not legacy or v1", optarg);
			o.v1 = strcmp(optarg, "v1") == 0;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	ot_progress_start(progress);
	ot_v1_cli_setup(&v1, o.v1, &o.v1p, &o.recipient, ring);
	/* the key-exchange workflow encrypts blanks like any token */
	o.encrypt_blanks = ot_keysrc_kex(&ks);
	if (!o.v1 || ot_v1_cli_symmetric(&o.v1p))
		ot_keysrc_load(&ks, OT_ENCRYPTION, &key);
	else if (ks.file != NULL || ks.keypair != NULL || ks.peer != NULL)
		errx(2, "--alg %s uses no encryption key: drop -k, --keypair "
		    "and --peer-key", v1.alg);
	rc = ot_encrypt_files(&key, &o, argv + optind, argc - optind,
	    ot_open_output(output, argv + optind, argc - optind),
	    output ? output : "stdout");
	ot_secret_wipe(&key);
	EVP_PKEY_free(o.recipient);
	ot_progress_end();
	return ot_close_output(rc);
}
