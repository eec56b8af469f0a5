#include "grow.h"

#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

void *ot_grow_slow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	if (c == 0)
		c = 1024;
	while (c < need && c <= SIZE_MAX / 2)
		c *= 2;
	if (c < need || (size != 0 && c > SIZE_MAX / size))
		errno = ENOMEM;
	else if ((p = realloc(p, c * size)) != NULL) {
		*cap = c;
		return p;
	}
	err(1, NULL);
}
