#include "randpool.h"

#include <err.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

static unsigned char pool[48 * 1024];
static size_t used = sizeof(pool);
static pid_t owner;

void ot_random(unsigned char *out, size_t n)
{
	if (used + n > sizeof(pool) || owner != getpid()) {
		if (RAND_bytes(pool, sizeof(pool)) != 1)
			errx(1, "the random number generator failed");
		used = 0;
		owner = getpid();
	}
	memcpy(out, pool + used, n);
	OPENSSL_cleanse(pool + used, n);
	used += n;
}
