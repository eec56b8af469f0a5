#include "token/ring.h"
#include "grow.h"
#include "share/slurp.h"
#include "share/kex.h"
#include "secret.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

/* A ring file is a list of paths: a megabyte is thousands of keys. */
#define RING_FILE_MAX	(1024 * 1024)

/* Whether the file at path starts like a PEM file. */
static bool is_pem(const char *path)
{
	char head[11];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		err(2, "%s", path);
	while ((n = read(fd, head, sizeof(head))) < 0 && errno == EINTR)
		;
	if (n < 0)
		err(2, "%s", path);
	close(fd);
	return n == (ssize_t)sizeof(head) &&
	    memcmp(head, "-----BEGIN ", sizeof(head)) == 0;
}

static char *read_ring(const char *path, size_t *len)
{
	char *buf;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		err(2, "ring file %s", path);
	if ((buf = ot_read_bounded(fd, RING_FILE_MAX, len)) == NULL) {
		if (*len > RING_FILE_MAX)
			errx(2, "ring file %s: larger than 1 MiB", path);
		err(2, "ring file %s", path);
	}
	close(fd);
	return buf;
}

/* The key file of a line, relative to the ring's directory. */
static char *key_path(const char *ring, const char *p)
{
	const char *slash = strrchr(ring, '/');
	char *out;

	if (p[0] == '/' || slash == NULL)
		out = strdup(p);
	else if (asprintf(&out, "%.*s/%s", (int)(slash - ring), ring, p) < 0)
		out = NULL;
	if (out == NULL)
		err(1, NULL);
	return out;
}

static void load_key(struct ot_ring_key *k, const char *ring,
    unsigned long line, const char *file, bool raw)
{
	static struct ot_secret s;

	if (is_pem(file)) {
		k->pkey = ot_key_load_jwe_private(file);
		k->type = (enum ot_jwe_keytype)ot_jwe_pkey_type(k->pkey);
		ot_key_describe(k->pkey, k->what, sizeof(k->what));
		return;
	}
	ot_secret_load(&s, file, raw, NULL, "encryption key", "-k");
	if (s.len != OT_JWE_KEY_LEN) {
		size_t n = s.len;

		ot_secret_wipe(&s);
		errx(2, "%s:%lu: %s: the encryption key must be %d bytes, not "
		    "%zu", ring, line, file, OT_JWE_KEY_LEN, n);
	}
	memcpy(k->oct, s.buf, OT_JWE_KEY_LEN);
	ot_secret_wipe(&s);
	k->type = OT_JWE_OCT;
	snprintf(k->what, sizeof(k->what), "a 32-byte encryption key");
}

const char *ot_ring_parse(char *text, size_t len, struct ot_ring_line **lines,
    size_t *n, unsigned long *line)
{
	static _Thread_local char msg[160];
	char *p, *next, *kid, *file, *end;
	size_t cap = 0, kl, i;

	*lines = NULL;
	*n = 0;
	*line = 0;
	text[len] = '\0';
	if (memchr(text, '\0', len) != NULL)
		return "holds a NUL byte: not a text file";
	for (p = text; p < text + len; p = next) {
		++*line;
		if ((next = strchr(p, '\n')) != NULL)
			*next++ = '\0';
		else
			next = text + len;
		if ((end = strchr(p, '\r')) != NULL && end[1] == '\0')
			*end = '\0';
		p += strspn(p, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		kid = p;
		kl = strcspn(p, " \t");
		file = p + kl;
		file += strspn(file, " \t");
		if (*file == '\0')
			return "a kid and no key file (KID PATH)";
		kid[kl] = '\0';
		if (kl > 127)
			return "a kid longer than 127 bytes";
		for (end = file + strlen(file); end > file &&
		    (end[-1] == ' ' || end[-1] == '\t'); end--)
			end[-1] = '\0';
		for (i = 0; i < *n; i++)
			if (strcmp((*lines)[i].kid, kid) == 0) {
				snprintf(msg, sizeof(msg), "kid %s is there twice",
				    kid);
				return msg;
			}
		if (*n == OT_RING_MAX)
			return "more than 4096 keys";
		*lines = ot_grow(*lines, &cap, *n + 1, sizeof(**lines));
		(*lines)[*n].kid = kid;
		(*lines)[*n].path = file;
		(*lines)[(*n)++].line = *line;
	}
	if (*n == 0) {
		*line = 0;
		return "holds no key";
	}
	return NULL;
}

struct ot_ring *ot_ring_load(const char *path, bool raw)
{
	struct ot_ring *r = calloc(1, sizeof(*r));
	struct ot_ring_line *lines;
	unsigned long line;
	size_t len, i;
	char *buf = read_ring(path, &len);
	const char *why;

	if (r == NULL || (r->name = strdup(path)) == NULL)
		err(1, NULL);
	if ((why = ot_ring_parse(buf, len, &lines, &r->n, &line)) != NULL) {
		if (line == 0)
			errx(2, "ring file %s %s", path, why);
		errx(2, "%s:%lu: %s", path, line, why);
	}
	if ((r->keys = calloc(r->n, sizeof(*r->keys))) == NULL)
		err(1, NULL);
	for (i = 0; i < r->n; i++) {
		memcpy(r->keys[i].kid, lines[i].kid, strlen(lines[i].kid) + 1);
		r->keys[i].path = key_path(path, lines[i].path);
		load_key(&r->keys[i], path, lines[i].line, r->keys[i].path,
		    raw);
	}
	free(lines);
	free(buf);
	return r;
}

long ot_ring_find(const struct ot_ring *r, const char *kid)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->keys[i].kid, kid) == 0)
			return (long)i;
	return -1;
}

void ot_ring_free(struct ot_ring *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		OPENSSL_cleanse(r->keys[i].oct, sizeof(r->keys[i].oct));
		EVP_PKEY_free(r->keys[i].pkey);
		free(r->keys[i].path);
	}
	free(r->keys);
	free(r->name);
	free(r);
}
