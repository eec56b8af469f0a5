/*
 * BirthDate, as DateAttribute + DateRangeValidator: the reference's regex,
 * then commons-lang3 DateUtils.parseDateStrictly() over its list of
 * formats, then a range check from 1910-01-01 to today.  The JVM time zone
 * is fixed to UTC (spec decision 1), so a timestamp's date is its UTC date.
 */
#include "person/validate.h"
#include "jstring.h"


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
	int32_t t;

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
		if (s[i] == '-') {
			oh = -oh;
			om = -om;
		}
	} else
		return OT_R_DATE_FORMAT;
	if (!valid_ymd(y, mo, d) || h > 23 || mi > 59 || sec > 59)
		return OT_R_DATE_NO_DAY;
	t = (h * 60 + mi) - (oh * 60 + om);
	*days = ot_days_from_civil(y, (unsigned)mo, (unsigned)d);
	if (t < 0)
		(*days)--;
	else if (t >= 24 * 60)
		(*days)++;
	return OT_VALID;
}

enum ot_reason ot_norm_birth_date(struct ot_norm_ctx *ctx, const char *in,
    size_t len, char *out, size_t *outlen)
{
	enum ot_reason r;
	int y, m, d;
	int32_t days;

	if (j_is_blank(in, len))
		return OT_R_EMPTY;
	if (len == 10) {
		if (j_is_digit((unsigned char)in[2]) ? !parse_ymd(in, &y, &m, &d)
		    : !parse_dmy(in, &y, &m, &d))
			return OT_R_DATE_FORMAT;
		if (!valid_ymd(y, m, d))
			return OT_R_DATE_NO_DAY;
		days = ot_days_from_civil(y, (unsigned)m, (unsigned)d);
	} else if ((r = parse_timestamp(in, len, &days)) != OT_VALID)
		return r;
	if (days < ot_days_from_civil(1910, 1, 1))
		return OT_R_DATE_BEFORE_1910;
	if (days > ctx->today)
		return OT_R_DATE_IN_FUTURE;
	civil_from_days(days, &y, &m, &d);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	*outlen = 10;
	return OT_VALID;
}
