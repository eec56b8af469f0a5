/* ot: the OpenToken reference CLI's options, over the ot-* pipeline. */
#include "share/audit.h"
#include "cli.h"
#include "token/ruleset.h"
#include "share/secretfd.h"
#include "person/compat.h"
#include "run/engine.h"
#include "run/frontend.h"
#include "run/olt.h"
#include "progress.h"
#include "share/kex.h"
#include "share/package.h"
#include "secret.h"
#include "token/loss.h"
#include "token/tokens.h"
#include "token/config.h"
#include "token/v1cli.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/evp.h>

static const struct ot_help help[] = {
	{ "-i, --input=FILE", "the person records (with -d, the tokens) to read" },
	{ "-t, --type=TYPE", "the input type: csv or parquet" },
	{ "-o, --output=FILE", "the token file; its metadata goes beside it" },
	{ "-ot, --output-type=TYPE", "the output type: csv or parquet (default: the input's)" },
	{ "--hash-only", "write hash-only tokens (HMAC-SHA256 with the secret), not encrypted ones" },
	{ "--sha256-only", "2.x hash-only tokens: the bare SHA-256, no secret (never to share)" },
	{ "--hash-record-ids", "write each RecordId as its SHA-256 (2.x)" },
	{ "--record-id-map=FILE", "write a random UUID for each RecordId, and the map (ours,opaque) to FILE, 0600" },
	OT_COMPAT_HELP,
	OT_CONFIG_HELP,
	{ "-d, --decrypt", "decrypt the token file -i into -o" },
	{ "--hashing-secret-file=FILE", "read the hashing secret from FILE" },
	{ "--encryption-key-file=FILE", "read the 32-byte encryption key from FILE" },
	{ "--raw-key-files", "take key files byte for byte (no final newline dropped)" },
	{ "-h, --hashingsecret=SECRET", "the hashing secret itself (ps shows it: avoid)" },
	{ "-e, --encryptionkey=KEY", "the encryption key itself (ps shows it: avoid)" },
	{ "--format=FORMAT", "legacy (the default) or v1 (ot.V1 JWE tokens)" },
	OT_V1_WRITE_HELP,
	{ "--vector-column=COL", "V1: a T8 vector token per record from column COL (with --ppid-dims)" },
	OT_V1_READ_HELP,
	OT_V1_EXPIRY_HELP,
	{ "--strict", "a missing attribute column is an error (exit 2), not a warning" },
	{ "--delimiter=C", "input fields separated by C (';', '|', tab...), not commas" },
	OT_HELP_RULES,
	{ "--progress[=WHEN]", "show progress on stderr: auto (a terminal), always, never" },
	{ "-j, --jobs=N", "tokenize on N threads (default: the online CPUs)" },
	{ "--pipeline", "run the ot-* programs joined by pipes instead of threads" },
	{ "--output-dir=DIR", "generate-keypair: where to write the key pair" },
	{ "--ecdh-curve=CURVE", "P-256, P-384 (the default) or P-521" },
	{ "--receiver-public-key=PEM", "tokenize: the receiver's public key" },
	{ "--sender-keypair-path=PEM", "tokenize: our key pair (default ~/.opentoken/keypair.pem)" },
	{ "--generate-sender-keypair", "tokenize: make our key pair if it does not exist" },
	{ "--receiver-keypair-path=PEM", "decrypt: our key pair (default ~/.opentoken/keypair.pem)" },
	{ "--sender-public-key=PEM", "decrypt: the sender's public key (a package holds it)" },
	OT_HELP_AUDIT,
	{ "--help", "show this help and exit" },
	{ "-V, --version", "show the version and exit" },
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot [-V] [--help] -i input -t csv|parquet -o output "
	    "[-ot csv|parquet] [--hash-only | --sha256-only] [-d] "
	    "[--hashing-secret-file file] "
	    "[--encryption-key-file file] [--raw-key-files] [-h secret] "
	    "[-e key] [--format legacy|v1] [--ring-id id] [--alg alg] "
	    "[--recipient pem] [--hash-alg alg] [--mac-alg alg] "
	    "[--expires-in duration] [--not-before time] [--issuer iss] "
	    "[--legacy-ppid] [--vector-column col --ppid-dims n] "
	    "[--private-key pem | --private-key-env var | --ring file] "
	    "[--ignore-expiry] [--strict] [--delimiter c] "
	    "[--compat profile] [--config file] "
	    "[--hash-record-ids | --record-id-map file] [--rules list] "
	    "[--progress[=when]] [-j jobs | --pipeline] [--audit-log file]\n"
	    "       ot generate-keypair [--output-dir dir] [--ecdh-curve curve] "
	    "[--audit-log file]\n"
	    "       ot tokenize -i input -t csv|parquet -o output "
	    "[-ot csv|parquet] --receiver-public-key pem "
	    "[--sender-keypair-path pem] [--hash-only] [--ecdh-curve curve] "
	    "[--private-key-env var] [--generate-sender-keypair] [--strict] [--delimiter c] "
	    "[--compat profile] [--config file] "
	    "[--hash-record-ids | --record-id-map file] [--rules list] "
	    "[--progress[=when]] [-j jobs | --pipeline] [--audit-log file]\n"
	    "       ot decrypt -i input -t csv|parquet -o output "
	    "[-ot csv|parquet] [--receiver-keypair-path pem | --private-key-env var] "
	    "[--sender-public-key pem] [--ecdh-curve curve] "
	    "[--progress[=when]] [--audit-log file]\n"
	    "       ot olt command [argument ...]\n", help);
}

/* Options of the subcommands, beyond the characters of the flag CLI. */
enum {
	OPT_HELP = 0x200, OPT_OUTDIR, OPT_CURVE, OPT_RECEIVER_PUB,
	OPT_SENDER_KP, OPT_GENERATE, OPT_RECEIVER_KP, OPT_SENDER_PUB,
	OPT_HASH_ONLY, OPT_OTYPE, OPT_PROGRESS, OPT_PIPELINE, OPT_STRICT,
	OPT_DELIMITER, OPT_RULES, OPT_COMPAT, OPT_HASH_IDS, OPT_SHA256,
	OPT_IDMAP, OPT_KEY_ENV, OPT_CONFIG
};

/* -j N and --pipeline, which both subcommand and flag forms take. */
struct jobs_opt {
	int jobs;		/* -1: not given */
	bool pipeline;
};

/* The options of how the job runs, which both forms take (and which the
 * flag form refuses with -d): whether ch was one. */
static bool run_option(struct ot_job *job, struct jobs_opt *o, int ch,
    const char *arg)
{
	char *end;
	long n;

	switch (ch) {
	case 'j':
		errno = 0;
		n = strtol(arg, &end, 10);
		if (errno != 0 || end == arg || *end != '\0' || n < 1 ||
		    n > 256)
			errx(2, "-j %s: not a number of jobs from 1 to 256", arg);
		o->jobs = (int)n;
		return true;
	case OPT_PIPELINE:
		o->pipeline = true;
		return true;
	case OPT_PROGRESS:
		job->progress = ot_progress_parse(arg);
		return true;
	case OPT_STRICT:
		job->strict = true;
		return true;
	case OPT_DELIMITER:
		(void)ot_parse_delimiter(arg);
		job->delimiter = arg;
		return true;
	case OPT_RULES:
		ot_ruleset_parse(&job->rules, arg, "--rules");
		return true;
	case OPT_COMPAT:
		ot_compat_parse(arg);
		return true;
	case OPT_HASH_IDS:
		job->hash_record_ids = true;
		return true;
	case OPT_IDMAP:
		job->record_id_map = arg;
		return true;
	case OPT_CONFIG:
		job->config_path = arg;
		return true;
	default:
		return false;
	}
}

/* The job's threads: -j, else every online CPU; 0 with --pipeline. */
static void set_jobs(struct ot_job *job, const struct jobs_opt *o)
{
	if (job->record_id_map != NULL && (o->pipeline || job->v1 ||
	    job->hash_record_ids || job->decrypt))
		errx(2, "--record-id-map replaces the record ids of new tokens "
		    "on ot's threads: not with %s", o->pipeline ? "--pipeline" :
		    job->v1 ? "--format v1" : job->hash_record_ids ?
		    "--hash-record-ids" : "-d");
	if (o->pipeline && o->jobs >= 0)
		errx(2, "-j runs ot's pipeline on threads, --pipeline as the "
		    "ot-* programs: give one");
	job->jobs = o->pipeline ? 0 : o->jobs >= 0 ? o->jobs :
	    ot_engine_cpus();
}

/* The reference spells --output-type "-ot", which getopt cannot. */
static void rename_ot(int argc, char *argv[])
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-ot") == 0)
			argv[i] = "--output-type";
}

/* -t and -ot: csv or parquet, the output's type the input's unless
 * given. */
static void set_types(struct ot_job *job, const char *type, const char *otype)
{
	bool in, out;

	if (strcasecmp(type, "parquet") == 0)
		in = true;
	else if (strcasecmp(type, "csv") == 0)
		in = false;
	else
		errx(2, "-t %s: not a type (csv or parquet)", type);
	if (otype == NULL)
		out = in;
	else if (strcasecmp(otype, "parquet") == 0)
		out = true;
	else if (strcasecmp(otype, "csv") == 0)
		out = false;
	else
		errx(2, "-ot %s: not a type (csv or parquet)", otype);
	job->parquet_in = in;
	job->parquet_out = out;
}

static int curve_arg(const char *name)
{
	int c = ot_curve_parse(name);

	if (c < 0)
		errx(2, "%s: not a curve ot knows (P-256, P-384 or P-521)",
		    name);
	return c;
}

/* ot generate-keypair: ot-keygen under the reference's option names,
 * into ~/.opentoken by default. */
static int generate_keypair(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "output-dir", required_argument, NULL, OPT_OUTDIR },
		{ "ecdh-curve", required_argument, NULL, OPT_CURVE },
		OT_AUDIT_OPTIONS,
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 }
	};
	char *dir = NULL, *args[8], *audit = NULL;
	const char *curve = "P-384";
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_OUTDIR:
			dir = optarg;
			break;
		case OPT_CURVE:
			curve = optarg;
			break;
		case OT_OPT_AUDIT:
			audit = optarg;
			break;
		case OPT_HELP:
			usage(stdout, 0);
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);
	if (dir == NULL) {
		dir = ot_default_keypair();
		*strrchr(dir, '/') = '\0';
	}
	args[0] = "ot-keygen";
	args[1] = "-c";
	args[2] = (char *)ot_curve_label((enum ot_curve)curve_arg(curve));
	args[3] = "-o";
	args[4] = dir;
	args[5] = audit != NULL ? "--audit-log" : NULL;
	args[6] = audit;
	args[7] = NULL;
	return ot_exec(args);
}

/* A new key pair at path (and public_key.pem beside it), for
 * --generate-sender-keypair. */
static void generate_at(const char *path, int curve)
{
	char *dir = strdup(path), *slash, *pub;
	EVP_PKEY *k;

	if (dir == NULL)
		err(1, NULL);
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	if (asprintf(&pub, "%s/public_key.pem", slash != NULL ? dir : ".") < 0)
		err(1, NULL);
	/* as generate-keypair makes its --output-dir (~/.opentoken too) */
	if (slash != NULL && slash != dir)
		ot_make_dirs(dir);
	k = ot_key_generate((enum ot_curve)(curve >= 0 ? curve :
	    OT_CURVE_DEFAULT));
	/* named in the run's event, written before its tokens are in place */
	ot_audit_output_direct(path, true);
	ot_audit_output_direct(pub, false);
	ot_audit_hold(true);
	ot_key_write(k, path, pub);
	ot_audit_hold(false);
	warnx("made the sender key pair %s and %s", path, pub);
	EVP_PKEY_free(k);
	free(pub);
	free(dir);
}

/* After a run that succeeded, what a named profile lost. */
static int report_losses(int rc)
{
	if (rc == 0)
		ot_loss_report();
	return rc;
}

/* An option of the other subcommand (or of none): which, and why not. */
static _Noreturn void not_for(const struct option *opts, int ch, bool decrypt)
{
	const char *why = decrypt ? "it is one of ot tokenize" :
	    "it is one of ot decrypt";

	for (; opts->name != NULL && opts->val != ch; opts++)
		;
	if (decrypt && (ch == OPT_HASH_ONLY || ch == 'j' || ch == OPT_PIPELINE))
		why = "decrypting always writes hash-only tokens, by the "
		    "ot-decrypt stage";
	warnx("%s%s is not an option of ot %s: %s", ch == 'j' ? "-j, --" :
	    "--", opts->name, decrypt ? "decrypt" : "tokenize", why);
	usage(stderr, 2);
	exit(2);
}

/* ot tokenize and ot decrypt: the key-exchange workflow. */
static int kex_command(int argc, char *argv[], bool decrypt)
{
	static const struct option opts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "type", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "output-type", required_argument, NULL, OPT_OTYPE },
		{ "hash-only", no_argument, NULL, OPT_HASH_ONLY },
		{ "ecdh-curve", required_argument, NULL, OPT_CURVE },
		{ "receiver-public-key", required_argument, NULL, OPT_RECEIVER_PUB },
		{ "sender-keypair-path", required_argument, NULL, OPT_SENDER_KP },
		{ "generate-sender-keypair", no_argument, NULL, OPT_GENERATE },
		{ "receiver-keypair-path", required_argument, NULL, OPT_RECEIVER_KP },
		{ "sender-public-key", required_argument, NULL, OPT_SENDER_PUB },
		{ "private-key-env", required_argument, NULL, OPT_KEY_ENV },
		{ "progress", optional_argument, NULL, OPT_PROGRESS },
		{ "jobs", required_argument, NULL, 'j' },
		{ "pipeline", no_argument, NULL, OPT_PIPELINE },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "delimiter", required_argument, NULL, OPT_DELIMITER },
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "compat", required_argument, NULL, OPT_COMPAT },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "hash-record-ids", no_argument, NULL, OPT_HASH_IDS },
		{ "record-id-map", required_argument, NULL, OPT_IDMAP },
		OT_AUDIT_OPTIONS,
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_job job;
	struct jobs_opt jobs = { -1, false };
	const char *type = NULL, *otype = NULL, *peer = NULL, *audit = NULL;
	const char *own = NULL;
	char *default_own = NULL;
	bool generate = false;
	int ch, rc, curve = -1;

	rename_ot(argc, argv);
	while ((ch = getopt_long(argc, argv, "i:j:o:t:", opts, NULL)) != -1) {
		/* each subcommand takes only its own options (decrypting
		 * runs the stages, on no threads) */
		if (decrypt ? ch == OPT_RECEIVER_PUB || ch == OPT_SENDER_KP ||
		    ch == OPT_GENERATE || ch == OPT_HASH_ONLY || ch == 'j' ||
		    ch == OPT_PIPELINE || ch == OPT_STRICT ||
		    ch == OPT_DELIMITER || ch == OPT_RULES || ch == OPT_COMPAT ||
		    ch == OPT_HASH_IDS || ch == OPT_IDMAP || ch == OPT_CONFIG :
		    ch == OPT_RECEIVER_KP || ch == OPT_SENDER_PUB)
			not_for(opts, ch, decrypt);
		if (run_option(&job, &jobs, ch, optarg))
			continue;
		switch (ch) {
		case 'i':
			job.input = optarg;
			break;
		case 't':
			type = optarg;
			break;
		case 'o':
			job.output = optarg;
			break;
		case OPT_OTYPE:
			otype = optarg;
			break;
		case OPT_HASH_ONLY:
			job.hash_only = true;
			break;
		case OPT_CURVE:
			curve = curve_arg(optarg);
			break;
		case OPT_RECEIVER_PUB:
		case OPT_SENDER_PUB:
			peer = optarg;
			break;
		case OPT_SENDER_KP:
		case OPT_RECEIVER_KP:
		case OPT_KEY_ENV:
			ot_key_option(&own, optarg, ch != OPT_KEY_ENV, decrypt ?
			    "--receiver-keypair-path" : "--sender-keypair-path",
			    "--private-key-env");
			break;
		case OPT_GENERATE:
			generate = true;
			break;
		case OT_OPT_AUDIT:
			audit = optarg;
			break;
		case OPT_HELP:
			usage(stdout, 0);
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc || job.input == NULL || job.output == NULL ||
	    type == NULL)
		usage(stderr, 2);
	ot_audit_start(audit, "ot", decrypt ? "decrypt" : "tokenize", argc + 1,
	    argv - 1, NULL);
	ot_audit_input(decrypt ? "tokens" : "records", job.input, false);
	set_types(&job, type, otype);
	set_jobs(&job, &jobs);
	ot_ruleset_no_config(job.rules.n > 0, job.config_path);
	if (own == NULL)
		own = default_own = ot_default_keypair();
	if (decrypt) {
		if (peer == NULL && !ot_is_package(job.input))
			errx(2, "%s is not a package (.zip): give the sender's "
			    "public key with --sender-public-key", job.input);
	} else {
		if (peer == NULL)
			errx(2, "give the receiver's public key with "
			    "--receiver-public-key");
		if (generate && access(own, F_OK) != 0)
			generate_at(own, curve);
		else if (access(own, F_OK) != 0)
			errx(2, "%s: no sender key pair there: make one with "
			    "\"ot generate-keypair\", name yours with "
			    "--sender-keypair-path, or add "
			    "--generate-sender-keypair", own);
	}
	job.decrypt = decrypt;
	if (job.config_path != NULL && job.strict)
		errx(2, "--strict is of the built-in attribute columns: not "
		    "with --config");
	if (job.config_path != NULL)
		job.config = ot_config_use(job.config_path);
	ot_job_kex(&job, own, peer, curve);
	rc = report_losses(ot_run_job(&job));
	free(default_own);
	return ot_audit_end(rc);
}

static void conflict(const char *a, const char *b)
{
	warnx("%s and %s both give the secret: give one", a, b);
	usage(stderr, 2);
}

/* --sha256-only: the 2.x reference's "hash-only" tokens, keyless and
 * never encrypted, which 1.12.5's --hash-only (keyed) is not. */
static void sha256_only(struct ot_job *job, bool secret_given)
{
	if (job->hash_only)
		errx(2, "--hash-only (1.12.5: HMAC-SHA256 with the hashing "
		    "secret) and --sha256-only (2.x hash-only: bare SHA-256, no "
		    "secret): give one");
	if (job->decrypt || job->v1)
		errx(2, "--sha256-only makes unencrypted tokens: not with %s",
		    job->decrypt ? "-d" : "--format v1");
	if (job->v1cli.hash != NULL || job->v1cli.mac != NULL)
		errx(2, "--sha256-only tokens are SHA-256 with no MAC: not with "
		    "--hash-alg or --mac-alg");
	if (secret_given)
		errx(2, "--sha256-only takes no secret: its tokens are the bare "
		    "SHA-256 of each signature");
	if (job->hash_record_ids)
		errx(2, "--hash-record-ids goes with keyed tokens, as in the 2.x "
		    "reference: not with --sha256-only");
	job->hash_only = true;
	ot_warn_sha256_only();
}

/* A secret given on the command line: taken, then blanked in argv so that
 * ps shows it no longer (it did until now: hence the warning). */
static void secret_from_arg(struct ot_secret *s, char *arg, const char *what,
    const char *opt, const char *better)
{
	size_t n = strlen(arg);

	ot_secret_protect();
	warnx("warning: %s puts the %s where other users can see it; "
	    "use %s or the environment", opt, what, better);
	if (n >= sizeof(s->buf))
		errx(2, "the %s is too long", what);
	memcpy(s->buf, arg, n);
	s->len = n;
	memset(arg, 'x', n);
	if (n == 0)
		errx(2, "the %s is empty", what);
}

/* The V1 options of the flag form, checked together. */
static void v1_checks(struct ot_job *job, char ring[37])
{
	if (job->v1 && (job->decrypt || job->hash_only))
		errx(2, "--format v1 is for encrypted tokens: not with %s",
		    job->decrypt ? "-d (which reads both formats)" :
		    "--hash-only");
	if (!job->decrypt && (job->v1r.private_key != NULL ||
	    job->v1r.ring != NULL || job->v1r.ignore_expiry))
		errx(2, "--private-key, --ring and --ignore-expiry read V1 "
		    "tokens: give -d too");
	if (job->vector_column != NULL && !job->v1)
		errx(2, "--vector-column makes V1 tokens: give --format v1 too");
	if ((job->vector_column != NULL) != (job->v1cli.dims != NULL) &&
	    job->v1)
		errx(2, "--vector-column and --ppid-dims go together: T8 "
		    "vectors of that many values from that column");
	if (job->vector_column != NULL && job->config_path != NULL)
		errx(2, "--vector-column adds T8 to T1-T5: not with --config, "
		    "whose rules are its own");
	if (job->vector_column != NULL && job->jobs == 0)
		errx(2, "--vector-column is read on ot's threads: not with "
		    "--pipeline, whose ot-normalize drops the column");
	/* the checks of ot-encrypt's options, and the ring id made once
	 * for the stages too */
	ot_v1_cli_setup(&job->v1cli, job->v1, &job->v1p, &job->recipient,
	    ring);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "type", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "output-type", required_argument, NULL, 'T' },
		{ "hash-only", no_argument, NULL, 'H' },
		{ "decrypt", no_argument, NULL, 'd' },
		{ "hashingsecret", required_argument, NULL, 'h' },
		{ "encryptionkey", required_argument, NULL, 'e' },
		{ "hashing-secret-file", required_argument, NULL, 'S' },
		{ "encryption-key-file", required_argument, NULL, 'E' },
		{ "raw-key-files", no_argument, NULL, 'R' },
		{ "format", required_argument, NULL, 'F' },
		OT_V1_WRITE_OPTIONS,
		OT_V1_READ_OPTIONS,
		OT_V1_EXPIRY_OPTIONS,
		{ "vector-column", required_argument, NULL, 'X' },
		{ "progress", optional_argument, NULL, OPT_PROGRESS },
		{ "jobs", required_argument, NULL, 'j' },
		{ "pipeline", no_argument, NULL, OPT_PIPELINE },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "delimiter", required_argument, NULL, OPT_DELIMITER },
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "compat", required_argument, NULL, OPT_COMPAT },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "hash-record-ids", no_argument, NULL, OPT_HASH_IDS },
		{ "sha256-only", no_argument, NULL, OPT_SHA256 },
		{ "record-id-map", required_argument, NULL, OPT_IDMAP },
		OT_AUDIT_OPTIONS,
		{ "help", no_argument, NULL, '?' + 256 },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_job job;
	struct jobs_opt jobs = { -1, false };
	struct ot_ring *ring_keys;
	char *hs_arg = NULL, *key_arg = NULL;
	const char *type = NULL, *otype = NULL, *hs_file = NULL,
	    *key_file = NULL, *audit = NULL;
	static const char *const secret_opts[] = { "-h", "--hashingsecret",
	    "-e", "--encryptionkey", NULL };
	bool raw = false;
	char ring[37];
	int ch;

	if (argc > 1 && strcmp(argv[1], "olt") == 0)
		return ot_olt_main(argc - 1, argv + 1);
	ot_compat_parse(NULL);
	if (argc > 1 && strcmp(argv[1], "generate-keypair") == 0)
		return generate_keypair(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "tokenize") == 0)
		return kex_command(argc - 1, argv + 1, false);
	if (argc > 1 && strcmp(argv[1], "decrypt") == 0)
		return kex_command(argc - 1, argv + 1, true);
	rename_ot(argc, argv);
	while ((ch = getopt_long(argc, argv, "de:h:i:j:o:t:V", opts, NULL)) != -1) {
		if (run_option(&job, &jobs, ch, optarg) ||
		    ot_v1_cli_option(&job.v1cli, ch, optarg) ||
		    ot_v1_rcli_option(&job.v1r, ch, optarg))
			continue;
		switch (ch) {
		case 'i':
			job.input = optarg;
			break;
		case 't':
			type = optarg;
			break;
		case 'o':
			job.output = optarg;
			break;
		case 'T':
			otype = optarg;
			break;
		case 'H':
			job.hash_only = true;
			break;
		case OPT_SHA256:
			job.sha256_only = true;
			break;
		case 'd':
			job.decrypt = true;
			break;
		case 'h':
			hs_arg = optarg;
			break;
		case 'e':
			key_arg = optarg;
			break;
		case 'S':
			hs_file = optarg;
			break;
		case 'E':
			key_file = optarg;
			break;
		case 'R':
			raw = true;
			break;
		case 'F':
			if (strcmp(optarg, "v1") != 0 &&
			    strcmp(optarg, "legacy") != 0)
				errx(2, "--format %s: not legacy or v1", optarg);
			job.v1 = strcmp(optarg, "v1") == 0;
			break;
		case 'X':
			job.vector_column = optarg;
			break;
		case OT_OPT_AUDIT:
			audit = optarg;
			break;
		case '?' + 256:
			usage(stdout, 0);
			break;
		case 'V':
			ot_print_version();
			return 0;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc || job.input == NULL || job.output == NULL ||
	    type == NULL)
		usage(stderr, 2);
	ot_audit_start(audit, "ot", NULL, argc, argv, secret_opts);
	ot_audit_input(job.decrypt ? "tokens" : "records", job.input, false);
	if (hs_file != NULL && !job.decrypt)
		ot_audit_input("hashing-secret", hs_file, true);
	if (key_file != NULL && !(job.hash_only && !job.decrypt))
		ot_audit_input("encryption-key", key_file, true);
	if (hs_arg != NULL && hs_file != NULL)
		conflict("-h", "--hashing-secret-file");
	if (key_arg != NULL && key_file != NULL)
		conflict("-e", "--encryption-key-file");
	set_types(&job, type, otype);
	set_jobs(&job, &jobs);
	if (job.decrypt && (job.strict || job.delimiter != NULL))
		errx(2, "%s reads person records: not with -d", job.strict ?
		    "--strict" : "--delimiter");
	if (job.sha256_only)
		sha256_only(&job, hs_arg != NULL || hs_file != NULL ||
		    key_arg != NULL || key_file != NULL);
	v1_checks(&job, ring);
	if (job.hash_record_ids && job.decrypt)
		errx(2, "--hash-record-ids hashes the record ids of new tokens: "
		    "not with -d");
	if (job.config_path != NULL && job.decrypt)
		errx(2, "--config says how tokens are made from person records: "
		    "not with -d");
	if (job.config_path != NULL && job.strict)
		errx(2, "--strict is of the built-in attribute columns: not "
		    "with --config");
	ot_ruleset_no_config(job.rules.n > 0, job.config_path);
	if (job.config_path != NULL)
		job.config = ot_config_use(job.config_path);
	if (job.decrypt && ot_is_package(job.input))
		errx(2, "%s: a package is decrypted with the receiver's key "
		    "pair: ot decrypt -i %s -t csv -o OUT "
		    "[--receiver-keypair-path PEM]", job.input, job.input);
	/* Taken (and blanked) even when this mode does not use them. */
	if (hs_arg != NULL)
		secret_from_arg(&job.hashing, hs_arg, "hashing secret", "-h",
		    "--hashing-secret-file");
	if (key_arg != NULL)
		secret_from_arg(&job.key, key_arg, "encryption key", "-e",
		    "--encryption-key-file");
	if (job.decrypt)
		ot_secret_wipe(&job.hashing);
	else if (hs_arg == NULL && !job.sha256_only)
		ot_secret_load(&job.hashing, hs_file, raw, "OT_HASHING_SECRET",
		    "hashing secret", "--hashing-secret-file");
	job.raw_keys = raw;
	if ((!job.decrypt && job.hash_only) || (!job.decrypt && job.v1 &&
	    !ot_v1_cli_symmetric(&job.v1p)))
		ot_secret_wipe(&job.key);
	else if (job.decrypt && key_arg == NULL && key_file == NULL &&
	    getenv("OT_ENCRYPTION_KEY") == NULL &&
	    (job.v1r.private_key != NULL || job.v1r.ring != NULL))
		ot_secret_wipe(&job.key);	/* V1 keys alone */
	else {
		if (key_arg == NULL)
			ot_secret_load(&job.key, key_file, raw, "OT_ENCRYPTION_KEY",
			    "encryption key", "--encryption-key-file");
		ot_require_key_len(&job.key);
	}
	if (job.decrypt) {
		ot_v1_rcli_load(&job.v1r, raw, &job.v1keys.own, &ring_keys);
		job.v1keys.own_name = job.v1r.private_key;
		job.v1keys.ring = ring_keys;
		job.v1keys.key = job.key.len > 0 ? job.key.buf : NULL;
	}
	return ot_audit_end(report_losses(ot_run_job(&job)));
}
