#include "csv/stream.h"
#include "cli.h"
#include "csv/pqsource.h"
#include "parquet/parquet.h"
#include "progress.h"

#include <err.h>

#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* The field delimiter of every CSV input of this program. */
static unsigned char delimiter = ',';

void ot_input_delimiter(unsigned char d)
{
	delimiter = d;
}

int ot_input_open(struct ot_input *in, struct csvr *r, const char *path,
    const char *name)
{
	char why[320];

	in->pq = NULL;
	if ((in->fd = ot_open_input(path)) < 0)
		return 1;
	if (name == NULL)
		name = ot_input_name(path);
	csvr_init(r, in->fd, name);
	csvr_set_delimiter(r, delimiter);
	if (!pq_is_parquet(in->fd))
		return 0;
	if ((in->pq = pq_source_open(in->fd, name, why, sizeof(why))) == NULL) {
		warnx("%s: %s", name, why);
		ot_input_close(in, r);
		return 1;
	}
	r->source = pq_source_read;
	r->source_arg = in->pq;
	r->records = pq_source_record;
	r->records_arg = in->pq;
	return 0;
}

void ot_input_close(struct ot_input *in, struct csvr *r)
{
	csvr_free(r);
	pq_source_close(in->pq);
	in->pq = NULL;
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	in->fd = -1;
}

static int run_file(const char *path, const char *name,
    const struct ot_stream_ops *ops, void *arg,
    void (*tee)(void *, const void *, size_t), void *tee_arg)
{
	struct ot_input in;
	struct csvr r;
	struct stat st;
	int64_t size, rows;
	int n, rc = 0;

	if (ot_input_open(&in, &r, path, name) != 0)
		return 1;
	r.tee = tee;
	r.tee_arg = tee_arg;
	r.lend = ops->by_length;
	size = fstat(in.fd, &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
	rows = in.pq != NULL ? pq_source_rows(in.pq) : 0;
	ot_progress_input(size);
	if ((n = csvr_next(&r)) > 0)
		rc = ops->header(arg, &r);
	while (n > 0 && rc == 0)
		if ((n = csvr_next(&r)) > 0) {
			rc = ops->record(arg, &r);
			/* a Parquet file's bytes are not read in order */
			ot_progress_record(in.pq == NULL ? r.nread : rows > 0 ?
			    (int64_t)((double)size * (double)(r.nrec - 1) /
			    (double)rows) : 0);
		}
	if (n < 0) {
		csvr_warn(&r);
		rc = 1;
	}
	ot_input_close(&in, &r);
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

int ot_find_column(const struct csvr *r, const char *name, size_t *col)
{
	size_t i, len, n = strlen(name);

	for (i = 0; i < r->nf; i++) {
		const char *f = csvr_field(r, i, &len);

		if (len == n && memcmp(f, name, n) == 0) {
			*col = i;
			return 0;
		}
	}
	return -1;
}
