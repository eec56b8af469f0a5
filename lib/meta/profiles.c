/*
 * Whether two token files were made for the same reference: their
 * metadata beside them (as the Java reference or the Python ones name
 * it) says which profile made each.
 */
#include "meta/meta.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The metadata file beside a token file, Java's name for it first, then
 * the Python references'; NULL when neither exists. */
static char *beside(const char *tokens)
{
	const char *slash = strrchr(tokens, '/'), *name, *dot;
	char *p;
	int pass;

	name = slash != NULL ? slash + 1 : tokens;
	for (pass = 0; pass < 2; pass++) {
		dot = pass == 0 ? strrchr(tokens, '.') : strrchr(name, '.');
		if (dot == NULL || dot == (pass == 0 ? tokens : name))
			dot = tokens + strlen(tokens);
		if (asprintf(&p, "%.*s.metadata.json", (int)(dot - tokens),
		    tokens) < 0)
			err(1, NULL);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

/* The profile a metadata file names, and its OtConfigHash ("" when it
 * has none: no config, or the reference's own file). */
static const struct ot_compat *profile_of(const char *path, char hash[65])
{
	const struct ot_compat *c = NULL;
	const cJSON *h;
	cJSON *j;

	hash[0] = '\0';
	if ((j = ot_json_read_file(path)) != NULL) {
		c = ot_meta_compat(j);
		h = cJSON_GetObjectItemCaseSensitive(j, "OtConfigHash");
		if (cJSON_IsString(h))
			snprintf(hash, 65, "%s", h->valuestring);
		cJSON_Delete(j);
	}
	return c;
}

void ot_meta_warn_profiles(const char *ours, const char *theirs)
{
	char *m[2] = { NULL, NULL };
	const struct ot_compat *c[2] = { NULL, NULL };
	char hash[2][65] = { "", "" };
	int i;

	for (i = 0; i < 2; i++) {
		const char *t = i == 0 ? ours : theirs;

		if (strcmp(t, "-") != 0 && (m[i] = beside(t)) != NULL)
			c[i] = profile_of(m[i], hash[i]);
	}
	/* rules are joined by id: two configs may give one id two meanings */
	if (hash[0][0] != '\0' && hash[1][0] != '\0' &&
	    strcmp(hash[0], hash[1]) != 0)
		warnx("warning: %s and %s were made with different tokenization "
		    "configs (OtConfigHash): rules are joined by their ids, and "
		    "a rule of one id made two ways never matches", m[0], m[1]);
	if (c[0] != NULL && c[1] != NULL && c[0] != c[1])
		warnx("warning: %s says the tokens were made as %s does, %s as "
		    "%s does: the two normalize some names, SSNs, dates or "
		    "sexes apart, and the same people then miss on those "
		    "rules; tokenize again with --compat %s", m[0], c[0]->name,
		    m[1], c[1]->name, c[1]->name);
	free(m[0]);
	free(m[1]);
}
