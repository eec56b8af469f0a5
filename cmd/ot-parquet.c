/* ot-parquet: Parquet files as CSV streams. */
#include "cli.h"
#include "csv/csvread.h"
#include "csv/csvwrite.h"
#include "output.h"
#include "csv/stream.h"
#include "parquet/parquet.h"
#include "person/header.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const struct ot_help help[] = {
	{ "-o, --output=FILE", "cat: the CSV; write: the Parquet file" },
	{ "-c, --codec=CODEC", "write: snappy (the default), zstd[:LEVEL], gzip or none" },
	{ "-g, --row-group-size=SIZE", "write: the most bytes of values in a row group" },
	{ "-r, --row-group-rows=ROWS", "write: the most rows in a row group" },
	{ "--columns=LIST", "write: the columns of an empty stream" },
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-parquet [-hV] cat [-o file] file.parquet ...\n"
	    "       ot-parquet [-hV] write [-c codec] [-g size] [-r rows] "
	    "[--columns list]\n"
	    "                  [-o file.parquet] [file]\n", help);
}

/* One file's rows; its columns must be the first file's. */
static int cat_file(const char *path, struct csvw *out, char ***names,
    int *nnames)
{
	const char *const *field;
	const size_t *len;
	struct pq_rows *rows;
	struct pq_file f;
	int fd, i, rc;

	if ((fd = ot_open_input(path)) < 0)
		return 1;
	path = ot_input_name(path);
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
	rows = pq_rows_open(&f);
	while ((rc = pq_rows_next(rows, &field, &len)) > 0) {
		const bool *null = pq_rows_nulls(rows);

		/* a null is "", as a normalized stream's missing value */
		for (i = 0; i < f.ncols; i++)
			if (null[i])
				csvw_absent(out);
			else
				csvw_field(out, field[i], len[i]);
		csvw_end(out);
	}
	if (rc < 0)
		warnx("%s: %s", path, f.err);
	rc = rc < 0;
	pq_rows_close(rows);
	pq_close(&f);
	if (fd != STDIN_FILENO)
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
	return ot_close_output(rc);
}

static int parse_codec(const char *s, int *level)
{
	static const struct { const char *name; int codec; } codecs[] = {
		{ "none", PQ_UNCOMPRESSED }, { "uncompressed", PQ_UNCOMPRESSED },
		{ "snappy", PQ_SNAPPY }, { "gzip", PQ_GZIP }, { "zstd", PQ_ZSTD },
	};
	const char *colon = strchr(s, ':');
	size_t n = colon != NULL ? (size_t)(colon - s) : strlen(s), i;
	char *end;
	long l;

	for (i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		if (strlen(codecs[i].name) != n ||
		    strncasecmp(codecs[i].name, s, n) != 0)
			continue;
		if (colon == NULL)
			return codecs[i].codec;
		l = strtol(colon + 1, &end, 10);
		if ((codecs[i].codec != PQ_ZSTD || *end != '\0' || l < 1 ||
		    l > 19) && (codecs[i].codec != PQ_GZIP || *end != '\0' ||
		    l < 1 || l > 9))
			break;
		*level = (int)l;
		return codecs[i].codec;
	}
	errx(2, "-c %s: not a codec (none, snappy, gzip[:1-9], zstd[:1-19])", s);
}

/* The header of an empty stream, from --columns. */
static int split_columns(char *list, char ***names)
{
	int n = 0;
	char *c;

	if ((*names = calloc(strlen(list) + 2, sizeof(char *))) == NULL)
		err(1, NULL);
	for (c = strtok(list, ","); c != NULL; c = strtok(NULL, ","))
		(*names)[n++] = c;
	if (n == 0)
		errx(2, "--columns: no column names");
	return n;
}

/* The CSV stream on fd into w's file; 0, or 1 after a message. */
static int write_rows(struct csvr *r, int fd, const char *name,
    const struct pq_wopts *o, char **empty, int nempty)
{
	struct pq_writer *w;
	struct pq_wopts wo;
	const char **field = NULL;
	size_t *len = NULL, i, nf;
	char **names = NULL;
	bool *optional = NULL;
	int rc, status = 0;

	rc = csvr_next(r);
	if (rc < 0) {
		csvr_warn(r);
		return 1;
	}
	if (rc == 0) {
		if (empty == NULL) {
			warnx("%s: no header: the columns of an empty stream "
			    "are named by --columns", r->name);
			return 1;
		}
		w = pq_writer_new(fd, name, empty, nempty, o);
		pq_writer_close(w);
		return 0;
	}
	nf = r->nf;
	if ((names = calloc(nf + 1, sizeof(*names))) == NULL ||
	    (field = calloc(nf + 1, sizeof(*field))) == NULL ||
	    (len = calloc(nf + 1, sizeof(*len))) == NULL)
		err(1, NULL);
	for (i = 0; i < nf; i++) {
		const char *s = csvr_field(r, i, &len[i]);

		if ((names[i] = strdup(s)) == NULL)
			err(1, NULL);
	}
	/* a normalized stream's attributes: optional, its missing values
	 * ("") nulls, so that they stay missing and not invalid */
	if ((optional = calloc(nf + 1, sizeof(*optional))) == NULL)
		err(1, NULL);
	for (i = 1; i < nf; i++)
		optional[i] = ot_header_normalized(r);
	wo = *o;
	wo.optional = optional;
	w = pq_writer_new(fd, name, names, (int)nf, &wo);
	while ((rc = csvr_next(r)) > 0) {
		if (r->nf != nf) {
			warnx("%s:%lu: %zu fields where the header has %zu",
			    r->name, r->rec_line, r->nf, nf);
			status = 1;
			break;
		}
		for (i = 0; i < nf; i++) {
			field[i] = csvr_field(r, i, &len[i]);
			if (optional[i] && len[i] == 0 && r->f[i].quoted)
				field[i] = NULL;
		}
		pq_writer_row(w, field, len);
	}
	if (rc < 0) {
		csvr_warn(r);
		status = 1;
	}
	if (status == 0)
		pq_writer_close(w);
	else
		pq_writer_discard(w);
	for (i = 0; i < nf; i++)
		free(names[i]);
	free(names);
	free(field);
	free(optional);
	free(len);
	return status;
}

static int write_cmd(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "codec", required_argument, NULL, 'c' },
		{ "columns", required_argument, NULL, 'C' },
		{ "row-group-size", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "row-group-rows", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct pq_wopts o = { PQ_SNAPPY, 0, 0, 0, NULL };
	const char *output = NULL, *input = "-";
	struct ot_output out = { NULL, NULL, -1 };
	char **empty = NULL, *end;
	struct ot_input in;
	struct csvr r;
	int ch, ofd, nempty = 0, rc;
	long long rows;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:g:ho:r:", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o.codec = parse_codec(optarg, &o.level);
			break;
		case 'C':
			nempty = split_columns(optarg, &empty);
			break;
		case 'g':
			o.group_bytes = (int64_t)ot_parse_size("-g", optarg,
			    64 << 10);
			break;
		case 'o':
			output = optarg;
			break;
		case 'r':
			errno = 0;
			rows = strtoll(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || rows < 1 ||
			    rows > INT32_MAX)
				errx(2, "-r %s: not a number of rows", optarg);
			o.group_rows = rows;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if (argc - optind > 1)
		usage(stderr, 2);
	if (optind < argc)
		input = argv[optind];
	if (output != NULL && strcmp(output, "-") == 0)
		output = NULL;
	if (output == NULL && isatty(STDOUT_FILENO))
		errx(2, "standard output is a terminal: write Parquet to a "
		    "file (-o)");
	if (output != NULL) {
		/* read whole before the rename: output may be the input */
		ot_output_open(&out, output);
		ot_output_guard(&out);
	}
	ofd = out.fd >= 0 ? out.fd : output != NULL ?
	    ot_open_output(output, argv + optind, argc - optind) :
	    STDOUT_FILENO;
	if (ot_input_open(&in, &r, input, NULL) != 0)
		rc = 1;
	else {
		rc = write_rows(&r, ofd, output != NULL ? output : "stdout",
		    &o, empty, nempty);
		ot_input_close(&in, &r);
	}
	if (output != NULL && out.tmp == NULL && close(ofd) < 0) {
		warn("%s", output);
		rc = 1;
	}
	if (output != NULL && !ot_output_close(&out, rc == 0))
		rc = 1;
	free(empty);
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
	if (argc > 1 && strcmp(argv[1], "write") == 0)
		return write_cmd(argc - 1, argv + 1);
	while ((ch = getopt_long(argc, argv, "+hV", opts, NULL)) != -1)
		ot_std_option(ch, usage);
	usage(stderr, 2);
}
