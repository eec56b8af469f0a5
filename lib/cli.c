#include "cli.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void ot_print_version(void)
{
	printf("%s (ot) %s, OpenToken %s tokens\n",
	    program_invocation_short_name, OT_VERSION, OT_REFERENCE_VERSION);
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

int ot_open_output(const char *path)
{
	int fd;

	if (path == NULL || strcmp(path, "-") == 0)
		return STDOUT_FILENO;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		err(1, "%s", path);
	return fd;
}
