/* Sex, as SexAttribute: `^([Mm](ale)?|[Ff](emale)?)$`, no trimming (Java);
 * the Python references allow white space around it (`^\s*(...)\s*$`,
 * Unicode \s). */
#include "person/validate.h"
#include "jstring.h"
#include "pystring.h"

#include <string.h>

enum ot_reason ot_norm_sex(struct ot_norm_ctx *ctx, const char *in,
    size_t len,
    char *out, size_t *outlen)
{
	static const char *const valid[] = {
		"M", "m", "Male", "male", "F", "f", "Female", "female", NULL
	};
	const char *const *v;

	if (ctx->compat->sex_spaces)
		py_strip(&in, &len);
	for (v = valid; *v != NULL; v++)
		if (strlen(*v) == len && memcmp(*v, in, len) == 0) {
			const char *s = (in[0] == 'M' || in[0] == 'm') ?
			    "Male" : "Female";

			*outlen = strlen(s);
			memcpy(out, s, *outlen);
			return OT_VALID;
		}
	return (ctx->compat->sex_spaces ? len == 0 : j_is_blank(in, len)) ?
	    OT_R_EMPTY : OT_R_SEX_SPELLING;
}
