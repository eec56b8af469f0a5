/* ot-normalize: person records in, the reference's normalized values out. */
#include "cli.h"
#include "progress.h"
#include "normalize.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static void usage(FILE *f, int status)
{
	fprintf(f, "usage: ot-normalize [-hPV] [-o file] [--strict] [file ...]\n");
	exit(status);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "progress", optional_argument, NULL, 'P' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	enum ot_progress_when progress = OT_PROGRESS_NEVER;
	const char *output = NULL;
	bool strict = false;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "hPo:V", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case 'P':
			progress = ot_progress_parse(optarg);
			break;
		case 's':
			strict = true;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	ot_progress_start(progress);
	rc = ot_normalize_files(argv + optind, argc - optind,
	    ot_open_output(output, argv + optind, argc - optind),
	    output ? output : "stdout", strict);
	ot_progress_end();
	return rc;
}
