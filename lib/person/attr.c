#include "person/attr.h"
#include "uuid.h"
#include "jstring.h"
#include "person/loss.h"
#include "pystring.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const first_name[] = { "FirstName", "GivenName", NULL };
static const char *const last_name[] = { "LastName", "Surname", NULL };
static const char *const birth_date[] = { "BirthDate", "DateOfBirth", NULL };
static const char *const sex[] = { "Sex", "Gender", NULL };
static const char *const postal_code[] = {
	"PostalCode", "ZipCode", "ZIP3", "ZIP4", "ZIP5", NULL
};
static const char *const ssn[] = {
	"SocialSecurityNumber", "NationalIdentificationNumber", NULL
};
static const char *const record_id[] = { "RecordId", "Id", NULL };

const struct ot_attr_info ot_attrs[OT_NCOLUMN] = {
	[OT_FIRST_NAME] = { "FirstName", first_name },
	[OT_LAST_NAME] = { "LastName", last_name },
	[OT_BIRTH_DATE] = { "BirthDate", birth_date },
	[OT_SEX] = { "Sex", sex },
	[OT_POSTAL_CODE] = { "PostalCode", postal_code },
	[OT_SSN] = { "SocialSecurityNumber", ssn },
	[OT_RECORD_ID] = { "RecordId", record_id },
};

/* Whether the profile reads alias as a column: the Python references
 * do not know DateOfBirth. */
static bool known(const char *alias)
{
	return ot_compat()->date_of_birth || strcmp(alias, "DateOfBirth") != 0;
}

int ot_attr_by_header(const char *name, size_t len)
{
	bool py = ot_compat()->strings == OT_STRINGS_PYTHON;
	const char *const *p;
	int a;

	for (a = 0; a < OT_NCOLUMN; a++)
		for (p = ot_attrs[a].aliases; *p != NULL; p++)
			if ((py ? py_lower_equals(name, len, *p) :
			    j_equals_ignore_case(name, len, *p)) && known(*p))
				return a;
	return -1;
}

const char *ot_attr_unread_alias(const char *name, size_t len)
{
	const char *const *p;

	for (p = ot_attrs[OT_BIRTH_DATE].aliases; *p != NULL; p++)
		if (!known(*p) && py_lower_equals(name, len, *p))
			return *p;
	return NULL;
}

const char *ot_attr_alias_list(enum ot_attr a)
{
	static char buf[256];
	const char *const *p;
	int n = 0, k = 0;

	for (p = ot_attrs[a].aliases; *p != NULL; p++)
		n += known(*p);
	buf[0] = '\0';
	for (p = ot_attrs[a].aliases; *p != NULL; p++) {
		if (!known(*p))
			continue;
		if (k++ > 0)
			strcat(buf, k == n ? " or " : ", ");
		strcat(buf, *p);
	}
	return buf;
}

enum ot_reason ot_normalize_why(struct ot_norm_ctx *ctx, enum ot_attr a,
    const char *in, size_t len, char *out, size_t *outlen)
{
	static enum ot_reason (*const fn[OT_NATTR])(struct ot_norm_ctx *,
	    const char *, size_t, char *, size_t *) = {
		[OT_FIRST_NAME] = ot_norm_first_name,
		[OT_LAST_NAME] = ot_norm_last_name,
		[OT_BIRTH_DATE] = ot_norm_birth_date,
		[OT_SEX] = ot_norm_sex,
		[OT_POSTAL_CODE] = ot_norm_postal_code,
		[OT_SSN] = ot_norm_ssn,
	};

	enum ot_reason r;

	if (__builtin_expect(ctx->losses == NULL, 1))
		return fn[a](ctx, in, len, out, outlen);
	r = fn[a](ctx, in, len, out, outlen);
	/* a loss is a rejected value, or a name kept without its letters */
	if (r != OT_VALID || (!ctx->compat->transliterate && a <= OT_LAST_NAME))
		ot_loss_check(ctx, a, in, len, r, out,
		    r == OT_VALID ? *outlen : 0);
	return r;
}

bool ot_normalize(struct ot_norm_ctx *ctx, enum ot_attr a, const char *in,
    size_t len, char *out, size_t *outlen)
{
	return ot_normalize_why(ctx, a, in, len, out, outlen) == OT_VALID;
}

const char *ot_record_id(const struct ot_value *id, char uuid[37],
    size_t *len)
{
	if (id->state != OT_V_MISSING) {
		*len = id->len;
		return id->s;
	}
	ot_uuid4(uuid);
	*len = 36;
	return uuid;
}
