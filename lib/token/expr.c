#include "token/expr.h"
#include "grow.h"
#include "jstring.h"
#include "pystring.h"
#include "person/pycase.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t ot_py_digits(const char *s, size_t len, char *out)
{
	size_t i = 0, k, n = 0;
	int32_t c;

	while (i < len) {
		k = i;
		c = py_next(s, len, &i);
		if (c >= 0 && py_is_digit((uint32_t)c)) {
			memcpy(out + n, s + k, i - k);
			n += i - k;
		}
	}
	return n;
}

enum op_kind { OP_T, OP_U, OP_S, OP_R, OP_M, OP_D };

struct op {
	enum op_kind k;
	long a, b;		/* S */
	char *from, *to;	/* R */
	size_t flen, tlen;
	pcre2_code *re;		/* M */
	bool digits_re;		/* M(\d+) */
};

struct ot_xprog {
	enum ot_expr kind;
	size_t nops;
	struct op ops[];
};

enum ot_expr ot_xprog_kind(const struct ot_xprog *p)
{
	return p->kind;
}

void ot_xprog_free(struct ot_xprog *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nops; i++) {
		free(p->ops[i].from);
		free(p->ops[i].to);
		pcre2_code_free(p->ops[i].re);
	}
	free(p);
}

/* Python's int() of an argument: white space around, a sign, decimal
 * digits of any script with single underscores between them. */
static bool py_int(const char *s, size_t len, long *v)
{
	size_t i = 0;
	bool neg = false, digit = false, under = false;
	int32_t c;

	py_strip(&s, &len);
	*v = 0;
	if (len > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		i++;
	}
	while (i < len) {
		c = py_next(s, len, &i);
		if (c == '_' && digit && !under) {
			under = true;
			continue;
		}
		if (c < 0 || !py_is_digit((uint32_t)c))
			return false;
		digit = true;
		under = false;
		if (*v < 1000000000000L)
			*v = *v * 10 + py_digit_value((uint32_t)c);
	}
	if (!digit || under)
		return false;
	if (neg)
		*v = -*v;
	return true;
}

/* The arguments of part, split on ',' as the evaluator splits them, each
 * as [s, s + n). */
static size_t split_args(const char *s, size_t len, const char *arg[4],
    size_t n[4])
{
	size_t k = 0, start = 0, i;

	py_strip(&s, &len);
	for (i = 0; i <= len; i++)
		if (i == len || s[i] == ',') {
			if (k < 4) {
				arg[k] = s + start;
				n[k] = i - start;
			}
			k++;
			start = i + 1;
		}
	return k;
}

/* arg without its first and last code point (the quotes), malloc'd. */
static char *unquote(const char *s, size_t n, size_t *outlen, bool *ok)
{
	size_t i = 0, first, last = 0, count = 0;
	char *p;

	while (i < n) {
		last = i;
		(void)py_next(s, n, &i);
		count++;
	}
	*ok = count >= 2;
	if (!*ok)
		return NULL;
	first = 0;
	(void)py_next(s, n, &first);
	*outlen = last - first;
	if ((p = malloc(*outlen + 1)) == NULL)
		err(1, NULL);
	memcpy(p, s + first, *outlen);
	p[*outlen] = '\0';
	return p;
}

static int compile_regex(struct op *o, const char *s, size_t n, char *e,
    size_t elen)
{
	PCRE2_UCHAR msg[120];
	pcre2_compile_context *cc;
	PCRE2_SIZE off;
	char *pat;
	int code;

	o->digits_re = n == 3 && memcmp(s, "\\d+", 3) == 0;
	if (ot_pyre_translate(s, n, &pat, e, elen) < 0)
		return -1;
	/* Python's '$' and '.' know "\n" alone as a line end */
	if ((cc = pcre2_compile_context_create(NULL)) == NULL)
		err(1, NULL);
	pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
	o->re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C, &code, &off, cc);
	pcre2_compile_context_free(cc);
	free(pat);
	if (o->re == NULL) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		snprintf(e, elen, "%s", (char *)msg);
		return -1;
	}
	return 0;
}

/* One operator, part being its text: 0, or -1 with the reason in e. */
static int compile_op(struct op *o, const char *raw, size_t rawlen,
    char *e, size_t elen)
{
	const char *s = raw, *args = NULL, *arg[4];
	size_t len = rawlen, i = 0, nargs = 0, n[4], k;
	bool ok;

	memset(o, 0, sizeof(*o));
	py_strip(&s, &len);
	if (len == 0) {
		snprintf(e, elen, "an empty operator between two '|' (the "
		    "reference fails on it for every value)");
		return -1;
	}
	while (i < len && j_is_alpha((unsigned char)s[i]))
		i++;
	if (i < len && s[i] == '(' && s[len - 1] == ')' &&
	    memchr(s + i + 1, ')', len - i - 2) == NULL) {
		args = s + i + 1;
		nargs = len - i - 2;
	} else if (i != len)
		goto unknown;
	if (i != 1)
		goto unknown;
	switch (j_upper(s[0])) {
	case 'T': o->k = OP_T; break;
	case 'U': o->k = OP_U; break;
	case 'D': o->k = OP_D; break;
	case 'S': o->k = OP_S; break;
	case 'R': o->k = OP_R; break;
	case 'M': o->k = OP_M; break;
	default:
		goto unknown;
	}
	/* the evaluator reads the operator up to a space or '(': any other
	 * white space after it becomes part of its name */
	if (args == NULL && s + len < raw + rawlen && s[len] != ' ') {
		snprintf(e, elen, "white space other than a space after "
		    "operator '%.*s' (the reference then fails on every value)",
		    (int)len, s);
		return -1;
	}
	if (o->k == OP_T || o->k == OP_U || o->k == OP_D)
		return 0;	/* arguments ignored */
	if (args == NULL || nargs == 0) {
		snprintf(e, elen, "'%.*s' needs arguments", (int)len, s);
		return -1;
	}
	k = split_args(args, nargs, arg, n);
	switch (o->k) {
	case OP_S:
		if (k != 2 || !py_int(arg[0], n[0], &o->a) ||
		    !py_int(arg[1], n[1], &o->b)) {
			snprintf(e, elen, "'%.*s': S takes two whole numbers, "
			    "S(start,end)", (int)len, s);
			return -1;
		}
		return 0;
	case OP_R:
		if (k == 2) {
			o->from = unquote(arg[0], n[0], &o->flen, &ok);
			if (ok)
				o->to = unquote(arg[1], n[1], &o->tlen, &ok);
			if (ok)
				return 0;
		}
		snprintf(e, elen, "'%.*s': R takes two quoted arguments, "
		    "R('old','new'), with no comma inside", (int)len, s);
		return -1;
	default:
		if (k != 1) {
			snprintf(e, elen, "'%.*s': M takes one regex, with no "
			    "comma (the reference splits it there)", (int)len, s);
			return -1;
		}
		if (compile_regex(o, arg[0], n[0], e, elen) < 0) {
			char why[200];

			snprintf(why, sizeof(why), "%s", e);
			snprintf(e, elen, "'%.*s': the regex: %s", (int)len, s,
			    why);
			return -1;
		}
		return 0;
	}
unknown:
	snprintf(e, elen, "unknown expression operator '%.*s' (the operators "
	    "are T, U, S, D, M and R)", (int)len, s);
	return -1;
}

/* Which fast kind the operators spell, if it is exact over type t. */
static enum ot_expr fast_kind(const struct ot_xprog *p, enum ot_type t)
{
	const struct op *o = p->ops;

	if (p->nops < 2 || o[0].k != OP_T || t >= OT_TY_RECORD_ID)
		return OT_X_GENERAL;
	if (p->nops == 2 && o[1].k == OP_U)
		return OT_X_UPPER;
	if (p->nops == 2 && o[1].k == OP_M && o[1].digits_re && t == OT_TY_SSN)
		return OT_X_DIGITS;
	if (p->nops == 2 && o[1].k == OP_D && t == OT_TY_BIRTH_DATE)
		return OT_X_DATE;
	if (p->nops == 3 && o[1].k == OP_S && o[2].k == OP_U && o[1].a == 0 &&
	    (o[1].b == 1 || o[1].b == 3))
		return o[1].b == 1 ? OT_X_FIRST1 : OT_X_FIRST3;
	return OT_X_GENERAL;
}

struct ot_xprog *ot_xprog_compile(const char *text, size_t len,
    enum ot_type t, char *e, size_t elen)
{
	struct ot_xprog *p;
	size_t i, start = 0, n = 0, k;
	const char *s = text;

	if (len == 0) {
		snprintf(e, elen, "an empty expression");
		return NULL;
	}
	for (i = 0, k = 1; i < len; i++)
		k += text[i] == '|';
	if (k > OT_EXPR_MAX_OPS) {
		snprintf(e, elen, "more than %d operators", OT_EXPR_MAX_OPS);
		return NULL;
	}
	if ((p = calloc(1, sizeof(*p) + k * sizeof(p->ops[0]))) == NULL)
		err(1, NULL);
	/* only white space: the reference gives the value unchanged */
	n = len;
	py_strip(&s, &n);
	if (n == 0) {
		p->kind = OT_X_GENERAL;
		return p;
	}
	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '|')
			continue;
		if (compile_op(&p->ops[p->nops], text + start, i - start, e,
		    elen) < 0) {
			ot_xprog_free(p);
			return NULL;
		}
		p->nops++;
		start = i + 1;
	}
	p->kind = fast_kind(p, t);
	return p;
}

void ot_xscratch_free(struct ot_xscratch *sc)
{
	int i;

	for (i = 0; i < 2; i++) {
		free(sc->buf[i]);
		sc->buf[i] = NULL;
		sc->cap[i] = 0;
	}
	pcre2_match_data_free(sc->md);
	pcre2_match_context_free(sc->mc);
	sc->md = NULL;
	sc->mc = NULL;
}

/* Room for n bytes in scratch buffer i. */
static char *room(struct ot_xscratch *sc, int i, size_t n)
{
	if (n > OT_EXPR_MAX_VALUE)
		errx(1, "an expression of the config makes a value of more "
		    "than %d MiB", OT_EXPR_MAX_VALUE >> 20);
	sc->buf[i] = ot_grow(sc->buf[i], &sc->cap[i], n + 1, 1);
	return sc->buf[i];
}

/* Python's s[a:b] with a clamped at 0 and b at len(s), in code points. */
static void slice(const char **s, size_t *len, long a, long b)
{
	size_t n = 0, i = 0, start, end;
	long cps;

	while (i < *len) {
		(void)py_next(*s, *len, &i);
		n++;
	}
	cps = (long)n;
	if (a < 0)
		a = 0;
	if (b > cps)
		b = cps;
	if (b < 0 && (b += cps) < 0)
		b = 0;
	if (a >= b) {
		*len = 0;
		return;
	}
	start = ot_prefix_len(*s, *len, (size_t)a);
	end = start + ot_prefix_len(*s + start, *len - start, (size_t)(b - a));
	*s += start;
	*len = end - start;
}

static size_t replace(struct ot_xscratch *sc, int slot, const char *s,
    size_t len, const struct op *o, char **out)
{
	size_t i = 0, n = 0, k, count = 0;
	char *d;

	if (o->flen == 0) {
		/* "".replace: new before every code point and at the end */
		while (i < len) {
			(void)py_next(s, len, &i);
			count++;
		}
		d = room(sc, slot, len + (count + 1) * o->tlen);
		for (i = 0; i < len;) {
			memcpy(d + n, o->to, o->tlen);
			n += o->tlen;
			k = i;
			(void)py_next(s, len, &i);
			memcpy(d + n, s + k, i - k);
			n += i - k;
		}
		memcpy(d + n, o->to, o->tlen);
		*out = d;
		return n + o->tlen;
	}
	for (i = 0; i + o->flen <= len;)
		if (memcmp(s + i, o->from, o->flen) == 0) {
			count++;
			i += o->flen;
		} else
			i++;
	d = room(sc, slot, len + count * (o->tlen > o->flen ?
	    o->tlen - o->flen : 0));
	for (i = 0; i < len;)
		if (i + o->flen <= len && memcmp(s + i, o->from, o->flen) == 0) {
			memcpy(d + n, o->to, o->tlen);
			n += o->tlen;
			i += o->flen;
		} else
			d[n++] = s[i++];
	*out = d;
	return n;
}

/* re.findall(), joined: every match, left to right, an empty one at the
 * end of the last not taken again (CPython's must_advance). */
static size_t findall(struct ot_xscratch *sc, int slot, const char *s,
    size_t len, const struct op *o, char **out)
{
	PCRE2_SIZE start = 0, *ov;
	uint32_t opts = 0;
	size_t n = 0;
	char *d = room(sc, slot, len);
	int rc;

	if (sc->md == NULL) {
		/* a value's matching is bounded: a regex that backtracks
		 * without end stops the run, with a message */
		if ((sc->md = pcre2_match_data_create(1, NULL)) == NULL ||
		    (sc->mc = pcre2_match_context_create(NULL)) == NULL)
			err(1, NULL);
		pcre2_set_match_limit(sc->mc, OT_EXPR_MATCH_LIMIT);
		pcre2_set_depth_limit(sc->mc, OT_EXPR_MATCH_LIMIT / 10);
	}
	while (start <= len) {
		rc = pcre2_match(o->re, (PCRE2_SPTR)s, len, start,
		    opts | PCRE2_NO_UTF_CHECK, sc->md, sc->mc);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			PCRE2_UCHAR msg[120];

			pcre2_get_error_message(rc, msg, sizeof(msg));
			errx(1, "an M() regex of the config failed on a value: %s",
			    (char *)msg);
		}
		ov = pcre2_get_ovector_pointer(sc->md);
		memcpy(d + n, s + ov[0], ov[1] - ov[0]);
		n += ov[1] - ov[0];
		opts = ov[1] == ov[0] ? PCRE2_NOTEMPTY_ATSTART : 0;
		start = ov[1];
	}
	*out = d;
	return n;
}

/* datetime.strptime(s, "%Y-%m-%d").strftime("%Y-%m-%d"): false when it
 * raises. */
static bool redate(const char *s, size_t len, char *out, size_t *outlen)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	uint32_t c[16];
	size_t n = 0, i = 0, k;
	int y = 0, m, d, w;
	int32_t x;

	while (i < len) {
		if (n == 16 || (x = py_next(s, len, &i)) < 0)
			return false;
		c[n++] = (uint32_t)x;
	}
	/* (?P<Y>\d\d\d\d)- */
	if (n < 7)
		return false;
	for (k = 0; k < 4; k++) {
		if (!py_is_digit(c[k]))
			return false;
		y = y * 10 + py_digit_value(c[k]);
	}
	if (c[4] != '-')
		return false;
	/* (?P<m>1[0-2]|0[1-9]|[1-9])-, the first alternative that fits */
	k = 5;
	if (c[k] == '1' && k + 2 < n && c[k + 1] >= '0' && c[k + 1] <= '2' &&
	    c[k + 2] == '-')
		m = 10 + (int)(c[k + 1] - '0'), k += 2;
	else if (c[k] == '0' && k + 2 < n && c[k + 1] >= '1' &&
	    c[k + 1] <= '9' && c[k + 2] == '-')
		m = (int)(c[k + 1] - '0'), k += 2;
	else if (c[k] >= '1' && c[k] <= '9' && k + 1 < n && c[k + 1] == '-')
		m = (int)(c[k] - '0'), k += 1;
	else
		return false;
	k++;
	/* (?P<d>3[01]|[12]\d|0[1-9]|[1-9]| [1-9]), then nothing after it */
	if (k >= n)
		return false;
	if (c[k] == '3' && k + 1 < n && (c[k + 1] == '0' || c[k + 1] == '1'))
		d = 30 + (int)(c[k + 1] - '0'), k += 2;
	else if ((c[k] == '1' || c[k] == '2') && k + 1 < n &&
	    py_is_digit(c[k + 1]))
		d = (int)(c[k] - '0') * 10 + py_digit_value(c[k + 1]), k += 2;
	else if (c[k] == '0' && k + 1 < n && c[k + 1] >= '1' && c[k + 1] <= '9')
		d = (int)(c[k + 1] - '0'), k += 2;
	else if (c[k] >= '1' && c[k] <= '9')
		d = (int)(c[k] - '0'), k += 1;
	else if (c[k] == ' ' && k + 1 < n && c[k + 1] >= '1' && c[k + 1] <= '9')
		d = (int)(c[k + 1] - '0'), k += 2;
	else
		return false;
	if (k != n || y < 1)
		return false;
	if (d > mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0)))
		return false;
	w = snprintf(out, 16, "%d-%02d-%02d", y, m, d);
	*outlen = (size_t)w;
	return true;
}

int ot_xprog_eval(const struct ot_xprog *p, struct ot_xscratch *sc,
    const char *in, size_t len, const char **out, size_t *outlen)
{
	const char *s = in;
	size_t n = len, i;
	int slot = 0;
	char *d = NULL;

	if (p->kind != OT_X_GENERAL) {
		d = room(sc, 0, len);
		*outlen = ot_expr_shape(in, len, p->kind, d);
		*out = d;
		return 0;
	}
	/* a blank value is "" whatever the expression */
	if (py_is_blank(in, len)) {
		*out = in;
		*outlen = 0;
		return 0;
	}
	for (i = 0; i < p->nops; i++) {
		const struct op *o = &p->ops[i];

		switch (o->k) {
		case OP_T:
			py_strip(&s, &n);
			continue;
		case OP_U:
			d = room(sc, slot, 3 * n);
			n = py_upper(s, n, d);
			break;
		case OP_S:
			slice(&s, &n, o->a, o->b);
			continue;
		case OP_R:
			n = replace(sc, slot, s, n, o, &d);
			break;
		case OP_M:
			n = findall(sc, slot, s, n, o, &d);
			break;
		case OP_D:
			d = room(sc, slot, 16);
			if (!redate(s, n, d, &n))
				return -1;
			break;
		}
		s = d;
		slot ^= 1;
	}
	*out = s;
	*outlen = n;
	return 0;
}
