/*
 * The audit log's chain: each line (a JSON object) carries in "prev" the
 * lower-case hex SHA-256 of the line before it, its bytes without the
 * final LF; the first line's "prev" is 64 zeros.  So a line edited,
 * removed, moved or cut short breaks the chain at or after it; only
 * whole lines removed from the end leave it whole, which comparing the
 * last line's hash with one kept elsewhere shows.
 */
#ifndef OT_AUDITCHAIN_H
#define OT_AUDITCHAIN_H

#include <stddef.h>
#include <stdio.h>

/* A line longer than this is not one of ours. */
#define OT_AUDIT_LINE_MAX	(1 << 20)

/* The "prev" of the first line. */
#define OT_AUDIT_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* Lower-case hex SHA-256 of n bytes. */
void ot_audit_hash(const void *p, size_t n, char hex[65]);

/* The "prev" for a line appended to the log open (and locked) as fd:
 * the hash of its last line.  0, or -1 with *why (errno set for an I/O
 * error) when the log does not end with a whole line of ours. */
int ot_audit_tail(int fd, char prev[65], const char **why);

/* What ot_audit_verify() found. */
struct ot_audit_check {
	unsigned long long lines;	/* whole lines of the chain */
	char head[65];			/* the last one's hash, or the genesis */
	const char *want;		/* NULL, or a line's hash to look for */
	unsigned long long found;	/* the line whose hash is want, or 0 */
	unsigned long long bad;		/* the first broken line, or 0 */
	char why[160];			/* what is wrong with it */
};

/* Check the chain of the log read from f (c->want set or NULL): 0 when
 * whole, else 1 with c->bad and c->why. */
int ot_audit_verify(FILE *f, struct ot_audit_check *c);

#endif
