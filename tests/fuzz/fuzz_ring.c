/* Fuzz target: the key ring file's parser over arbitrary bytes (every
 * line it takes must be a kid of 1 to 127 bytes without spaces, and a
 * path), and the parsers of --expires-in and --not-before, which share
 * the input. */
#include "token/ring.h"
#include "token/v1cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ot_ring_line *lines;
	unsigned long line;
	size_t n, i, kl;
	char *text, *z;
	int64_t v;

	if ((text = malloc(size + 1)) == NULL || (z = malloc(size + 1)) == NULL)
		abort();
	memcpy(text, data, size);
	if (ot_ring_parse(text, size, &lines, &n, &line) == NULL) {
		if (n == 0 || n > OT_RING_MAX)
			abort();
		for (i = 0; i < n; i++) {
			kl = strlen(lines[i].kid);
			if (kl == 0 || kl > 127 || strpbrk(lines[i].kid, " \t") ||
			    lines[i].path[0] == '\0' || lines[i].line == 0)
				abort();
		}
	}
	free(lines);
	memcpy(z, data, size);
	z[size] = '\0';
	if (ot_parse_duration(z, &v) == 0 && v < 1)
		abort();
	if (ot_parse_time(z, &v) == 0 && v < 0)
		abort();
	free(text);
	free(z);
	return 0;
}
