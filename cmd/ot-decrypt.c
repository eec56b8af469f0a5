/* ot-decrypt: encrypted tokens in, hash-only tokens out. */
#include "cli.h"
#include "secret.h"
#include "tokens.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static void usage(FILE *f, int status)
{
	fprintf(f, "usage: ot-decrypt [-hV] [-k keyfile] [--raw-key-files] [-o file] "
	    "[--keep-going] [file ...]\n");
	exit(status);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ "raw-key-files", no_argument, NULL, 'R' },
		{ "keep-going", no_argument, NULL, 'K' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_secret key;
	const char *output = NULL, *keyfile = NULL;
	bool keep_going = false;
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
		case 'K':
			keep_going = true;
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
	ot_secret_load(&key, keyfile, raw, "OT_ENCRYPTION_KEY", "encryption key");
	ot_require_key_len(&key);
	rc = ot_decrypt_files(&key, keep_going, argv + optind, argc - optind,
	    ot_open_output(output, argv + optind, argc - optind), output ? output : "stdout");
	ot_secret_wipe(&key);
	return rc;
}
