/* What every program's main() shares. */
#ifndef OT_CLI_H
#define OT_CLI_H

#ifndef OT_VERSION
#define OT_VERSION "0.0.0"
/* mkdir -p: dir and the directories above it that do not exist, new
 * ones private (0700); exits 1 on failure. */
void ot_make_dirs(const char *dir);

#endif

/* The reference release whose tokens ot reproduces. */
#define OT_REFERENCE_VERSION "1.12.5"

void ot_print_version(void);

#include <stdbool.h>
#include <stdio.h>

/* --help's lines: an option's spellings and what it does. */
struct ot_help {
	const char *opt;	/* "-o, --output=FILE" */
	const char *what;	/* one line */
};

/* The --help lines many programs share. */
#define OT_HELP_OUTPUT \
	{ "-o, --output=FILE", "write to FILE, put in place only when the run succeeds" }
#define OT_HELP_OUTPUT_TYPE \
	{ "--output-type=TYPE", "csv (the default) or parquet" }
#define OT_HELP_PROGRESS \
	{ "-P, --progress[=WHEN]", "show progress on stderr: auto (a terminal), always, never" }
#define OT_HELP_STD \
	{ "-h, --help", "show this help and exit" }, \
	{ "-V, --version", "show the version and exit" }

/* Print synopsis (the usage lines, as the man page's SYNOPSIS) and, with
 * status 0 (--help), a line for each option of help (ended by a NULL
 * opt); exit with status. */
_Noreturn void ot_usage(FILE *f, int status, const char *synopsis,
    const struct ot_help *help);

/* The options every program shares, for the default of its switch: -h
 * prints the usage and exits 0, -V the version; anything else is a
 * usage error (exit 2). */
_Noreturn void ot_std_option(int ch, void (*usage)(FILE *, int));

/* Open an input file for reading ("-" is standard input); -1 and a
 * message on failure. */
int ot_open_input(const char *path);

/* The name to show for an input path in messages. */
const char *ot_input_name(const char *path);

/* The output file, "-" or NULL being standard output: a private
 * temporary file beside path, which ot_close_output() renames into place
 * (a device or a FIFO is written directly), so that a run that fails
 * leaves path as it was.  Exits 1 on failure, and 2 when the file is one
 * of the n inputs. */
int ot_open_output(const char *path, char *const *inputs, int n);

/* At the end of main(): with rc 0, the output made durable and renamed
 * into place, else removed.  Returns rc, or 1 when the rename failed. */
int ot_close_output(int rc);

/* Write all n bytes of buf to fd, retrying after EINTR; 0, or -1 with
 * errno set. */
int ot_write_all(int fd, const void *buf, size_t n);

/* --output-type's argument: false for csv, true for parquet (any case);
 * a usage error (exit 2) for anything else. */
bool ot_output_type(const char *arg);

/* --delimiter's argument: one ASCII character other than '"', CR and
 * LF, or "tab" (or "\t") for a tab; a usage error (exit 2) otherwise. */
unsigned char ot_parse_delimiter(const char *arg);

/* A size such as "256M", "2G" or "65536", in bytes, for option opt; a
 * usage error (exit 2) unless it is one of at least min bytes. */
size_t ot_parse_size(const char *opt, const char *s, size_t min);

/* mkdir -p: dir and the directories above it that do not exist, new
 * ones private (0700); exits 1 on failure. */
void ot_make_dirs(const char *dir);

#endif
