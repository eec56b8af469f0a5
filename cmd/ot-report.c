/* ot-report: ot-match's summary and both metadata files as one page. */
#include "cli.h"
#include "match/report.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const struct ot_help help[] = {
	{ "-o, --output=FILE", "write the HTML page to FILE" },
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-report [-hV] [-o file] summary.json "
	    "[ours.metadata.json [theirs.metadata.json]]\n", help);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL, *meta[2] = { NULL, NULL };
	int ch, n, fd;

	while ((ch = getopt_long(argc, argv, "ho:V", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	n = argc - optind;
	if (n < 1 || n > 3)
		usage(stderr, 2);
	if (n > 1)
		meta[0] = argv[optind + 1];
	if (n > 2)
		meta[1] = argv[optind + 2];
	/* as every program writes: a temporary file renamed into place, a
	 * device or a FIFO written directly */
	fd = ot_open_output(output, argv + optind, n);
	return ot_close_output(ot_report_html(argv[optind], meta, fd,
	    output != NULL ? output : "stdout"));
}
