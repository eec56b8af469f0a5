/* Fuzz target: the Parquet reader over arbitrary bytes as a file: the
 * footer, then every row, and the same through the CSV source the
 * programs read it by. */
#include "csvread.h"
#include "parquet/parquet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *const *field;
	const size_t *len;
	struct pq_source *src;
	struct pq_rows *rows;
	struct pq_file f;
	struct csvr r;
	char buf[4096], why[320];
	const char *err;
	int fd;

	if ((fd = memfd_create("fuzz.parquet", 0)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	if (pq_open(&f, fd, "fuzz") == 0) {
		rows = pq_rows_open(&f);
		while (pq_rows_next(rows, &field, &len) > 0)
			;
		pq_rows_close(rows);
	}
	pq_close(&f);
	if ((src = pq_source_open(fd, "fuzz", why, sizeof(why))) != NULL) {
		while (pq_source_read(src, buf, sizeof(buf), &err) > 0)
			;
		pq_source_close(src);
	}
	/* and as records, checked as text fields are */
	if ((src = pq_source_open(fd, "fuzz", why, sizeof(why))) != NULL) {
		csvr_init(&r, fd, "fuzz");
		r.records = pq_source_record;
		r.records_arg = src;
		while (csvr_next(&r) > 0)
			;
		csvr_free(&r);
		pq_source_close(src);
	}
	close(fd);
	return 0;
}
