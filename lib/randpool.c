#include "randpool.h"

#include <err.h>
#include <string.h>
#include <pthread.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

/* One pool of each kind per thread: no lock, and no two threads can
 * draw one IV or key. */
static _Thread_local unsigned char pool[48 * 1024];
static _Thread_local size_t used = sizeof(pool);
/* Keys come from OpenSSL's private generator, whose output is never
 * published, in smaller blocks. */
static _Thread_local unsigned char priv_pool[4096];
static _Thread_local size_t priv_used = sizeof(priv_pool);
static pthread_once_t registered = PTHREAD_ONCE_INIT;

/* In a child of fork() (which runs on the forking thread alone) that
 * thread's unused bytes are thrown away; the pools of the other threads
 * belong to threads the child does not have. */
static void forget(void)
{
	OPENSSL_cleanse(pool, sizeof(pool));
	used = sizeof(pool);
	OPENSSL_cleanse(priv_pool, sizeof(priv_pool));
	priv_used = sizeof(priv_pool);
}

static void register_forget(void)
{
	if (pthread_atfork(NULL, NULL, forget) != 0)
		errx(1, "pthread_atfork failed");
}

static void draw(unsigned char *p, size_t size, size_t *u, bool priv,
    unsigned char *out, size_t n)
{
	pthread_once(&registered, register_forget);
	if (*u + n > size) {
		if ((priv ? RAND_priv_bytes(p, (int)size) :
		    RAND_bytes(p, (int)size)) != 1)
			errx(1, "the random number generator failed");
		*u = 0;
	}
	memcpy(out, p + *u, n);
	OPENSSL_cleanse(p + *u, n);
	*u += n;
}

void ot_random(unsigned char *out, size_t n)
{
	draw(pool, sizeof(pool), &used, false, out, n);
}

void ot_random_key(unsigned char *out, size_t n)
{
	draw(priv_pool, sizeof(priv_pool), &priv_used, true, out, n);
}
