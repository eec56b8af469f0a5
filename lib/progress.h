/*
 * Progress on stderr for the programs that read records: records done,
 * records a second, bytes read and, for a regular file, percent and time
 * left; redrawn a few times a second on a terminal, never on stdout, and
 * a summary line at the end.  Off unless asked for.
 */
#ifndef OT_PROGRESS_H
#define OT_PROGRESS_H

#include <stdint.h>

enum ot_progress_when { OT_PROGRESS_NEVER, OT_PROGRESS_AUTO,
	OT_PROGRESS_ALWAYS };

/* -P / --progress's argument: NULL or "auto" (only when stderr is a
 * terminal), "always", "never"; a usage error (exit 2) otherwise. */
enum ot_progress_when ot_progress_parse(const char *arg);
const char *ot_progress_name(enum ot_progress_when w);

/* Report from now on, if when says so. */
void ot_progress_start(enum ot_progress_when when);

/* An input begins: size bytes (0 when not a regular file). */
void ot_progress_input(int64_t size);

/* One more record; bytes of the input read so far.  Cheap: the clock is
 * looked at every few hundred records. */
void ot_progress_record(int64_t bytes);

/* The summary line, once, if reporting. */
void ot_progress_end(void);

#endif
