#include "share/slurp.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

char *ot_read_bounded(int fd, size_t max, size_t *len)
{
	char *buf;
	ssize_t n;
	int e;

	if ((buf = malloc(max + 1)) == NULL)
		err(1, NULL);
	*len = 0;
	while ((n = read(fd, buf + *len, max + 1 - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (*len += (size_t)n) > max) {
			e = n < 0 ? errno : EFBIG;
			ot_slurp_free(buf, max + 1);
			errno = e;
			return NULL;
		}
	}
	buf[*len] = '\0';
	return buf;
}

int ot_slurp(const char *path, size_t max, char **buf, size_t *len)
{
	struct stat st;
	int fd, e;

	*buf = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return -1;
	}
	*buf = ot_read_bounded(fd, max, len);
	e = errno;
	close(fd);
	if (*buf == NULL) {
		*len = 0;
		errno = e;
		return -1;
	}
	return 0;
}

void ot_slurp_free(char *buf, size_t len)
{
	if (buf == NULL)
		return;
	OPENSSL_cleanse(buf, len);
	free(buf);
}
