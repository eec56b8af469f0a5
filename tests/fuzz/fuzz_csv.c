/* Fuzz target: the CSV reader over arbitrary bytes. */
#include "csv/csvread.h"

#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvr r;
	int fd = memfd_create("csv", 0), n;
	size_t i, len, total = 0;

	if (fd < 0)
		err(1, "memfd_create");
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		err(1, "write");
	lseek(fd, 0, SEEK_SET);
	csvr_init(&r, fd, "fuzz");
	while ((n = csvr_next(&r)) > 0) {
		if (r.nf == 0)
			abort();
		for (i = 0; i < r.nf; i++) {
			const char *f = csvr_field(&r, i, &len);

			/* fields are NUL-terminated, well-formed, and no
			 * larger than the input */
			if (f[len] != '\0' || len > CSVR_MAX_FIELD ||
			    utf8_invalid_at((const unsigned char *)f, len) != len ||
			    memchr(f, 0, len) != NULL)
				abort();
			total += len;
		}
		if (total > size)
			abort();
	}
	if (n < 0 && (r.err[0] == '\0' || r.err_line == 0))
		abort();
	csvr_free(&r);
	close(fd);
	return 0;
}
