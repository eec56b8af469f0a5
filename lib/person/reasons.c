/*
 * The names of enum ot_reason: a stable code for scripts and a few words
 * for people.  The codes are listed in ot-normalize(1); never rename one.
 */
#include "person/validate.h"

static const struct {
	const char *code;
	const char *words;
} reasons[OT_NREASONS] = {
	[OT_VALID] = { "valid", "valid" },
	[OT_R_EMPTY] = { "empty", "empty or white space only" },
	[OT_R_NAME_PLACEHOLDER] = { "name-placeholder",
	    "a placeholder such as Unknown, N/A or Test" },
	[OT_R_NAME_EMPTY] = { "name-empty-after-normalization",
	    "no letters left without accents, titles, suffixes and initials" },
	[OT_R_LASTNAME_PATTERN] = { "lastname-pattern",
	    "one letter, or two that are neither a vowel and a consonant nor Ng" },
	[OT_R_DATE_FORMAT] = { "date-format",
	    "not yyyy-MM-dd, yyyy/MM/dd, MM/dd/yyyy, MM-dd-yyyy, dd.MM.yyyy or a timestamp" },
	[OT_R_DATE_NO_DAY] = { "date-no-such-day",
	    "a month, day or time that does not exist" },
	[OT_R_DATE_NO_OFFSET] = { "date-no-offset",
	    "a timestamp without Z or an offset from UTC" },
	[OT_R_DATE_BEFORE_1910] = { "date-before-1910", "before 1910-01-01" },
	[OT_R_DATE_IN_FUTURE] = { "date-in-future", "after today (UTC)" },
	[OT_R_SEX_SPELLING] = { "sex-spelling",
	    "not M, F, Male or Female (first letter in either case)" },
	[OT_R_ZIP_LENGTH] = { "zip-length",
	    "not 3, 4, 5 or 9 digits, or 5 digits, a dash and 4" },
	[OT_R_ZIP_PLACEHOLDER] = { "zip-placeholder",
	    "a placeholder ZIP such as 00000, 12345 or 99999" },
	[OT_R_POSTAL_CA_FORMAT] = { "postal-ca-format",
	    "neither a ZIP nor a Canadian code such as K1A 0B1" },
	[OT_R_POSTAL_CA_PLACEHOLDER] = { "postal-ca-placeholder",
	    "a placeholder Canadian code such as A1A 1A1 or H0H 0H0" },
	[OT_R_SSN_FORMAT] = { "ssn-format",
	    "a character other than digits, dashes and spaces" },
	[OT_R_SSN_LENGTH] = { "ssn-length", "fewer than 7 or more than 9 digits" },
	[OT_R_SSN_AREA] = { "ssn-area-invalid", "area number 000, 666 or 900-999" },
	[OT_R_SSN_GROUP_ZERO] = { "ssn-group-zero", "group number 00" },
	[OT_R_SSN_SERIAL_ZERO] = { "ssn-serial-zero", "serial number 0000" },
	[OT_R_SSN_PLACEHOLDER] = { "ssn-placeholder",
	    "a placeholder such as 123-45-6789 or 111-11-1111" },
	[OT_R_SSN_SPELLING] = { "ssn-spelling",
	    "spaces, a dash out of place or a fraction, which the Python references refuse" },
	[OT_R_COLUMN_MISSING] = { "column-missing",
	    "no such column, or a row too short to reach it" },
};

const char *ot_reason_code(enum ot_reason r)
{
	return reasons[r].code;
}

const char *ot_reason_words(enum ot_reason r)
{
	return reasons[r].words;
}
