#include "readfile.h"

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

char *ot_read_bounded(int fd, size_t max, size_t *len)
{
	char *buf = malloc(max + 2);
	ssize_t n;

	if (buf == NULL)
		err(1, NULL);
	*len = 0;
	while ((n = read(fd, buf + *len, max + 1 - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (*len += (size_t)n) > max) {
			free(buf);
			return NULL;
		}
	}
	buf[*len] = '\0';
	return buf;
}
