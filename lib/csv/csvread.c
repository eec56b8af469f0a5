#include "csv/csvread.h"
#include "jstring.h"

#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BUFSZ	(256 * 1024)
#define C_EOF	(-1)
#define C_ERR	(-2)

void csvr_init(struct csvr *r, int fd, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->name = name;
	r->line = 1;
	csvr_set_delimiter(r, ',');
	if ((r->buf = malloc(BUFSZ)) == NULL)
		err(1, NULL);
}

void csvr_set_delimiter(struct csvr *r, unsigned char d)
{
	memset(r->stop, 0, sizeof(r->stop));
	r->delim = d;
	r->stop[d] = r->stop['\n'] = r->stop['\r'] = true;
}

void csvr_want(struct csvr *r, size_t col)
{
	if (r->want == NULL) {
		r->nwant = r->nf;
		if ((r->want = calloc(r->nwant + 1, sizeof(*r->want))) == NULL)
			err(1, NULL);
	}
	if (col < r->nwant)
		r->want[col] = true;
}

void csvr_free(struct csvr *r)
{
	free(r->want);
	r->want = NULL;
	free(r->buf);
	free(r->rec);
	free(r->f);
	r->buf = NULL;
	r->rec = NULL;
	r->f = NULL;
}

void csvr_warn(const struct csvr *r)
{
	warnx("%s:%lu: %s", r->name, r->err_line, r->err);
}

static int fail(struct csvr *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	r->err_line = r->line;
	return -1;
}

/* Up to n bytes into r->buf + off, from the source or the descriptor,
 * handed to the tee too; -1 on error (with r->err set). */
static ssize_t read_block(struct csvr *r, size_t off, size_t n)
{
	const char *why = NULL;
	ssize_t k;

	if (r->source != NULL) {
		if ((k = r->source(r->source_arg, r->buf + off, n, &why)) < 0)
			fail(r, "%s", why);
	} else {
		do
			k = read(r->fd, r->buf + off, n);
		while (k < 0 && errno == EINTR);
		if (k < 0)
			fail(r, "read error: %s", strerror(errno));
		else
			r->nread += k;
	}
	if (k > 0 && r->tee != NULL)
		r->tee(r->tee_arg, r->buf + off, (size_t)k);
	return k;
}

static int refill(struct csvr *r)
{
	ssize_t n;
	bool first = !r->started;

	if (r->eof)
		return C_EOF;
	if ((n = read_block(r, 0, BUFSZ)) < 0)
		return C_ERR;
	r->pos = 0;
	r->end = (size_t)n;
	r->started = true;
	if (n == 0) {
		r->eof = true;
		return C_EOF;
	}
	/* A byte-order mark opens a file (not a source's text); it is not
	 * part of the header.  A pipe may deliver it in pieces. */
	first = first && r->source == NULL;
	while (first && r->end < 3 &&
	    memcmp(r->buf, "\xef\xbb\xbf", r->end) == 0) {
		if ((n = read_block(r, r->end, BUFSZ - r->end)) < 0)
			return C_ERR;
		if (n == 0)
			break;
		r->end += (size_t)n;
	}
	if (first && r->end >= 3 && memcmp(r->buf, "\xef\xbb\xbf", 3) == 0)
		r->pos = 3;
	if (r->pos == r->end)
		return refill(r);
	return 0;
}

static inline int getch(struct csvr *r)
{
	int e;

	if (r->pos == r->end && (e = refill(r)) != 0)
		return e;
	return r->buf[r->pos++];
}

static inline int peekch(struct csvr *r)
{
	int e;

	if (r->pos == r->end && (e = refill(r)) != 0)
		return e;
	return r->buf[r->pos];
}

static void reserve(struct csvr *r, size_t n)
{
	if (r->reclen + n <= r->reccap)
		return;
	while (r->reclen + n > r->reccap)
		r->reccap = r->reccap ? r->reccap * 2 : 4096;
	if ((r->rec = realloc(r->rec, r->reccap)) == NULL)
		err(1, NULL);
}

static int append(struct csvr *r, const unsigned char *s, size_t n)
{
	struct csvr_field *f = &r->f[r->nf - 1];

	if (f->len + n > CSVR_MAX_FIELD)
		return fail(r, "field %zu longer than %d bytes", r->nf,
		    CSVR_MAX_FIELD);
	if (r->reclen + n + 1 > CSVR_MAX_RECORD)
		return fail(r, "record longer than %d bytes", CSVR_MAX_RECORD);
	reserve(r, n + 1);
	memcpy(r->rec + r->reclen, s, n);
	r->reclen += n;
	f->len += n;
	return 0;
}

/* Room for n more fields. */
static void more_fields(struct csvr *r, size_t n)
{
	if (r->nf + n <= r->fcap)
		return;
	while (r->nf + n > r->fcap)
		r->fcap = r->fcap ? r->fcap * 2 : 32;
	if ((r->f = reallocarray(r->f, r->fcap, sizeof(*r->f))) == NULL)
		err(1, NULL);
}

/* The next field (room made for it), len bytes at off. */
static struct csvr_field *new_field(struct csvr *r, size_t off, size_t len,
    bool quoted)
{
	struct csvr_field *f = &r->f[r->nf++];

	f->off = off;
	f->len = len;
	f->quoted = quoted;
	f->line = r->line;
	return f;
}

static int begin_field(struct csvr *r, bool quoted)
{
	if (r->nf == CSVR_MAX_FIELDS)
		return fail(r, "more than %d fields", CSVR_MAX_FIELDS);
	more_fields(r, 1);
	new_field(r, r->reclen, 0, quoted);
	return 0;
}

/* Whether s has neither NUL nor bytes >= 0x80: the common case, tested
 * eight bytes at a time. */
static bool ascii_text(const unsigned char *s, size_t n)
{
	const uint64_t hi = 0x8080808080808080ULL, lo = 0x0101010101010101ULL;
	uint64_t w, acc = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		acc |= (w | ((w - lo) & ~w)) & hi;
	}
	for (; i < n; i++)
		acc |= (s[i] == 0 || s[i] >= 0x80) ? hi : 0;
	return acc == 0;
}

/* The line of byte i of field f, for messages about a multi-line field. */
static unsigned long line_of(const struct csvr_field *f, const char *s,
    size_t i)
{
	unsigned long line = f->line;
	size_t k;

	for (k = 0; k < i; k++)
		if (s[k] == '\n' || (s[k] == '\r' && s[k + 1] != '\n'))
			line++;
	return line;
}

/* Field f's bytes, at p. */
static int check_text(struct csvr *r, const struct csvr_field *f,
    const char *p)
{
	const unsigned char *s = (const unsigned char *)p, *z;
	size_t bad;

	if (ascii_text(s, f->len))
		return 0;
	if ((z = memchr(s, 0, f->len)) != NULL) {
		fail(r, "NUL byte in field %zu", r->nf);
		r->err_line = line_of(f, p, (size_t)(z - s));
		return -1;
	}
	if ((bad = utf8_invalid_at(s, f->len)) < f->len) {
		fail(r, "invalid UTF-8 in field %zu", r->nf);
		r->err_line = line_of(f, p, bad);
		return -1;
	}
	return 0;
}

static int end_field(struct csvr *r)
{
	/* an empty first field may find no buffer yet */
	reserve(r, 1);
	r->rec[r->reclen++] = '\0';
	return check_text(r, &r->f[r->nf - 1], r->rec + r->f[r->nf - 1].off);
}

/* After CR or LF: count the line, swallowing the LF of a CRLF. */
static void eol(struct csvr *r, int c)
{
	if (c == '\r' && peekch(r) == '\n')
		r->pos++;
	r->line++;
}

/* Whether the character starting with byte c, read on from r, is one
 * Character.isWhitespace() accepts: commons-csv skips those between a
 * closing quote and the delimiter.  Java sees UTF-16 units, so only BMP
 * characters (at most three UTF-8 bytes) can be; invalid UTF-8 decodes
 * to U+FFFD there, which is not. */
static bool space_after_quote(struct csvr *r, int c)
{
	int32_t cp;
	int k, more;

	if (c < 0x80)
		return j_is_whitespace(c);
	if ((c & 0xe0) == 0xc0) {
		cp = c & 0x1f;
		more = 1;
	} else if ((c & 0xf0) == 0xe0) {
		cp = c & 0x0f;
		more = 2;
	} else
		return false;
	for (k = 0; k < more; k++) {
		c = peekch(r);
		if (c < 0 || (c & 0xc0) != 0x80)
			return false;
		r->pos++;
		cp = (cp << 6) | (c & 0x3f);
	}
	/* overlong and surrogate forms are invalid UTF-8 */
	if (cp < (more == 1 ? 0x80 : 0x800) || (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	return j_is_whitespace(cp);
}

/* Returns the character that ended the field: the delimiter, '\n' (any
 * line end), C_EOF, or C_ERR. */
static int quoted_field(struct csvr *r)
{
	unsigned long start = r->line;
	unsigned char ch;
	int c;

	for (;;) {
		c = getch(r);
		if (c == C_ERR)
			return c;
		if (c == C_EOF) {
			fail(r, "quoted field not closed at end of input");
			r->err_line = start;
			return C_ERR;
		}
		if (c == '"') {
			if (peekch(r) != '"')
				break;
			r->pos++;
		} else if (c == '\n' || (c == '\r' && peekch(r) != '\n'))
			r->line++;
		ch = (unsigned char)c;
		if (append(r, &ch, 1) < 0)
			return C_ERR;
	}
	for (;;) {
		c = getch(r);
		if (c == r->delim || c == C_EOF || c == C_ERR)
			return c;
		if (c == '\r' || c == '\n') {
			eol(r, c);
			return '\n';
		}
		if (!space_after_quote(r, c)) {
			fail(r, "unexpected character after a closing quote");
			return C_ERR;
		}
	}
}

static int plain_field(struct csvr *r, int c)
{
	for (;;) {
		const unsigned char *s, *p, *e;

		if (c == r->delim || c == C_EOF || c == C_ERR)
			return c;
		if (c == '\r' || c == '\n') {
			eol(r, c);
			return '\n';
		}
		/* c is data: take it and the run of data after it at once */
		r->pos--;
		s = r->buf + r->pos;
		e = r->buf + r->end;
		for (p = s + 1; p < e && !r->stop[*p]; p++)
			;
		if (append(r, s, (size_t)(p - s)) < 0)
			return C_ERR;
		r->pos += (size_t)(p - s);
		c = getch(r);
	}
}

int csvr_put_field(struct csvr *r, const char *s, size_t n)
{
	if (begin_field(r, false) < 0 ||
	    (n > 0 && append(r, (const unsigned char *)s, n) < 0) ||
	    end_field(r) < 0)
		return -1;
	return 0;
}

/* n bytes, for the short fields of a record: two overlapping moves of a
 * size the compiler inlines, not a call of memcpy(). */
static inline void copy_short(char *d, const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t x, y;

	if (n >= 8 && n <= 16) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		memcpy(d, &x, 4);
		memcpy(d + n - 4, &y, 4);
	} else if (n > 16)
		memcpy(d, s, n);
	else
		while (n-- > 0)
			*d++ = *s++;
}

int csvr_put_fields(struct csvr *r, const char *const *s, const size_t *n,
    size_t nf)
{
	struct csvr_field *f;
	size_t i, total = 0;
	bool lend;

	for (i = 0; i < nf; i++) {
		if (n[i] > CSVR_MAX_FIELD)
			break;
		total += n[i] + 1;
	}
	/* a field or the record too long: one at a time, which says which */
	if (i < nf || r->nf + nf > CSVR_MAX_FIELDS ||
	    r->reclen + total > CSVR_MAX_RECORD) {
		for (i = 0; i < nf; i++)
			if (csvr_put_field(r, s[i], n[i]) < 0)
				return -1;
		return 0;
	}
	more_fields(r, nf);
	/* lent: the source's own bytes, checked where they are */
	lend = r->lend && r->nf == 0;
	if (!lend)
		reserve(r, total);
	for (i = 0; i < nf; i++) {
		f = new_field(r, lend ? 0 : r->reclen, n[i], false);
		if (!lend) {
			copy_short(r->rec + r->reclen, s[i], n[i]);
			r->reclen += n[i];
			r->rec[r->reclen++] = '\0';
		}
		if (check_text(r, f, lend ? s[i] : r->rec + f->off) < 0)
			return -1;
	}
	if (lend)
		r->lent = s;
	return 0;
}

/* The next record of a record source; its number is its line. */
static int next_record(struct csvr *r)
{
	const char *why = NULL;
	int rc;

	r->line = r->rec_line = ++r->nrec;
	r->err[0] = '\0';
	if ((rc = r->records(r->records_arg, r, &why)) < 0 &&
	    r->err[0] == '\0')
		fail(r, "%s", why != NULL ? why : "unreadable");
	return rc;
}

int csvr_next(struct csvr *r)
{
	int c;

	r->nf = 0;
	r->reclen = 0;
	r->lent = NULL;
	r->keys = NULL;
	if (r->records != NULL && r->tee == NULL)
		return next_record(r);
	do {
		c = getch(r);
		if (c == '\r' || c == '\n')
			eol(r, c);
	} while (c == '\r' || c == '\n');
	if (c == C_EOF)
		return 0;
	if (c == C_ERR)
		return -1;
	r->rec_line = r->line;
	for (;;) {
		if (c == '"') {
			if (begin_field(r, true) < 0)
				return -1;
			c = quoted_field(r);
		} else {
			if (begin_field(r, false) < 0)
				return -1;
			c = plain_field(r, c);
		}
		if (c == C_ERR || end_field(r) < 0)
			return -1;
		if (c != r->delim)
			return 1;
		c = getch(r);
		/* "a," at the very end still has an empty last field */
		if (c == C_EOF || c == '\r' || c == '\n') {
			if (c != C_EOF)
				eol(r, c);
			if (begin_field(r, false) < 0 || end_field(r) < 0)
				return -1;
			return 1;
		}
		if (c == C_ERR)
			return -1;
	}
}

size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else
			return i;
		if (i + n >= len)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}
