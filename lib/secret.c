#include "secret.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

static void read_file(struct ot_secret *s, const char *path, const char *what)
{
	int fd;
	ssize_t n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		err(2, "%s file %s", what, path);
	s->len = 0;
	for (;;) {
		n = read(fd, s->buf + s->len, sizeof(s->buf) - s->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ot_secret_wipe(s);
			err(2, "%s file %s", what, path);
		}
		if (n == 0)
			break;
		s->len += (size_t)n;
		if (s->len == sizeof(s->buf)) {
			ot_secret_wipe(s);
			errx(2, "%s file %s: longer than %d bytes", what, path,
			    OT_SECRET_MAX - 1);
		}
	}
	close(fd);
	if (s->len > 0 && s->buf[s->len - 1] == '\n') {
		s->len--;
		if (s->len > 0 && s->buf[s->len - 1] == '\r')
			s->len--;
	}
}

void ot_secret_load(struct ot_secret *s, const char *path, const char *env,
    const char *what)
{
	char *v;
	size_t n;

	if (path != NULL)
		read_file(s, path, what);
	else if ((v = getenv(env)) != NULL) {
		n = strlen(v);
		if (n >= sizeof(s->buf))
			errx(2, "%s in %s: longer than %d bytes", what, env,
			    OT_SECRET_MAX - 1);
		memcpy(s->buf, v, n);
		s->len = n;
		/* /proc/PID/environ shows this memory: blank it */
		OPENSSL_cleanse(v, n);
	} else
		errx(2, "no %s: give -k FILE or set %s", what, env);
	if (s->len == 0)
		errx(2, "the %s is empty", what);
}

bool ot_secret_load_optional(struct ot_secret *s, const char *path,
    const char *env, const char *what)
{
	if (path == NULL && getenv(env) == NULL)
		return false;
	ot_secret_load(s, path, env, what);
	return true;
}

void ot_secret_wipe(struct ot_secret *s)
{
	OPENSSL_cleanse(s->buf, sizeof(s->buf));
	s->len = 0;
}
