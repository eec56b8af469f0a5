#include "stream.h"
#include "cli.h"
#include "parquet/parquet.h"

#include <err.h>

#include <string.h>
#include <unistd.h>

static int run_file(const char *path, const char *name,
    const struct ot_stream_ops *ops, void *arg,
    void (*tee)(void *, const void *, size_t), void *tee_arg)
{
	struct pq_source *pq = NULL;
	struct csvr r;
	int fd, n, rc = 0;

	if ((fd = ot_open_input(path)) < 0)
		return 1;
	if (name == NULL)
		name = ot_input_name(path);
	csvr_init(&r, fd, name);
	if (pq_is_parquet(fd)) {
		char why[320];

		if ((pq = pq_source_open(fd, name, why, sizeof(why))) == NULL) {
			warnx("%s: %s", name, why);
			csvr_free(&r);
			if (fd != STDIN_FILENO)
				close(fd);
			return 1;
		}
		r.source = pq_source_read;
		r.source_arg = pq;
	}
	r.tee = tee;
	r.tee_arg = tee_arg;
	if ((n = csvr_next(&r)) > 0)
		rc = ops->header(arg, &r);
	while (n > 0 && rc == 0)
		if ((n = csvr_next(&r)) > 0)
			rc = ops->record(arg, &r);
	if (n < 0) {
		csvr_warn(&r);
		rc = 1;
	}
	csvr_free(&r);
	pq_source_close(pq);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

static int run_files(char *const *files, const char *const *names,
    int nfiles, const struct ot_stream_ops *ops, void *arg,
    void (*tee)(void *, const void *, size_t), void *tee_arg)
{
	static char *const stdin_only[] = { "-" };
	int i, rc = 0;

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	for (i = 0; i < nfiles && rc == 0; i++)
		rc = run_file(files[i], names != NULL ? names[i] : NULL, ops,
		    arg, tee, tee_arg);
	return rc;
}

int ot_run_stream(char *const *files, int nfiles,
    const struct ot_stream_ops *ops, void *arg)
{
	return run_files(files, NULL, nfiles, ops, arg, NULL, NULL);
}

int ot_run_stream_names(char *const *files, const char *const *names,
    int nfiles, const struct ot_stream_ops *ops, void *arg)
{
	return run_files(files, names, nfiles, ops, arg, NULL, NULL);
}

int ot_run_stream_tee(char *const *files, int nfiles,
    const struct ot_stream_ops *ops, void *arg,
    void (*tee)(void *, const void *, size_t), void *tee_arg)
{
	return run_files(files, NULL, nfiles, ops, arg, tee, tee_arg);
}

int ot_same_header(const struct csvr *r, const char *const *hdr, size_t n)
{
	size_t i, len;

	if (r->nf != n)
		return 0;
	for (i = 0; i < n; i++) {
		const char *f = csvr_field(r, i, &len);

		if (strlen(hdr[i]) != len || memcmp(hdr[i], f, len) != 0)
			return 0;
	}
	return 1;
}
