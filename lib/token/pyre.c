/*
 * An M(re) argument of a config's expression, written in Python's re
 * syntax, as a PCRE2 pattern with the same meaning.  An argument can
 * hold no ')' (the loader's pattern ends it there), no '|' (the
 * expression is split on it) and no ',' (the arguments are), so it has
 * no groups, no alternation and no {m,n}: what is left is literals,
 * '.', classes, the escapes and the quantifiers *, +, ?, {m}, lazy or
 * possessive.  Escapes whose meaning differs are rewritten (Python's \v
 * is VT, \Z the very end, \s str.isspace()'s 29 code points); anything
 * Python's re.compile() refuses is refused here, with its words.
 */
#include "token/expr.h"
#include "grow.h"
#include "pystring.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tr {
	const char *s;
	size_t len, i;
	char *out;
	size_t n, cap;
	char *err;
	size_t errlen;
};

static void put(struct tr *t, const char *s, size_t n)
{
	t->out = ot_grow(t->out, &t->cap, t->n + n + 1, 1);
	memcpy(t->out + t->n, s, n);
	t->n += n;
	t->out[t->n] = '\0';
}

static void put_cp(struct tr *t, uint32_t c)
{
	char b[16];

	put(t, b, (size_t)snprintf(b, sizeof(b), "\\x{%x}", c));
}

static int fail(struct tr *t, const char *what)
{
	snprintf(t->err, t->errlen, "%s", what);
	return -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Python's \s, str.isspace()'s 29 code points, and its complement, as
 * the inside of a set: written out, since PCRE2's \s differs (U+180E
 * in, the information separators out). */
#define PY_SPACE	"\\x{9}-\\x{d}\\x{1c}-\\x{20}\\x{85}\\x{a0}\\x{1680}" \
			"\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}"
#define PY_NOT_SPACE	"\\x{0}-\\x{8}\\x{e}-\\x{1b}\\x{21}-\\x{84}\\x{86}-\\x{9f}" \
			"\\x{a1}-\\x{167f}\\x{1681}-\\x{1fff}\\x{200b}-\\x{2027}" \
			"\\x{202a}-\\x{202e}\\x{2030}-\\x{205e}\\x{2060}-\\x{2fff}" \
			"\\x{3001}-\\x{10ffff}"

/* The escape at t->i (just past the backslash), inside a class or not:
 * 0, or -1 with the error. */
static int escape(struct tr *t, bool in_class, bool *atom)
{
	int32_t c;
	uint32_t v = 0;
	int k, n, h;

	*atom = true;
	if (t->i >= t->len)
		return fail(t, "bad escape (end of pattern)");
	c = py_next(t->s, t->len, &t->i);
	if (c < 0)
		return fail(t, "malformed UTF-8");
	switch (c) {
	case 'd': case 'D': case 'w': case 'W':
		put(t, (char[]){ '\\', (char)c }, 2);
		return 0;
	case 's':
	case 'S':
		if (!in_class)
			put(t, "[", 1);
		if (c == 's')
			put(t, PY_SPACE, sizeof(PY_SPACE) - 1);
		else
			put(t, PY_NOT_SPACE, sizeof(PY_NOT_SPACE) - 1);
		if (!in_class)
			put(t, "]", 1);
		return 0;
	case 'b':
		if (in_class) {
			put_cp(t, 8);
			return 0;
		}
		/* FALLTHROUGH */
	case 'B': case 'A':
		if (in_class)
			return fail(t, "bad escape in a set");
		put(t, (char[]){ '\\', (char)c }, 2);
		*atom = false;
		return 0;
	case 'Z':
		if (in_class)
			return fail(t, "bad escape in a set");
		put(t, "\\z", 2);
		*atom = false;
		return 0;
	case 'n': v = '\n'; break;
	case 't': v = '\t'; break;
	case 'r': v = '\r'; break;
	case 'f': v = '\f'; break;
	case 'v': v = 0x0b; break;
	case 'a': v = 0x07; break;
	case 'x': case 'u': case 'U':
		n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
		for (k = 0; k < n; k++) {
			if (t->i >= t->len ||
			    (h = hexval((unsigned char)t->s[t->i])) < 0)
				return fail(t, "incomplete escape \\x, \\u or \\U");
			v = v * 16 + (uint32_t)h;
			t->i++;
		}
		if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000))
			return fail(t, "bad escape (no such code point)");
		break;
	case '0':
		/* up to two more octal digits */
		for (k = 0; k < 2 && t->i < t->len && t->s[t->i] >= '0' &&
		    t->s[t->i] <= '7'; k++)
			v = v * 8 + (uint32_t)(t->s[t->i++] - '0');
		break;
	default:
		/* an octal escape: three octal digits, or in a set any one
		 * to three; else a group's number */
		if (c >= '1' && c <= '7') {
			const char *p = t->s + t->i;
			size_t left = t->len - t->i;
			bool o1 = left > 0 && p[0] >= '0' && p[0] <= '7',
			    o2 = left > 1 && p[1] >= '0' && p[1] <= '7';

			if (in_class || (o1 && o2)) {
				v = (uint32_t)(c - '0');
				for (k = 0; k < 2 && t->i < t->len &&
				    t->s[t->i] >= '0' && t->s[t->i] <= '7'; k++)
					v = v * 8 + (uint32_t)(t->s[t->i++] - '0');
				if (v > 0377)
					return fail(t, "octal escape value "
					    "outside of range 0-0o377");
				break;
			}
		}
		if (c >= '1' && c <= '9' && in_class)
			return fail(t, "bad escape (a digit in a set)");
		if (c >= '1' && c <= '9')
			return fail(t, "invalid group reference (no group can "
			    "be written in M())");
		if (c == 'N')
			return fail(t, "\\N{...}, a character by its name, is "
			    "not read by ot: write the character itself, or "
			    "\\uXXXX");
		if (c < 0x80 && ((c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z')))
			return fail(t, "bad escape (Python's re knows no such "
			    "letter)");
		v = (uint32_t)c;
	}
	put_cp(t, v);
	return 0;
}

/* A set, t->i just past its '['. */
static int set(struct tr *t)
{
	bool atom, first = true;
	int32_t c;

	put(t, "[", 1);
	if (t->i < t->len && t->s[t->i] == '^') {
		put(t, "^", 1);
		t->i++;
	}
	for (;;) {
		if (t->i >= t->len)
			return fail(t, "unterminated character set");
		c = py_next(t->s, t->len, &t->i);
		if (c < 0)
			return fail(t, "malformed UTF-8");
		if (c == ']' && !first)
			break;
		first = false;
		if (c == '\\') {
			if (escape(t, true, &atom) < 0)
				return -1;
		} else if (c == '-')
			put(t, "-", 1);
		else
			put_cp(t, (uint32_t)c);
	}
	put(t, "]", 1);
	return 0;
}

/* {m} at t->i (on the '{'): whether it is one; then t->i past it. */
static bool count_quantifier(struct tr *t, unsigned long *m)
{
	size_t i = t->i + 1;

	*m = 0;
	if (i >= t->len || t->s[i] < '0' || t->s[i] > '9')
		return false;
	while (i < t->len && t->s[i] >= '0' && t->s[i] <= '9') {
		*m = *m * 10 + (unsigned long)(t->s[i++] - '0');
		if (*m > 65535)
			*m = 65536;
	}
	if (i >= t->len || t->s[i] != '}')
		return false;
	t->i = i + 1;
	return true;
}

int ot_pyre_translate(const char *re, size_t len, char **out, char *err,
    size_t errlen)
{
	struct tr t = { re, len, 0, NULL, 0, 0, err, errlen };
	bool atom = false, quantified = false, brace;
	unsigned long m;
	int32_t c;

	put(&t, "", 0);
	while (t.i < t.len) {
		size_t at = t.i;

		c = py_next(re, len, &t.i);
		if (c < 0)
			goto bad_utf8;
		/* a '{' that starts no {m} is the character itself, and the
		 * text after it is read next */
		brace = false;
		if (c == '{') {
			size_t after = t.i;

			t.i = at;
			if (!(brace = count_quantifier(&t, &m)))
				t.i = after;
		}
		if (c == '*' || c == '+' || c == '?' || brace) {
			if (!atom) {
				fail(&t, quantified ? "multiple repeat" :
				    "nothing to repeat");
				goto bad;
			}
			if (brace) {
				char b[24];

				if (m > 65535) {
					fail(&t, "the repeat count is too large");
					goto bad;
				}
				put(&t, b, (size_t)snprintf(b, sizeof(b),
				    "{%lu}", m));
			} else
				put(&t, (char[]){ (char)c }, 1);
			/* lazy or possessive */
			if (t.i < t.len && (re[t.i] == '?' || re[t.i] == '+'))
				put(&t, re + t.i++, 1);
			atom = false;
			quantified = true;
			continue;
		}
		quantified = false;
		switch (c) {
		case '\\':
			if (escape(&t, false, &atom) < 0)
				goto bad;
			break;
		case '[':
			if (set(&t) < 0)
				goto bad;
			atom = true;
			break;
		case '(':
			fail(&t, "missing ), unterminated subpattern");
			goto bad;
		case '.':
			put(&t, ".", 1);
			atom = true;
			break;
		case '^':
		case '$':
			put(&t, (char[]){ (char)c }, 1);
			atom = false;
			break;
		default:
			put_cp(&t, (uint32_t)c);
			atom = true;
		}
	}
	*out = t.out;
	return 0;
bad_utf8:
	fail(&t, "malformed UTF-8");
bad:
	free(t.out);
	*out = NULL;
	return -1;
}
