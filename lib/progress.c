#include "progress.h"

#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TICK		256	/* records between looks at the clock */
#define TTY_EVERY	0.25	/* seconds between redraws on a terminal */
#define LINE_EVERY	1.0	/* and between lines elsewhere */

static struct {
	bool on, tty;
	double start, last;
	uint64_t records, ticks;
	int64_t done;		/* bytes of inputs finished */
	int64_t bytes;		/* of the current input */
	int64_t size;		/* of all inputs, when all are files */
	bool size_known;
	bool drawn;
} p;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum ot_progress_when ot_progress_parse(const char *arg)
{
	if (arg == NULL || strcmp(arg, "auto") == 0)
		return OT_PROGRESS_AUTO;
	if (strcmp(arg, "always") == 0)
		return OT_PROGRESS_ALWAYS;
	if (strcmp(arg, "never") == 0)
		return OT_PROGRESS_NEVER;
	errx(2, "--progress=%s: not auto, always or never", arg);
}

const char *ot_progress_name(enum ot_progress_when w)
{
	return w == OT_PROGRESS_ALWAYS ? "always" : w == OT_PROGRESS_NEVER ?
	    "never" : "auto";
}

void ot_progress_start(enum ot_progress_when when)
{
	memset(&p, 0, sizeof(p));
	p.tty = isatty(STDERR_FILENO);
	p.on = when == OT_PROGRESS_ALWAYS || (when == OT_PROGRESS_AUTO && p.tty);
	p.start = p.last = now();
	p.size_known = true;
}

void ot_progress_input(int64_t size)
{
	if (!p.on)
		return;
	p.done += p.bytes;
	p.bytes = 0;
	if (size > 0)
		p.size += size;
	else
		p.size_known = false;
}

static void draw(double t, bool final)
{
	double secs = t - p.start, rate = secs > 0 ? p.records / secs : 0;
	int64_t read = p.done + p.bytes;
	char line[256];
	int n;

	n = snprintf(line, sizeof(line), "%s: %llu records, %.0f records/s, "
	    "%.1f MB read", program_invocation_short_name,
	    (unsigned long long)p.records, rate, read / 1e6);
	if (final)
		snprintf(line + n, sizeof(line) - (size_t)n, " in %.2f s", secs);
	else if (p.size_known && p.size > 0 && read > 0) {
		double left = secs * (double)(p.size - read) / (double)read;
		long l = left > 0 ? (long)(left + 0.5) : 0;

		snprintf(line + n, sizeof(line) - (size_t)n,
		    ", %.0f%%, %ld:%02ld left", 100.0 * read / p.size,
		    l / 60, l % 60);
	}
	if (p.tty)
		fprintf(stderr, "\r\033[K%s%s", line, final ? "\n" : "");
	else
		fprintf(stderr, "%s\n", line);
	p.drawn = true;
}

void ot_progress_record(int64_t bytes)
{
	double t;

	if (!p.on)
		return;
	p.records++;
	p.bytes = bytes;
	if (++p.ticks % TICK != 0)
		return;
	t = now();
	if (t - p.last >= (p.tty ? TTY_EVERY : LINE_EVERY)) {
		p.last = t;
		draw(t, false);
	}
}

void ot_progress_end(void)
{
	if (!p.on)
		return;
	draw(now(), true);
	p.on = false;
}
