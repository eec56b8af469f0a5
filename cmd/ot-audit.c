/* ot-audit: checks an audit log's chain. */
#include "share/auditchain.h"
#include "cli.h"

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const struct ot_help help[] = {
	{ "--head=HASH", "the log must still hold the line of this hash (a head printed before)" },
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-audit [-hV] verify [--head sha256] [file]\n",
	    help);
}

static int verify(const char *path, const char *head)
{
	struct ot_audit_check c;
	const char *name = ot_input_name(path);
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	int rc;

	if (f == NULL)
		err(1, "%s", path);
	memset(&c, 0, sizeof(c));
	c.want = head;
	rc = ot_audit_verify(f, &c);
	if (f != stdin)
		fclose(f);
	if (rc != 0) {
		warnx("%s:%llu: %s", name, c.bad, c.why);
		return 1;
	}
	if (head != NULL && c.found == 0) {
		warnx("%s: no line has the SHA-256 %s: lines were removed from "
		    "its end (or it is another log)", name, head);
		return 1;
	}
	printf("%s: %llu events, the chain is whole; the last line's "
	    "SHA-256 is %s\n", name, c.lines, c.head);
	return fflush(stdout) == EOF || ferror(stdout) ? 1 : 0;
}

static bool is_hash(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "head", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *head = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'H':
			head = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if (argc - optind < 1 || argc - optind > 2 ||
	    strcmp(argv[optind], "verify") != 0)
		usage(stderr, 2);
	if (head != NULL && !is_hash(head))
		errx(2, "--head %s: not a SHA-256 (64 lower-case hex digits)",
		    head);
	return verify(argc - optind == 2 ? argv[optind + 1] : "-", head);
}
