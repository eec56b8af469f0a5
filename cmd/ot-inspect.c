/* ot-inspect: what a token file holds, without a key. */
#include "cli.h"
#include "share/secretfd.h"
#include "share/kex.h"
#include "share/xreport.h"
#include "token/inspect.h"

#include <err.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>

static const struct ot_help help[] = {
	{ "-j, --json", "write one JSON array, an object per file" },
	{ "--exchange-config=FILE", "report on an OpenLinkToken 2.x exchange config instead" },
	{ "--private-key=PEM", "with --exchange-config: open it with our key, to report its payload" },
	{ "--private-key-env=VAR", "the same, our key's PEM from the environment variable VAR" },
	OT_HELP_OUTPUT,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-inspect [-hjV] [-o file] [file ...]\n"
	    "       ot-inspect [-hjV] [-o file] --exchange-config file "
	    "[--private-key pem | --private-key-env var]\n", help);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "exchange-config", required_argument, NULL, 'X' },
		{ "private-key", required_argument, NULL, 'K' },
		{ "private-key-env", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL, *config = NULL, *private_key = NULL;
	EVP_PKEY *own = NULL;
	bool json = false;
	FILE *out;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "hjo:V", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = true;
			break;
		case 'o':
			output = optarg;
			break;
		case 'X':
			config = optarg;
			break;
		case 'N':
		case 'K':
			if (private_key != NULL)
				errx(2, "--private-key and --private-key-env "
				    "both name our key: give one");
			private_key = ch == 'K' ? optarg :
			    ot_secret_env_file(optarg, "--private-key-env");
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if (config == NULL && private_key != NULL)
		errx(2, "--private-key opens an exchange config: give "
		    "--exchange-config");
	if (config != NULL && optind != argc)
		usage(stderr, 2);
	if (private_key != NULL)
		own = ot_key_load_private(private_key);
	if ((out = fdopen(ot_open_output(output, argv + optind,
	    argc - optind), "w")) == NULL)
		err(1, "%s", output != NULL ? output : "stdout");
	rc = config != NULL ? ot_exchange_report(config, own, json, out) :
	    ot_inspect_files(argv + optind, argc - optind, json, out);
	EVP_PKEY_free(own);
	if (fflush(out) == EOF || ferror(out) || fclose(out) == EOF)
		err(1, "%s", output != NULL ? output : "stdout");
	return ot_close_output(rc);
}
