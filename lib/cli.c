#include "cli.h"
#include "output.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

void ot_print_version(void)
{
	printf("%s (ot) %s, OpenToken %s tokens\n",
	    program_invocation_short_name, OT_VERSION, OT_REFERENCE_VERSION);
}

void ot_std_option(int ch, void (*usage)(FILE *, int))
{
	if (ch == 'h')
		usage(stdout, 0);
	if (ch == 'V') {
		ot_print_version();
		exit(fflush(stdout) == EOF || ferror(stdout) ? 1 : 0);
	}
	usage(stderr, 2);
	exit(2);
}

const char *ot_input_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "stdin" : path;
}

int ot_open_input(const char *path)
{
	int fd;

	if (strcmp(path, "-") == 0)
		return STDIN_FILENO;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		warn("%s", path);
	return fd;
}

_Noreturn void ot_usage(FILE *f, int status, const char *synopsis,
    const struct ot_help *help)
{
	fputs(synopsis, f);
	if (status == 0) {
		fputs("\noptions:\n", f);
		for (; help->opt != NULL; help++)
			fprintf(f, "  %-30s %s\n", help->opt, help->what);
		if (fflush(f) == EOF || ferror(f))
			err(1, "stdout");
	}
	exit(status);
}

/* The output ot_open_output() made, put in place by ot_close_output(). */
static struct ot_output pending;
static bool have_pending;

int ot_open_output(const char *path, char *const *inputs, int n)
{
	struct stat out, in;
	int fd, i;

	if (path == NULL || strcmp(path, "-") == 0) {
		if (ot_output_watch != NULL)
			ot_output_watch->made("-", NULL);
		return STDOUT_FILENO;
	}
	if (stat(path, &out) == 0 && S_ISREG(out.st_mode))
		for (i = 0; i < n; i++)
			if (strcmp(inputs[i], "-") != 0 &&
			    stat(inputs[i], &in) == 0 &&
			    in.st_dev == out.st_dev && in.st_ino == out.st_ino)
				errx(2, "%s: the output file is also an input",
				    path);
	if (have_pending)
		errx(1, "internal error: a second output file");
	ot_output_open(&pending, path);
	if (pending.fd < 0) {
		/* a device or a FIFO: written as it is */
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0666)) < 0)
			err(1, "%s", path);
		return fd;
	}
	have_pending = true;
	ot_output_guard(&pending);
	/* the caller closes its own descriptor; this one makes the file
	 * durable before the rename */
	if ((fd = fcntl(pending.fd, F_DUPFD_CLOEXEC, 3)) < 0)
		err(1, "%s", path);
	return fd;
}

int ot_close_output(int rc)
{
	if (!have_pending)
		return rc;
	have_pending = false;
	if (!ot_output_close(&pending, rc == 0) && rc == 0)
		rc = 1;
	return rc;
}

size_t ot_parse_size(const char *opt, const char *s, size_t min)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *s == '-')
		errx(2, "%s %s: not a size (e.g. 256M)", opt, s);
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (*end != '\0' || v > (SIZE_MAX >> shift) || (v << shift) < min)
		errx(2, "%s %s: not a size of %zuK or more (e.g. 256M)", opt, s,
		    min >> 10);
	return (size_t)(v << shift);
}

unsigned char ot_parse_delimiter(const char *arg)
{
	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
		return '\t';
	if (strlen(arg) != 1 || arg[0] == '"' || arg[0] == '\r' ||
	    arg[0] == '\n' || (unsigned char)arg[0] >= 0x80)
		errx(2, "--delimiter %s: not one character (other than a quote "
		    "or a line end), or tab", arg);
	return (unsigned char)arg[0];
}

bool ot_output_type(const char *arg)
{
	if (strcasecmp(arg, "csv") == 0)
		return false;
	if (strcasecmp(arg, "parquet") != 0)
		errx(2, "--output-type %s: not csv or parquet", arg);
	return true;
}

int ot_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t k;

	while (n > 0) {
		if ((k = write(fd, p, n)) < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = EIO;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

void ot_make_dirs(const char *dir)
{
	char *d = strdup(dir), *p;
	bool last;

	if (d == NULL)
		err(1, NULL);
	for (p = d + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		last = *p == '\0';
		*p = '\0';
		if (mkdir(d, 0700) < 0 && errno != EEXIST)
			err(1, "%s", d);
		if (last)
			break;
		*p = '/';
	}
	free(d);
}
