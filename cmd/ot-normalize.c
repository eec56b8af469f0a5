/* ot-normalize: person records in, the reference's normalized values out. */
#include "cli.h"
#include "normalize.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static void usage(FILE *f, int status)
{
	fprintf(f, "usage: ot-normalize [-hV] [-o file] [--strict] [file ...]\n");
	exit(status);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL;
	bool strict = false;
	int ch;

	while ((ch = getopt_long(argc, argv, "ho:V", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case 's':
			strict = true;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	return ot_normalize_files(argv + optind, argc - optind,
	    ot_open_output(output, argv + optind, argc - optind), output ? output : "stdout", strict);
}
