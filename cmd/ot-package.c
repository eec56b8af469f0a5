/* ot-package: the token package a sender ships to its receiver. */
#include "audit.h"
#include "cli.h"
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
	OT_HELP_AUDIT,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-package [-hV] -o package.zip --sender-key pem "
	    "[--audit-log file] tokens.csv metadata.json\n", help);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "sender-key", required_argument, NULL, 'K' },
		{ "output", required_argument, NULL, 'o' },
		OT_AUDIT_OPTION,
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL, *keypair = NULL, *audit = NULL;
	EVP_PKEY *k;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "ho:V", opts, NULL)) != -1) {
		switch (ch) {
		case 'K':
			keypair = optarg;
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
