#include "share/pkgmeta.h"
#include "share/zipread.h"

#include <err.h>
#include <stdlib.h>

/* A metadata file is a few hundred bytes; this bounds a hostile one. */
#define META_MAX	(16 * 1024 * 1024)

char *ot_package_metadata(const char *path)
{
	zip_t *za;
	zip_int64_t i, n, meta = -1;
	char *text = NULL;
	size_t len;

	if ((za = ot_zip_open_read(path)) == NULL)
		return NULL;
	if (ot_zip_check_names(za, path) != 0)
		goto out;
	n = zip_get_num_entries(za, 0);
	for (i = 0; i < n; i++)
		if (ot_zip_ends_with(zip_get_name(za, (zip_uint64_t)i,
		    ZIP_FL_ENC_RAW), ".metadata.json")) {
			if (meta >= 0) {
				warnx("%s: two metadata entries", path);
				goto out;
			}
			meta = i;
		}
	if (meta < 0)
		warnx("%s: no metadata entry (.metadata.json): not a token "
		    "package", path);
	else
		text = ot_zip_read_entry(za, meta, META_MAX, &len, path);
out:
	zip_discard(za);
	return text;
}
