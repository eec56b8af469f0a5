/*
 * Outputs that appear whole or not at all: written to a private
 * temporary file beside the target and renamed into place on success.
 * A target that exists and is not a regular file (a device, a FIFO) is
 * written directly instead, never replaced.
 */
#ifndef OT_OUTPUT_H
#define OT_OUTPUT_H

#include <stdbool.h>

struct ot_output {
	const char *path;
	char *tmp;		/* NULL when the target is special */
	int fd;			/* the temporary file, or -1 */
};

/* Make the temporary file (mode 0600), or nothing when path is special;
 * exits 1 on failure. */
void ot_output_open(struct ot_output *o, const char *path);

/* Whether the temporary name still holds the file made. */
bool ot_output_intact(const struct ot_output *o);

/* Give the finished file the mode a new file gets and rename it into
 * place; or, when ok is false, remove it (unless another file has taken
 * its name).  Returns ok, or false when it could not be put in place. */
bool ot_output_close(struct ot_output *o, bool ok);

/* Make the finished file tmp (open as fd, or -1 to open it here)
 * durable, rename it to path, and make the rename durable: fsync of the
 * file before, of its directory after, so that a crash never leaves an
 * empty or partial file under path.  0, or -1 with errno set. */
int ot_durable_rename(int fd, const char *tmp, const char *path);

/* The same, but never replacing a file at path: tmp is linked to path
 * (EEXIST when path exists) and removed. */
int ot_durable_link(int fd, const char *tmp, const char *path);

/* Remove o's temporary file when SIGINT, SIGTERM or SIGHUP ends the
 * program (which the handler this installs does), or when it exits
 * before closing o (err(), exit()); a few outputs can be guarded at
 * once, each until it is closed. */
void ot_output_guard(struct ot_output *o);
/* Remove the directory dir (once empty) on such a signal too. */
void ot_output_guard_dir(const char *dir);

#endif
