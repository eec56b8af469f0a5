#include "frontend.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <openssl/crypto.h>

#define MAX_STAGES	6
#define MAX_ARGS	12
/* Secrets reach a stage on these descriptors, as -k /dev/fd/N. */
#define FD_HASHING	3
#define FD_KEY		4

struct stage {
	const char *argv[MAX_ARGS];
	int argc;
	const struct ot_secret *secret[2];	/* on FD_HASHING, FD_KEY */
	pid_t pid;
};

/* Stages to pass an interrupt on to; the interrupt, once all have ended
 * and the temporary files are gone, ends ot too. */
static volatile pid_t children[MAX_STAGES];
static volatile sig_atomic_t nchildren, caught;

static void forward(int sig)
{
	sig_atomic_t i;

	caught = sig;
	for (i = 0; i < nchildren; i++)
		if (children[i] > 0)
			kill(children[i], sig);
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

char *ot_metadata_path(const char *output)
{
	const char *dot = strrchr(output, '.');
	size_t n = dot != NULL && dot != output ? (size_t)(dot - output) :
	    strlen(output);
	char *p = malloc(n + sizeof(".metadata.json"));

	if (p == NULL)
		err(1, NULL);
	memcpy(p, output, n);
	memcpy(p + n, ".metadata.json", sizeof(".metadata.json"));
	return p;
}

/* The directory holding this program, so that bin/ot runs bin/ot-*; or
 * NULL to search PATH. */
static const char *program_dir(void)
{
	static char dir[PATH_MAX];
	char probe[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	dir[n] = '\0';
	if ((slash = strrchr(dir, '/')) == NULL)
		return NULL;
	*slash = '\0';
	snprintf(probe, sizeof(probe), "%s/ot-sign", dir);
	return access(probe, X_OK) == 0 ? dir : NULL;
}

static void arg(struct stage *s, const char *a)
{
	if (s->argc == MAX_ARGS - 1)
		errx(1, "internal error: too many arguments");
	s->argv[s->argc++] = a;
	s->argv[s->argc] = NULL;
}

/* A pipe already holding the secret, its write end closed.  The newline
 * is the one a key file's reader drops, so a secret ending in a newline
 * keeps it. */
static int secret_pipe(const struct ot_secret *s)
{
	int p[2];

	if (pipe(p) < 0)
		err(1, "pipe");
	if (write(p[1], s->buf, s->len) != (ssize_t)s->len ||
	    write(p[1], "\n", 1) != 1)
		err(1, "pipe");
	close(p[1]);
	return p[0];
}

static void exec_stage(const struct stage *s, const char *dir, int in,
    int out)
{
	char path[PATH_MAX + 32];
	int i, fds[2] = { -1, -1 };

	for (i = 0; i < 2; i++)
		if (s->secret[i] != NULL)
			fds[i] = secret_pipe(s->secret[i]);
	if ((in != STDIN_FILENO && dup2(in, STDIN_FILENO) < 0) ||
	    (out != STDOUT_FILENO && dup2(out, STDOUT_FILENO) < 0))
		err(1, "dup2");
	for (i = 0; i < 2; i++)
		if (fds[i] >= 0 && dup2(fds[i], FD_HASHING + i) < 0)
			err(1, "dup2");
	closefrom(FD_HASHING + 2);
	if (dir != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, s->argv[0]);
		execv(path, (char *const *)s->argv);
		err(127, "%s", path);
	}
	execvp(s->argv[0], (char *const *)s->argv);
	err(127, "%s", s->argv[0]);
}

/* Start the stages joined by pipes; wait for all.  Returns the exit
 * status of the first stage that failed, or 0. */
static int run_pipeline(struct stage *st, int n)
{
	const char *dir = program_dir();
	int i, in = STDIN_FILENO, p[2], rc = 0;

	for (i = 0; i < n; i++) {
		int out = STDOUT_FILENO;

		if (i < n - 1) {
			if (pipe2(p, O_CLOEXEC) < 0)
				err(1, "pipe");
			out = p[1];
		}
		if ((st[i].pid = fork()) < 0)
			err(1, "fork");
		if (st[i].pid == 0) {
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
			signal(SIGHUP, SIG_DFL);
			exec_stage(&st[i], dir, in, out);
		}
		children[i] = st[i].pid;
		nchildren = i + 1;
		if (in != STDIN_FILENO)
			close(in);
		if (out != STDOUT_FILENO)
			close(out);
		in = p[0];
	}
	for (i = 0; i < n; i++) {
		int status;

		while (waitpid(st[i].pid, &status, 0) < 0)
			if (errno != EINTR)
				err(1, "waitpid");
		if (rc != 0)
			continue;
		if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
			rc = WEXITSTATUS(status) == 127 ? 1 : WEXITSTATUS(status);
		else if (WIFSIGNALED(status)) {
			if (!caught)
				warnx("%s killed by signal %d", st[i].argv[0],
				    WTERMSIG(status));
			rc = 1;
		}
	}
	return rc;
}

/* Whether path exists and is not a regular file (a device, a FIFO): such
 * an output is written directly, never replaced by a rename. */
static bool special_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

/* A new empty file beside path, for the output to be renamed into place;
 * or path itself when it is special. */
static char *temp_beside(const char *path)
{
	size_t n = strlen(path);
	char *t = malloc(n + 8);
	int fd;

	if (t == NULL)
		err(1, NULL);
	if (special_file(path)) {
		memcpy(t, path, n + 1);
		return t;
	}
	memcpy(t, path, n);
	memcpy(t + n, ".XXXXXX", 8);
	if ((fd = mkstemp(t)) < 0)
		err(1, "%s", path);
	close(fd);
	return t;
}

static void commit(const char *tmp, const char *path)
{
	mode_t mask;

	if (strcmp(tmp, path) == 0)
		return;
	mask = umask(0);
	umask(mask);
	(void)chmod(tmp, 0666 & ~mask);
	if (rename(tmp, path) < 0)
		err(1, "%s", path);
}

int ot_run_job(struct ot_job *job)
{
	struct stage st[MAX_STAGES];
	char *meta = NULL, *tmpmeta = NULL, *tmpout;
	int n = 0, rc;

	memset(st, 0, sizeof(st));
	catch_signals();
	tmpout = temp_beside(job->output);
	if (job->decrypt) {
		arg(&st[n], "ot-decrypt");
		arg(&st[n], "-k");
		arg(&st[n], "/dev/fd/4");
		st[n].secret[1] = &job->key;
		arg(&st[n], "-o");
		arg(&st[n], tmpout);
		arg(&st[n++], job->input);
	} else {
		meta = ot_metadata_path(job->output);
		tmpmeta = temp_beside(meta);
		arg(&st[n], "ot-normalize");
		arg(&st[n++], job->input);
		arg(&st[n], "ot-meta");
		arg(&st[n], "-o");
		arg(&st[n], tmpmeta);
		arg(&st[n], "-k");
		arg(&st[n], "/dev/fd/3");
		st[n].secret[0] = &job->hashing;
		if (!job->hash_only) {
			arg(&st[n], "--encryption-key-file");
			arg(&st[n], "/dev/fd/4");
			st[n].secret[1] = &job->key;
		}
		n++;
		arg(&st[n++], "ot-sign");
		arg(&st[n], "ot-hash");
		arg(&st[n], "-k");
		arg(&st[n], "/dev/fd/3");
		st[n++].secret[0] = &job->hashing;
		if (!job->hash_only) {
			arg(&st[n], "ot-encrypt");
			arg(&st[n], "-k");
			arg(&st[n], "/dev/fd/4");
			st[n++].secret[1] = &job->key;
		}
		arg(&st[n - 1], "-o");
		arg(&st[n - 1], tmpout);
	}
	rc = run_pipeline(st, n);
	ot_secret_wipe(&job->hashing);
	ot_secret_wipe(&job->key);
	if (rc == 0) {
		commit(tmpout, job->output);
		if (meta != NULL)
			commit(tmpmeta, meta);
	} else {
		if (strcmp(tmpout, job->output) != 0)
			unlink(tmpout);
		if (tmpmeta != NULL && strcmp(tmpmeta, meta) != 0)
			unlink(tmpmeta);
	}
	free(tmpout);
	free(tmpmeta);
	free(meta);
	if (caught) {
		signal(caught, SIG_DFL);
		raise(caught);
	}
	return rc;
}
