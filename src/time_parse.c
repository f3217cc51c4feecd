/* Time parsing: a small hand parser, since strptime neither handles offsets portably nor
 * tells epoch seconds from milliseconds. */
#define _GNU_SOURCE /* strptime, tm_gmtoff */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "time_parse.h"

#define MIN_YEAR       1970
#define MAX_YEAR       2100
#define MS_PER_DAY     86400000LL
#define EPOCH_MS_FROM  100000000000LL  /* 1e11: below this an epoch number is seconds */
#define EPOCH_MS_UNTIL 4133980800000LL /* 2101-01-01T00:00:00Z */

struct cursor {
	const char *p, *end;
};

static bool at_digit(const struct cursor *c)
{
	return c->p < c->end && *c->p >= '0' && *c->p <= '9';
}

static bool take(struct cursor *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

/* Reads between min and max digits; returns the count read (0 if fewer than min). */
static int take_number(struct cursor *c, int min, int max, long long *value)
{
	int n = 0;

	*value = 0;
	while (n < max && at_digit(c)) {
		*value = *value * 10 + (*c->p++ - '0');
		n++;
	}
	return n >= min ? n : 0;
}

static void skip_spaces(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible
 * low-level date algorithms", days_from_civil). */
static long long days_from_civil(long long y, long long m, long long d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(long long y, long long m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Parses Z, UTC, GMT, ±HH, ±HHMM or ±HH:MM. */
static bool take_offset(struct cursor *c, int *minutes)
{
	long long h, m = 0;
	int sign;

	if (take(c, 'Z') || take(c, 'z'))
		return *minutes = 0, true;
	if (c->end - c->p >= 3 && (!memcmp(c->p, "UTC", 3) || !memcmp(c->p, "GMT", 3))) {
		c->p += 3;
		if (c->p == c->end)
			return *minutes = 0, true;
	}
	if (take(c, '+'))
		sign = 1;
	else if (take(c, '-'))
		sign = -1;
	else
		return false;
	if (take_number(c, 2, 2, &h) != 2)
		return false;
	if (take(c, ':')) {
		if (take_number(c, 2, 2, &m) != 2)
			return false;
	} else if (at_digit(c) && take_number(c, 2, 2, &m) != 2) {
		return false;
	}
	/* Real zones run from -12:00 to +14:00; allow ±14:00 both ways, no more. */
	if (m > 59 || h * 60 + m > 14 * 60)
		return false;
	*minutes = sign * (int)(h * 60 + m);
	return true;
}

static enum time_status parse_epoch(struct cursor *c, int64_t *ms)
{
	long long whole = 0, frac_ms = 0;
	int digits = 0;

	if (!at_digit(c))
		return TIME_UNPARSABLE;
	while (at_digit(c)) {
		if (++digits > 15)
			return TIME_OUT_OF_RANGE;
		whole = whole * 10 + (*c->p++ - '0');
	}
	if (take(c, '.')) {
		long long frac;
		int n = take_number(c, 1, 3, &frac);

		if (!n)
			return TIME_UNPARSABLE;
		while (n++ < 3)
			frac *= 10;
		frac_ms = frac;
		while (at_digit(c))
			c->p++;
	}
	skip_spaces(c);
	if (c->p != c->end)
		return TIME_UNPARSABLE;
	if (whole < EPOCH_MS_FROM) {
		whole = whole * 1000 + frac_ms;
	} else if (frac_ms) {
		return TIME_UNPARSABLE; /* a fraction of a millisecond count is not a format */
	}
	if (whole >= EPOCH_MS_UNTIL)
		return TIME_OUT_OF_RANGE;
	*ms = whole;
	return TIME_OK;
}

/* Where a parse ends: the zone written in the value (TIME_ZONE_NONE if none), the one used
 * when it has none, and the results. */
struct parsed {
	int zone;
	int default_zone;
	int64_t *ms;
	int *zone_out;
};

/* Milliseconds of year, month, day, hour, minute, second (t[0..5]) and frac ms, in the zone
 * the value gave, else the default one. */
static enum time_status to_ms(const long long t[6], long long frac, const struct parsed *p)
{
	int offset = p->zone == TIME_ZONE_NONE ? p->default_zone : p->zone;
	int64_t *ms = p->ms;

	if (t[1] < 1 || t[1] > 12 || t[2] < 1 || t[3] > 23 || t[4] > 59 || t[5] > 59)
		return TIME_UNPARSABLE;
	if (t[2] > days_in_month(t[0], t[1]))
		return TIME_OUT_OF_RANGE;
	if (t[0] < MIN_YEAR || t[0] > MAX_YEAR)
		return TIME_OUT_OF_RANGE;
	*ms = days_from_civil(t[0], t[1], t[2]) * MS_PER_DAY +
	      ((t[3] * 60 + t[4] - offset) * 60 + t[5]) * 1000 + frac;
	if (*ms < 0 || *ms >= EPOCH_MS_UNTIL)
		return TIME_OUT_OF_RANGE;
	if (p->zone_out)
		*p->zone_out = p->zone;
	return TIME_OK;
}

/* The clock after a date, to the end: "T10:00", " 10:00:01.250 +08:00". t[3..5] get hour,
 * minute and second. */
static enum time_status parse_clock(struct cursor *c, long long t[6], long long *frac, int *offset)
{
	if (!take(c, 'T')) {
		if (c->p == c->end || *c->p != ' ')
			return TIME_UNPARSABLE;
		skip_spaces(c);
	}
	t[5] = 0;
	if (!take_number(c, 1, 2, &t[3]) || !take(c, ':') || take_number(c, 2, 2, &t[4]) != 2)
		return TIME_UNPARSABLE;
	if (take(c, ':')) {
		if (take_number(c, 2, 2, &t[5]) != 2)
			return TIME_UNPARSABLE;
		if (take(c, '.') || take(c, ',')) {
			int n = take_number(c, 1, 3, frac);

			if (!n)
				return TIME_UNPARSABLE;
			while (n++ < 3)
				*frac *= 10;
			while (at_digit(c)) /* micro- and nanoseconds: kept to the millisecond */
				c->p++;
		}
	}
	skip_spaces(c);
	if (c->p < c->end && !take_offset(c, offset))
		return TIME_UNPARSABLE;
	skip_spaces(c);
	return c->p == c->end ? TIME_OK : TIME_UNPARSABLE;
}

static enum time_status parse_calendar(struct cursor *c, struct parsed *p)
{
	long long t[6], frac = 0;
	enum time_status status;
	char sep;

	if (take_number(c, 4, 4, &t[0]) != 4 || c->p == c->end)
		return TIME_UNPARSABLE;
	sep = *c->p;
	if ((sep != '-' && sep != '/') || !take(c, sep) || !take_number(c, 1, 2, &t[1]) ||
	    !take(c, sep) || !take_number(c, 1, 2, &t[2]))
		return TIME_UNPARSABLE;
	status = parse_clock(c, t, &frac, &p->zone);
	return status == TIME_OK ? to_ms(t, frac, p) : status;
}

/* Whether the cursor is at a date with the year last, "20/11/2026" or "11.20.2026", and a
 * clock; a and b are its first two numbers. */
static bool take_year_last(struct cursor *c, long long *a, long long *b, long long *year)
{
	char sep;

	if (!take_number(c, 1, 2, a) || c->p == c->end)
		return false;
	sep = *c->p;
	return (sep == '/' || sep == '.' || sep == '-') && take(c, sep) &&
	       take_number(c, 1, 2, b) && take(c, sep) && take_number(c, 4, 4, year) == 4 &&
	       !at_digit(c);
}

static enum time_status parse_year_last(struct cursor *c, enum date_order order, struct parsed *p)
{
	long long t[6], a, b, frac = 0;
	enum time_status status;

	if (!take_year_last(c, &a, &b, &t[0]))
		return TIME_UNPARSABLE;
	status = parse_clock(c, t, &frac, &p->zone);
	if (status != TIME_OK)
		return status;
	if (order == DATE_ORDER_YMD)
		return TIME_DAY_MONTH;
	t[1] = order == DATE_ORDER_DMY ? b : a;
	t[2] = order == DATE_ORDER_DMY ? a : b;
	return to_ms(t, frac, p);
}

/* A value in the user's strptime pattern, whole (trailing spaces aside); with %z its
 * offset, else the default zone. TIME_UNPARSABLE only when the pattern does not fit. */
static enum time_status parse_pattern(const char *s, size_t len, const char *pattern,
				      struct parsed *p)
{
	char text[128];
	struct tm tm;
	const char *end;
	long long t[6];

	if (len >= sizeof(text))
		return TIME_UNPARSABLE;
	memcpy(text, s, len);
	text[len] = '\0';
	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = 1;
	end = strptime(text, pattern, &tm);
	if (!end)
		return TIME_UNPARSABLE;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end)
		return TIME_UNPARSABLE;
	t[0] = tm.tm_year + 1900LL;
	t[1] = tm.tm_mon + 1LL;
	t[2] = tm.tm_mday;
	t[3] = tm.tm_hour;
	t[4] = tm.tm_min;
	t[5] = tm.tm_sec > 59 ? 59 : tm.tm_sec; /* a leap second is the second before */
	if (strstr(pattern, "%z"))
		p->zone = (int)(tm.tm_gmtoff / 60);
	return to_ms(t, 0, p);
}

/* The month named by three letters (any case) at the cursor: 1-12, or 0. */
static int take_month_name(struct cursor *c)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	char word[3];

	if (c->end - c->p < 3)
		return 0;
	for (int i = 0; i < 3; i++)
		word[i] = (char)(c->p[i] | 0x20);
	for (int m = 0; m < 12; m++) {
		if (!memcmp(names + 3 * m, word, 3)) {
			c->p += 3;
			return m + 1;
		}
	}
	return 0;
}

/* Twitter's and ctime's "Tue Oct 31 22:10:47 +0000 2017" (the offset optional). */
static enum time_status parse_named(struct cursor *c, struct parsed *p)
{
	long long day, hour, minute, second, year;
	int month;

	while (c->p < c->end && *c->p != ' ') /* the weekday, not checked */
		c->p++;
	skip_spaces(c);
	month = take_month_name(c);
	skip_spaces(c);
	if (!month || !take_number(c, 1, 2, &day))
		return TIME_UNPARSABLE;
	skip_spaces(c);
	if (!take_number(c, 1, 2, &hour) || !take(c, ':') || take_number(c, 2, 2, &minute) != 2 ||
	    !take(c, ':') || take_number(c, 2, 2, &second) != 2)
		return TIME_UNPARSABLE;
	skip_spaces(c);
	if (c->end - c->p > 3 && (!memcmp(c->p, "UTC ", 4) || !memcmp(c->p, "GMT ", 4))) {
		c->p += 4;
		p->zone = 0;
	} else if (c->p < c->end && (*c->p == '+' || *c->p == '-' || *c->p == 'Z')) {
		if (!take_offset(c, &p->zone))
			return TIME_UNPARSABLE;
		skip_spaces(c);
	}
	if (take_number(c, 4, 4, &year) != 4 || c->p != c->end)
		return TIME_UNPARSABLE;
	return to_ms((const long long[]){year, month, day, hour, minute, second}, 0, p);
}

enum time_status time_parse(const char *s, size_t len, int default_offset_min, int64_t *ms)
{
	return time_parse_as(s, len, default_offset_min, NULL, ms, NULL);
}

enum time_status time_parse_as(const char *s, size_t len, int default_offset_min,
			       const struct time_format *fmt, int64_t *ms, int *zone_min)
{
	struct cursor c = {s, s + len};
	struct parsed p = {TIME_ZONE_NONE, default_offset_min, ms, zone_min};
	const char *digits;
	long long a, b, year;

	skip_spaces(&c);
	while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\t'))
		c.end--;
	if (c.p == c.end)
		return TIME_UNPARSABLE;
	if (fmt && fmt->pattern) {
		enum time_status status =
			parse_pattern(c.p, (size_t)(c.end - c.p), fmt->pattern, &p);

		if (status != TIME_UNPARSABLE)
			return status;
		p.zone = TIME_ZONE_NONE;
	}
	if ((*c.p | 0x20) >= 'a' && (*c.p | 0x20) <= 'z')
		return parse_named(&c, &p);
	if (*c.p == '-') {
		/* A negative epoch number is a time before 1970. */
		struct cursor rest = {c.p + 1, c.end};

		while (at_digit(&rest))
			rest.p++;
		return rest.p == rest.end && rest.p > c.p + 1 ? TIME_OUT_OF_RANGE : TIME_UNPARSABLE;
	}
	digits = c.p;
	while (at_digit(&c))
		c.p++;
	if (c.p - digits == 4 && c.p < c.end && (*c.p == '-' || *c.p == '/')) {
		c.p = digits;
		return parse_calendar(&c, &p);
	}
	c.p = digits;
	if (take_year_last(&c, &a, &b, &year)) {
		c.p = digits;
		return parse_year_last(&c, fmt ? fmt->order : DATE_ORDER_YMD, &p);
	}
	c.p = digits;
	if (zone_min)
		*zone_min = TIME_ZONE_NONE;
	return parse_epoch(&c, ms);
}

/* The inverse of days_from_civil (H. Hinnant, civil_from_days). */
static void civil_from_days(long long z, long long *y, long long *m, long long *d)
{
	long long era, doe, yoe, doy, mp;

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

void time_local(int64_t ms, int offset_min, struct local_time *out)
{
	long long s = (long long)(ms / 1000) + offset_min * 60LL, days, y, m, d;

	if (ms < 0 && ms % 1000)
		s--;
	days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
	civil_from_days(days, &y, &m, &d);
	*out = (struct local_time){(int)y, (int)m, (int)d, (int)(s - days * 86400)};
}

void time_format(int64_t ms, int offset_min, char out[20])
{
	struct local_time t;
	char text[96]; /* room for any int, so the compiler sees no truncation */

	time_local(ms, offset_min, &t);
	snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d:%02d", t.year, t.month, t.day,
		 t.second_of_day / 3600, t.second_of_day / 60 % 60, t.second_of_day % 60);
	memcpy(out, text, 19);
	out[19] = '\0';
}

void time_format_iso(int64_t ms, int offset_min, char out[TIME_ISO_SIZE])
{
	int east = offset_min < 0 ? -offset_min : offset_min;
	char text[96];

	time_format(ms, offset_min, out);
	out[10] = 'T';
	snprintf(text, sizeof(text), "%s%c%02d:%02d", out, offset_min < 0 ? '-' : '+', east / 60,
		 east % 60);
	memcpy(out, text, TIME_ISO_SIZE - 1);
	out[TIME_ISO_SIZE - 1] = '\0';
}

void time_format_ms(int64_t ms, int offset_min, bool with_offset, char out[TIME_MS_SIZE])
{
	int east = offset_min < 0 ? -offset_min : offset_min;
	int millis = (int)(ms % 1000 + (ms % 1000 < 0 ? 1000 : 0));
	char clock[20], text[96];
	size_t n;

	time_format(ms, offset_min, clock);
	clock[10] = 'T';
	if (with_offset)
		snprintf(text, sizeof(text), "%s.%03d%c%02d:%02d", clock, millis,
			 offset_min < 0 ? '-' : '+', east / 60, east % 60);
	else
		snprintf(text, sizeof(text), "%s.%03d", clock, millis);
	n = strlen(text) < TIME_MS_SIZE ? strlen(text) : TIME_MS_SIZE - 1;
	memcpy(out, text, n);
	out[n] = '\0';
}

void time_format_epoch(int64_t ms, char out[TIME_EPOCH_SIZE])
{
	if (ms >= EPOCH_MS_FROM)
		snprintf(out, TIME_EPOCH_SIZE, "%lld", (long long)ms);
	else
		snprintf(out, TIME_EPOCH_SIZE, "%lld.%03lld", (long long)(ms / 1000),
			 (long long)(ms % 1000));
}

bool time_is_epoch(const char *s, size_t len, const struct time_format *fmt)
{
	int64_t utc = 0, east = 0;
	int zone = 0;

	/* The value decides alone, or the default zone has a say: read it in two. */
	return time_parse_as(s, len, 0, fmt, &utc, &zone) == TIME_OK && zone == TIME_ZONE_NONE &&
	       time_parse_as(s, len, 60, fmt, &east, NULL) == TIME_OK && utc == east;
}

int time_format_parse(const char *arg, struct time_format *fmt)
{
	static const char *const orders[] = {"ymd", "dmy", "mdy"};

	for (size_t i = 0; i < sizeof(orders) / sizeof(*orders); i++) {
		if (!strcmp(arg, orders[i])) {
			*fmt = (struct time_format){(enum date_order)i, NULL};
			return 0;
		}
	}
	if (!strchr(arg, '%'))
		return -1;
	*fmt = (struct time_format){DATE_ORDER_YMD, arg};
	return 0;
}

int time_parse_offset(const char *s, int *minutes)
{
	struct cursor c = {s, s + strlen(s)};

	if (!take_offset(&c, minutes) || c.p != c.end)
		return -1;
	return 0;
}
