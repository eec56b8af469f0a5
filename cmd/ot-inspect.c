/* ot-inspect: what a token file holds, without a key. */
#include "cli.h"
#include "token/inspect.h"

#include <err.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static const struct ot_help help[] = {
	{ "-j, --json", "write one JSON array, an object per file" },
	OT_HELP_OUTPUT,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-inspect [-hjV] [-o file] [file ...]\n", help);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL;
	bool json = false;
	FILE *out;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "hjo:V", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = true;
			break;
		case 'o':
			output = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if ((out = fdopen(ot_open_output(output, argv + optind,
	    argc - optind), "w")) == NULL)
		err(1, "%s", output != NULL ? output : "stdout");
	rc = ot_inspect_files(argv + optind, argc - optind, json, out);
	if (fflush(out) == EOF || ferror(out) || fclose(out) == EOF)
		err(1, "%s", output != NULL ? output : "stdout");
	return ot_close_output(rc);
}
