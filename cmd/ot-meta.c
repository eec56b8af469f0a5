/* ot-meta: a tap that counts the normalized stream into the run's
 * metadata, and "ot-meta merge" to sum the metadata of shards. */
#include "cli.h"
#include "person/compat.h"
#include "share/keysrc.h"
#include "meta/meta.h"
#include "secret.h"
#include "meta/tap.h"

#include <err.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct ot_help help[] = {
	{ "-o, --output=FILE", "where to write the metadata (merge: default stdout)" },
	OT_KEYSRC_HELP("hashing secret (its SHA-256 is recorded)"),
	{ "--encryption-key-file=FILE", "the encryption key, whose SHA-256 is recorded" },
	OT_HELP_RULES,
	OT_COMPAT_HELP,
	OT_CONFIG_HELP,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-meta [-hV] -o metafile [-k keyfile] "
	    "[--encryption-key-file keyfile]\n"
	    "               [--raw-key-files] [--keypair pem] "
	    "[--peer-key pem] [--keypair-env var] [--compat profile] "
	    "[--config file]\n"
	    "               [--rules list] [file]\n"
	    "       ot-meta merge [-o metafile] file ...\n", help);
}

static int merge(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = strcmp(optarg, "-") == 0 ? NULL : optarg;
			break;
		case 'h':
			usage(stdout, 0);
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind == argc)
		usage(stderr, 2);
	return ot_meta_merge(argv + optind, argc - optind, output);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		OT_KEYSRC_OPTIONS,
		{ "encryption-key-file", required_argument, NULL, 'E' },
		{ "output", required_argument, NULL, 'o' },
		{ "rules", required_argument, NULL, 'R' },
		{ "compat", required_argument, NULL, 'C' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_secret secret;
	static struct ot_meta meta;
	struct ot_keysrc ks = { NULL, false, NULL, NULL };
	const char *metafile = NULL, *encfile = NULL, *config = NULL;
	struct ot_config *cfg = NULL;
	int ch, rc;

	if (argc > 1 && strcmp(argv[1], "merge") == 0)
		return merge(argc - 1, argv + 1);
	ot_compat_parse(NULL);
	while ((ch = getopt_long(argc, argv, "hk:o:V", opts, NULL)) != -1) {
		if (ot_keysrc_option(&ks, ch, optarg))
			continue;
		switch (ch) {
		case 'C':
			ot_compat_parse(optarg);
			break;
		case 'E':
			encfile = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'o':
			metafile = optarg;
			break;
		case 'R':
			ot_ruleset_parse(&meta.rules, optarg, "--rules");
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if (metafile == NULL || argc - optind > 1)
		usage(stderr, 2);
	ot_ruleset_no_config(meta.rules.n > 0, config);
	if (config != NULL)
		cfg = ot_config_use(config);
	if (ot_keysrc_kex(&ks)) {
		/* key exchange: public-key fingerprints, no secret hashes */
		if (encfile != NULL)
			errx(2, "--encryption-key-file and --keypair both give "
			    "the encryption key: give one");
		ot_meta_kex(&meta, ks.keypair, ks.peer);
	} else {
		if (ot_secret_load_optional(&secret, ks.file, ks.raw,
		    "OT_HASHING_SECRET", "hashing secret"))
			ot_secret_hash(&secret, meta.hashing_hash);
		ot_secret_wipe(&secret);
		if (ot_secret_load_optional(&secret, encfile, ks.raw,
		    "OT_ENCRYPTION_KEY", "encryption key"))
			ot_secret_hash(&secret, meta.encryption_hash);
		ot_secret_wipe(&secret);
	}
	rc = ot_meta_tap(optind < argc ? argv[optind] : "-", 1, "stdout",
	    &meta, metafile, cfg);
	ot_config_free(cfg);
	return rc;
}
