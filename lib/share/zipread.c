#include "share/zipread.h"
#include "cli.h"
#include "output.h"
#include "share/package.h"

#include <err.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

bool ot_zip_plain_name(const char *n)
{
	return n[0] != '\0' && strcmp(n, ".") != 0 && strcmp(n, "..") != 0 &&
	    strchr(n, '/') == NULL && strchr(n, '\\') == NULL && n[1] != ':';
}

bool ot_zip_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

zip_t *ot_zip_open_read(const char *path)
{
	zip_t *za;
	int e;

	if ((za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &e)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, e);
		warnx("%s: not a readable ZIP package: %s", path,
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
	}
	return za;
}

int ot_zip_check_names(zip_t *za, const char *path)
{
	zip_int64_t i, n = zip_get_num_entries(za, 0);

	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i,
		    ZIP_FL_ENC_RAW);

		if (name == NULL || !ot_zip_plain_name(name)) {
			warnx("%s: entry \"%s\" is a path, not a file name: "
			    "refused", path, name != NULL ? name : "?");
			return 1;
		}
	}
	return 0;
}

char *ot_zip_read_entry(zip_t *za, zip_int64_t i, size_t max, size_t *len,
    const char *path)
{
	const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
	zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
	zip_int64_t n;
	char *buf;

	if (f == NULL) {
		warnx("%s: entry %s: %s", path, name, zip_strerror(za));
		return NULL;
	}
	if ((buf = malloc(max + 1)) == NULL)
		err(1, NULL);
	*len = 0;
	while ((n = zip_fread(f, buf + *len, max + 1 - *len)) > 0)
		if ((*len += (size_t)n) > max) {
			warnx("%s: entry %s: larger than %zu bytes", path,
			    name, max);
			goto fail;
		}
	if (n < 0) {
		warnx("%s: entry %s: %s", path, name, zip_file_strerror(f));
		goto fail;
	}
	zip_fclose(f);
	buf[*len] = '\0';
	return buf;
fail:
	zip_fclose(f);
	free(buf);
	return NULL;
}

static void too_large(const char *path, const char *name, uint64_t bound)
{
	warnx("%s: entry %s: expands past %llu bytes, more than %d times its "
	    "compressed size: refused (a ZIP bomb?)", path, name,
	    (unsigned long long)bound, OT_PKG_RATIO);
}

/* The most bytes entry i may expand to: OT_PKG_RATIO times its
 * compressed size, and never less than OT_PKG_FLOOR (a small package
 * is never refused); 0 after a message when it says it holds more. */
static uint64_t entry_bound(zip_t *za, zip_int64_t i, const char *path,
    const char *name)
{
	uint64_t bound = OT_PKG_FLOOR;
	zip_stat_t st;

	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0 ||
	    !(st.valid & ZIP_STAT_COMP_SIZE) || !(st.valid & ZIP_STAT_SIZE)) {
		warnx("%s: entry %s: %s", path, name, zip_strerror(za));
		return 0;
	}
	if (st.comp_size <= UINT64_MAX / OT_PKG_RATIO &&
	    st.comp_size * OT_PKG_RATIO > bound)
		bound = st.comp_size * OT_PKG_RATIO;
	if (st.size > bound) {
		too_large(path, name, bound);
		return 0;
	}
	return bound;
}

/* Copy entry i to the new file to, within its bound. */
static int copy_out(zip_t *za, zip_int64_t i, const char *to,
    const char *path, const char *name)
{
	uint64_t bound = entry_bound(za, i, path, name), done = 0;
	zip_file_t *f;
	char buf[65536];
	zip_int64_t n;
	int fd, rc = 1;

	if (bound == 0)
		return 1;
	if ((f = zip_fopen_index(za, (zip_uint64_t)i, 0)) == NULL) {
		warnx("%s: entry %s: %s", path, name, zip_strerror(za));
		return 1;
	}
	if ((fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) < 0) {
		warn("%s", to);
		zip_fclose(f);
		return 1;
	}
	while ((n = zip_fread(f, buf, sizeof(buf))) > 0) {
		/* the size it says is not trusted */
		if ((done += (uint64_t)n) > bound) {
			too_large(path, name, bound);
			goto out;
		}
		if (ot_write_all(fd, buf, (size_t)n) < 0) {
			warn("%s", to);
			goto out;
		}
	}
	if (n < 0)
		warnx("%s: entry %s: %s", path, name, zip_file_strerror(f));
	else
		rc = 0;
out:
	if (close(fd) < 0 && rc == 0) {
		warn("%s", to);
		rc = 1;
	}
	zip_fclose(f);
	return rc;
}

int ot_zip_extract(zip_t *za, zip_int64_t i, const char *path, char **dir,
    char **file, char **display)
{
	const char *tmpdir = getenv("TMPDIR"),
	    *name = zip_get_name(za, (zip_uint64_t)i, 0);
	char tmpl[4096];

	*dir = *file = *display = NULL;
	snprintf(tmpl, sizeof(tmpl), "%s/ot-package.XXXXXX",
	    tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
	if (mkdtemp(tmpl) == NULL) {
		warn("%s", tmpl);
		return 1;
	}
	if ((*dir = strdup(tmpl)) == NULL ||
	    asprintf(file, "%s/%s", tmpl, ot_zip_ends_with(name, ".parquet") ?
	    "tokens.parquet" : "tokens.csv") < 0 ||
	    asprintf(display, "%s:%s", path, name) < 0)
		err(1, NULL);
	/* gone at any exit and on any stop signal, whoever catches it */
	ot_temp_guard(*file, *dir);
	if (copy_out(za, i, *file, path, name) == 0)
		return 0;
	ot_zip_remove(*dir, *file);
	free(*dir);
	free(*file);
	free(*display);
	*dir = *file = *display = NULL;
	return 1;
}

void ot_zip_remove(const char *dir, const char *file)
{
	if (file != NULL)
		unlink(file);
	if (dir != NULL)
		rmdir(dir);
	ot_temp_unguard(file, dir);
}
