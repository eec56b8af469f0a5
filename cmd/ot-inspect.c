/* ot-inspect: what a token file holds, without a key (and with one, what
 * its V1 tokens' payloads say). */
#include "cli.h"
#include "meta/meta.h"
#include "secret.h"
#include "share/kex.h"
#include "share/xreport.h"
#include "token/crypto.h"
#include "token/inspect.h"
#include "token/creport.h"
#include "token/tokens.h"
#include "token/v1cli.h"

#include <err.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>

static const struct ot_help help[] = {
	{ "-j, --json", "write one JSON array, an object per file" },
	{ "-k, --key-file=FILE", "open V1 tokens of dir and A256GCMKW with the encryption key in FILE" },
	{ "--raw-key-files", "take key files byte for byte (no final newline dropped)" },
	OT_V1_READ_HELP,
	{ "--exchange-config=FILE", "report on an OpenLinkToken 2.x exchange config instead (with --private-key: opened with our key, its payload too)" },
	{ "--config=FILE", "report on a tokenization config (YAML): its fields, rules and hash" },
	OT_HELP_OUTPUT,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-inspect [-hjV] [-k keyfile] [--raw-key-files] "
	    "[--private-key pem | --private-key-env var | --ring file]\n"
	    "                  [-o file] [file ...]\n"
	    "       ot-inspect [-hjV] [-o file] --exchange-config file "
	    "[--private-key pem | --private-key-env var]\n"
	    "       ot-inspect [-hjV] [-o file] --config file\n", help);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "raw-key-files", no_argument, NULL, 'R' },
		OT_V1_READ_OPTIONS,
		{ "output", required_argument, NULL, 'o' },
		{ "exchange-config", required_argument, NULL, 'X' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_secret key;
	struct ot_v1_rcli rc1 = { NULL, NULL, false };
	struct ot_v1_keys vk = { NULL, NULL, NULL, NULL };
	struct ot_ring *ring;
	const char *output = NULL, *keyfile = NULL, *config = NULL,
	    *tconfig = NULL;
	bool json = false, raw = false;
	FILE *out;
	int ch, i, rc;

	while ((ch = getopt_long(argc, argv, "hjk:o:V", opts, NULL)) != -1) {
		if (ot_v1_rcli_option(&rc1, ch, optarg))
			continue;
		switch (ch) {
		case 'j':
			json = true;
			break;
		case 'k':
			keyfile = optarg;
			break;
		case 'R':
			raw = true;
			break;
		case 'o':
			output = optarg;
			break;
		case 'X':
			config = optarg;
			break;
		case 'c':
			tconfig = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if ((config != NULL || tconfig != NULL) && (optind != argc ||
	    keyfile != NULL || rc1.ring != NULL))
		usage(stderr, 2);
	if (config != NULL && tconfig != NULL)
		errx(2, "--exchange-config and --config: give one");
	/* keys only when asked for: a report needs none */
	if (keyfile != NULL) {
		ot_secret_load(&key, keyfile, raw, NULL, "encryption key", "-k");
		ot_require_key_len(&key);
		vk.key = key.buf;
	}
	ot_v1_rcli_load(&rc1, raw, &vk.own, &ring);
	vk.own_name = rc1.private_key;
	vk.ring = ring;
	/* a config's rules, as ot-match will know them */
	for (i = optind; tconfig == NULL && config == NULL && i < argc; i++)
		ot_meta_learn_config_rules(argv[i]);
	if ((out = fdopen(ot_open_output(output, argv + optind,
	    argc - optind), "w")) == NULL)
		err(1, "%s", output != NULL ? output : "stdout");
	rc = tconfig != NULL ? ot_config_report(tconfig, json, out) :
	    config != NULL ? ot_exchange_report(config, vk.own, json, out) :
	    ot_inspect_files(argv + optind, argc - optind, json, out,
	    vk.key != NULL || vk.own != NULL || vk.ring != NULL ? &vk : NULL);
	ot_secret_wipe(&key);
	EVP_PKEY_free(vk.own);
	ot_ring_free(ring);
	if (fflush(out) == EOF || ferror(out) || fclose(out) == EOF)
		err(1, "%s", output != NULL ? output : "stdout");
	return ot_close_output(rc);
}
