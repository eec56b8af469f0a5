#include "share/secretfd.h"
#include "cli.h"
#include "secret.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

void ot_key_option(const char **key, const char *arg, bool file,
    const char *opt, const char *envopt)
{
	if (*key != NULL)
		errx(2, "%s and %s both name our key: give one", opt, envopt);
	*key = file ? arg : ot_secret_env_file(arg, envopt);
}

char *ot_secret_env_file(const char *var, const char *opt)
{
	/* a program names a few keys at most; the names live as long */
	static char names[8][24];
	static size_t used;
	char *v = getenv(var), *path;
	size_t n;
	int fd;

	ot_secret_protect();
	if (used == sizeof(names) / sizeof(names[0]))
		errx(2, "%s %s: too many keys from the environment", opt, var);
	if (v == NULL || *v == '\0')
		errx(2, "%s %s: the environment variable %s is %s", opt, var,
		    var, v == NULL ? "not set" : "empty");
	n = strlen(v);
	/* close-on-exec: no program ot runs inherits it */
	if ((fd = memfd_create(var, MFD_CLOEXEC)) < 0 || fchmod(fd, 0600) < 0)
		err(1, "%s %s", opt, var);
	if (ot_write_all(fd, v, n) < 0)
		err(1, "%s %s", opt, var);
	/* /proc/PID/environ shows this memory: blank it */
	OPENSSL_cleanse(v, n);
	path = names[used++];
	snprintf(path, sizeof(names[0]), "/dev/fd/%d", fd);
	return path;
}
