#include "csv/split.h"
#include "cli.h"
#include "csv/csvread.h"
#include "output.h"
#include "parquet/parquet.h"

#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

/* Where the record just read ends in the file: the bytes read less
 * those still buffered. */
static int64_t record_end(const struct csvr *r)
{
	return r->nread - (int64_t)(r->end - r->pos);
}

/* The offset the part k (of parts, past the header) should end at. */
static int64_t target(const struct ot_split *s, int64_t size, int parts,
    int k)
{
	return s->header_end + (size - s->header_end) / parts * k;
}

int ot_split_file(int fd, const char *name, int parts, struct ot_split *s)
{
	struct csvr r;
	struct stat st;
	int64_t size, off;
	int n, t = 1, np = 0, rc = 0;
	bool records = false;

	s->bounds = NULL;
	s->nparts = 0;
	s->header_end = 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		warnx("%s: not a regular file (its size sets the parts)", name);
		return 1;
	}
	if (pq_is_parquet(fd)) {
		warnx("%s: a Parquet file: split CSV text only", name);
		return 1;
	}
	size = st.st_size;
	if ((s->bounds = calloc((size_t)parts + 1, sizeof(*s->bounds))) == NULL)
		err(1, NULL);
	csvr_init(&r, fd, name);
	if ((n = csvr_next(&r)) > 0) {
		s->header_end = s->bounds[0] = record_end(&r);
		while ((n = csvr_next(&r)) > 0) {
			records = true;
			off = record_end(&r);
			if (t < parts && off >= target(s, size, parts, t)) {
				s->bounds[++np] = off;
				while (t < parts &&
				    off >= target(s, size, parts, t))
					t++;
			}
		}
	}
	if (n < 0) {
		csvr_warn(&r);
		rc = 1;
	} else if (record_end(&r) != size) {
		warnx("%s: its size changed while it was read", name);
		rc = 1;
	}
	/* the last part runs to the end, blank lines and all */
	if (records && s->bounds[np] < size)
		s->bounds[++np] = size;
	s->nparts = np;
	csvr_free(&r);
	return rc;
}

void ot_split_free(struct ot_split *s)
{
	free(s->bounds);
	s->bounds = NULL;
}

int ot_split_print(const struct ot_split *s, FILE *f)
{
	int k;

	fprintf(f, "Part,HeaderEnd,Start,End\n");
	for (k = 0; k < s->nparts; k++)
		fprintf(f, "%d,%" PRId64 ",%" PRId64 ",%" PRId64 "\n", k + 1,
		    s->header_end, s->bounds[k], s->bounds[k + 1]);
	return fflush(f) == EOF || ferror(f) ? -1 : 0;
}

/* Copy [start, end) of fd to out; 0, or -1 with errno set. */
static int copy_range(int fd, int64_t start, int64_t end, int out)
{
	static char buf[1 << 16];
	ssize_t n;

	while (start < end) {
		size_t want = end - start < (int64_t)sizeof(buf) ?
		    (size_t)(end - start) : sizeof(buf);

		if ((n = pread(fd, buf, want, start)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;	/* the file shrank */
			return -1;
		}
		if (ot_write_all(out, buf, (size_t)n) < 0)
			return -1;
		start += n;
	}
	return 0;
}

int ot_split_write(int fd, const char *name, const struct ot_split *s,
    const char *dir, const char *stem)
{
	struct ot_output o;
	char *path;
	int k, rc = 0;

	for (k = 0; k < s->nparts && rc == 0; k++) {
		if (asprintf(&path, "%s/%s.%04d.csv", dir, stem, k + 1) < 0)
			err(1, NULL);
		ot_output_open(&o, path);
		if (o.fd < 0) {
			warnx("%s: not a regular file: not replaced", path);
			rc = 1;
		} else if (copy_range(fd, 0, s->header_end, o.fd) < 0 ||
		    copy_range(fd, s->bounds[k], s->bounds[k + 1], o.fd) < 0) {
			warn("%s: %s", name, path);
			rc = 1;
		}
		if (!ot_output_close(&o, rc == 0))
			rc = 1;
		if (rc == 0)
			printf("%s\n", path);
		free(path);
	}
	return fflush(stdout) == EOF || ferror(stdout) ? 1 : rc;
}
