#include "randpool.h"

#include <err.h>
#include <string.h>
#include <pthread.h>
#include <stdbool.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

static unsigned char pool[48 * 1024];
static size_t used = sizeof(pool);
static bool registered;
static pthread_t owner;

/* In a child of fork() the parent's unused bytes are thrown away. */
static void forget(void)
{
	OPENSSL_cleanse(pool, sizeof(pool));
	used = sizeof(pool);
}

void ot_random(unsigned char *out, size_t n)
{
	if (!registered) {
		if (pthread_atfork(NULL, NULL, forget) != 0)
			errx(1, "pthread_atfork failed");
		owner = pthread_self();
		registered = true;
	} else if (!pthread_equal(owner, pthread_self()))
		errx(1, "internal error: random bytes drawn by a second thread "
		    "(the IV pool is single-threaded)");
	if (used + n > sizeof(pool)) {
		if (RAND_bytes(pool, sizeof(pool)) != 1)
			errx(1, "the random number generator failed");
		used = 0;
	}
	memcpy(out, pool + used, n);
	OPENSSL_cleanse(pool + used, n);
	used += n;
}
