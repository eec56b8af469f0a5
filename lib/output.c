#include "output.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static bool special_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

void ot_output_open(struct ot_output *o, const char *path)
{
	size_t n = strlen(path);

	o->path = path;
	o->tmp = NULL;
	o->fd = -1;
	if (special_file(path))
		return;
	if ((o->tmp = malloc(n + 8)) == NULL)
		err(1, NULL);
	memcpy(o->tmp, path, n);
	memcpy(o->tmp + n, ".XXXXXX", 8);
	if ((o->fd = mkstemp(o->tmp)) < 0)
		err(1, "%s", path);
}

bool ot_output_intact(const struct ot_output *o)
{
	struct stat a, b;

	return fstat(o->fd, &a) == 0 && lstat(o->tmp, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int sync_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd, rc = 0;

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (dir == NULL)
		err(1, NULL);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		/* some file systems cannot sync a directory: only an I/O
		 * error is one */
		if (fsync(fd) < 0 && errno == EIO)
			rc = -1;
		close(fd);
	}
	free(dir);
	return rc;
}

/* tmp made durable, renamed to path or linked to it (never replacing
 * it), and the directory's entry made durable too. */
static int durable(int fd, const char *tmp, const char *path, bool replace)
{
	int own = -1, rc, e;

	if (fd < 0 && (fd = own = open(tmp, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	if (own >= 0)
		close(own);
	if (rc < 0 || (replace ? rename(tmp, path) : link(tmp, path)) < 0) {
		e = errno;
		if (!replace)
			unlink(tmp);
		errno = e;
		return -1;
	}
	if (!replace)
		unlink(tmp);
	return sync_dir_of(path);
}

int ot_durable_rename(int fd, const char *tmp, const char *path)
{
	return durable(fd, tmp, path, true);
}

int ot_durable_link(int fd, const char *tmp, const char *path)
{
	return durable(fd, tmp, path, false);
}

/* What a stop signal removes: the outputs guarded, and a directory. */
#define NGUARDED	4
static struct ot_output *volatile guarded[NGUARDED];
static const char *volatile guarded_dir;

bool ot_output_close(struct ot_output *o, bool ok)
{
	mode_t mask;
	int i;

	if (o->tmp == NULL)
		return ok;
	if (ok) {
		mask = umask(0);
		umask(mask);
		(void)fchmod(o->fd, 0666 & ~mask);
		if (ot_durable_rename(o->fd, o->tmp, o->path) < 0) {
			warn("%s", o->path);
			ok = false;
		}
	}
	if (!ok && ot_output_intact(o))
		unlink(o->tmp);
	for (i = 0; i < NGUARDED; i++)
		if (guarded[i] == o)
			guarded[i] = NULL;
	close(o->fd);
	free(o->tmp);
	o->tmp = NULL;
	return ok;
}

/* Remove what is guarded (async-signal-safe). */
static void remove_guarded(void)
{
	int i;

	for (i = 0; i < NGUARDED; i++) {
		struct ot_output *o = guarded[i];

		if (o != NULL && o->tmp != NULL && ot_output_intact(o))
			unlink(o->tmp);
	}
	if (guarded_dir != NULL)
		rmdir(guarded_dir);
}

/* An exit before the outputs were closed (err(), exit()) leaves none of
 * them; only in the process that made them, not in a child of it. */
static pid_t guard_owner;

static void at_exit(void)
{
	if (getpid() == guard_owner)
		remove_guarded();
}

static void on_signal(int sig)
{
	remove_guarded();
	signal(sig, SIG_DFL);
	raise(sig);
}

void ot_output_guard(struct ot_output *o)
{
	struct sigaction sa;
	int i;

	for (i = 0; i < NGUARDED && guarded[i] != NULL && guarded[i] != o; i++)
		;
	if (i == NGUARDED)
		errx(1, "internal error: too many outputs to guard");
	guarded[i] = o;
	if (guard_owner == 0) {
		guard_owner = getpid();
		atexit(at_exit);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

void ot_output_guard_dir(const char *dir)
{
	guarded_dir = dir;
}
