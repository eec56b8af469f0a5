/* ot-encrypt: hash-only tokens in, the reference's encrypted tokens out. */
#include "cli.h"
#include "person/compat.h"
#include "progress.h"
#include "token/jwe.h"
#include "share/kex.h"
#include "share/keysrc.h"
#include "secret.h"
#include "token/tokens.h"
#include "uuid.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <err.h>
#include <openssl/evp.h>

enum { OPT_FORMAT = 0x200, OPT_ALG, OPT_RING, OPT_RECIPIENT, OPT_COMPAT };

static const struct ot_help help[] = {
	OT_KEYSRC_HELP("encryption key"),
	{ "--format=FORMAT", "legacy (the default) or v1 (ot.V1 JWE tokens)" },
	{ "--alg=ALG", "V1 key management: dir, A256GCMKW or ECDH-ES+A256KW" },
	{ "--ring-id=ID", "V1: the ring id the tokens carry" },
	{ "--recipient=PEM", "V1 ECDH-ES+A256KW: the receiver's public key" },
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
	    "[--keypair pem] [--peer-key pem] [--private-key-env var]\n"
	    "                  [--format legacy | v1] [--alg alg] "
	    "[--ring-id id] [--recipient pem]\n"
	    "                  [--compat profile] "
"[--output-type csv | parquet] [-o file] [file ...]\n", help);
}

/* The V1 options: their checks, the default ring id, the recipient. */
static void v1_setup(struct ot_token_opts *o, const char *alg,
    const char *recipient, const struct ot_keysrc *ks, char ring[37])
{
	if (!o->v1) {
		if (alg != NULL || o->ring != NULL || recipient != NULL)
			errx(2, "--alg, --ring-id and --recipient make V1 "
			    "tokens: give --format v1 too");
		return;
	}
	if (alg != NULL && (o->v1_alg = ot_v1_alg_parse(alg)) < 0)
		errx(2, "--alg %s: not dir, A256GCMKW or ECDH-ES+A256KW", alg);
	if (o->v1_alg == OT_V1_ECDH_ES) {
		if (recipient == NULL)
			errx(2, "--alg ECDH-ES+A256KW wraps to a receiver's "
			    "public key: give --recipient");
		if (ks->file != NULL || ks->keypair != NULL || ks->peer != NULL)
			errx(2, "--alg ECDH-ES+A256KW uses no encryption key: "
			    "drop -k, --keypair and --peer-key");
		o->recipient = ot_key_load_public(recipient);
	} else if (recipient != NULL)
		errx(2, "--recipient is for --alg ECDH-ES+A256KW");
	if (o->ring == NULL) {
		ot_uuid4(ring);
		o->ring = ring;
		/* the user needs it to tell this run's tokens apart */
		warnx("ring id %s (give --ring-id to choose one)", ring);
	}
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		OT_KEYSRC_OPTIONS,
		{ "alg", required_argument, NULL, OPT_ALG },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "recipient", required_argument, NULL, OPT_RECIPIENT },
		{ "ring-id", required_argument, NULL, OPT_RING },
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
	const char *output = NULL, *alg = NULL, *recipient = NULL;
	char ring[37];
	int ch, rc;

	ot_compat_parse(NULL);
	while ((ch = getopt_long(argc, argv, "hk:o:PV", opts, NULL)) != -1) {
		if (ot_keysrc_option(&ks, ch, optarg))
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
		case OPT_ALG:
			alg = optarg;
			break;
		case OPT_RING:
			if (*optarg == '\0' || strlen(optarg) > 127)
				errx(2, "--ring-id: 1 to 127 bytes");
			o.ring = optarg;
			break;
		case OPT_RECIPIENT:
			recipient = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	ot_progress_start(progress);
	v1_setup(&o, alg, recipient, &ks, ring);
	/* the key-exchange workflow encrypts blanks like any token */
	o.encrypt_blanks = ot_keysrc_kex(&ks);
	if (!(o.v1 && o.v1_alg == OT_V1_ECDH_ES))
		ot_keysrc_load(&ks, OT_ENCRYPTION, &key);
	rc = ot_encrypt_files(&key, &o, argv + optind, argc - optind,
	    ot_open_output(output, argv + optind, argc - optind),
	    output ? output : "stdout");
	ot_secret_wipe(&key);
	EVP_PKEY_free(o.recipient);
	ot_progress_end();
	return ot_close_output(rc);
}
