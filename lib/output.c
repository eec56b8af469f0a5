#include "output.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

const struct ot_output_watch *ot_output_watch;

static void made(const char *path, const char *tmp)
{
	if (ot_output_watch != NULL)
		ot_output_watch->made(path, tmp);
}

bool ot_system_path(const char *path)
{
	return strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0;
}

/* Not a file of its own to replace: a device or a FIFO, or a system
 * path (/dev/stdout is a link to whatever standard output is, a regular
 * file too, and renaming over it would replace the link). */
static bool special_file(const char *path)
{
	struct stat st;

	return ot_system_path(path) ||
	    (stat(path, &st) == 0 && !S_ISREG(st.st_mode));
}

void ot_output_open(struct ot_output *o, const char *path)
{
	size_t n = strlen(path);

	o->path = path;
	o->tmp = NULL;
	o->fd = -1;
	if (special_file(path)) {
		made(path, NULL);
		return;
	}
	if ((o->tmp = malloc(n + 8)) == NULL)
		err(1, NULL);
	memcpy(o->tmp, path, n);
	memcpy(o->tmp + n, ".XXXXXX", 8);
	if ((o->fd = mkstemp(o->tmp)) < 0)
		err(1, "%s", path);
	made(path, o->tmp);
}

bool ot_output_intact(const struct ot_output *o)
{
	struct stat a, b;

	return fstat(o->fd, &a) == 0 && lstat(o->tmp, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* The directory holding path, open; -1 when it cannot be opened. */
static int open_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (dir == NULL)
		err(1, NULL);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	return fd;
}

int ot_output_lock(const char *path)
{
	int fd = open_dir_of(path);

	/* a file system without flock: no lock, as before */
	while (fd >= 0 && flock(fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	return fd;
}

void ot_output_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

static int sync_dir_of(const char *path)
{
	int fd, rc = 0;

	if ((fd = open_dir_of(path)) >= 0) {
		/* some file systems cannot sync a directory: only an I/O
		 * error is one */
		if (fsync(fd) < 0 && errno == EIO)
			rc = -1;
		close(fd);
	}
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
	/* the audit log's event goes before the first output is in place */
	if (rc == 0 && ot_output_watch != NULL)
		rc = ot_output_watch->put(tmp, path);
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

/* What a stop signal removes: the outputs guarded, then other files,
 * then directories. */
#define NGUARDED	4
static struct ot_output *volatile guarded[NGUARDED];
static const char *volatile guarded_file[NGUARDED];
static const char *volatile guarded_dir[NGUARDED];

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
	if (!ok && ot_output_watch != NULL)
		ot_output_watch->dropped(o->tmp);
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
	for (i = 0; i < NGUARDED; i++)
		if (guarded_file[i] != NULL)
			unlink(guarded_file[i]);
	for (i = 0; i < NGUARDED; i++)
		if (guarded_dir[i] != NULL)
			rmdir(guarded_dir[i]);
}

const int ot_stop_signals[OT_NSTOP] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE
};

void ot_stop_sigset(sigset_t *set)
{
	int i;

	sigemptyset(set);
	for (i = 0; i < OT_NSTOP; i++)
		sigaddset(set, ot_stop_signals[i]);
}

/* The stop signals ignored when the program began (nohup's SIGHUP, a
 * background job's SIGINT and SIGQUIT), which stay ignored. */
static bool looked, ignored[OT_NSTOP];

static void look_at_start(void)
{
	struct sigaction old;
	int i;

	if (looked)
		return;
	looked = true;
	for (i = 0; i < OT_NSTOP; i++)
		ignored[i] = sigaction(ot_stop_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN;
}

void ot_catch_stop_signals(void (*handler)(int))
{
	struct sigaction sa;
	int i;

	look_at_start();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	ot_stop_sigset(&sa.sa_mask);
	for (i = 0; i < OT_NSTOP; i++)
		if (!ignored[i])
			sigaction(ot_stop_signals[i], &sa, NULL);
}

void ot_reset_stop_signals(void)
{
	int i;

	look_at_start();
	for (i = 0; i < OT_NSTOP; i++)
		signal(ot_stop_signals[i], ignored[i] ? SIG_IGN : SIG_DFL);
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

/* Remove what is guarded at an exit and on a stop signal, from now on. */
static void guard(void)
{
	if (guard_owner == 0) {
		guard_owner = getpid();
		atexit(at_exit);
	}
	ot_catch_stop_signals(on_signal);
}

/* Put p in the first free place of list, or take it out. */
static void list_put(const char *volatile *list, const char *p, bool add)
{
	int i;

	for (i = 0; i < NGUARDED; i++)
		if (add ? list[i] == NULL : list[i] == p) {
			list[i] = add ? p : NULL;
			return;
		}
	if (add)
		errx(1, "internal error: too many files to guard");
}

void ot_output_guard(struct ot_output *o)
{
	int i;

	for (i = 0; i < NGUARDED && guarded[i] != NULL && guarded[i] != o; i++)
		;
	if (i == NGUARDED)
		errx(1, "internal error: too many outputs to guard");
	guarded[i] = o;
	guard();
}

void ot_output_guard_dir(const char *dir)
{
	list_put(guarded_dir, dir, true);
	guard();
}

void ot_temp_guard(const char *file, const char *dir)
{
	list_put(guarded_file, file, true);
	list_put(guarded_dir, dir, true);
	guard();
}

void ot_temp_unguard(const char *file, const char *dir)
{
	list_put(guarded_file, file, false);
	list_put(guarded_dir, dir, false);
}
