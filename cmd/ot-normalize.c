/* ot-normalize: person records in, the reference's normalized values out. */
#include "cli.h"
#include "progress.h"
#include "csv/stream.h"
#include "person/compat.h"
#include "person/normalize.h"
#include "token/config.h"
#include "token/loss.h"

#include <err.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static const struct ot_help help[] = {
	OT_HELP_OUTPUT,
	OT_COMPAT_HELP,
	OT_CONFIG_HELP,
	{ "--strict", "a missing attribute column is an error (exit 2), not a warning" },
	{ "--delimiter=C", "fields separated by C (';', '|', tab...), not commas" },
	{ "--reasons", "write a row per rejected value and why, not the stream" },
	{ "--reasons-summary", "write the count of rejected values per attribute and reason" },
	{ "--show-values", "with --reasons, the rejected values too (personal data)" },
	OT_HELP_PROGRESS,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-normalize [-hPV] [-o file] [--compat profile] "
	    "[--config file] [--strict]\n"
	    "                    [--delimiter c] "
	    "[--reasons | --reasons-summary] [--show-values] "
	    "[file ...]\n", help);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "compat", required_argument, NULL, 'C' },
		{ "config", required_argument, NULL, 'c' },
		{ "progress", optional_argument, NULL, 'P' },
		{ "strict", no_argument, NULL, 's' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "reasons", no_argument, NULL, 'r' },
		{ "reasons-summary", no_argument, NULL, 'S' },
		{ "show-values", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	enum ot_progress_when progress = OT_PROGRESS_NEVER;
	struct ot_norm_opts o = { false, OT_REASONS_NONE, false };
	const char *output = NULL, *config = NULL;
	struct ot_config *cfg = NULL;
	int ch, rc;

	ot_compat_parse(NULL);
	while ((ch = getopt_long(argc, argv, "hPo:V", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case 'C':
			ot_compat_parse(optarg);
			break;
		case 'c':
			config = optarg;
			break;
		case 'P':
			progress = ot_progress_parse(optarg);
			break;
		case 's':
			o.strict = true;
			break;
		case 'd':
			ot_input_delimiter(ot_parse_delimiter(optarg));
			break;
		case 'r':
		case 'S':
			if (o.reasons != OT_REASONS_NONE)
				errx(2, "--reasons and --reasons-summary: give one");
			o.reasons = ch == 'r' ? OT_REASONS_ROWS :
			    OT_REASONS_SUMMARY;
			break;
		case 'v':
			o.show_values = true;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if (o.show_values && o.reasons != OT_REASONS_ROWS)
		errx(2, "--show-values goes with --reasons");
	if (config != NULL && (o.reasons != OT_REASONS_NONE || o.strict))
		errx(2, "--config: not with %s (they are of the built-in "
		    "attributes)", o.strict ? "--strict" : "--reasons");
	if (config != NULL)
		cfg = ot_config_use(config);
	ot_progress_start(progress);
	if (cfg != NULL)
		rc = ot_normalize_fields(argv + optind, argc - optind,
		    ot_open_output(output, argv + optind, argc - optind),
		    output ? output : "stdout", &cfg->fs);
	else
		rc = ot_normalize_files(argv + optind, argc - optind,
		    ot_open_output(output, argv + optind, argc - optind),
		    output ? output : "stdout", &o);
	ot_config_free(cfg);
	ot_progress_end();
	if (rc == 0)
		ot_loss_report();
	return ot_close_output(rc);
}
