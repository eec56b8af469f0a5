/*
 * Outputs that appear whole or not at all: written to a private
 * temporary file beside the target and renamed into place on success.
 * A target that exists and is not a regular file (a device, a FIFO), or
 * any path in /dev or /proc (/dev/stdout), is written directly instead,
 * never replaced.
 */
#ifndef OT_OUTPUT_H
#define OT_OUTPUT_H

#include <signal.h>
#include <stdbool.h>

struct ot_output {
	const char *path;
	char *tmp;		/* NULL when the target is special */
	int fd;			/* the temporary file, or -1 */
};

/*
 * Who is told of the outputs: the audit log (share/audit.c), which names
 * each in its event, written before the first is put in place.  made:
 * an output begun (tmp NULL: written directly); dropped: one given up;
 * put: tmp about to be renamed or linked to path, non-zero (errno set)
 * when it may not be.  NULL: nobody.
 */
struct ot_output_watch {
	void (*made)(const char *path, const char *tmp);
	void (*dropped)(const char *tmp);
	int (*put)(const char *tmp, const char *path);
};
extern const struct ot_output_watch *ot_output_watch;

/* Whether path is in /dev or /proc. */
bool ot_system_path(const char *path);

/* Make the temporary file (mode 0600), or nothing when path is special;
 * exits 1 on failure. */
void ot_output_open(struct ot_output *o, const char *path);

/* Whether the temporary name still holds the file made. */
bool ot_output_intact(const struct ot_output *o);

/* Give the finished file the mode a new file gets and rename it into
 * place; or, when ok is false, remove it (unless another file has taken
 * its name).  Returns ok, or false when it could not be put in place. */
bool ot_output_close(struct ot_output *o, bool ok);

/* Outputs renamed into place together (a token file and its metadata)
 * are renamed holding this lock, an exclusive flock(2) of the directory
 * of path, so that two runs to one output never leave one's tokens
 * beside the other's metadata: the descriptor, or -1 where the file
 * system has no such lock. */
int ot_output_lock(const char *path);
void ot_output_unlock(int fd);

/* Make the finished file tmp (open as fd, or -1 to open it here)
 * durable, rename it to path, and make the rename durable: fsync of the
 * file before, of its directory after, so that a crash never leaves an
 * empty or partial file under path.  0, or -1 with errno set. */
int ot_durable_rename(int fd, const char *tmp, const char *path);

/* The same, but never replacing a file at path: tmp is linked to path
 * (EEXIST when path exists) and removed. */
int ot_durable_link(int fd, const char *tmp, const char *path);

/* The signals that end a program only once its temporary files are
 * gone: SIGINT, SIGTERM, SIGHUP, SIGQUIT, and SIGPIPE (a closed standard
 * error too, such as "2>&1 | head"). */
#define OT_NSTOP	5
extern const int ot_stop_signals[OT_NSTOP];
void ot_stop_sigset(sigset_t *set);

/* Catch each stop signal with handler (the others blocked while it
 * runs), except one ignored when the program began, which stays ignored
 * (nohup, a background job). */
void ot_catch_stop_signals(void (*handler)(int));
/* In a child about to run another program: each stop signal as the
 * program began with it. */
void ot_reset_stop_signals(void);

/* Remove o's temporary file when a stop signal ends the program (which
 * the handler this installs does, by that signal), or when it exits
 * before closing o (err(), exit()); a few outputs can be guarded at
 * once, each until it is closed. */
void ot_output_guard(struct ot_output *o);
/* Remove the directory dir (once empty) on such a signal or exit too. */
void ot_output_guard_dir(const char *dir);

/* The same for a temporary file and its directory that are not an
 * output (a package's extracted tokens), either of them NULL; until
 * ot_temp_unguard(). */
void ot_temp_guard(const char *file, const char *dir);
void ot_temp_unguard(const char *file, const char *dir);

#endif
