/* Fuzz target: the Parquet reader over arbitrary bytes as a file: the
 * footer, then every row group, and the same through the CSV source the
 * programs read it by. */
#include "parquet/parquet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pq_source *src;
	struct pq_values *v;
	struct pq_file f;
	char buf[4096], why[320];
	const char *err;
	int fd, g, i;

	if ((fd = memfd_create("fuzz.parquet", 0)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	if (pq_open(&f, fd, "fuzz") == 0) {
		if ((v = calloc((size_t)f.ncols + 1, sizeof(*v))) == NULL)
			abort();
		for (g = 0; g < f.ngroups && pq_read_group(&f, g, v) == 0; g++)
			;
		for (i = 0; i < f.ncols; i++)
			pq_values_free(&v[i]);
		free(v);
	}
	pq_close(&f);
	if ((src = pq_source_open(fd, "fuzz", why, sizeof(why))) != NULL) {
		while (pq_source_read(src, buf, sizeof(buf), &err) > 0)
			;
		pq_source_close(src);
	}
	close(fd);
	return 0;
}
