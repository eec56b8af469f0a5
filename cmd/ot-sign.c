/* ot-sign: normalized records in, the five rule signatures of each out. */
#include "cli.h"
#include "person/compat.h"
#include "token/sign.h"
#include "token/config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const struct ot_help help[] = {
	OT_HELP_OUTPUT,
	OT_COMPAT_HELP,
	OT_CONFIG_HELP,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-sign [-hV] [-o file] [--compat profile] [--config file] [file ...]\n", help);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "compat", required_argument, NULL, 'C' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL, *config = NULL;
	struct ot_config *cfg = NULL;
	int ch, rc;

	ot_compat_parse(NULL);
	while ((ch = getopt_long(argc, argv, "ho:V", opts, NULL)) != -1) {
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
		default:
			ot_std_option(ch, usage);
		}
	}
	if (config != NULL)
		cfg = ot_config_use(config);
	rc = ot_close_output(ot_sign_files(argv + optind, argc - optind,
	    ot_open_output(output, argv + optind, argc - optind),
	    output ? output : "stdout", cfg));
	ot_config_free(cfg);
	return rc;
}
