#include "secret.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

void ot_secret_protect(void)
{
	static const struct rlimit none = { 0, 0 };
	static bool done;

	if (done)
		return;
	done = true;
	/* both: with fs.suid_dumpable 2 a process that is not dumpable
	 * still leaves a core for root */
	(void)setrlimit(RLIMIT_CORE, &none);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static void read_file(struct ot_secret *s, const char *path, bool raw,
    const char *what)
{
	struct stat st;
	int fd;
	ssize_t n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		err(2, "%s file %s", what, path);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & (S_IRGRP | S_IROTH)) != 0)
		warnx("warning: %s file %s is readable by other users "
		    "(mode %03o): chmod 600 it", what, path,
		    (unsigned)(st.st_mode & 0777));
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
	if (!raw && s->len > 0 && s->buf[s->len - 1] == '\n') {
		s->len--;
		if (s->len > 0 && s->buf[s->len - 1] == '\r')
			s->len--;
	}
}

void ot_secret_load(struct ot_secret *s, const char *path, bool raw,
    const char *env, const char *what, const char *opt)
{
	char *v;
	size_t n;

	ot_secret_protect();
	if (path != NULL)
		read_file(s, path, raw, what);
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
		errx(2, "no %s: give %s FILE or set %s", what, opt, env);
	if (s->len == 0)
		errx(2, "the %s is empty", what);
}

bool ot_secret_load_optional(struct ot_secret *s, const char *path,
    bool raw, const char *env, const char *what)
{
	if (path == NULL && getenv(env) == NULL)
		return false;
	ot_secret_load(s, path, raw, env, what, "-k");
	return true;
}

void ot_secret_warn_weak(const struct ot_secret *s, const char *what)
{
	if (s->len < OT_SECRET_WEAK)
		warnx("warning: the %s is only %zu bytes: use 32 random bytes "
		    "(openssl rand -base64 32)", what, s->len);
}

void ot_secret_wipe(struct ot_secret *s)
{
	OPENSSL_cleanse(s->buf, sizeof(s->buf));
	s->len = 0;
}
