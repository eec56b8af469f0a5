/* ot-split: a large CSV file as record-aligned parts, to tokenize
 * apart (ot-dask, make -j, a cluster's map tasks). */
#include "cli.h"
#include "run/engine.h"
#include "csv/split.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct ot_help help[] = {
	{ "-n, --parts=N", "at most N parts (default: the online CPUs)" },
	{ "-o, --output-dir=DIR", "write the parts as files in DIR, not their ranges" },
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-split [-hV] [-n parts] [-o dir] file\n", help);
}

/* The file's name less its directory and last extension. */
static char *stem(const char *path)
{
	char *copy = strdup(path), *base, *s, *dot;

	if (copy == NULL)
		err(1, NULL);
	base = basename(copy);
	if ((s = strdup(base)) == NULL)
		err(1, NULL);
	if ((dot = strrchr(s, '.')) != NULL && dot != s)
		*dot = '\0';
	free(copy);
	return s;
}

static int split(const char *path, int parts, const char *dir)
{
	struct ot_split s;
	char *st;
	int fd, rc;

	/* not blocking on a FIFO, which is refused */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		warn("%s", path);
		return 1;
	}
	rc = ot_split_file(fd, path, parts, &s);
	if (rc == 0 && dir == NULL && ot_split_print(&s, stdout) < 0) {
		warn("stdout");
		rc = 1;
	} else if (rc == 0 && dir != NULL) {
		st = stem(path);
		rc = ot_split_write(fd, path, &s, dir, st);
		free(st);
	}
	ot_split_free(&s);
	close(fd);
	return rc;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "parts", required_argument, NULL, 'n' },
		{ "output-dir", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = NULL;
	int ch, parts = ot_engine_cpus();
	char *end;
	long n;

	while ((ch = getopt_long(argc, argv, "hn:o:V", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    n < 1 || n > 1000000)
				errx(2, "-n %s: not a number of parts from 1 to "
				    "1000000", optarg);
			parts = (int)n;
			break;
		case 'o':
			dir = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if (argc - optind != 1 || strcmp(argv[optind], "-") == 0)
		usage(stderr, 2);
	return split(argv[optind], parts, dir);
}
