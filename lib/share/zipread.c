#include "share/zipread.h"
#include "cli.h"

#include <err.h>
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
	    (unsigned long long)bound, OT_ZIP_RATIO);
}

/* The most bytes entry i may expand to; 0 after a message when it says
 * it holds more. */
static uint64_t entry_bound(zip_t *za, zip_int64_t i, const char *path,
    const char *name)
{
	uint64_t bound = OT_ZIP_FLOOR;
	zip_stat_t st;

	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0 ||
	    !(st.valid & ZIP_STAT_COMP_SIZE) || !(st.valid & ZIP_STAT_SIZE)) {
		warnx("%s: entry %s: %s", path, name, zip_strerror(za));
		return 0;
	}
	if (st.comp_size <= UINT64_MAX / OT_ZIP_RATIO &&
	    st.comp_size * OT_ZIP_RATIO > bound)
		bound = st.comp_size * OT_ZIP_RATIO;
	if (st.size > bound) {
		too_large(path, name, bound);
		return 0;
	}
	return bound;
}

int ot_zip_extract(zip_t *za, zip_int64_t i, struct ot_output *o,
    const char *path)
{
	static char tmpl[4096];
	const char *tmpdir = getenv("TMPDIR"),
	    *name = zip_get_name(za, (zip_uint64_t)i, 0);
	uint64_t bound = entry_bound(za, i, path, name), done = 0;
	zip_file_t *f;
	char buf[65536];
	zip_int64_t n;

	if (bound == 0)
		return 1;
	if ((f = zip_fopen_index(za, (zip_uint64_t)i, 0)) == NULL) {
		warnx("%s: entry %s: %s", path, name, zip_strerror(za));
		return 1;
	}
	/* an output that is never put in place: private, guarded */
	snprintf(tmpl, sizeof(tmpl), "%s/ot-package",
	    tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
	o->path = tmpl;
	if (asprintf(&o->tmp, "%s.XXXXXX", tmpl) < 0)
		err(1, NULL);
	if ((o->fd = mkstemp(o->tmp)) < 0)
		err(1, "%s", o->tmp);
	ot_output_guard(o);
	while ((n = zip_fread(f, buf, sizeof(buf))) > 0) {
		/* the size it says is not trusted */
		if ((done += (uint64_t)n) > bound) {
			too_large(path, name, bound);
			goto fail;
		}
		if (ot_write_all(o->fd, buf, (size_t)n) < 0) {
			warn("%s", o->tmp);
			goto fail;
		}
	}
	if (n < 0) {
		warnx("%s: entry %s: %s", path, name, zip_file_strerror(f));
		goto fail;
	}
	zip_fclose(f);
	return 0;
fail:
	zip_fclose(f);
	ot_output_close(o, false);
	return 1;
}
