/* Fuzz target: ot-report's readers of an ot-match summary and of
 * metadata.  The input up to its first NUL byte is the summary, the rest
 * the metadata of both sides; the page goes to /dev/null.  Oracle: no
 * crash, whatever the JSON's shapes and types. */
#include "match/report.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char sum[64], meta[64];
	const uint8_t *nul = memchr(data, 0, size);
	size_t n = nul != NULL ? (size_t)(nul - data) : size;
	const char *metas[2] = { meta, meta };
	int fd;

	if (sum[0] == '\0') {
		snprintf(sum, sizeof(sum), "/tmp/ot-fuzz-%ld.sum", (long)getpid());
		snprintf(meta, sizeof(meta), "/tmp/ot-fuzz-%ld.meta",
		    (long)getpid());
	}
	put(sum, data, n);
	put(meta, data + n + (nul != NULL), size - n - (nul != NULL));
	if ((fd = open("/dev/null", O_WRONLY)) < 0)
		abort();
	(void)ot_report_html(sum, metas, fd, "/dev/null");
	unlink(sum);
	unlink(meta);
	return 0;
}
