/*
 * The IV pool's contract (lib/randpool.h), as TAP: a child of fork()
 * never draws its parent's bytes, and a second thread is refused.
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

static void *draw(void *arg)
{
	unsigned char b[16];

	(void)arg;
	ot_random(b, sizeof(b));
	return NULL;
}

/* Run f in a child process; its wait status. */
static int in_child(void (*f)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		f();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return status;
}

static void second_thread(void)
{
	pthread_t t;

	(void)freopen("/dev/null", "w", stderr);
	draw(NULL);
	pthread_create(&t, NULL, draw, NULL);
	pthread_join(t, NULL);
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
	status = in_child(second_thread);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	    "a draw from a second thread is refused, exit 1");
	printf("1..%d\n", n);
	return failed;
}
