/*
 * ot olt's command line, parsed as the reference's argparse parses its
 * own: options before the command for olt itself, then the command's,
 * long options by any unambiguous prefix, "--opt value" or
 * "--opt=value", the last of a repeated option winning; a usage error
 * exits 2, a bare command that has a required option shows its help.
 */
#include "run/olt.h"
#include "share/audit.h"
#include "cli.h"
#include "run/oltcmd.h"

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	O_HELP = 0x400, O_MODE, O_XCFG, O_CONFIG, O_PKEY, O_PKEY_ENV,
	O_HASH_IDS, O_RING, O_FORCE, O_PUB, O_PUB_STDIN, O_PUB_ENV,
	O_HS, O_HS_STDIN, O_HS_ENV, O_SPKEY, O_SPKEY_ENV, O_KEEP_GOING,
	O_VERSION, O_NO_UPDATE, O_IDMAP
};

#define OPT_INPUT	{ "input", required_argument, NULL, 'i' }
#define OPT_OUTPUT	{ "output", required_argument, NULL, 'o' }
#define OPT_XCFG	{ "exchange-config", required_argument, NULL, O_XCFG }
#define OPT_PKEYS	{ "private-key", required_argument, NULL, O_PKEY }, \
			{ "private-key-env", required_argument, NULL, O_PKEY_ENV }
#define OPT_CONFIG	{ "config", required_argument, NULL, O_CONFIG }
#define HELP_CONFIG	{ "--config=PATH", "a tokenization config (YAML): column mappings and token rules instead of T1-T5" }
#define OPT_QUIET	{ "no-progress", no_argument, NULL, 'q' }
#define OPT_HELP	{ "audit-log", required_argument, NULL, OT_OPT_AUDIT }, \
			{ "help", no_argument, NULL, O_HELP }
#define OPT_END		{ NULL, 0, NULL, 0 }

#define HELP_INPUT(what) { "-i, --input=PATH", what }
#define HELP_OUTPUT(what) { "-o, --output=PATH", what }
#define HELP_XCFG	{ "--exchange-config=PATH", "the exchange config (default ./openlinktoken-YYYY-MM-DD.exchange.json)" }
#define HELP_PKEYS	{ "--private-key=PATH", "our private key (default: the one of ~/.openlinktoken the config names)" }, \
			{ "--private-key-env=VAR", "our private key's PEM from the environment variable VAR" }
#define HELP_QUIET	{ "-q, --no-progress", "show no progress (shown only on a terminal)" }
#define HELP_HELP	OT_HELP_AUDIT, { "--help", "show this help and exit" }
#define HELP_END	{ NULL, NULL }

static const struct option gen_opts[] = {
	{ "curve", required_argument, NULL, 'c' },
	{ "name", required_argument, NULL, 'n' },
	{ "force", no_argument, NULL, O_FORCE },
	OPT_HELP, OPT_END
};
static const struct ot_help gen_help[] = {
	{ "-c, --curve=CURVE", "P-256 (the default), P-384 or P-521" },
	{ "-n, --name=NAME", "the key files' name (default openlinktoken-YYYY-MM-DD)" },
	{ "--force", "accepted; ot never overwrites a key file all the same" },
	OT_HELP_AUDIT,
	{ "-h, --help", "show this help and exit" },
	HELP_END
};

static const struct option init_opts[] = {
	{ "public-key", required_argument, NULL, O_PUB },
	{ "public-key-stdin", no_argument, NULL, O_PUB_STDIN },
	{ "public-key-env", required_argument, NULL, O_PUB_ENV },
	{ "name", required_argument, NULL, 'n' },
	OPT_OUTPUT,
	{ "hashingsecret", required_argument, NULL, O_HS },
	{ "hashingsecret-stdin", no_argument, NULL, O_HS_STDIN },
	{ "hashingsecret-env", required_argument, NULL, O_HS_ENV },
	{ "curve", required_argument, NULL, 'c' },
	{ "force", no_argument, NULL, O_FORCE },
	{ "sender-private-key", required_argument, NULL, O_SPKEY },
	{ "sender-private-key-env", required_argument, NULL, O_SPKEY_ENV },
	OPT_HELP, OPT_END
};
static const struct ot_help init_help[] = {
	{ "--public-key=PATH", "the partner's public key (PEM)" },
	{ "--public-key-stdin", "the partner's public key from standard input" },
	{ "--public-key-env=VAR", "the partner's public key from the environment variable VAR" },
	{ "-n, --name=NAME", "the exchange's and our key files' name (default openlinktoken-YYYY-MM-DD)" },
	{ "-o, --output=PATH", "the exchange config to write (default ./NAME.exchange.json)" },
	{ "--hashingsecret=SECRET", "the hashing secret itself (ps shows it: avoid; default 32 random bytes)" },
	{ "--hashingsecret-stdin", "the hashing secret from standard input (one final newline dropped)" },
	{ "--hashingsecret-env=VAR", "the hashing secret from the environment variable VAR" },
	{ "-c, --curve=CURVE", "the curve of a new sender key: P-256 (the default), P-384 or P-521" },
	{ "--force", "accepted; ot never overwrites a key file or a config all the same" },
	{ "--sender-private-key=PATH", "our private key, instead of a new one" },
	{ "--sender-private-key-env=VAR", "our private key from the environment variable VAR (no key file written)" },
	OT_HELP_AUDIT,
	{ "-h, --help", "show this help and exit" },
	HELP_END
};

static const struct option tok_opts[] = {
	OPT_INPUT, OPT_OUTPUT,
	{ "mode", required_argument, NULL, O_MODE },
	OPT_XCFG, OPT_CONFIG, OPT_PKEYS,
	{ "hash-record-ids", no_argument, NULL, O_HASH_IDS },
	OPT_QUIET, OPT_HELP, OPT_END
};
static const struct ot_help tok_help[] = {
	HELP_INPUT("the person records (.csv or .parquet)"),
	HELP_OUTPUT("the tokens (.csv or .parquet; default INPUT_tokenized.EXT)"),
	{ "--mode=MODE", "default (HMAC with the exchange's secret), hash-only (bare SHA-256: no secret) or demo (the signatures)" },
	HELP_XCFG, HELP_CONFIG, HELP_PKEYS,
	{ "--hash-record-ids", "write the SHA-256 of each RecordId instead (default mode)" },
	HELP_QUIET, HELP_HELP, HELP_END
};

static const struct option pkg_opts[] = {
	OPT_INPUT, OPT_OUTPUT, OPT_XCFG, OPT_CONFIG, OPT_PKEYS,
	{ "ring-id", required_argument, NULL, O_RING },
	{ "hash-record-ids", no_argument, NULL, O_HASH_IDS },
	{ "record-id-map", required_argument, NULL, O_IDMAP },
	OPT_QUIET, OPT_HELP, OPT_END
};
static const struct ot_help pkg_help[] = {
	HELP_INPUT("the person records (.csv or .parquet)"),
	HELP_OUTPUT("the package (.zip), or its tokens alone (.csv, .parquet; default INPUT_packaged.zip)"),
	HELP_XCFG, HELP_CONFIG, HELP_PKEYS,
	{ "--ring-id=ID", "the ring id of the olt.V1 tokens (default a random UUID)" },
	{ "--hash-record-ids", "write the SHA-256 of each RecordId instead" },
	{ "--record-id-map=PATH", "write a random UUID for each RecordId, and the map (ours,opaque) to PATH, 0600" },
	HELP_QUIET, HELP_HELP, HELP_END
};

static const struct option enc_opts[] = {
	OPT_INPUT, OPT_OUTPUT, OPT_XCFG, OPT_PKEYS,
	{ "ring-id", required_argument, NULL, O_RING },
	OPT_QUIET, OPT_HELP, OPT_END
};
static const struct ot_help enc_help[] = {
	HELP_INPUT("hash-only tokens (.csv or .parquet)"),
	HELP_OUTPUT("the olt.V1 tokens (.csv, .parquet, or .zip with the config; default INPUT_encrypted.EXT)"),
	HELP_XCFG, HELP_PKEYS,
	{ "--ring-id=ID", "the ring id of the olt.V1 tokens (default a random UUID)" },
	HELP_QUIET, HELP_HELP, HELP_END
};

static const struct option dec_opts[] = {
	OPT_INPUT, OPT_OUTPUT, OPT_XCFG, OPT_PKEYS,
	{ "keep-going", no_argument, NULL, O_KEEP_GOING },
	OPT_QUIET, OPT_HELP, OPT_END
};
static const struct ot_help dec_help[] = {
	HELP_INPUT("encrypted tokens (.csv, .parquet) or a package (.zip)"),
	HELP_OUTPUT("the hash-only tokens (.csv or .parquet; default INPUT_decrypted.EXT)"),
	{ "--exchange-config=PATH", "the exchange config (default: a package's own, else ./openlinktoken-YYYY-MM-DD.exchange.json)" },
	HELP_PKEYS,
	{ "--keep-going", "report every token that cannot be decrypted, then exit 1" },
	HELP_QUIET, HELP_HELP, HELP_END
};

static const struct option help_opts[] = {
	{ "help", no_argument, NULL, 'h' }, OPT_END
};
static const struct ot_help help_help[] = {
	{ "-h, --help", "show this help and exit" }, HELP_END
};

struct command {
	const char *name;
	const struct option *opts;
	const char *shorts;	/* getopt's, after ':' */
	const char *synopsis;	/* after "ot olt " */
	const char *about;
	const struct ot_help *help;
	bool required;		/* has a required option: alone, its help */
	int (*run)(const struct olt_args *);
};

static const struct command commands[] = {
	{ "generate-key-pair", gen_opts, "c:hn:",
	    "generate-key-pair [-c curve] [-n name] [--force] [--audit-log path]",
	    "make an EC key pair in ~/.openlinktoken", gen_help, false,
	    olt_generate_key_pair },
	{ "initiate-exchange", init_opts, "c:hn:o:",
	    "initiate-exchange --public-key path | --public-key-stdin | "
	    "--public-key-env var [-n name] [-o path] [--hashingsecret secret | "
	    "--hashingsecret-stdin | --hashingsecret-env var] [-c curve] "
	    "[--force] [--sender-private-key path | --sender-private-key-env "
	    "var] [--audit-log path]",
	    "write the exchange config for a partner's public key", init_help,
	    true, olt_initiate_exchange },
	{ "tokenize", tok_opts, "i:o:q",
	    "tokenize -i input [-o output] [--mode default | hash-only | demo] "
	    "[--exchange-config path] [--config path] [--private-key path | --private-key-env "
	    "var] [--hash-record-ids] [-q] [--audit-log path]",
	    "person records to hash-only tokens", tok_help, true,
	    olt_tokenize },
	{ "package", pkg_opts, "i:o:q",
	    "package -i input [-o output] [--exchange-config path] "
	    "[--config path] [--private-key path | --private-key-env var] [--ring-id id] "
	    "[--hash-record-ids | --record-id-map path] [-q] [--audit-log path]",
	    "person records to a package of olt.V1 tokens for the partner",
	    pkg_help, true, olt_package },
	{ "encrypt", enc_opts, "i:o:q",
	    "encrypt -i input [-o output] [--exchange-config path] "
	    "[--private-key path | --private-key-env var] [--ring-id id] [-q] "
	    "[--audit-log path]",
	    "hash-only tokens to olt.V1 tokens", enc_help, true, olt_encrypt },
	{ "decrypt", dec_opts, "i:o:q",
	    "decrypt -i input [-o output] [--exchange-config path] "
	    "[--private-key path | --private-key-env var] [--keep-going] [-q] "
	    "[--audit-log path]",
	    "olt.V1 (or legacy) tokens, or a package, to hash-only tokens",
	    dec_help, true, olt_decrypt },
	{ "help", help_opts, "h", "help [command]",
	    "show the help of ot olt or of a command", help_help, false, NULL },
};
#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

static _Noreturn void general_help(FILE *f, int status)
{
	size_t i;

	fputs("usage: ot olt [--version] [--no-update-check] [-h] command "
	    "[argument ...]\n", f);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "       ot olt %s\n", commands[i].synopsis);
	if (status == 0) {
		fputs("\nThe OpenLinkToken " OT_OLT_RELEASE " command line (olt), "
		    "by ot: alias olt='ot olt'.\n\ncommands:\n", f);
		for (i = 0; i < NCOMMANDS; i++)
			fprintf(f, "  %-30s %s\n", commands[i].name,
			    commands[i].about);
		fprintf(f, "  %-30s %s\n", "update, extension",
		    "not in ot: it neither updates itself nor loads plug-ins");
		fputs("\noptions:\n", f);
		fprintf(f, "  %-30s %s\n", "--version",
		    "show the release of the reference, and ot's, and exit");
		fprintf(f, "  %-30s %s\n", "--no-update-check",
		    "accepted (ot never looks for updates)");
		fprintf(f, "  %-30s %s\n", "-h, --help",
		    "show this help and exit");
		if (fflush(f) == EOF || ferror(f))
			err(1, "stdout");
	}
	exit(status);
}

static _Noreturn void command_help(const struct command *c, FILE *f,
    int status)
{
	char *s;

	if (asprintf(&s, "usage: ot olt %s\n%s%s%s", c->synopsis,
	    status == 0 ? "\n" : "", status == 0 ? c->about : "",
	    status == 0 ? "\n" : "") < 0)
		err(1, NULL);
	ot_usage(f, status, s, c->help);
}

static const struct command *find(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static _Noreturn void usage_error(const struct command *c, const char *fmt,
    const char *arg)
{
	fprintf(stderr, "ot olt %s: ", c->name);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	command_help(c, stderr, 2);
}

/* Two options of a mutually exclusive group given: argparse's error. */
static void exclusive(const struct command *c, const void *a, const void *b,
    const char *names)
{
	if (a != NULL && b != NULL)
		usage_error(c, "give one of %s, not two", names);
}

/* Record option ch of command c in *a. */
static void take(const struct command *c, struct olt_args *a, int ch,
    char *arg)
{
	switch (ch) {
	case 'i': a->input = arg; break;
	case 'o': a->output = arg; break;
	case 'q': a->quiet = true; break;
	case 'c': a->curve = arg; break;
	case 'n': a->name = arg; break;
	case 'h': case O_HELP: command_help(c, stdout, 0);
	case O_MODE:
		if (strcmp(arg, "default") != 0 && strcmp(arg, "hash-only") != 0 &&
		    strcmp(arg, "demo") != 0)
			usage_error(c, "--mode %s: choose default, hash-only or "
			    "demo", arg);
		a->mode = arg;
		break;
	case O_XCFG: a->exchange_config = arg; break;
	case O_CONFIG: a->config = arg; break;
	case O_PKEY: a->private_key = arg; break;
	case O_PKEY_ENV: a->private_key_env = arg; break;
	case O_HASH_IDS: a->hash_record_ids = true; break;
	case O_RING: a->ring_id = arg; break;
	case O_FORCE: a->force = true; break;
	case O_PUB: a->public_key = arg; break;
	case O_PUB_STDIN: a->public_key_stdin = true; break;
	case O_PUB_ENV: a->public_key_env = arg; break;
	case O_HS: a->hashing_secret = arg; break;
	case O_HS_STDIN: a->hashing_secret_stdin = true; break;
	case O_HS_ENV: a->hashing_secret_env = arg; break;
	case O_SPKEY: a->sender_private_key = arg; break;
	case O_SPKEY_ENV: a->sender_private_key_env = arg; break;
	case O_KEEP_GOING: a->keep_going = true; break;
	case OT_OPT_AUDIT: a->audit_log = arg; break;
	case O_IDMAP: a->record_id_map = arg; break;
	}
}

static void check(const struct command *c, const struct olt_args *a)
{
	static const char yes[] = "";
	int n;

	exclusive(c, a->private_key, a->private_key_env,
	    "--private-key and --private-key-env");
	exclusive(c, a->sender_private_key, a->sender_private_key_env,
	    "--sender-private-key and --sender-private-key-env");
	n = (a->public_key != NULL) + a->public_key_stdin +
	    (a->public_key_env != NULL);
	if (c->run == olt_initiate_exchange && n != 1)
		usage_error(c, "give one of --public-key, --public-key-stdin "
		    "and --public-key-env%s", n == 0 ? "" : ", not two");
	exclusive(c, a->hashing_secret != NULL ? yes : NULL,
	    a->hashing_secret_stdin ? yes : a->hashing_secret_env,
	    "--hashingsecret, --hashingsecret-stdin and --hashingsecret-env");
	exclusive(c, a->hashing_secret_stdin ? yes : NULL,
	    a->hashing_secret_env, "--hashingsecret-stdin and "
	    "--hashingsecret-env");
	if (c->required && c->run != olt_initiate_exchange && a->input == NULL)
		usage_error(c, "%s", "the option -i/--input is required");
	if (a->record_id_map != NULL && a->hash_record_ids)
		usage_error(c, "%s", "--hash-record-ids and --record-id-map "
		    "both replace the record ids: give one");
}

/* Parse a command's arguments (argv[0] its name) and run it. */
static int run(const struct command *c, int argc, char *argv[])
{
	struct olt_args a;
	char shorts[32];
	int ch;

	if (argc == 1 && c->required)
		command_help(c, stdout, 0);
	memset(&a, 0, sizeof(a));
	a.cmd = c->name;
	snprintf(shorts, sizeof(shorts), ":%s", c->shorts);
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shorts, c->opts, NULL)) != -1) {
		if (ch == ':')
			usage_error(c, "%s: expects an argument",
			    argv[optind - 1]);
		if (ch == '?') {
			char o[3] = { '-', (char)optopt, '\0' };

			usage_error(c, "%s: not an option of this command (or "
			    "an ambiguous abbreviation)", optopt != 0 ? o :
			    argv[optind - 1]);
		}
		take(c, &a, ch, optarg);
	}
	if (c->run == NULL) {
		/* help [command] */
		if (argc - optind > 1)
			usage_error(c, "%s: one command at most", argv[optind + 1]);
		if (argc == optind)
			general_help(stdout, 0);
		if (find(argv[optind]) == NULL)
			usage_error(c, "%s: no such command", argv[optind]);
		command_help(find(argv[optind]), stdout, 0);
	}
	if (optind != argc)
		usage_error(c, "%s: an argument this command does not take",
		    argv[optind]);
	check(c, &a);
	if (c->run != NULL) {
		static const char *const secret[] = { "--hashingsecret", NULL };
		char name[64];

		snprintf(name, sizeof(name), "olt %s", c->name);
		ot_audit_start(a.audit_log, "ot", name, argc, argv, secret);
		ot_audit_input("input", a.input, false);
		ot_audit_input("exchange-config", a.exchange_config, false);
		ot_audit_input("private-key", a.private_key, true);
		ot_audit_input("public-key", a.public_key, false);
	}
	return ot_audit_end(c->run(&a));
}

int ot_olt_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "version", no_argument, NULL, O_VERSION },
		{ "no-update-check", no_argument, NULL, O_NO_UPDATE },
		{ "help", no_argument, NULL, 'h' },
		OPT_END
	};
	const struct command *c;
	int ch;

	opterr = 0;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (ch) {
		case O_VERSION:
			printf("Open Link Token " OT_OLT_RELEASE " (ot olt, ot %s)\n",
			    OT_VERSION);
			return fflush(stdout) == EOF || ferror(stdout) ? 1 : 0;
		case O_NO_UPDATE:
			break;
		case 'h':
			general_help(stdout, 0);
		default:
			fprintf(stderr, "ot olt: %s: not an option of ot olt\n",
			    argv[optind - 1]);
			general_help(stderr, 2);
		}
	}
	if (optind == argc)
		general_help(stdout, 0);
	if (strcmp(argv[optind], "update") == 0 ||
	    strcmp(argv[optind], "extension") == 0) {
		warnx("olt %s: ot does not %s", argv[optind],
		    argv[optind][0] == 'u' ? "update itself: install a new "
		    "release of ot as you installed this one" :
		    "load extensions: OpenLinkToken's CLI plug-ins are Python");
		return 1;
	}
	if ((c = find(argv[optind])) == NULL) {
		fprintf(stderr, "ot olt: %s: not a command of ot olt\n",
		    argv[optind]);
		general_help(stderr, 2);
	}
	return run(c, argc - optind, argv + optind);
}
