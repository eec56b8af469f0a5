#include "share/auditchain.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

void ot_audit_hash(const void *p, size_t n, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned int len = 0;
	int i;

	if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1)
		abort();
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

/* The last line ends at end - 1 (its LF): read back to the LF before it,
 * at most OT_AUDIT_LINE_MAX bytes. */
int ot_audit_tail(int fd, char prev[65], const char **why)
{
	struct stat st;
	char *buf;
	size_t n, start;
	ssize_t r;
	off_t off;

	if (fstat(fd, &st) < 0) {
		*why = NULL;
		return -1;
	}
	if (st.st_size == 0) {
		memcpy(prev, OT_AUDIT_GENESIS, 65);
		return 0;
	}
	/* the longest line, its LF and the LF before it */
	n = st.st_size > OT_AUDIT_LINE_MAX + 2 ? OT_AUDIT_LINE_MAX + 2 :
	    (size_t)st.st_size;
	off = st.st_size - (off_t)n;
	if ((buf = malloc(n)) == NULL) {
		*why = NULL;
		return -1;
	}
	for (size_t got = 0; got < n; got += (size_t)r)
		if ((r = pread(fd, buf + got, n - got, off + (off_t)got)) <= 0) {
			if (r == 0)
				errno = EIO;
			if (r < 0 && errno == EINTR) {
				r = 0;
				continue;
			}
			free(buf);
			*why = NULL;
			return -1;
		}
	if (buf[n - 1] != '\n') {
		free(buf);
		*why = "does not end with a whole line (cut short? "
		    "check it with ot-audit verify)";
		errno = EINVAL;
		return -1;
	}
	for (start = n - 1; start > 0 && buf[start - 1] != '\n'; start--)
		;
	if (start == 0 && off > 0) {
		free(buf);
		*why = "its last line is longer than any event";
		errno = EINVAL;
		return -1;
	}
	ot_audit_hash(buf + start, n - 1 - start, prev);
	free(buf);
	return 0;
}

static bool is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

/* The next line of f into buf (OT_AUDIT_LINE_MAX + 2 bytes), its LF
 * too; its length, at most OT_AUDIT_LINE_MAX + 1 (then it is too long
 * and its rest unread), or 0 at the end. */
static size_t read_line(FILE *f, char *buf)
{
	size_t n = 0;
	int c;

	while (n < OT_AUDIT_LINE_MAX + 1 && (c = getc_unlocked(f)) != EOF) {
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	return n;
}

int ot_audit_verify(FILE *f, struct ot_audit_check *c)
{
	unsigned long long *lines = &c->lines, *line = &c->bad;
	char *why = c->why;
	size_t whylen = sizeof(c->why);
	char expect[65], *buf;
	size_t n;
	cJSON *o;
	const cJSON *p;
	int rc = 0;

	if ((buf = malloc(OT_AUDIT_LINE_MAX + 2)) == NULL) {
		*line = 1;
		snprintf(why, whylen, "out of memory");
		return 1;
	}
	memcpy(expect, OT_AUDIT_GENESIS, 65);
	*lines = 0;
	c->found = 0;
	while ((n = read_line(f, buf)) > 0) {
		*line = *lines + 1;
		rc = 1;
		if (n > OT_AUDIT_LINE_MAX)
			snprintf(why, whylen, "longer than any event");
		else if (buf[n - 1] != '\n')
			snprintf(why, whylen, "cut short: no line feed at its end");
		else if (memchr(buf, '\0', n) != NULL)
			snprintf(why, whylen, "holds a NUL byte");
		else if ((o = cJSON_ParseWithLength(buf, n - 1)) == NULL)
			snprintf(why, whylen, "not a JSON object");
		else {
			p = cJSON_GetObjectItemCaseSensitive(o, "prev");
			if (!cJSON_IsObject(o) || !cJSON_IsString(p))
				snprintf(why, whylen, "not an event: no \"prev\"");
			else if (!is_hex64(p->valuestring))
				snprintf(why, whylen, "\"prev\" is not a SHA-256");
			else if (strcmp(p->valuestring, expect) != 0)
				snprintf(why, whylen, *line == 1 ?
				    "the chain does not start here: lines "
				    "before it are missing" : "the chain is "
				    "broken: \"prev\" is not the SHA-256 of line "
				    "%llu (edited, removed or moved lines)",
				    *line - 1);
			else
				rc = 0;
			cJSON_Delete(o);
		}
		if (rc != 0)
			break;
		ot_audit_hash(buf, n - 1, expect);
		(*lines)++;
		if (c->want != NULL && c->found == 0 &&
		    strcmp(c->want, expect) == 0)
			c->found = *lines;
	}
	if (rc == 0 && ferror(f)) {
		*line = *lines + 1;
		snprintf(why, whylen, "read error: %s", strerror(errno));
		rc = 1;
	}
	free(buf);
	memcpy(c->head, expect, 65);
	if (rc == 0)
		*line = 0;
	return rc;
}
