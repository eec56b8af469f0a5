/* ot-hash: signatures in, the reference's hash-only tokens out (or those
 * of other hash and MAC algorithms, for V1 tokens). */
#include "cli.h"
#include "person/compat.h"
#include "progress.h"
#include "share/keysrc.h"
#include "secret.h"
#include "token/algs.h"
#include "token/tokens.h"
#include "token/v1cli.h"

#include <err.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static const struct ot_help help[] = {
	OT_KEYSRC_HELP("hashing secret"),
	{ "--hash-alg=ALG", "hash SHA-256 (the reference's), SHA-384, SHA-512, SHA3-256, SHA3-384, SHA3-512" },
	{ "--mac-alg=ALG", "MAC HS256 (the reference's), HS384, HS512, HS3-256, HS3-384, HS3-512" },
	{ "--sha256-only", "2.x hash-only: the bare SHA-256 of each signature, no secret (never to share)" },
	{ "--hash-record-ids", "write each RecordId as its SHA-256 (2.x)" },
	OT_COMPAT_HELP,
	OT_HELP_OUTPUT_TYPE,
	OT_HELP_OUTPUT,
	OT_HELP_PROGRESS,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-hash [-hPV] [-k keyfile] [--raw-key-files] "
	    "[--keypair pem] [--peer-key pem] [--keypair-env var]\n"
	    "               [--hash-alg alg] [--mac-alg alg] "
	    "[--sha256-only] [--hash-record-ids]\n"
	    "               [--compat profile] [--output-type csv | parquet] "
	    "[-o file] [file ...]\n", help);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		OT_KEYSRC_OPTIONS,
		OT_ALGS_OPTIONS,
		{ "output", required_argument, NULL, 'o' },
		{ "progress", optional_argument, NULL, 'P' },
		{ "output-type", required_argument, NULL, 'T' },
		{ "sha256-only", no_argument, NULL, 'S' },
		{ "hash-record-ids", no_argument, NULL, 'I' },
		{ "compat", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_secret secret;
	struct ot_keysrc ks = { NULL, false, NULL, NULL };
	enum ot_progress_when progress = OT_PROGRESS_NEVER;
	const char *output = NULL, *hash = NULL, *mac = NULL;
	struct ot_hash_opts o = { false, 0, 0, false, false };
	int ch, rc, h, m;

	ot_compat_parse(NULL);
	while ((ch = getopt_long(argc, argv, "hk:o:PV", opts, NULL)) != -1) {
		if (ot_keysrc_option(&ks, ch, optarg) ||
		    ot_algs_option(&hash, &mac, ch, optarg))
			continue;
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case 'P':
			progress = ot_progress_parse(optarg);
			break;
		case 'T':
			o.parquet = ot_output_type(optarg);
			break;
		case 'S':
			o.sha256_only = true;
			break;
		case 'I':
			o.hash_record_ids = true;
			break;
		case 'C':
			ot_compat_parse(optarg);
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	ot_algs_args(hash, mac, &h, &m);
	o.hash = h < 0 ? OT_SHA256 : h;
	o.mac = m < 0 ? OT_HS256 : m;
	if (o.sha256_only) {
		if (ks.file != NULL || ks.keypair != NULL || ks.peer != NULL)
			errx(2, "--sha256-only takes no secret: its tokens are "
			    "the bare SHA-256 of each signature");
		if (hash != NULL || mac != NULL)
			errx(2, "--sha256-only tokens are SHA-256 with no MAC: "
			    "not with --hash-alg or --mac-alg");
		if (o.hash_record_ids)
			errx(2, "--hash-record-ids goes with keyed tokens, as "
			    "in the 2.x reference: not with --sha256-only");
		ot_warn_sha256_only();
	}
	ot_progress_start(progress);
	if (!o.sha256_only) {
		ot_keysrc_load(&ks, OT_HASHING, &secret);
		ot_secret_warn_weak(&secret, "hashing secret");
	}
	rc = ot_hash_files(&secret, &o, argv + optind, argc - optind,
	    ot_open_output(output, argv + optind, argc - optind),
	    output ? output : "stdout");
	ot_secret_wipe(&secret);
	ot_progress_end();
	return ot_close_output(rc);
}
