/*
 * SocialSecurityNumber, as SocialSecurityNumberAttribute: normalize (trim,
 * drop white space and dashes, cut at the decimal point, pad 7-8 digits to
 * 9, format DDD-DD-DDDD) and validate the normalized value (spec: Java).
 * An input that does not normalize to nine digits is returned unchanged by
 * the reference and can never pass its regex, so it is simply invalid here.
 */
#include "person/validate.h"
#include "jstring.h"

#include <string.h>

static const char *const bad_ssns[] = {
	"111-11-1111", "222-22-2222", "333-33-3333", "444-44-4444",
	"555-55-5555", "777-77-7777", "888-88-8888", "001-23-4567",
	"009-99-9999", "010-10-1010", "012-34-5678", "087-65-4321",
	"098-76-5432", "099-99-9999", "111-22-3333", "121-21-2121",
	"123-45-6789", "123-45-9999", NULL
};

enum ot_reason ot_norm_ssn(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	const char *const *b;
	char d[9];
	size_t i, n = 0;

	(void)ctx;
	j_trim(&in, &len);
	if (j_is_blank(in, len))
		return OT_R_EMPTY;
	for (i = 0; i < len && in[i] != '.'; i++) {
		unsigned char c = (unsigned char)in[i];

		if (j_is_space(c) || c == '-')
			continue;
		if (!j_is_digit(c))
			return OT_R_SSN_FORMAT;
		if (n == 9)
			return OT_R_SSN_LENGTH;
		d[n++] = (char)c;
	}
	if (n < 7)
		return OT_R_SSN_LENGTH;
	memset(out, '0', 9 - n);
	memcpy(out + 9 - n, d, n);
	memmove(out + 4, out + 3, 6);
	out[3] = '-';
	memmove(out + 7, out + 6, 4);
	out[6] = '-';
	*outlen = 11;
	if (memcmp(out, "000", 3) == 0 || memcmp(out, "666", 3) == 0 ||
	    out[0] == '9')
		return OT_R_SSN_AREA;
	if (memcmp(out + 4, "00", 2) == 0)
		return OT_R_SSN_GROUP_ZERO;
	if (memcmp(out + 7, "0000", 4) == 0)
		return OT_R_SSN_SERIAL_ZERO;
	for (b = bad_ssns; *b != NULL; b++)
		if (memcmp(out, *b, 11) == 0)
			return OT_R_SSN_PLACEHOLDER;
	return OT_VALID;
}
