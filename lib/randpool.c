#include "randpool.h"

#include <err.h>
#include <string.h>
#include <pthread.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

/* One pool per thread: no lock, and no two threads can draw one IV. */
static _Thread_local unsigned char pool[48 * 1024];
static _Thread_local size_t used = sizeof(pool);
static pthread_once_t registered = PTHREAD_ONCE_INIT;

/* In a child of fork() (which runs on the forking thread alone) that
 * thread's unused bytes are thrown away; the pools of the other threads
 * belong to threads the child does not have. */
static void forget(void)
{
	OPENSSL_cleanse(pool, sizeof(pool));
	used = sizeof(pool);
}

static void register_forget(void)
{
	if (pthread_atfork(NULL, NULL, forget) != 0)
		errx(1, "pthread_atfork failed");
}

void ot_random(unsigned char *out, size_t n)
{
	pthread_once(&registered, register_forget);
	if (used + n > sizeof(pool)) {
		if (RAND_bytes(pool, sizeof(pool)) != 1)
			errx(1, "the random number generator failed");
		used = 0;
	}
	memcpy(out, pool + used, n);
	OPENSSL_cleanse(pool + used, n);
	used += n;
}
