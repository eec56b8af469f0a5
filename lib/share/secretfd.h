/*
 * A secret handed over in the environment (a vault agent's, a CI
 * runner's) for an option that reads a file: the variable's value in a
 * file of this process's memory (memfd_create(2), mode 0600, never on
 * disk), named /dev/fd/N, and the variable blanked.  /dev/fd/N itself
 * works for every such option already: a descriptor the agent opened.
 */
#ifndef OT_SECRETFD_H
#define OT_SECRETFD_H

#include <stdbool.h>

/* "/dev/fd/N" (kept until the program exits) holding the value of the environment variable
 * var; opt names the option in messages.  Exits 2 when var is unset or
 * empty. */
char *ot_secret_env_file(const char *var, const char *opt);

/* An option that names our key by its file (file: arg) or by the
 * variable holding it (file: false), into *key: a usage error when an
 * earlier one named it already, both options then named (opt and envopt,
 * the variable's). */
void ot_key_option(const char **key, const char *arg, bool file,
    const char *opt, const char *envopt);

#endif
