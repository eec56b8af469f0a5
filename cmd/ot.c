/* ot: the OpenToken reference CLI's options, run as an ot-* pipeline. */
#include "cli.h"
#include "frontend.h"
#include "secret.h"
#include "tokens.h"

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f, int status)
{
	fprintf(f, "usage: ot [-V] [--help] -i input -t csv -o output [-ot csv] "
	    "[--hash-only] [-d] [--hashing-secret-file file] "
	    "[--encryption-key-file file] [--raw-key-files] [-h secret] [-e key]\n");
	exit(status);
}

static void conflict(const char *a, const char *b)
{
	warnx("%s and %s both give the secret: give one", a, b);
	usage(stderr, 2);
}

/* A secret given on the command line: taken, then blanked in argv so that
 * ps shows it no longer (it did until now: hence the warning). */
static void secret_from_arg(struct ot_secret *s, char *arg, const char *what,
    const char *opt, const char *better)
{
	size_t n = strlen(arg);

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
		{ "help", no_argument, NULL, '?' + 256 },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ot_job job;
	char *hs_arg = NULL, *key_arg = NULL;
	const char *type = NULL, *otype = NULL, *hs_file = NULL,
	    *key_file = NULL;
	bool raw = false;
	int ch, i;

	/* The reference spells --output-type "-ot", which getopt cannot. */
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-ot") == 0)
			argv[i] = "--output-type";
	while ((ch = getopt_long(argc, argv, "de:h:i:o:t:V", opts, NULL)) != -1) {
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
	if (hs_arg != NULL && hs_file != NULL)
		conflict("-h", "--hashing-secret-file");
	if (key_arg != NULL && key_file != NULL)
		conflict("-e", "--encryption-key-file");
	if (strcmp(type, "csv") != 0 || (otype != NULL && strcmp(otype, "csv") != 0))
		errx(2, "only csv input and output are supported");
	/* Taken (and blanked) even when this mode does not use them. */
	if (hs_arg != NULL)
		secret_from_arg(&job.hashing, hs_arg, "hashing secret", "-h",
		    "--hashing-secret-file");
	if (key_arg != NULL)
		secret_from_arg(&job.key, key_arg, "encryption key", "-e",
		    "--encryption-key-file");
	if (job.decrypt)
		ot_secret_wipe(&job.hashing);
	else if (hs_arg == NULL)
		ot_secret_load(&job.hashing, hs_file, raw, "OT_HASHING_SECRET",
		    "hashing secret");
	if (!job.decrypt && job.hash_only)
		ot_secret_wipe(&job.key);
	else {
		if (key_arg == NULL)
			ot_secret_load(&job.key, key_file, raw, "OT_ENCRYPTION_KEY",
			    "encryption key");
		ot_require_key_len(&job.key);
	}
	return ot_run_job(&job);
}
