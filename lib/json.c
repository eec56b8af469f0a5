#include "json.h"
#include "output.h"

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* Scalars are encoded by cJSON; only the layout is ours. */
static int put_value(FILE *f, const cJSON *v, int depth)
{
	const cJSON *c;
	char *s;

	if (!cJSON_IsObject(v)) {
		if ((s = cJSON_PrintUnformatted(v)) == NULL)
			return -1;
		fputs(s, f);
		free(s);
		return 0;
	}
	if (v->child == NULL)
		return fputs("{}", f) < 0 ? -1 : 0;
	fputs("{\n", f);
	for (c = v->child; c != NULL; c = c->next) {
		cJSON key = { .type = cJSON_String, .valuestring = c->string };

		fprintf(f, "%*s", 2 * (depth + 1), "");
		if (put_value(f, &key, depth + 1) < 0)
			return -1;
		fputs(": ", f);
		if (put_value(f, c, depth + 1) < 0)
			return -1;
		fputs(c->next != NULL ? ",\n" : "\n", f);
	}
	fprintf(f, "%*s}", 2 * depth, "");
	return 0;
}

int ot_json_print(FILE *f, const cJSON *root)
{
	return put_value(f, root, 0) < 0 || fputc('\n', f) == EOF ? -1 : 0;
}

/* A device or FIFO is written to directly, never replaced by a rename. */
static int write_special(const cJSON *root, const char *path)
{
	FILE *f = fopen(path, "w");
	int e;

	if (f == NULL)
		return -1;
	if (ot_json_print(f, root) < 0 || fflush(f) == EOF) {
		e = errno;
		fclose(f);
		errno = e;
		return -1;
	}
	return fclose(f) == EOF ? -1 : 0;
}

int ot_json_write_file(const cJSON *root, const char *path)
{
	size_t n = strlen(path);
	char *tmp;
	struct stat st;
	FILE *f;
	mode_t mask;
	int fd, e;

	/* /dev/fd/N is a descriptor the caller holds: write through it */
	if (strncmp(path, "/dev/fd/", 8) == 0 ||
	    (stat(path, &st) == 0 && !S_ISREG(st.st_mode)))
		return write_special(root, path);
	if ((tmp = malloc(n + 8)) == NULL)
		return -1;
	memcpy(tmp, path, n);
	memcpy(tmp + n, ".XXXXXX", 8);
	if ((fd = mkstemp(tmp)) < 0 || (f = fdopen(fd, "w")) == NULL) {
		e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		errno = e;
		return -1;
	}
	/* mkstemp() makes 0600; the metadata holds no secret */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	if (ot_json_print(f, root) < 0 || fflush(f) == EOF ||
	    ot_durable_rename(fd, tmp, path) < 0) {
		e = errno;
		fclose(f);
		goto fail;
	}
	if (fclose(f) == EOF) {
		e = errno;
		unlink(path);
		free(tmp);
		errno = e;
		return -1;
	}
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	errno = e ? e : EIO;
	return -1;
}

cJSON *ot_json_read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	cJSON *j;

	if (f == NULL) {
		warn("%s", path);
		return NULL;
	}
	for (;;) {
		if (len + 4096 > cap) {
			cap = cap ? 2 * cap : 65536;
			if (cap > 16 * 1024 * 1024) {
				warnx("%s: too large for a metadata file", path);
				goto out;
			}
			if ((buf = realloc(buf, cap)) == NULL)
				err(1, NULL);
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		warn("%s", path);
		goto out;
	}
	buf[len] = '\0';
	if ((j = cJSON_Parse(buf)) == NULL)
		warnx("%s: not valid JSON", path);
	free(buf);
	fclose(f);
	return j;
out:
	free(buf);
	fclose(f);
	return NULL;
}
