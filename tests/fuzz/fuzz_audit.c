/* Fuzz target: the audit log's chain reader (ot-audit verify) and the
 * writer's reader of a log's last line.  Oracles: no crash; a log that
 * verifies has, by the writer's reading, the head verify found, and it
 * still verifies, one line longer, with a line chained to that head. */
#include "share/auditchain.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

static int check(const uint8_t *p, size_t n, struct ot_audit_check *c)
{
	FILE *f = fmemopen((void *)(uintptr_t)p, n, "r");
	int rc;

	if (n == 0)
		f = fopen("/dev/null", "r");
	if (f == NULL)
		abort();
	memset(c, 0, sizeof(*c));
	rc = ot_audit_verify(f, c);
	fclose(f);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ot_audit_check c, d;
	char prev[65], *longer;
	const char *why;
	size_t n;
	int fd;

	if (check(data, size, &c) != 0)
		return 0;
	if ((fd = memfd_create("fuzz_audit", 0)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	/* a line too long for the writer is one verify refuses too */
	if (ot_audit_tail(fd, prev, &why) != 0 || strcmp(prev, c.head) != 0)
		abort();
	close(fd);
	n = size + 76;
	if ((longer = malloc(n + 1)) == NULL)
		abort();
	memcpy(longer, data, size);
	snprintf(longer + size, 77, "{\"prev\":\"%s\"}\n", c.head);
	if (check((const uint8_t *)longer, n, &d) != 0 ||
	    d.lines != c.lines + 1)
		abort();
	free(longer);
	return 0;
}
