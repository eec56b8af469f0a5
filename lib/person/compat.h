/*
 * Which reference ot reproduces: a profile is one row of the table in
 * compat.c, the behaviours in which the four references' normalization
 * and validation differ, read by the validators and the column map.
 *
 *   1.12-java   OpenToken 1.12.5, Java (the default: ot's behaviour ever)
 *   1.12-python OpenToken 1.12.5, its Python CLI (pip install opentoken)
 *   2.1-python  OpenLinkToken 2.1.2, the olt CLI (the released reference)
 *   2.1-java    OpenLinkToken 2.1.2's Java library (no CLI)
 *
 * "1.12" means 1.12-java and "2.1" means 2.1-python.  A process uses one
 * profile, chosen once (ot_compat_use()) before any work.
 */
#ifndef OT_COMPAT_H
#define OT_COMPAT_H

#include <stdbool.h>
#include <stdint.h>

/* Whose string and regex semantics: Java's (jstring.h: \s and \d ASCII,
 * trim() up to U+0020, isBlank(), equalsIgnoreCase(), '$' before any
 * final line terminator) or Python's (pystring.h: Unicode \s, \d and
 * strip(), lower(), '$' before a final "\n" only). */
enum ot_strings { OT_STRINGS_JAVA, OT_STRINGS_PYTHON };

struct ot_compat {
	const char *name;		/* "2.1-python" */
	const char *release;		/* "2.1.2" */
	const char *language;		/* "Python", as its metadata's Platform */
	enum ot_strings strings;
	/* names */
	bool transliterate;	/* 2.x: Æ->AE, Ø->O, ß->ss ... before NFD */
	bool all_marks;		/* drop Mn, Mc and Me, not only Mn */
	int last_name_passes;	/* of the suffix regex: Java 2, Python 1 */
	/* the other attributes */
	bool written_date;	/* a timestamp keeps its written date, not UTC's */
	bool sex_spaces;	/* white space around Sex allowed */
	bool ssn_raw;		/* the SSN checked on the raw value, not the normal */
	const char *const *ssn_placeholders;
	/* columns */
	bool date_of_birth;	/* DateOfBirth is a BirthDate column */
	/* rows as csv.DictReader reads a file opened with universal
	 * newlines: a field a short row lacks is None (invalid, not absent),
	 * a repeated name's last column wins even so, CR LF and CR inside
	 * quotes are LF */
	bool dict_reader;
	/* an empty line before the header is the (empty) header: no column
	 * read, every token blank; ot refuses such input */
	bool empty_line_header;
	/* output */
	bool metadata_v2;	/* "Version", not "OpenTokenVersion" */
	/* Python's csv.writer and pathlib: a record id quoted only for ,
	 * " or LF, the metadata beside the output by its stem */
	bool python_csv;
};

enum ot_compat_id {
	OT_COMPAT_112_JAVA,
	OT_COMPAT_112_PYTHON,
	OT_COMPAT_21_PYTHON,
	OT_COMPAT_21_JAVA,
	OT_NCOMPAT
};

extern const struct ot_compat ot_compats[OT_NCOMPAT];

/* The --help line of --compat. */
#define OT_COMPAT_HELP \
	{ "--compat=PROFILE", "reproduce 1.12 (1.12-java, the default), 1.12-python, 2.1 (2.1-python) or 2.1-java" }

/* The profile named name ("1.12", "2.1", "1.12-java", ... any case), or
 * NULL. */
const struct ot_compat *ot_compat_find(const char *name);

/* --compat's argument, or with NULL the environment's OT_COMPAT (unset or
 * empty: the default): the profile, or a usage error (exit 2) listing
 * the four.  Returns whether a profile was named. */
bool ot_compat_parse(const char *arg);

/* The profile this process reproduces; and whether it was named (with
 * --compat or OT_COMPAT) rather than taken by default: only then are
 * losses counted and reported. */
const struct ot_compat *ot_compat(void);
bool ot_compat_named(void);

/* Make c the process's profile (named: as --compat does). */
void ot_compat_use(const struct ot_compat *c, bool named);

/* The other language's profile of the same release, and the other
 * release's of the same language. */
const struct ot_compat *ot_compat_sibling(const struct ot_compat *c);
const struct ot_compat *ot_compat_other_release(const struct ot_compat *c);

/* The 2.x transliteration of a code point: its ASCII replacement (one or
 * two letters), or NULL when the table does not hold it. */
const char *ot_transliteration(uint32_t c);

#endif
