/* ot-encrypt: hash-only tokens in, the reference's encrypted tokens out. */
#include "cli.h"
#include "keysrc.h"
#include "secret.h"
#include "tokens.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static void usage(FILE *f, int status)
{
	fprintf(f, "usage: ot-encrypt [-hV] [-k keyfile] [--raw-key-files] "
	    "[--keypair pem] [--peer-key pem]\n"
	    "                  [-o file] [file ...]\n");
	exit(status);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		OT_KEYSRC_OPTIONS,
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_secret key;
	struct ot_keysrc ks = { NULL, false, NULL, NULL };
	struct ot_token_opts o = { false, false, false, NULL };
	const char *output = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "hk:o:V", opts, NULL)) != -1) {
		if (ot_keysrc_option(&ks, ch, optarg))
			continue;
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	/* the key-exchange workflow encrypts blanks like any token */
	o.encrypt_blanks = ot_keysrc_kex(&ks);
	ot_keysrc_load(&ks, OT_ENCRYPTION, &key);
	rc = ot_encrypt_files(&key, &o, argv + optind, argc - optind,
	    ot_open_output(output, argv + optind, argc - optind),
	    output ? output : "stdout");
	ot_secret_wipe(&key);
	return rc;
}
