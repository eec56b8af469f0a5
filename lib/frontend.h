/*
 * ot: the reference CLI's interface over the ot-* programs, joined with
 * pipes.  It re-implements none of them.
 */
#ifndef OT_FRONTEND_H
#define OT_FRONTEND_H

#include "secret.h"

#include <stdbool.h>

struct ot_job {
	const char *input;
	const char *output;
	bool decrypt;
	bool hash_only;
	struct ot_secret hashing;	/* loaded unless decrypt */
	struct ot_secret key;		/* loaded unless hash_only */
};

/* Where the reference writes the metadata of output: the path up to its
 * last '.', if that is not the first character, plus ".metadata.json".
 * Returns a malloc'd string. */
char *ot_metadata_path(const char *output);

/* Run the job; returns the exit status.  Outputs appear only when every
 * stage succeeded. */
int ot_run_job(struct ot_job *job);

#endif
