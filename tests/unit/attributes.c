/*
 * Table-driven test of the attribute normalizers: each line of the table
 * file is "Attribute<TAB>input<TAB>expected" (expected INVALID when the
 * reference rejects the value), for the default profile, or
 * "Attribute<TAB>input" and four expected values, one for each profile in
 * the order 1.12-java, 1.12-python, 2.1-python, 2.1-java ("=": the same
 * as the one before).  Inputs and outputs take the escapes \t \n \r \\
 * \xHH and \u{HHHH}; "@today YYYY-MM-DD" fixes the date validators
 * compare with.  Prints TAP.
 */
#include "person/attr.h"
#include "person/compat.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t put_utf8(char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

static size_t unescape(const char *s, char *o)
{
	size_t n = 0;

	while (*s != '\0') {
		if (*s != '\\') {
			o[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 't': o[n++] = '\t'; s++; break;
		case 'n': o[n++] = '\n'; s++; break;
		case 'r': o[n++] = '\r'; s++; break;
		case '\\': o[n++] = '\\'; s++; break;
		case 'x':
			o[n++] = (char)strtoul((char[]){ s[1], s[2], 0 }, NULL, 16);
			s += 3;
			break;
		case 'u': {
			char *end;
			unsigned long c = strtoul(s + 2, &end, 16);

			n += put_utf8(o + n, c);
			s = end + 1;
			break;
		}
		default:
			errx(2, "bad escape \\%c", *s);
		}
	}
	return n;
}

int main(int argc, char *argv[])
{
	struct ot_norm_ctx ctx;
	char line[4096], in[4096], want[4096], out[4096];
	unsigned long lineno = 0;
	int n = 0, failed = 0, p, nf;
	FILE *f;

	if (argc != 2)
		errx(2, "usage: unit-attributes table");
	if ((f = fopen(argv[1], "r")) == NULL)
		err(2, "%s", argv[1]);
	ot_norm_init(&ctx);
	while (fgets(line, sizeof(line), f) != NULL) {
		char *attr, *raw, *exps[OT_NCOMPAT], *exp, *t;
		size_t inlen, wantlen, outlen = 0;
		int a, y, m, d;
		bool ok, pass;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (sscanf(line, "@today %d-%d-%d", &y, &m, &d) == 3) {
			ctx.today = ot_days_from_civil(y, (unsigned)m, (unsigned)d);
			continue;
		}
		attr = line;
		if ((raw = strchr(attr, '\t')) == NULL)
			errx(2, "%s:%lu: want three or six tab-separated fields",
			    argv[1], lineno);
		*raw++ = '\0';
		for (nf = 0, t = raw; nf < OT_NCOMPAT &&
		    (t = strchr(t, '\t')) != NULL; nf++) {
			*t++ = '\0';
			exps[nf] = t;
		}
		if (nf != 1 && nf != OT_NCOMPAT)
			errx(2, "%s:%lu: want three or six tab-separated fields",
			    argv[1], lineno);
		for (a = 0; a < OT_NATTR; a++)
			if (strcmp(ot_attrs[a].name, attr) == 0)
				break;
		if (a == OT_NATTR)
			errx(2, "%s:%lu: unknown attribute %s", argv[1], lineno,
			    attr);
		inlen = unescape(raw, in);
		for (p = 0; p < nf; p++) {
			exp = exps[p];
			if (strcmp(exp, "=") == 0) {
				if (p == 0)
					errx(2, "%s:%lu: \"=\" with nothing before",
					    argv[1], lineno);
				exp = exps[p] = exps[p - 1];
			}
			ctx.compat = &ot_compats[nf == 1 ? OT_COMPAT_112_JAVA : p];
			wantlen = unescape(exp, want);
			ok = ot_normalize(&ctx, a, in, inlen, out, &outlen);
			if (strcmp(exp, "INVALID") == 0)
				pass = !ok;
			else
				pass = ok && outlen == wantlen &&
				    memcmp(out, want, wantlen) == 0;
			n++;
			printf("%s %d - line %lu: %s%s%s \"%s\" -> %s\n",
			    pass ? "ok" : "not ok", n, lineno, nf == 1 ? "" :
			    ctx.compat->name, nf == 1 ? "" : " ", attr, raw, exp);
			if (!pass) {
				failed++;
				printf("#   got %s\"%.*s\"\n", ok ? "" : "INVALID ",
				    (int)outlen, out);
			}
		}
	}
	printf("1..%d\n", n);
	ot_norm_free(&ctx);
	fclose(f);
	return failed != 0;
}
