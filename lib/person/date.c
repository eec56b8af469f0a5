/*
 * BirthDate, as DateAttribute + DateRangeValidator: the reference's regex,
 * then commons-lang3 DateUtils.parseDateStrictly() over its list of
 * formats, then a range check from 1910-01-01 to today.  The JVM time zone
 * is fixed to UTC (spec decision 1), so a timestamp's date is its UTC date.
 * The Python references match the same regex (Unicode \d, '$' also before
 * a final "\n"), then datetime.strptime() over the same formats, and keep
 * a timestamp's written date.
 */
#include "person/validate.h"
#include "jstring.h"
#include "pystring.h"


int32_t ot_days_from_civil(int32_t y, unsigned m, unsigned d)
{
	int32_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (int32_t)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
	int32_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static bool digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!j_is_digit((unsigned char)s[i]))
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

static void put_digits(char *out, int v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* A non-lenient GregorianCalendar rejects out-of-range fields. */
static bool valid_ymd(int y, int m, int d)
{
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* `\d{4}[-/]\d{2}[-/]\d{2}`: only yyyy-MM-dd and yyyy/MM/dd parse it. */
static bool parse_ymd(const char *s, int *y, int *m, int *d)
{
	return (s[4] == '-' || s[4] == '/') && s[7] == s[4] &&
	    digits(s, 4, y) && digits(s + 5, 2, m) && digits(s + 8, 2, d);
}

/* `\d{2}[-/.]\d{2}[-/.]\d{4}`: MM/dd/yyyy, MM-dd-yyyy or dd.MM.yyyy. */
static bool parse_dmy(const char *s, int *y, int *m, int *d)
{
	int a, b;

	if (s[5] != s[2] || (s[2] != '-' && s[2] != '/' && s[2] != '.'))
		return false;
	if (!digits(s, 2, &a) || !digits(s + 3, 2, &b) || !digits(s + 6, 4, y))
		return false;
	*m = s[2] == '.' ? b : a;
	*d = s[2] == '.' ? a : b;
	return true;
}

/* The UTC date of a time of day h:mi at offset oh:om (negative west) on
 * the day days. */
static int32_t utc_day(int32_t days, int h, int mi, int oh, int om)
{
	int t = (h * 60 + mi) - (oh * 60 + om);

	return days + (t < 0 ? -1 : t >= 24 * 60 ? 1 : 0);
}

/*
 * yyyy-MM-dd'T'HH:mm:ss[.SSS] followed by an offset that one of the
 * formats' X or XXX accepts (Z, +hh, +hh:mm).  Without an offset no format
 * consumes the whole string, so the value is invalid.  The date returned
 * is the UTC one.
 */
static enum ot_reason parse_timestamp(const char *s, size_t n, int32_t *days)
{
	int y, mo, d, h, mi, sec, ms, oh = 0, om = 0;
	size_t i = 19;

	if (n < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':')
		return OT_R_DATE_FORMAT;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) ||
	    !digits(s + 8, 2, &d) || !digits(s + 11, 2, &h) ||
	    !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &sec))
		return OT_R_DATE_FORMAT;
	if (i < n && s[i] == '.') {
		if (n < i + 4 || !digits(s + i + 1, 3, &ms))
			return OT_R_DATE_FORMAT;
		i += 4;
	}
	if (i == n)
		return OT_R_DATE_NO_OFFSET;
	if (i == n - 1 && s[i] == 'Z') {
		/* UTC */
	} else if (i + 6 == n && (s[i] == '+' || s[i] == '-') &&
	    s[i + 3] == ':' && digits(s + i + 1, 2, &oh) &&
	    digits(s + i + 4, 2, &om)) {
		if (oh >= 24 || om >= 60)
			return OT_R_DATE_FORMAT;
		oh *= s[i] == '-' ? -1 : 1;
		om *= s[i] == '-' ? -1 : 1;
	} else
		return OT_R_DATE_FORMAT;
	if (!valid_ymd(y, mo, d) || h > 23 || mi > 59 || sec > 59)
		return OT_R_DATE_NO_DAY;
	*days = utc_day(ot_days_from_civil(y, (unsigned)mo, (unsigned)d), h,
	    mi, oh, om);
	return OT_VALID;
}

int ot_year_of_days(int32_t days)
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	return y;
}

/* The date written yyyy-MM-dd, the year as strftime's %Y writes it on
 * glibc (no zeros before a year under 1000: only a Date can have one). */
static void write_date(int32_t days, char *out, size_t *outlen)
{
	int y, m, d, w;

	civil_from_days(days, &y, &m, &d);
	w = y >= 1000 ? 4 : y >= 100 ? 3 : y >= 10 ? 2 : 1;
	put_digits(out, y, w);
	out[w] = '-';
	put_digits(out + w + 1, m, 2);
	out[w + 3] = '-';
	put_digits(out + w + 4, d, 2);
	*outlen = (size_t)w + 6;
}

/* The date in [1910-01-01, today], written yyyy-MM-dd. */
static enum ot_reason in_range(const struct ot_norm_ctx *ctx, int32_t days,
    char *out, size_t *outlen)
{
	int y, m, d;

	if (days < ot_days_from_civil(1910, 1, 1))
		return OT_R_DATE_BEFORE_1910;
	if (days > ctx->today)
		return OT_R_DATE_IN_FUTURE;
	/* from 1910 on: four digits, the birth dates' fast path */
	civil_from_days(days, &y, &m, &d);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	*outlen = 10;
	return OT_VALID;
}

/* A date of ten characters, as DateUtils.parseDateStrictly() reads it. */
static enum ot_reason java_date(const struct ot_norm_ctx *ctx,
    const char *in, char *out, size_t *outlen, bool range)
{
	int y, m, d;

	if (j_is_digit((unsigned char)in[2]) ? !parse_ymd(in, &y, &m, &d) :
	    !parse_dmy(in, &y, &m, &d))
		return OT_R_DATE_FORMAT;
	if (!valid_ymd(y, m, d))
		return OT_R_DATE_NO_DAY;
	if (!range) {
		write_date(ot_days_from_civil(y, (unsigned)m, (unsigned)d),
		    out, outlen);
		return OT_VALID;
	}
	return in_range(ctx, ot_days_from_civil(y, (unsigned)m, (unsigned)d),
	    out, outlen);
}

/* strptime's fields (its regexes, Unicode \d), two code points each:
 * %m, %d, %H, %M and %S; -1 when the field does not take them. */
static int two(int tens, uint32_t a, uint32_t b)
{
	if (a < '0' || a > '0' + (uint32_t)tens || !py_is_digit(b))
		return -1;
	return (int)(a - '0') * 10 + py_digit_value(b);
}

static int month_field(uint32_t a, uint32_t b)
{
	/* 1[0-2]|0[1-9]: ASCII only */
	if (!((a == '1' && b >= '0' && b <= '2') || (a == '0' && b >= '1' &&
	    b <= '9')))
		return -1;
	return (int)(a - '0') * 10 + (int)(b - '0');
}

static int day_field(uint32_t a, uint32_t b)
{
	/* 3[01]|[12]\d|0[1-9] */
	if (a == '3')
		return b == '0' || b == '1' ? 30 + (int)(b - '0') : -1;
	if (a == '0')
		return b >= '1' && b <= '9' ? (int)(b - '0') : -1;
	return a == '1' || a == '2' ? two(2, a, b) : -1;
}

static int hour_field(uint32_t a, uint32_t b)
{
	/* 2[0-3]|[0-1]\d */
	if (a == '2')
		return b >= '0' && b <= '3' ? 20 + (int)(b - '0') : -1;
	return two(1, a, b);
}

static int second_field(uint32_t a, uint32_t b)
{
	/* 6[0-1]|[0-5]\d: 60 and 61 parse, and datetime() refuses them */
	if (a == '6' && (b == '0' || b == '1'))
		return 60;
	return two(5, a, b);
}

static int year_field(const uint32_t *c)
{
	int i, y = 0;

	for (i = 0; i < 4; i++)
		y = y * 10 + py_digit_value(c[i]);
	return y;
}

static bool all_digits(const uint32_t *c, const char *at)
{
	for (; *at != '\0'; at++)
		if (!py_is_digit(c[*at - 'a']))
			return false;
	return true;
}

/*
 * The Python references' BirthDate: the regex, then the first format
 * strptime() parses (plain dates first), the written date in [1910-01-01,
 * today].  A timestamp's fields take the digits strptime's own regexes
 * take: any decimal digit where they say \d, ASCII where they list digits.
 */
static enum ot_reason py_date(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen, bool range)
{
	uint32_t c[30];
	size_t n = 0, i = 0, k;
	int y, m, d, h = 0, mi = 0, sec, oh = 0, om = 0;
	int32_t days, x;

	if (py_is_blank(in, len))
		return OT_R_EMPTY;
	if (len > 0 && in[len - 1] == '\n')
		len--;
	/* ten ASCII characters: strptime() reads them as Java does */
	for (k = 0; len == 10 && k < 10 && (unsigned char)in[k] < 0x80; k++)
		;
	if (len == 10 && k == 10)
		return java_date(ctx, in, out, outlen, range);
	while (i < len) {
		if (n == sizeof(c) / sizeof(c[0]) ||
		    (x = py_next(in, len, &i)) < 0)
			return OT_R_DATE_FORMAT;
		c[n++] = (uint32_t)x;
	}
	/* letters a.. index c[]: "abcd" is c[0] to c[3] */
	if (n == 10 && all_digits(c, "abcdfgij") && (c[4] == '-' ||
	    c[4] == '/') && (c[7] == '-' || c[7] == '/')) {
		if (c[7] != c[4])
			return OT_R_DATE_FORMAT;
		y = year_field(c);
		m = month_field(c[5], c[6]);
		d = day_field(c[8], c[9]);
	} else if (n == 10 && all_digits(c, "abdeghij") && (c[2] == '-' ||
	    c[2] == '/' || c[2] == '.') && (c[5] == '-' || c[5] == '/' ||
	    c[5] == '.')) {
		if (c[5] != c[2])
			return OT_R_DATE_FORMAT;
		y = year_field(c + 6);
		m = c[2] == '.' ? month_field(c[3], c[4]) :
		    month_field(c[0], c[1]);
		d = c[2] == '.' ? day_field(c[0], c[1]) :
		    day_field(c[3], c[4]);
	} else {
		if (n < 19 || !all_digits(c, "abcdfgijlmoprs") || c[4] != '-' ||
		    c[7] != '-' || c[10] != 'T' || c[13] != ':' || c[16] != ':')
			return OT_R_DATE_FORMAT;
		k = 19;
		if (k < n && c[k] == '.') {
			/* %f: [0-9]{1,6} */
			if (n < k + 4 || !all_digits(c + k + 1, "abc"))
				return OT_R_DATE_FORMAT;
			for (i = k + 1; i < k + 4; i++)
				if (c[i] > '9')
					return OT_R_DATE_FORMAT;
			k += 4;
		}
		if (k == n)
			return OT_R_DATE_NO_OFFSET;
		if (k + 1 == n && c[k] == 'Z') {
			/* written time, no zone */
		} else if (k + 6 == n && (c[k] == '+' || c[k] == '-') &&
		    c[k + 3] == ':' && all_digits(c + k + 1, "abde")) {
			/* %z: [+-]\d\d:?[0-5]\d, then timezone() refuses 24h */
			oh = py_digit_value(c[k + 1]) * 10 +
			    py_digit_value(c[k + 2]);
			if ((om = two(5, c[k + 4], c[k + 5])) < 0)
				return OT_R_DATE_FORMAT;
			if (oh * 60 + om >= 24 * 60)
				return OT_R_DATE_FORMAT;
			oh *= c[k] == '-' ? -1 : 1;
			om *= c[k] == '-' ? -1 : 1;
		} else
			return OT_R_DATE_FORMAT;
		y = year_field(c);
		m = month_field(c[5], c[6]);
		d = day_field(c[8], c[9]);
		h = hour_field(c[11], c[12]);
		mi = two(5, c[14], c[15]);
		sec = second_field(c[17], c[18]);
		if (h < 0 || mi < 0 || sec < 0)
			return OT_R_DATE_FORMAT;
		if (sec > 59)
			return OT_R_DATE_NO_DAY;
	}
	if (m < 0 || d < 0 || !valid_ymd(y, m, d))
		return OT_R_DATE_NO_DAY;
	days = ot_days_from_civil(y, (unsigned)m, (unsigned)d);
	if (!ctx->compat->written_date)
		days = utc_day(days, h, mi, oh, om);
	if (!range) {
		write_date(days, out, outlen);
		return OT_VALID;
	}
	return in_range(ctx, days, out, outlen);
}

enum ot_reason ot_norm_py_date(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	return py_date(ctx, in, len, out, outlen, false);
}

enum ot_reason ot_norm_birth_date(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	enum ot_reason r;
	int32_t days;

	if (ctx->compat->strings == OT_STRINGS_PYTHON)
		return py_date(ctx, in, len, out, outlen, true);
	if (j_is_blank(in, len))
		return OT_R_EMPTY;
	if (len == 10)
		return java_date(ctx, in, out, outlen, true);
	if ((r = parse_timestamp(in, len, &days)) != OT_VALID)
		return r;
	return in_range(ctx, days, out, outlen);
}
