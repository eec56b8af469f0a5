/*
 * The four references side by side.  Read a column to see how one
 * reference behaves, a row to see where they part: 2.1.2 changed only
 * the name folding (the transliteration table; Python now drops every
 * mark) and the SSN placeholders (../shared/spec/openlinktoken-2.1.md
 * §1); every other difference is between the two languages, which 2.1.2
 * kept (reference-1.12-detailed.md §10).
 */
#include "person/compat.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The placeholder SSNs: Python 1.12.5's 16, Java 1.12.5's 18 (and
 * 009-99-9999, 123-45-9999), 2.1.2 Python's 52 (36 more), 2.1.2 Java's 54. */
#define SSN_PLACEHOLDERS_1_12 \
	"111-11-1111", "222-22-2222", "333-33-3333", "444-44-4444", \
	"555-55-5555", "777-77-7777", "888-88-8888", "001-23-4567", \
	"010-10-1010", "012-34-5678", "087-65-4321", "098-76-5432", \
	"099-99-9999", "111-22-3333", "121-21-2121", "123-45-6789"
#define SSN_PLACEHOLDERS_JAVA_ONLY "009-99-9999", "123-45-9999"
#define SSN_PLACEHOLDERS_2_1 \
	"001-01-0001", "001-01-0101", "001-01-9999", "001-10-0110", \
	"001-11-1111", "001-12-2334", "007-77-7777", "011-11-1111", \
	"022-22-2222", "055-55-5555", "077-77-7777", "088-88-8888", \
	"100-10-1000", "111-11-1112", "111-11-1234", "111-11-9999", \
	"111-22-1111", "111-22-2333", "123-12-1234", "123-12-3123", \
	"123-45-1234", "123-45-6788", "123-45-6798", "123-45-6879", \
	"123-45-6987", "123-45-7896", "199-99-9999", "222-33-4444", \
	"299-99-9999", "399-99-9999", "454-54-5454", "499-99-9999", \
	"599-99-9999", "699-99-9999", "799-99-9999", "899-99-9999"

static const char *const ssn_112_python[] = { SSN_PLACEHOLDERS_1_12, NULL };
static const char *const ssn_112_java[] = {
	SSN_PLACEHOLDERS_1_12, SSN_PLACEHOLDERS_JAVA_ONLY, NULL
};
static const char *const ssn_21_python[] = {
	SSN_PLACEHOLDERS_1_12, SSN_PLACEHOLDERS_2_1, NULL
};
static const char *const ssn_21_java[] = {
	SSN_PLACEHOLDERS_1_12, SSN_PLACEHOLDERS_JAVA_ONLY,
	SSN_PLACEHOLDERS_2_1, NULL
};

/*
 *                        1.12-java  1.12-python  2.1-python  2.1-java
 *   strings              Java       Python       Python      Java
 *   transliterate        -          -            yes         yes
 *   all_marks            yes        (Mn only)    yes         yes
 *   last_name_passes     2          1            1           2
 *   written_date         -          yes          yes         -
 *   sex_spaces           -          yes          yes         -
 *   ssn_raw              -          yes          yes         -
 *   ssn_placeholders     18         16           52          54
 *   date_of_birth        yes        -            -           yes
 *   dict_reader          -          yes          yes         -
 *   empty_line_header    -          yes          yes         -
 *   metadata_v2          -          -            yes         yes
 *   python_csv           -          yes          yes         -
 */
#define JAVA \
	.strings = OT_STRINGS_JAVA, .all_marks = true, .last_name_passes = 2, \
	.date_of_birth = true
#define PYTHON \
	.strings = OT_STRINGS_PYTHON, .last_name_passes = 1, \
	.written_date = true, .sex_spaces = true, .ssn_raw = true, \
	.dict_reader = true, .empty_line_header = true, \
	.python_csv = true

const struct ot_compat ot_compats[OT_NCOMPAT] = {
	[OT_COMPAT_112_JAVA] = { "1.12-java", "1.12.5", "Java", JAVA,
		.ssn_placeholders = ssn_112_java },
	[OT_COMPAT_112_PYTHON] = { "1.12-python", "1.12.5", "Python", PYTHON,
		.all_marks = false, .ssn_placeholders = ssn_112_python },
	[OT_COMPAT_21_PYTHON] = { "2.1-python", "2.1.2", "Python", PYTHON,
		.transliterate = true, .all_marks = true,
		.ssn_placeholders = ssn_21_python, .metadata_v2 = true },
	[OT_COMPAT_21_JAVA] = { "2.1-java", "2.1.2", "Java", JAVA,
		.transliterate = true, .ssn_placeholders = ssn_21_java,
		.metadata_v2 = true },
};

#undef JAVA
#undef PYTHON

static const struct ot_compat *current = &ot_compats[OT_COMPAT_112_JAVA];
static bool named;

const struct ot_compat *ot_compat_find(const char *name)
{
	int i;

	if (strcasecmp(name, "1.12") == 0)
		return &ot_compats[OT_COMPAT_112_JAVA];
	if (strcasecmp(name, "2.1") == 0)
		return &ot_compats[OT_COMPAT_21_PYTHON];
	for (i = 0; i < OT_NCOMPAT; i++)
		if (strcasecmp(name, ot_compats[i].name) == 0)
			return &ot_compats[i];
	return NULL;
}

bool ot_compat_parse(const char *arg)
{
	const char *what = arg != NULL ? "--compat" : "OT_COMPAT";
	const struct ot_compat *c;

	if (arg == NULL && ((arg = getenv("OT_COMPAT")) == NULL || *arg == '\0'))
		return false;
	if ((c = ot_compat_find(arg)) == NULL)
		errx(2, "%s %s: not a profile: 1.12 (= 1.12-java, the default), "
		    "1.12-python, 2.1 (= 2.1-python) or 2.1-java", what, arg);
	ot_compat_use(c, true);
	return true;
}

const struct ot_compat *ot_compat(void)
{
	return current;
}

bool ot_compat_named(void)
{
	return named;
}

void ot_compat_use(const struct ot_compat *c, bool n)
{
	current = c;
	named = n;
}

/* Each profile's other language of its release, and its language's
 * other release. */
static const enum ot_compat_id neighbours[OT_NCOMPAT][2] = {
	[OT_COMPAT_112_JAVA] = { OT_COMPAT_112_PYTHON, OT_COMPAT_21_JAVA },
	[OT_COMPAT_112_PYTHON] = { OT_COMPAT_112_JAVA, OT_COMPAT_21_PYTHON },
	[OT_COMPAT_21_PYTHON] = { OT_COMPAT_21_JAVA, OT_COMPAT_112_PYTHON },
	[OT_COMPAT_21_JAVA] = { OT_COMPAT_21_PYTHON, OT_COMPAT_112_JAVA },
};

const struct ot_compat *ot_compat_sibling(const struct ot_compat *c)
{
	return &ot_compats[neighbours[c - ot_compats][0]];
}

const struct ot_compat *ot_compat_other_release(const struct ot_compat *c)
{
	return &ot_compats[neighbours[c - ot_compats][1]];
}

/* LATIN_EXTENDED_TRANSLITERATION_MAP of 2.1.2, by code point. */
static const struct {
	uint16_t c;
	char to[3];
} translit[] = {
	{ 0x00c6, "AE" }, { 0x00d0, "D" }, { 0x00d8, "O" }, { 0x00de, "TH" },
	{ 0x00df, "ss" }, { 0x00e6, "ae" }, { 0x00f0, "d" }, { 0x00f8, "o" },
	{ 0x00fe, "th" }, { 0x0110, "D" }, { 0x0111, "d" }, { 0x0126, "H" },
	{ 0x0127, "h" }, { 0x0131, "i" }, { 0x0132, "IJ" }, { 0x0133, "ij" },
	{ 0x013f, "L" }, { 0x0140, "l" }, { 0x0141, "L" }, { 0x0142, "l" },
	{ 0x0149, "n" }, { 0x014a, "NG" }, { 0x014b, "ng" }, { 0x0152, "OE" },
	{ 0x0153, "oe" }, { 0x0166, "T" }, { 0x0167, "t" }, { 0x017f, "s" },
	{ 0x0191, "F" }, { 0x0192, "f" }, { 0x01c4, "DZ" }, { 0x01c5, "Dz" },
	{ 0x01c6, "dz" }, { 0x01c7, "LJ" }, { 0x01c8, "Lj" }, { 0x01c9, "lj" },
	{ 0x01ca, "NJ" }, { 0x01cb, "Nj" }, { 0x01cc, "nj" }, { 0x01f1, "DZ" },
	{ 0x01f2, "Dz" }, { 0x01f3, "dz" }, { 0x01fc, "AE" }, { 0x01fd, "ae" },
	{ 0x01fe, "O" }, { 0x01ff, "o" }, { 0x1e9e, "SS" },
};

const char *ot_transliteration(uint32_t c)
{
	size_t lo = 0, hi = sizeof(translit) / sizeof(translit[0]);

	if (c < 0xc6 || c > 0x1e9e)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (translit[mid].c == c)
			return translit[mid].to;
		if (translit[mid].c < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
