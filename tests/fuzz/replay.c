/*
 * Run a fuzz target over files, without libFuzzer: how the kept crashing
 * inputs and the seed corpus run in "make check" under gcc and the
 * sanitizers.  Prints TAP, one line per file.
 */
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char *argv[])
{
	int i;

	printf("1..%d\n", argc - 1);
	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, n;

		if (f == NULL)
			err(1, "%s", argv[i]);
		do {
			if (len == cap && (buf = realloc(buf, cap = cap * 2 + 65536)) == NULL)
				err(1, NULL);
			n = fread(buf + len, 1, cap - len, f);
			len += n;
		} while (n > 0);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("ok %d - %s\n", i, argv[i]);
		fflush(stdout);
	}
	return 0;
}
