/* ot-hash: signatures in, the reference's hash-only tokens out. */
#include "cli.h"
#include "secret.h"
#include "tokens.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static void usage(FILE *f, int status)
{
	fprintf(f, "usage: ot-hash [-hV] [-k keyfile] [--raw-key-files] [-o file] [file ...]\n");
	exit(status);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ "raw-key-files", no_argument, NULL, 'R' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_secret secret;
	const char *output = NULL, *keyfile = NULL;
	bool raw = false;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "hk:o:V", opts, NULL)) != -1) {
		switch (ch) {
		case 'k':
			keyfile = optarg;
			break;
		case 'R':
			raw = true;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			usage(stdout, 0);
			break;
		case 'V':
			ot_print_version();
			return 0;
		default:
			usage(stderr, 2);
		}
	}
	ot_secret_load(&secret, keyfile, raw, "OT_HASHING_SECRET", "hashing secret");
	ot_secret_warn_weak(&secret, "hashing secret");
	rc = ot_hash_files(&secret, argv + optind, argc - optind,
	    ot_open_output(output, argv + optind, argc - optind), output ? output : "stdout");
	ot_secret_wipe(&secret);
	return rc;
}
