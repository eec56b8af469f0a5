/* ot-match: which of our records are the partner's, by which rules. */
#include "share/audit.h"
#include "cli.h"
#include "progress.h"
#include "token/crypto.h"
#include "share/kex.h"
#include "share/keysrc.h"
#include "token/jwe.h"
#include "token/oltv1.h"
#include "match/match.h"
#include "share/oltpkg.h"
#include "match/origin.h"
#include "meta/meta.h"
#include "share/package.h"
#include "secret.h"
#include "token/tokens.h"
#include "token/v1cli.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

/* Of -m, what a record id map leaves to the program and the join. */
#define OT_MAP_RESERVE	((size_t)16 << 20)

static const struct ot_help help[] = {
	{ "--rules=LIST", "only these rules count, e.g. T1,T3" },
	{ "--min-rules=N", "a pair needs N agreeing rules" },
	{ "--threshold=N", "a pair needs a score of N points (4; 0: every candidate)" },
	{ "--one-to-one", "keep each record's best partner, ties reported (the default)" },
	{ "--all-pairs", "keep every pair at the threshold, not only best partners" },
	{ "--truth=FILE", "measure precision and recall against FILE's true pairs" },
	{ "--max-group=N", "a token held by more than N records of a side makes no pair (1000)" },
	{ "--ours-metadata=FILE", "our tokens' metadata (default: beside ours)" },
	{ "--theirs-metadata=FILE", "theirs' metadata (default: beside theirs, or the package's)" },
	{ "--no-metadata", "match the sides whatever their metadata say made them" },
	{ "--summary=FILE", "write the summary as JSON to FILE" },
	{ "-m, --memory=SIZE", "the memory budget, e.g. 512M; past it, join on disk" },
	{ "-o, --output=FILE", "write the pairs to FILE, put in place only on success" },
	OT_KEYSRC_HELP("encryption key (for encrypted tokens)"),
	OT_V1_READ_HELP,
	OT_V1_EXPIRY_HELP,
	{ "--hash-alg=ALG", "the hash of hash-only tokens, and of every V1 token's (default SHA-256)" },
	{ "--mac-alg=ALG", "the MAC of hash-only tokens, and of every V1 token's (default HS256)" },
	{ "--exchange-config=FILE", "an OpenLinkToken 2.x exchange config: its transport key opens olt.V1 tokens" },
	{ "--record-id-map=FILE", "write our opaque ids (ot --record-id-map) as our own record ids" },
	{ "--pairs=FILE", "with --record-id-map: a partner's pairs back in our ids, no matching" },
	{ "-v, --verbose", "print the summary as a table on stderr" },
	OT_HELP_PROGRESS,
	OT_HELP_AUDIT,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-match [-hPvV] [--rules list] [--min-rules n] "
	    "[--threshold n]\n"
	    "                [--one-to-one | --all-pairs] [--truth file] "
	    "[--max-group n]\n"
	    "                [--summary file] [-m size] [-o file]\n"
	    "                [--ours-metadata file] [--theirs-metadata file] "
	    "[--no-metadata]\n"
	    "                [-k keyfile] [--raw-key-files] [--keypair pem] "
	    "[--peer-key pem] [--keypair-env var]\n"
	    "                [--private-key pem | --private-key-env var | --ring file] "
	    "[--ignore-expiry]\n"
	    "                [--hash-alg alg] [--mac-alg alg] "
	    "[--exchange-config file] [--record-id-map file]\n"
	    "                [--audit-log file] ours theirs\n"
	    "       ot-match [-hV] --record-id-map file --pairs file [-m size] "
	    "[-o file] [--audit-log file]\n", help);
}

/* Where a side's metadata is: the file named, or the one beside the
 * token file when there is one (NULL: none to read). */
static char *metadata_of(const char *named, const char *tokens)
{
	char *path;

	if (named != NULL)
		return strdup(named);
	if (strcmp(tokens, "-") == 0)
		return NULL;
	path = ot_metadata_path(tokens);
	if (access(path, F_OK) == 0)
		return path;
	free(path);
	return NULL;
}

/* Refuse two sides whose metadata say their tokens cannot agree: made
 * with two hashing secrets, or two pairs of keys.  Returns the exit
 * status; *agree when they were compared and agree. */
static int check_origins(const char *const where[2], const char *const names[2],
    struct ot_origin o[2], bool *agree, char *how, size_t n)
{
	switch (ot_origins_agree(&o[0], &o[1], how, n)) {
	case OT_DISAGREE:
		warnx("%s and %s share no token: they were made with %s, as "
		    "%s and %s say (--no-metadata matches them anyway)",
		    names[0], names[1], how, where[0], where[1]);
		return 1;
	case OT_AGREE:
		*agree = true;
		break;
	default:
		break;
	}
	return 0;
}

/* What a record id map may take of -m: all but the program's own 8 MiB
 * and the join's smallest budget, 8 MiB. */
static size_t map_budget(size_t mem)
{
	return mem > OT_MAP_RESERVE ? mem - OT_MAP_RESERVE : 0;
}

/* --pairs: a partner's pairs file back in our own ids. */
static int unmap(const char *pairs, const char *idmap, size_t mem,
    const char *output, const char *audit, int argc, char *argv[])
{
	struct ot_idmap_table *t;
	char *in[1] = { (char *)(uintptr_t)pairs };
	int rc;

	if (idmap == NULL || argc != optind)
		usage(stderr, 2);
	ot_audit_start(audit, "ot-match", "pairs", argc, argv, NULL);
	ot_audit_input("pairs", pairs, false);
	if ((t = ot_idmap_load(idmap, map_budget(mem), "-m")) == NULL)
		return 1;
	rc = ot_match_unmap(pairs, t, ot_open_output(output, in, 1),
	    output != NULL ? output : "stdout");
	ot_idmap_free(t);
	return ot_audit_end(ot_close_output(rc));
}

static int parse_rules(char *list, const char **rules)
{
	int n = 0;
	char *r;

	for (r = strtok(list, ","); r != NULL; r = strtok(NULL, ",")) {
		if (n == OT_MATCH_MAX_RULES || strlen(r) > 32)
			errx(2, "--rules: at most %d names of 32 characters",
			    OT_MATCH_MAX_RULES);
		rules[n++] = r;
	}
	if (n == 0)
		errx(2, "--rules: name one rule at least (e.g. T1,T3)");
	return n;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		OT_KEYSRC_OPTIONS,
		OT_V1_READ_OPTIONS,
		OT_V1_EXPIRY_OPTIONS,
		OT_ALGS_OPTIONS,
		{ "rules", required_argument, NULL, 'r' },
		{ "min-rules", required_argument, NULL, 'n' },
		{ "one-to-one", no_argument, NULL, '1' },
		{ "all-pairs", no_argument, NULL, 'a' },
		{ "threshold", required_argument, NULL, 't' },
		{ "truth", required_argument, NULL, 'T' },
		{ "max-group", required_argument, NULL, 'g' },
		{ "ours-metadata", required_argument, NULL, 'A' },
		{ "theirs-metadata", required_argument, NULL, 'B' },
		{ "no-metadata", no_argument, NULL, 'N' },
		{ "summary", required_argument, NULL, 's' },
		{ "memory", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "progress", optional_argument, NULL, 'P' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "exchange-config", required_argument, NULL, 'X' },
		{ "record-id-map", required_argument, NULL, 'M' },
		{ "pairs", required_argument, NULL, 'p' },
		OT_AUDIT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *rules[OT_MATCH_MAX_RULES];
	static struct ot_secret key;
	static struct ot_match_stats st;
	struct ot_keysrc ks = { NULL, false, NULL, NULL };
	struct ot_match_opts o = { .min_rules = 1, .mem = 256 << 20,
	    .max_group = OT_MATCH_MAX_GROUP, .threshold = OT_MATCH_THRESHOLD,
	    .one_to_one = true, .hash_alg = -1, .mac_alg = -1 };
	bool one = false, all = false;
	struct ot_match_input in[2];
	struct ot_origin origin[2];
	const char *meta_named[2] = { NULL, NULL }, *where[2], *names[2];
	char *meta[2] = { NULL, NULL }, how[256] = "";
	bool check = true;
	unsigned long long n;
	struct ot_package pkg;
	EVP_PKEY *own = NULL;
	enum ot_progress_when progress = OT_PROGRESS_NEVER;
	const char *output = NULL, *summary = NULL, *config = NULL,
	    *audit = NULL, *idmap = NULL, *pairs = NULL;
	struct ot_cipher *cipher = NULL;
	struct ot_v1_rcli rc1 = { NULL, NULL, false };
	struct ot_v1_keys vk = { NULL, NULL, NULL, NULL };
	struct ot_ring *ring = NULL;
	const char *hash = NULL, *mac = NULL;
	EVP_PKEY *own_v1 = NULL;
	struct ot_oltv1 *olt = NULL;
	struct ot_oltpkg opkg;
	struct ot_exchange x;
	bool package = false, olt_package = false;
	char *end;
	int ch, rc = 0, i;

	while ((ch = getopt_long(argc, argv, "hk:m:o:PvV", opts, NULL)) != -1) {
		if (ot_keysrc_option(&ks, ch, optarg) ||
		    ot_v1_rcli_option(&rc1, ch, optarg) ||
		    ot_algs_option(&hash, &mac, ch, optarg))
			continue;
		switch (ch) {
		case 'r':
			o.nrules = parse_rules(optarg, rules);
			o.rules = rules;
			break;
		case 'n':
			o.min_rules = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg || o.min_rules < 1 ||
			    o.min_rules > OT_MATCH_MAX_RULES)
				errx(2, "--min-rules %s: not a number of rules",
				    optarg);
			break;
		case '1':
			one = true;
			break;
		case 'a':
			all = true;
			o.one_to_one = false;
			break;
		case 't':
			n = strtoull(optarg, &end, 10);
			if (*end != '\0' || end == optarg || *optarg == '-' ||
			    n > OT_MATCH_MAX_SCORE)
				errx(2, "--threshold %s: not a score from 0 to %d",
				    optarg, OT_MATCH_MAX_SCORE);
			o.threshold = (int)n;
			break;
		case 'T':
			o.truth = optarg;
			break;
		case 'g':
			n = strtoull(optarg, &end, 10);
			if (*end != '\0' || end == optarg || *optarg == '-' ||
			    n < 1)
				errx(2, "--max-group %s: not a number of records",
				    optarg);
			o.max_group = n;
			break;
		case 'A':
			meta_named[0] = optarg;
			break;
		case 'B':
			meta_named[1] = optarg;
			break;
		case 'N':
			check = false;
			break;
		case 's':
			summary = optarg;
			break;
		case 'm':
			o.mem = ot_parse_size("-m", optarg, 16 << 10);
			break;
		case 'o':
			output = optarg;
			break;
		case 'P':
			progress = ot_progress_parse(optarg);
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'X':
			config = optarg;
			break;
		case OT_OPT_AUDIT:
			audit = optarg;
			break;
		case 'M':
			idmap = optarg;
			break;
		case 'p':
			pairs = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if (one && all)
		errx(2, "--one-to-one keeps each record's best partner, "
		    "--all-pairs every pair: give one");
	if (pairs != NULL)
		return unmap(pairs, idmap, o.mem, output, audit, argc, argv);
	if (argc - optind != 2)
		usage(stderr, 2);
	ot_algs_args(hash, mac, &o.hash_alg, &o.mac_alg);
	o.ignore_expiry = rc1.ignore_expiry;
	ot_audit_start(audit, "ot-match", NULL, argc, argv, NULL);
	/* the map is held within -m; the join has what it leaves */
	if (idmap != NULL) {
		if ((o.idmap = ot_idmap_load(idmap, map_budget(o.mem),
		    "-m")) == NULL)
			return 1;
		o.mem -= ot_idmap_bytes(o.idmap);
	}
	ot_audit_input("ours", argv[optind], false);
	ot_audit_input("theirs", argv[optind + 1], false);
	ot_audit_input("exchange-config", config, false);
	ot_progress_start(progress);
	if (strcmp(argv[optind], "-") == 0 && strcmp(argv[optind + 1], "-") == 0)
		errx(2, "only one of the two inputs can be standard input");
	memset(in, 0, sizeof(in));
	in[0].path = argv[optind];
	in[1].path = argv[optind + 1];
	ot_meta_warn_profiles(in[0].path, in[1].path);
	/* a config's rules are joined like T1..T4 */
	ot_meta_learn_config_rules(in[0].path);
	ot_meta_learn_config_rules(in[1].path);
	/* an OpenLinkToken 2.x exchange: the transport key opens all, and
	 * --private-key is our key in it, not a V1 token's */
	if (config != NULL || (ot_is_package(in[1].path) &&
	    (rc = ot_package_generation(in[1].path)) == 2)) {
		if (rc1.private_key != NULL && ks.keypair != NULL)
			errx(2, "--private-key and --keypair both name our "
			    "key: give one");
		if (rc1.ring != NULL)
			errx(2, "%s: a 2.x exchange's tokens are read with its "
			    "transport key: --ring is for V1 tokens",
			    config != NULL ? config : in[1].path);
		if (rc1.private_key != NULL)
			ks.keypair = rc1.private_key;
		rc1.private_key = NULL;
		if (ks.keypair == NULL || ks.file != NULL || ks.peer != NULL)
			errx(2, "%s: a 2.x exchange's tokens are read with our "
			    "private key (--private-key), and no other key",
			    config != NULL ? config : in[1].path);
		own = ot_key_load_private(ks.keypair);
		if (ot_is_package(in[1].path)) {
			if (ot_oltpkg_open(&opkg, in[1].path, own, config) != 0)
				return 1;
			key = opkg.key;
			in[1].path = opkg.tokens;
			in[1].name = opkg.display;
			olt_package = true;
		} else {
			if (ot_exchange_use(&x, config, own, &key) != 0)
				return 1;
			ot_exchange_free(&x);
		}
		/* its metadata were checked against the exchange */
		check = !olt_package && check;
	} else if (ot_is_package(in[1].path) && rc < 0)
		return 1;
	/* a partner's package: its tokens, and the key from its sender key */
	else if (ot_is_package(in[1].path)) {
		if (ks.keypair == NULL || ks.file != NULL)
			errx(2, "%s: a package is read with --keypair, the "
			    "receiver's private key", in[1].path);
		if (meta_named[1] != NULL)
			errx(2, "--theirs-metadata: %s carries its metadata",
			    in[1].path);
		own = ot_key_load_private(ks.keypair);
		if (ot_package_open(&pkg, in[1].path, own) != 0)
			return 1;
		ot_kex_derive(own, ks.keypair, pkg.sender, pkg.display, NULL,
		    &key);
		in[1].path = pkg.tokens;
		in[1].name = pkg.display;
		package = true;
	} else if (ks.file != NULL || ks.keypair != NULL || ks.peer != NULL)
		ot_keysrc_load(&ks, OT_ENCRYPTION, &key);
	/* each side's metadata, when both are at hand: the package's were
	 * checked against its keys when it was opened */
	for (i = 0, rc = 0; i < 2 && check && rc == 0; i++) {
		names[i] = argv[optind + i];
		if (i == 1 && package) {
			ot_origin_keys(&origin[1], pkg.sender, own);
			where[1] = "the package";
		} else if ((meta[i] = metadata_of(meta_named[i],
		    argv[optind + i])) == NULL)
			check = false;
		else if ((rc = ot_origin_file(&origin[i], meta[i])) == 0) {
			where[i] = meta[i];
			ot_audit_input(i == 0 ? "ours-metadata" :
			    "theirs-metadata", meta[i], false);
		}
	}
	if (rc == 0 && check)
		rc = check_origins(where, names, origin, &o.keys_agree, how,
		    sizeof(how));
	EVP_PKEY_free(own);
	free(meta[0]);
	free(meta[1]);
	if (rc != 0) {
		ot_secret_wipe(&key);
		if (package)
			ot_package_close(&pkg);
		if (olt_package)
			ot_oltpkg_close(&opkg);
		return rc;
	}
	ot_v1_rcli_load(&rc1, ks.raw, &own_v1, &ring);
	vk.own = own_v1;
	vk.own_name = rc1.private_key;
	vk.ring = ring;
	if (key.len > 0) {
		ot_require_key_len(&key);
		cipher = ot_cipher_new(key.buf, false);
		vk.key = key.buf;
		olt = ot_oltv1_reader(key.buf);
		in[0].olt = in[1].olt = olt;
		in[0].cipher = in[1].cipher = cipher;
	}
	/* a reader per side: each keeps the header it read last */
	if (vk.key != NULL || vk.own != NULL || vk.ring != NULL) {
		in[0].v1 = ot_v1_reader(&vk);
		in[1].v1 = ot_v1_reader(&vk);
	}
	rc = ot_match(in, &o, ot_open_output(output, argv + optind, 2),
	    output != NULL ? output : "stdout", &st);
	ot_progress_end();
	ot_cipher_free(cipher);
	ot_v1_free(in[0].v1);
	ot_v1_free(in[1].v1);
	ot_oltv1_free(olt);
	ot_secret_wipe(&key);
	EVP_PKEY_free(own_v1);
	ot_ring_free(ring);
	if (package)
		ot_package_close(&pkg);
	if (olt_package)
		ot_oltpkg_close(&opkg);
	/* the summary first, so that the audit log's event, written before
	 * the first output is put in place, has both */
	if (rc == 0)
		ot_match_audit(&st, &o, o.keys_agree ? how : NULL);
	if (rc == 0 && summary != NULL)
		rc = ot_match_summary_json(&st, &o, o.keys_agree ? how : NULL,
		    summary);
	if ((rc = ot_close_output(rc)) != 0)
		return ot_audit_end(rc);
	if (o.verbose)
		ot_match_summary_table(&st);
	ot_idmap_free((struct ot_idmap_table *)(uintptr_t)o.idmap);
	return ot_audit_end(rc);
}
