/* ot-hash: signatures in, the reference's hash-only tokens out. */
#include "cli.h"
#include "progress.h"
#include "share/keysrc.h"
#include "secret.h"
#include "token/tokens.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static const struct ot_help help[] = {
	OT_KEYSRC_HELP("hashing secret"),
	OT_HELP_OUTPUT_TYPE,
	OT_HELP_OUTPUT,
	OT_HELP_PROGRESS,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-hash [-hPV] [-k keyfile] [--raw-key-files] "
	    "[--keypair pem] [--peer-key pem]\n"
	    "               [--output-type csv | parquet] [-o file] "
	    "[file ...]\n", help);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		OT_KEYSRC_OPTIONS,
		{ "output", required_argument, NULL, 'o' },
		{ "progress", optional_argument, NULL, 'P' },
		{ "output-type", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_secret secret;
	struct ot_keysrc ks = { NULL, false, NULL, NULL };
	enum ot_progress_when progress = OT_PROGRESS_NEVER;
	const char *output = NULL;
	bool parquet = false;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "hk:o:PV", opts, NULL)) != -1) {
		if (ot_keysrc_option(&ks, ch, optarg))
			continue;
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case 'P':
			progress = ot_progress_parse(optarg);
			break;
		case 'T':
			parquet = ot_output_type(optarg);
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	ot_progress_start(progress);
	ot_keysrc_load(&ks, OT_HASHING, &secret);
	ot_secret_warn_weak(&secret, "hashing secret");
	rc = ot_hash_files(&secret, parquet, argv + optind, argc - optind,
	    ot_open_output(output, argv + optind, argc - optind),
	    output ? output : "stdout");
	ot_secret_wipe(&secret);
	ot_progress_end();
	return ot_close_output(rc);
}
