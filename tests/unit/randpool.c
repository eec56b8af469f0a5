/*
 * The IV pool's contract (lib/randpool.h), as TAP: a child of fork()
 * never draws its parent's bytes, and threads drawing at once never draw
 * the same bytes.
 */
#include "randpool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

static int n, failed;

static void check(int pass, const char *what)
{
	printf("%s %d - randpool: %s\n", pass ? "ok" : "not ok", ++n, what);
	failed |= !pass;
}

#define NTHREADS	4
#define DRAWS		20000	/* past the pool's block: refills race too */

static unsigned char drawn[NTHREADS][DRAWS][12];

static void *draw(void *arg)
{
	unsigned char (*mine)[12] = arg;
	int i;

	for (i = 0; i < DRAWS; i++)
		ot_random(mine[i], sizeof(mine[i]));
	return NULL;
}

static int cmp12(const void *a, const void *b)
{
	return memcmp(a, b, 12);
}

/* Whether NTHREADS threads drawing 12-byte IVs at once drew no IV twice. */
static int threads_distinct(void)
{
	pthread_t t[NTHREADS];
	size_t i, n = (size_t)NTHREADS * DRAWS;
	unsigned char *all = &drawn[0][0][0];

	for (i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, draw, drawn[i]) != 0)
			return 0;
	for (i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	qsort(all, n, 12, cmp12);
	for (i = 1; i < n; i++)
		if (memcmp(all + 12 * (i - 1), all + 12 * i, 12) == 0)
			return 0;
	return 1;
}

int main(void)
{
	unsigned char mine[16], theirs[16];
	int p[2], status;
	pid_t pid;

	ot_random(mine, 8);	/* the parent now holds a block */
	if (pipe(p) < 0)
		return 1;
	fflush(stdout);
	if ((pid = fork()) == 0) {
		ot_random(theirs, sizeof(theirs));
		_exit(write(p[1], theirs, sizeof(theirs)) != sizeof(theirs));
	}
	ot_random(mine, sizeof(mine));
	waitpid(pid, &status, 0);
	check(read(p[0], theirs, sizeof(theirs)) == sizeof(theirs) &&
	    memcmp(mine, theirs, sizeof(mine)) != 0,
	    "a child of fork() draws bytes other than its parent's");
	check(threads_distinct(),
	    "threads drawing at once never draw the same IV");
	printf("1..%d\n", n);
	return failed;
}
