/* ot-parquet: Parquet files as CSV streams. */
#include "cli.h"
#include "csvwrite.h"
#include "parquet/parquet.h"

#include <err.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f, int status)
{
	fprintf(f, "usage: ot-parquet [-hV] cat [-o file] file.parquet ...\n");
	exit(status);
}

/* One file's rows; its columns must be the first file's. */
static int cat_file(const char *path, struct csvw *out, char ***names,
    int *nnames)
{
	struct pq_file f;
	struct pq_values *v;
	int fd, g, i, rc = 0;
	int64_t r;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		warn("%s", path);
		return 1;
	}
	if (pq_open(&f, fd, path) < 0) {
		warnx("%s: %s", path, f.err);
		pq_close(&f);
		close(fd);
		return 1;
	}
	if (*names == NULL) {
		*nnames = f.ncols;
		if ((*names = calloc((size_t)f.ncols + 1, sizeof(char *))) == NULL)
			err(1, NULL);
		for (i = 0; i < f.ncols; i++) {
			(*names)[i] = strdup(f.cols[i].name);
			csvw_field(out, f.cols[i].name, strlen(f.cols[i].name));
		}
		csvw_end(out);
	} else {
		bool same = *nnames == f.ncols;

		for (i = 0; same && i < f.ncols; i++)
			same = strcmp((*names)[i], f.cols[i].name) == 0;
		if (!same) {
			warnx("%s: its columns differ from the first file's", path);
			pq_close(&f);
			close(fd);
			return 1;
		}
	}
	if ((v = calloc((size_t)f.ncols + 1, sizeof(*v))) == NULL)
		err(1, NULL);
	for (g = 0; g < f.ngroups && rc == 0; g++) {
		if (pq_read_group(&f, g, v) < 0) {
			warnx("%s: %s", path, f.err);
			rc = 1;
			break;
		}
		for (r = 0; r < f.groups[g].rows; r++) {
			for (i = 0; i < f.ncols; i++)
				csvw_field(out, v[i].text + v[i].off[r],
				    v[i].len[r]);
			csvw_end(out);
		}
	}
	for (i = 0; i < f.ncols; i++)
		pq_values_free(&v[i]);
	free(v);
	pq_close(&f);
	close(fd);
	return rc;
}

static int cat(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL;
	struct csvw out;
	char **names = NULL;
	int ch, i, n = 0, rc = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if (optind == argc)
		usage(stderr, 2);
	csvw_init(&out, ot_open_output(output, argv + optind, argc - optind),
	    output != NULL ? output : "stdout");
	for (i = optind; i < argc && rc == 0; i++)
		rc = cat_file(argv[i], &out, &names, &n);
	csvw_close(&out);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	if (argc > 1 && strcmp(argv[1], "cat") == 0)
		return cat(argc - 1, argv + 1);
	while ((ch = getopt_long(argc, argv, "+hV", opts, NULL)) != -1)
		ot_std_option(ch, usage);
	usage(stderr, 2);
}
