/*
 * The audit log (--audit-log FILE, or OT_AUDIT_LOG), in the share/ wing
 * (what two parties exchange, and the record of it): one JSON object a
 * line for each run of a program, appended with O_APPEND in one write(2)
 * under an flock(2) of the log, each line carrying the SHA-256 of the
 * line before it (auditchain.c), fsync'd before the program exits 0.
 * The fields are listed in ot-audit(1), FIELDS.  Never logged: a
 * secret (an option's secret value is written "(secret)", a key file is
 * named, never hashed), a record id, an attribute value.
 *
 * A run's event is written just before its first output is put in
 * place (output.c tells ot_audit_put(), through ot_output_watch), with
 * status 0 and the SHA-256 of every output then complete; or at the end of main()
 * (ot_audit_end()) for a run that puts nothing in place; or, when the
 * program exits through err(3), by an on_exit(3) handler with the
 * status and the last error line.  A log that cannot be opened or
 * written is exit status 1, before anything is put in place.  When a
 * run fails after its event said 0, a second event of the same run id
 * says how it ended.
 */
#ifndef OT_AUDIT_H
#define OT_AUDIT_H

#include <getopt.h>
#include <stdbool.h>

#define OT_AUDIT_ENV	"OT_AUDIT_LOG"

/* getopt_long() value of --audit-log, and its table entry and help */
#define OT_OPT_AUDIT	0x1a1
#define OT_AUDIT_OPTIONS \
	{ "audit-log", required_argument, NULL, OT_OPT_AUDIT }
#define OT_HELP_AUDIT \
	{ "--audit-log=FILE", "append this run's event to the audit log FILE (or $OT_AUDIT_LOG)" }

/* The event's value of an option whose argument is a secret. */
#define OT_AUDIT_REDACTED	"(secret)"

/*
 * Start the run's event when path (--audit-log's argument, else
 * $OT_AUDIT_LOG) names a log: open it (exit 1 when it cannot be) and
 * note the program, its subcommand (or NULL), and argv[1..argc-1], the
 * argument of each option spelled in secret[] (NULL-ended: "-h",
 * "--hashingsecret") written OT_AUDIT_REDACTED.  Without a log, every
 * other call here does nothing.
 */
void ot_audit_start(const char *path, const char *program,
    const char *command, int argc, char *const argv[],
    const char *const secret[]);

/* Whether a log is being written. */
bool ot_audit_on(void);

/* An input file: its path, and unless secret its size and SHA-256 when
 * it is a regular file ("-" is standard input). */
void ot_audit_input(const char *role, const char *path, bool secret);

/* An output, whose bytes are for now in tmp (NULL: path itself). */
void ot_audit_output(const char *path, const char *tmp);
/* One made in place directly (a key file): only its path, and unless
 * secret its SHA-256 and size once written. */
void ot_audit_output_direct(const char *path, bool secret);
/* An output given up: not put in place, not logged. */
void ot_audit_output_drop(const char *tmp);

/* While held, files put in place are a step of the run (the tokens
 * that go into a package), not its outputs: no event, none noted. */
void ot_audit_hold(bool held);

/* Facts of the run: a count in "counts", a string field, a key
 * fingerprint in "keys" (role "own", "partner") or "package" (role
 * "sender", "receiver"). */
void ot_audit_count(const char *name, unsigned long long n);
void ot_audit_string(const char *name, const char *value);
void ot_audit_key(const char *role, const char *fingerprint);
void ot_audit_package(const char *role, const char *fingerprint);

/* Any value (cJSON, which this takes) as name in the object group (NULL:
 * the event itself). */
struct cJSON;
void ot_audit_json(const char *group, const char *name, struct cJSON *v);

/* Before an output is put in place (tmp renamed or linked to path):
 * the first call writes the event, with status 0.  0, or -1 with errno
 * set and a message printed: then nothing may be put in place. */
int ot_audit_put(const char *tmp, const char *path);

/* At the end of main(): the event with exit status rc, unless it was
 * written with that status already; returns rc, or 1 when the log
 * could not be written. */
int ot_audit_end(int rc);

#endif
