#include "uuid.h"

#include <err.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

/* One RAND_bytes() call per 256 UUIDs; a child of fork() never reuses its
 * parent's unused bytes. */
static unsigned char pool[16 * 256];
static size_t used = sizeof(pool);
static pid_t owner;

void ot_uuid4(char out[37])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char *b;
	size_t i, k = 0;

	if (used == sizeof(pool) || owner != getpid()) {
		if (RAND_bytes(pool, sizeof(pool)) != 1)
			errx(1, "RAND_bytes failed");
		used = 0;
		owner = getpid();
	}
	b = pool + used;
	used += 16;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[b[i] >> 4];
		out[k++] = hex[b[i] & 15];
	}
	out[k] = '\0';
	OPENSSL_cleanse(b, 16);
}
