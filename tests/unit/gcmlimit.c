/*
 * The AES-GCM usage warning (lib/token/crypto.h), as TAP: silent up to
 * OT_GCM_WARN encryptions, one warning past it, and no second one.
 */
#include "token/crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int n, failed;

static void check(int pass, const char *what)
{
	printf("%s %d - gcmlimit: %s\n", pass ? "ok" : "not ok", ++n, what);
	failed |= !pass;
}

/* What ot_gcm_used(k) writes on stderr. */
static size_t said(uint64_t k, char *buf, size_t size)
{
	FILE *f = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t len;

	if (f == NULL || saved < 0)
		abort();
	fflush(stderr);
	dup2(fileno(f), STDERR_FILENO);
	ot_gcm_used(k);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	len = fread(buf, 1, size - 1, f);
	buf[len] = '\0';
	fclose(f);
	return len;
}

int main(void)
{
	char buf[1024];

	check(said(OT_GCM_WARN - 1, buf, sizeof(buf)) == 0,
	    "silent below the limit");
	check(said(1, buf, sizeof(buf)) == 0, "silent at the limit");
	check(said(1, buf, sizeof(buf)) > 0 &&
	    strstr(buf, "warning: more than 1073741824 AES-GCM encryptions "
	    "under one key") != NULL && strstr(buf, "rotate the key") != NULL,
	    "one warning past it, naming the limit and the ways out");
	check(said(1000, buf, sizeof(buf)) == 0, "no second warning");
	printf("1..%d\n", n);
	return failed;
}
