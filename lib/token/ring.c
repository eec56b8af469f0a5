#include "token/ring.h"
#include "grow.h"
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
	char *buf = malloc(RING_FILE_MAX + 1);
	ssize_t n;
	int fd;

	if (buf == NULL)
		err(1, NULL);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		err(2, "ring file %s", path);
	*len = 0;
	while ((n = read(fd, buf + *len, RING_FILE_MAX + 1 - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err(2, "ring file %s", path);
		*len += (size_t)n;
		if (*len > RING_FILE_MAX)
			errx(2, "ring file %s: larger than 1 MiB", path);
	}
	close(fd);
	buf[*len] = '\0';
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

struct ot_ring *ot_ring_load(const char *path, bool raw)
{
	struct ot_ring *r = calloc(1, sizeof(*r));
	size_t len, cap = 0, kl;
	unsigned long line = 0;
	char *buf = read_ring(path, &len), *p, *next, *kid, *file, *end;

	if (r == NULL || (r->name = strdup(path)) == NULL)
		err(1, NULL);
	if (memchr(buf, '\0', len) != NULL)
		errx(2, "ring file %s: a NUL byte: not a text file", path);
	for (p = buf; p < buf + len; p = next) {
		line++;
		if ((next = strchr(p, '\n')) != NULL)
			*next++ = '\0';
		else
			next = buf + len;
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
			errx(2, "%s:%lu: a kid and no key file (KID PATH)", path,
			    line);
		kid[kl] = '\0';
		if (kl > 127)
			errx(2, "%s:%lu: a kid longer than 127 bytes", path, line);
		for (end = file + strlen(file); end > file &&
		    (end[-1] == ' ' || end[-1] == '\t'); end--)
			end[-1] = '\0';
		if (ot_ring_find(r, kid) >= 0)
			errx(2, "%s:%lu: kid %s is there twice", path, line, kid);
		if (r->n == OT_RING_MAX)
			errx(2, "%s:%lu: more than %d keys", path, line,
			    OT_RING_MAX);
		r->keys = ot_grow(r->keys, &cap, r->n + 1, sizeof(*r->keys));
		memset(&r->keys[r->n], 0, sizeof(r->keys[r->n]));
		memcpy(r->keys[r->n].kid, kid, kl + 1);
		r->keys[r->n].path = key_path(path, file);
		load_key(&r->keys[r->n], path, line, r->keys[r->n].path, raw);
		r->n++;
	}
	free(buf);
	if (r->n == 0)
		errx(2, "ring file %s holds no key", path);
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
