#include "meta/tap.h"
#include "csv/csvwrite.h"
#include "person/header.h"
#include "csv/stream.h"

#include <err.h>
#include <string.h>

struct run {
	struct ot_colmap map;
	struct ot_meta *m;
};

static int on_header(void *arg, struct csvr *r)
{
	struct run *run = arg;

	return ot_colmap_normalized(&run->map, r);
}

static int on_record(void *arg, struct csvr *r)
{
	struct run *run = arg;
	struct ot_value vals[OT_NATTR], lenient[OT_NATTR];

	if (ot_record_values(&run->map, r, vals) < 0 ||
	    ot_record_lenient(&run->map, r, lenient) < 0)
		return 1;
	ot_meta_count(run->m, vals, lenient);
	return 0;
}

static void tee(void *arg, const void *buf, size_t len)
{
	csvw_raw(arg, buf, len);
}

int ot_meta_tap(const char *path, int outfd, const char *outname,
    struct ot_meta *m, const char *metapath)
{
	static const struct ot_stream_ops ops = { on_header, on_record, false };
	char *const files[] = { (char *)path };
	struct csvw out;
	struct run run;
	int rc;

	memset(&run, 0, sizeof(run));
	run.m = m;
	csvw_init(&out, outfd, outname);
	rc = ot_run_stream_tee(files, 1, &ops, &run, tee, &out);
	csvw_close(&out);
	if (rc == 0)
		ot_meta_write(m, metapath);
	return rc;
}
