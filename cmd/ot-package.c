/* ot-package: the token package a sender ships to its receiver. */
#include "share/audit.h"
#include "cli.h"
#include "share/secretfd.h"
#include "share/kex.h"
#include "share/package.h"

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>

static const struct ot_help help[] = {
	{ "-o, --output=FILE", "the package to write (.zip)" },
	{ "--sender-key=PEM", "the sender's key pair or public key" },
	{ "--private-key-env=VAR", "the sender's key pair as PEM in the environment variable VAR" },
	OT_HELP_AUDIT,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-package [-hV] -o package.zip --sender-key pem | --private-key-env var "
	    "[--audit-log file] tokens.csv metadata.json\n", help);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "sender-key", required_argument, NULL, 'K' },
		{ "private-key-env", required_argument, NULL, 'N' },
		{ "output", required_argument, NULL, 'o' },
		OT_AUDIT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL, *keypair = NULL, *audit = NULL;
	EVP_PKEY *k;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "ho:V", opts, NULL)) != -1) {
		switch (ch) {
		case 'N':
		case 'K':
			ot_key_option(&keypair, optarg, ch == 'K',
			    "--sender-key", "--private-key-env");
			break;
		case 'o':
			output = optarg;
			break;
		case OT_OPT_AUDIT:
			audit = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if (output == NULL || keypair == NULL || argc - optind != 2)
		usage(stderr, 2);
	if (!ot_is_package(output))
		errx(2, "%s: a package's name ends in .zip", output);
	ot_audit_start(audit, "ot-package", NULL, argc, argv, NULL);
	ot_audit_input("tokens", argv[optind], false);
	ot_audit_input("metadata", argv[optind + 1], false);
	ot_audit_input("sender-key", keypair, true);
	k = ot_key_load_either(keypair);
	rc = ot_package_write(output, argv[optind], argv[optind + 1], k);
	EVP_PKEY_free(k);
	return ot_audit_end(rc);
}
