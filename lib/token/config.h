/*
 * A tokenization config, as OpenLinkToken 2.1's `olt tokenize --config`
 * reads it: YAML (libyaml) of
 *
 *   column_mappings:
 *     <field id>: { column_name: <input header>, type: <attribute type> }
 *   token_rules:
 *     <rule id>:
 *       - { field: <field id>, expression: <expression> }
 *
 * Fields name the columns a run reads (person/fields.h), rules say what
 * each token is made of (expr.h).  A run with a config makes the
 * config's rules only, in rule-id order, and counts blanks and invalid
 * attributes by them.
 */
#ifndef OT_CONFIG_H
#define OT_CONFIG_H

#include "person/fields.h"
#include "token/expr.h"

#include <stdbool.h>
#include <stddef.h>

/* What a config may hold (a partner's config is input like any other). */
#define OT_CONFIG_MAX_BYTES	(1024 * 1024)
#define OT_CONFIG_MAX_DEPTH	16	/* nested collections */
#define OT_CONFIG_MAX_NODES	65536	/* scalars, lists, maps, aliases */
#define OT_CONFIG_MAX_FIELDS	256
#define OT_CONFIG_MAX_RULES	64
#define OT_CONFIG_MAX_PARTS	64	/* entries of one rule */
#define OT_CONFIG_MAX_ID	32	/* bytes of a rule id (ot-match's) */
#define OT_CONFIG_MAX_NAME	1024	/* bytes of a field id or column */
#define OT_CONFIG_MAX_EXPR	4096	/* bytes of an expression */

struct ot_cpart {
	size_t field;		/* into fs.f (the fields rules use) */
	struct ot_xprog *x;
	char *text;		/* the expression as written */
};

struct ot_crule {
	char *id;
	size_t idlen;
	size_t nparts;
	struct ot_cpart *parts;
};

struct ot_config {
	char *path;
	size_t nfields;			/* every field of column_mappings */
	struct ot_field *fields;
	struct ot_fieldset fs;		/* the ones rules use */
	size_t nrules;			/* sorted by id, as Python sorts */
	struct ot_crule *rules;
	/* the types rules use, sorted by name: InvalidAttributesByType */
	size_t ntypes;
	enum ot_type types[OT_NTYPES];
	char hash[65];			/* SHA-256 of its content, hex */
};

/* Read path; NULL after a message "path:line: what" (the exit status of
 * a bad config is 2, a usage error, as for any bad option). */
struct ot_config *ot_config_load(const char *path);
/* The same from bytes (the fuzz target's entry). */
struct ot_config *ot_config_parse(const char *name, const char *buf,
    size_t len);
void ot_config_free(struct ot_config *c);

/* --config on a program: load it (exit 2 when it is bad) and make the
 * process's profile 2.1-python, the only reference with configs; a
 * usage error when another profile is named. */
struct ot_config *ot_config_use(const char *path);

/* The --help line of --config. */
#define OT_CONFIG_HELP \
	{ "--config=FILE", "the fields and rules of an OpenLinkToken 2.1 tokenization config (YAML)" }

/*
 * What rule r of c makes of a record's normalized field values (vals in
 * fs order): OT_CR_SIG with the signature in *sig (room kept in sigbuf,
 * a grown buffer), OT_CR_BLANK, or OT_CR_NOROW when the reference writes
 * no row (a value whose normalization failed).  *invalid is the type of
 * the invalid value that blanked it, or -1.
 */
enum ot_cresult { OT_CR_SIG, OT_CR_BLANK, OT_CR_NOROW };
enum ot_cresult ot_config_signature(const struct ot_config *c, size_t r,
    const struct ot_value *vals, struct ot_xscratch *sc, char **sigbuf,
    size_t *sigcap, size_t *siglen, int *invalid);

#endif
