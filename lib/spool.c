#include "spool.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t budget = 256 << 20, used;
static bool spilled;
static struct spool *held;	/* the spools with memory, a list */

bool spool_spilled(void)
{
	return spilled;
}

void spool_budget(size_t bytes)
{
	budget = bytes;
}

size_t spool_in_memory(void)
{
	return used;
}

static FILE *temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/ot-spool.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		err(1, "temporary file in %s", dir != NULL && *dir != '\0' ?
		    dir : "/tmp");
	unlink(path);
	if ((f = fdopen(fd, "w+")) == NULL)
		err(1, "temporary file");
	return f;
}

static void hold(struct spool *s)
{
	s->prev = NULL;
	s->next = held;
	if (held != NULL)
		held->prev = s;
	held = s;
}

static void release(struct spool *s)
{
	if (s->prev != NULL)
		s->prev->next = s->next;
	else if (held == s)
		held = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	s->prev = s->next = NULL;
}

/* Move s's bytes to its file; one being read goes on where it was. */
static void spill(struct spool *s)
{
	s->f = temp_file();
	spilled = true;
	if (s->len > 0 && fwrite(s->buf, 1, s->len, s->f) != s->len)
		err(1, "temporary file");
	if (s->reading && (fflush(s->f) == EOF ||
	    fseeko(s->f, (off_t)s->pos, SEEK_SET) < 0))
		err(1, "temporary file");
	if (s->buf != NULL)
		release(s);
	used -= s->cap;
	free(s->buf);
	s->buf = NULL;
	s->len = s->cap = 0;
}

/* The largest spool holding memory. */
static struct spool *largest(void)
{
	struct spool *s, *big = held;

	for (s = held; s != NULL; s = s->next)
		if (s->cap > big->cap)
			big = s;
	return big;
}

void spool_write(struct spool *s, const void *p, size_t n)
{
	struct spool *big;

	if (n == 0)
		return;
	s->size += n;
	if (s->f == NULL && s->len + n > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4096;

		while (cap < s->len + n)
			cap *= 2;
		while (s->f == NULL && used - s->cap + cap > budget) {
			big = largest();
			spill(big == NULL || big == s || big->cap <= cap ? s : big);
		}
		if (s->f == NULL) {
			unsigned char *b = realloc(s->buf, cap);

			if (b == NULL)
				err(1, NULL);
			if (s->buf == NULL)
				hold(s);
			used += cap - s->cap;
			s->buf = b;
			s->cap = cap;
		}
	}
	if (s->f != NULL) {
		if (fwrite(p, 1, n, s->f) != n)
			err(1, "temporary file");
		return;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

void spool_rewind(struct spool *s)
{
	s->pos = 0;
	s->reading = true;
	if (s->f != NULL && (fflush(s->f) == EOF || fseeko(s->f, 0, SEEK_SET) < 0))
		err(1, "temporary file");
}

bool spool_read(struct spool *s, void *p, size_t n)
{
	size_t k;

	if (s->f != NULL) {
		if ((k = fread(p, 1, n, s->f)) == n)
			return true;
		if (ferror(s->f))
			err(1, "temporary file");
	} else {
		if (s->pos + n <= s->len) {
			memcpy(p, s->buf + s->pos, n);
			s->pos += n;
			return true;
		}
		k = s->len - s->pos;
	}
	if (k != 0)
		errx(1, "internal error: a short record in a temporary file");
	return false;
}

void spool_free(struct spool *s)
{
	if (s->f != NULL)
		fclose(s->f);
	if (s->buf != NULL)
		release(s);
	used -= s->cap;
	free(s->buf);
	memset(s, 0, sizeof(*s));
}
