/* Time parsing (docs/STANDARD.md §1): every accepted format to UTC milliseconds, and the line
 * between "not a time" (unparsable) and "a time qaudit does not audit" (out of range).
 * Expected values were computed independently with python3 calendar.timegm(). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "time_parse.h"

#define EAST_8 480 /* +08:00, the default zone */

/* calendar.timegm((2026, 11, 21, 10, 0, 1)) * 1000: 2026-11-21 10:00:01 UTC */
#define T_UTC 1795255201000LL
/* The same wall-clock time at +08:00, -05:30 and -05:00. */
#define T_EAST_8   (T_UTC - 480 * 60000LL) /* 1795226401000 */
#define T_WEST_530 (T_UTC + 330 * 60000LL) /* 1795275001000 */
#define T_WEST_5   (T_UTC + 300 * 60000LL) /* 1795273201000 */

/* Parses s as a whole C string; on success returns the time, else fails the test. */
static int64_t parse_ok(const char *s, int default_offset_min)
{
	int64_t ms = -1;

	assert_int_equal(time_parse(s, strlen(s), default_offset_min, &ms), TIME_OK);
	return ms;
}

static enum time_status status_of(const char *s)
{
	int64_t ms;

	return time_parse(s, strlen(s), EAST_8, &ms);
}

static void test_iso_with_t_and_offset_is_converted_to_utc(void **state)
{
	(void)state;
	assert_int_equal(T_EAST_8, 1795226401000LL);
	assert_int_equal(parse_ok("2026-11-21T10:00:01+08:00", 0), T_EAST_8);
}

static void test_iso_with_space_instead_of_t_gives_the_same_time(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-21 10:00:01+08:00", 0), T_EAST_8);
	assert_int_equal(parse_ok("2026-11-21 10:00:01 +08:00", 0), T_EAST_8);
}

static void test_offset_z_means_utc_whatever_the_default(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-21T10:00:01Z", EAST_8), T_UTC);
	assert_int_equal(parse_ok("2026-11-21T10:00:01z", -300), T_UTC);
	assert_int_equal(parse_ok("2026-11-21 10:00:01 UTC", EAST_8), T_UTC);
}

static void test_offset_with_colon_without_colon_and_hours_only_agree(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-21T10:00:01+08:00", 0), T_EAST_8);
	assert_int_equal(parse_ok("2026-11-21T10:00:01+0800", 0), T_EAST_8);
	assert_int_equal(parse_ok("2026-11-21T10:00:01+08", 0), T_EAST_8);
}

static void test_negative_offset_with_minutes_is_west_of_utc(void **state)
{
	(void)state;
	assert_int_equal(T_WEST_530, 1795275001000LL);
	assert_int_equal(parse_ok("2026-11-21T10:00:01-05:30", EAST_8), T_WEST_530);
	assert_int_equal(parse_ok("2026-11-21T10:00:01-0530", EAST_8), T_WEST_530);
}

static void test_fraction_of_three_digits_is_milliseconds(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-21 10:00:01.250Z", EAST_8), T_UTC + 250);
	assert_int_equal(parse_ok("2026-11-21T10:00:01,250Z", EAST_8), T_UTC + 250);
}

static void test_fraction_finer_than_milliseconds_is_truncated(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-21 10:00:01.123456Z", EAST_8), T_UTC + 123);
	assert_int_equal(parse_ok("2026-11-21 10:00:01.999999999Z", EAST_8), T_UTC + 999);
}

static void test_one_digit_fraction_is_tenths_of_a_second(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-21 10:00:01.5Z", EAST_8), T_UTC + 500);
	assert_int_equal(parse_ok("2026-11-21 10:00:01.05Z", EAST_8), T_UTC + 50);
}

static void test_time_without_offset_is_in_the_default_zone(void **state)
{
	(void)state;
	assert_int_equal(T_WEST_5, 1795273201000LL);
	assert_int_equal(parse_ok("2026-11-21 10:00:01", 480), T_EAST_8);
	assert_int_equal(parse_ok("2026-11-21 10:00:01", 0), T_UTC);
	assert_int_equal(parse_ok("2026-11-21 10:00:01", -300), T_WEST_5);
	assert_int_equal(parse_ok("2026-11-21 10:00:01.250", 0), T_UTC + 250);
}

static void test_explicit_offset_wins_over_the_default(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-21 10:00:01-05:00", 480), T_WEST_5);
}

static void test_slash_is_a_date_separator(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026/11/21 10:00:01", EAST_8), T_EAST_8);
}

static void test_mixed_date_separators_are_unparsable(void **state)
{
	(void)state;
	assert_int_equal(status_of("2026-11/21 10:00:01"), TIME_UNPARSABLE);
	assert_int_equal(status_of("2026/11-21 10:00:01"), TIME_UNPARSABLE);
}

static void test_unpadded_month_day_and_hour_are_read(void **state)
{
	(void)state;
	/* calendar.timegm((2017, 8, 23, 13, 12, 23)) * 1000 - 8 h = 1503465143000 */
	assert_int_equal(parse_ok("2017-8-23 13:12:23", EAST_8), 1503465143000LL);
	/* calendar.timegm((2017, 8, 3, 5, 12, 23)) * 1000 - 8 h = 1501708343000 */
	assert_int_equal(parse_ok("2017-8-3 5:12:23", EAST_8), 1501708343000LL);
}

static void test_seconds_are_optional(void **state)
{
	(void)state;
	/* calendar.timegm((2023, 8, 16, 15, 19, 0)) * 1000 - 8 h = 1692170340000 */
	assert_int_equal(parse_ok("2023/8/16 15:19", EAST_8), 1692170340000LL);
	assert_int_equal(parse_ok("2023-08-16T15:19+08:00", 0), 1692170340000LL);
}

static void test_epoch_seconds_and_milliseconds_told_apart_by_magnitude(void **state)
{
	(void)state;
	/* An epoch number is already UTC: the default zone must not move it. */
	assert_int_equal(parse_ok("1763690401", -300), 1763690401000LL);
	assert_int_equal(parse_ok("1763690401250", -300), 1763690401250LL);
	/* 1e11 - 1 seconds is past 2100; 1e11 is the first millisecond count (1973). */
	assert_int_equal(status_of("99999999999"), TIME_OUT_OF_RANGE);
	assert_int_equal(parse_ok("100000000000", EAST_8), 100000000000LL);
	assert_int_equal(parse_ok("0", EAST_8), 0);
}

static void test_epoch_seconds_with_fraction_keep_milliseconds(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1763690401.5", EAST_8), 1763690401500LL);
	assert_int_equal(parse_ok("1763690401.123456", EAST_8), 1763690401123LL);
	assert_int_equal(status_of("1763690401."), TIME_UNPARSABLE);
}

static void test_surrounding_spaces_and_tabs_are_ignored(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("  2026-11-21 10:00:01+08:00  ", 0), T_EAST_8);
	assert_int_equal(parse_ok("\t1763690401 \t", EAST_8), 1763690401000LL);
}

static void test_only_len_bytes_are_read(void **state)
{
	static const char s[] = "2026-11-21 10:00:01Z trailing junk";
	int64_t ms = -1;

	(void)state;
	assert_int_equal(time_parse(s, strlen("2026-11-21 10:00:01Z"), EAST_8, &ms), TIME_OK);
	assert_int_equal(ms, T_UTC);
	assert_int_equal(time_parse(s, strlen(s), EAST_8, &ms), TIME_UNPARSABLE);
}

static void test_leap_day_exists_only_in_leap_years(void **state)
{
	(void)state;
	/* calendar.timegm((2024, 2, 29, 12, 0, 0)) * 1000 = 1709208000000 */
	assert_int_equal(parse_ok("2024-02-29 12:00:00Z", EAST_8), 1709208000000LL);
	/* calendar.timegm((2000, 2, 29, 0, 0, 0)) * 1000 = 951782400000 (divisible by 400) */
	assert_int_equal(parse_ok("2000-02-29 00:00:00Z", EAST_8), 951782400000LL);
	assert_int_equal(status_of("2023-02-29 12:00:00"), TIME_OUT_OF_RANGE);
	assert_int_equal(status_of("2100-02-29 12:00:00"), TIME_OUT_OF_RANGE);
}

static void test_day_past_the_end_of_its_month_is_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(status_of("2026-04-31 10:00:00"), TIME_OUT_OF_RANGE);
	/* calendar.timegm((2026, 4, 30, 10, 0, 0)) * 1000 = 1777543200000 */
	assert_int_equal(parse_ok("2026-04-30 10:00:00Z", EAST_8), 1777543200000LL);
}

static void test_impossible_month_hour_minute_or_second_is_unparsable(void **state)
{
	(void)state;
	assert_int_equal(status_of("2026-13-01 10:00:00"), TIME_UNPARSABLE);
	assert_int_equal(status_of("2026-00-01 10:00:00"), TIME_UNPARSABLE);
	assert_int_equal(status_of("2026-11-21 24:00:00"), TIME_UNPARSABLE);
	assert_int_equal(status_of("2026-11-21 10:60:00"), TIME_UNPARSABLE);
	assert_int_equal(status_of("2026-11-21 10:00:60"), TIME_UNPARSABLE);
}

static void test_years_outside_1970_to_2100_are_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(status_of("1969-12-31 23:59:59Z"), TIME_OUT_OF_RANGE);
	assert_int_equal(status_of("2101-01-01 00:00:00Z"), TIME_OUT_OF_RANGE);
	assert_int_equal(parse_ok("1970-01-01 00:00:00Z", EAST_8), 0);
	/* calendar.timegm((2100, 12, 31, 23, 59, 59)) * 1000 = 4133980799000 */
	assert_int_equal(parse_ok("2100-12-31 23:59:59Z", EAST_8), 4133980799000LL);
}

static void test_local_time_before_the_epoch_in_utc_is_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(status_of("1970-01-01 00:00:00+08:00"), TIME_OUT_OF_RANGE);
	assert_int_equal(parse_ok("1970-01-01 08:00:00+08:00", 0), 0);
	/* 2100-12-31 23:59:59 at -05:00 is already 2101 in UTC. */
	assert_int_equal(status_of("2100-12-31 23:59:59-05:00"), TIME_OUT_OF_RANGE);
}

static void test_epoch_numbers_from_2101_on_are_out_of_range(void **state)
{
	(void)state;
	/* calendar.timegm((2101, 1, 1, 0, 0, 0)) = 4133980800 */
	assert_int_equal(parse_ok("4133980799", EAST_8), 4133980799000LL);
	assert_int_equal(status_of("4133980800"), TIME_OUT_OF_RANGE);
	assert_int_equal(status_of("4133980800000"), TIME_OUT_OF_RANGE);
}

static void test_negative_epoch_is_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(status_of("-5"), TIME_OUT_OF_RANGE);
	assert_int_equal(status_of("-1763690401"), TIME_OUT_OF_RANGE);
	assert_int_equal(status_of("-"), TIME_UNPARSABLE);
	assert_int_equal(status_of("-5x"), TIME_UNPARSABLE);
}

static void test_text_that_is_no_time_is_unparsable(void **state)
{
	(void)state;
	assert_int_equal(status_of("abc"), TIME_UNPARSABLE);
	assert_int_equal(status_of(""), TIME_UNPARSABLE);
	assert_int_equal(status_of("   "), TIME_UNPARSABLE);
	assert_int_equal(status_of("12:00"), TIME_UNPARSABLE);
	assert_int_equal(status_of(".5"), TIME_UNPARSABLE);
	assert_int_equal(status_of("2026-11-21T10:00:01 PST"), TIME_UNPARSABLE);
	assert_int_equal(status_of("2026-11-21 10:00:01+08:00x"), TIME_UNPARSABLE);
}

static void test_date_without_time_is_unparsable(void **state)
{
	(void)state;
	assert_int_equal(status_of("2026-11-21"), TIME_UNPARSABLE);
	assert_int_equal(status_of("2026/11/21"), TIME_UNPARSABLE);
	assert_int_equal(status_of("2026-11-21T"), TIME_UNPARSABLE);
}

static void test_offset_beyond_fourteen_hours_is_unparsable(void **state)
{
	(void)state;
	assert_int_equal(status_of("2026-11-21T10:00:01+25:00"), TIME_UNPARSABLE);
	assert_int_equal(status_of("2026-11-21T10:00:01+15"), TIME_UNPARSABLE);
	assert_int_equal(status_of("2026-11-21T10:00:01+08:60"), TIME_UNPARSABLE);
	/* +14:00 (Kiribati) is the farthest real zone. */
	assert_int_equal(parse_ok("2026-11-21T10:00:01+14:00", 0), T_UTC - 14 * 3600000LL);
}

static void test_offset_string_is_read_as_minutes_east_of_utc(void **state)
{
	int minutes = 12345;

	(void)state;
	assert_int_equal(time_parse_offset("+08:00", &minutes), 0);
	assert_int_equal(minutes, 480);
	assert_int_equal(time_parse_offset("-0530", &minutes), 0);
	assert_int_equal(minutes, -330);
	assert_int_equal(time_parse_offset("-05:00", &minutes), 0);
	assert_int_equal(minutes, -300);
	assert_int_equal(time_parse_offset("+09", &minutes), 0);
	assert_int_equal(minutes, 540);
	minutes = 12345;
	assert_int_equal(time_parse_offset("Z", &minutes), 0);
	assert_int_equal(minutes, 0);
	minutes = 12345;
	assert_int_equal(time_parse_offset("UTC", &minutes), 0);
	assert_int_equal(minutes, 0);
}

static void test_offset_string_that_is_no_offset_is_rejected(void **state)
{
	int minutes = 0;

	(void)state;
	assert_int_equal(time_parse_offset("8", &minutes), -1);
	assert_int_equal(time_parse_offset("+8:00", &minutes), -1);
	assert_int_equal(time_parse_offset("+08:0x", &minutes), -1);
	assert_int_equal(time_parse_offset("+08:0", &minutes), -1);
	assert_int_equal(time_parse_offset("+080", &minutes), -1);
	assert_int_equal(time_parse_offset("", &minutes), -1);
	assert_int_equal(time_parse_offset("+", &minutes), -1);
	assert_int_equal(time_parse_offset("+15:00", &minutes), -1);
	assert_int_equal(time_parse_offset("+08:00 ", &minutes), -1);
	assert_int_equal(time_parse_offset("UTCX", &minutes), -1);
	assert_int_equal(time_parse_offset("CST", &minutes), -1);
}

/* calendar.timegm((2017, 10, 31, 22, 10, 47)) * 1000 */
#define T_TWEET 1509487847000LL

static void test_twitter_and_ctime_forms_are_read(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("Tue Oct 31 22:10:47 +0000 2017", EAST_8), T_TWEET);
	assert_int_equal(parse_ok("tue oct 31 22:10:47 UTC 2017", EAST_8), T_TWEET);
	assert_int_equal(parse_ok("Wed Nov 01 06:10:47 +0800 2017", 0), T_TWEET);
	/* ctime has no offset: the default zone. */
	assert_int_equal(parse_ok("Wed Nov  1 06:10:47 2017", EAST_8), T_TWEET);
	/* calendar.timegm((2011, 3, 5, 1, 2, 3)) * 1000 */
	assert_int_equal(parse_ok("Sat Mar 5 01:02:03 +0000 2011", EAST_8), 1299286923000LL);
	assert_int_equal(status_of("Tue Foo 31 22:10:47 +0000 2017"), TIME_UNPARSABLE);
	assert_int_equal(status_of("Tue Oct 31 22:10 +0000 2017"), TIME_UNPARSABLE);
	assert_int_equal(status_of("Tue Oct 31 22:10:47 +0000"), TIME_UNPARSABLE);
	assert_int_equal(status_of("Tue Feb 30 22:10:47 +0000 2017"), TIME_OUT_OF_RANGE);
	assert_int_equal(status_of("Tue Oct 31 22:10:47 +0000 1969"), TIME_OUT_OF_RANGE);
}

static int64_t parse_as_ok(const char *s, const char *format)
{
	struct time_format fmt;
	int64_t ms = -1;

	assert_int_equal(time_format_parse(format, &fmt), 0);
	assert_int_equal(time_parse_as(s, strlen(s), EAST_8, &fmt, &ms, NULL), TIME_OK);
	return ms;
}

static void test_day_first_and_month_first_dates_follow_the_time_format(void **state)
{
	(void)state;
	assert_int_equal(parse_as_ok("21/11/2026 10:00:01", "dmy"), T_EAST_8);
	assert_int_equal(parse_as_ok("21.11.2026 10:00:01", "dmy"), T_EAST_8);
	assert_int_equal(parse_as_ok("21-11-2026 10:00:01 +08:00", "dmy"), T_EAST_8);
	assert_int_equal(parse_as_ok("11/21/2026 10:00:01", "mdy"), T_EAST_8);
	/* 05/06 is 5 June day-first and May 6 month-first: the format decides, not the values.
	 * calendar.timegm((2026, 6, 5, 2, 0, 0)) and ((2026, 5, 6, 2, 0, 0)), times 1000 */
	assert_int_equal(parse_as_ok("05/06/2026 10:00", "dmy"), 1780624800000LL);
	assert_int_equal(parse_as_ok("05/06/2026 10:00", "mdy"), 1778032800000LL);
	/* ISO dates stay year-month-day whatever the format says. */
	assert_int_equal(parse_as_ok("2026-11-21 10:00:01", "mdy"), T_EAST_8);
}

static void test_day_first_date_without_a_format_asks_for_one(void **state)
{
	int64_t ms;
	struct time_format mdy;

	(void)state;
	assert_int_equal(status_of("21/11/2026 10:00:01"), TIME_DAY_MONTH);
	assert_int_equal(status_of("11.21.2026 10:00"), TIME_DAY_MONTH);
	assert_int_equal(time_format_parse("mdy", &mdy), 0);
	/* Month 21 does not exist: the format was wrong for this value. */
	assert_int_equal(time_parse_as("21/11/2026 10:00", 16, EAST_8, &mdy, &ms, NULL),
			 TIME_UNPARSABLE);
	/* An epoch number with a fraction is not a date. */
	assert_int_equal(status_of("12.5"), TIME_OK);
}

static void test_strptime_pattern_reads_what_the_builtin_formats_do_not(void **state)
{
	struct time_format fmt;
	int64_t ms;

	(void)state;
	assert_int_equal(parse_as_ok("21 Nov 2026, 10:00:01", "%d %b %Y, %H:%M:%S"), T_EAST_8);
	assert_int_equal(parse_as_ok("20261121 100001 +0000", "%Y%m%d %H%M%S %z"), T_UTC);
	/* Values the pattern does not fit are still read the built-in ways. */
	assert_int_equal(parse_as_ok("2026-11-21T10:00:01Z", "%d %b %Y"), T_UTC);
	assert_int_equal(time_format_parse("%d.%m.%Y %H:%M", &fmt), 0);
	assert_int_equal(time_parse_as("31.02.2026 10:00", 16, EAST_8, &fmt, &ms, NULL),
			 TIME_OUT_OF_RANGE);
	assert_int_equal(time_format_parse("dd.mm.yyyy", &fmt), -1);
}

static int zone_of(const char *s)
{
	int64_t ms;
	int zone = 12345;
	struct time_format fmt;

	assert_int_equal(time_format_parse("%d %b %Y %H:%M %z", &fmt), 0);
	assert_int_equal(time_parse_as(s, strlen(s), EAST_8, &fmt, &ms, &zone), TIME_OK);
	return zone;
}

static void test_the_zone_a_value_names_is_reported(void **state)
{
	(void)state;
	assert_int_equal(zone_of("2026-11-21T10:00:01Z"), 0);
	assert_int_equal(zone_of("2026-11-21 10:00:01 -05:00"), -300);
	assert_int_equal(zone_of("2026-11-21 10:00:01+0530"), 330);
	assert_int_equal(zone_of("Tue Nov 21 10:00:01 +0000 2026"), 0);
	assert_int_equal(zone_of("21 Nov 2026 10:00 -0300"), -180);
	/* No zone in the value: the default is used and none is reported. */
	assert_int_equal(zone_of("2026-11-21 10:00:01"), TIME_ZONE_NONE);
	assert_int_equal(zone_of("1763690401"), TIME_ZONE_NONE);
}

/* What time_format_ms and time_format_epoch write is read back to the same instant and the
 * same zone (qaudit split's parts are read again by the audit). */
static void test_written_times_read_back_the_same(void **state)
{
	static const struct {
		int64_t ms;
		int zone;
	} cases[] = {
		{T_EAST_8 + 250, 480}, {T_WEST_530 + 7, -330}, {T_UTC + 999, 0},
		{T_UTC, 345},          {86400250, -720},       {0, 840},
	};
	char text[TIME_MS_SIZE], epoch[TIME_EPOCH_SIZE];
	int64_t ms;
	int zone;

	(void)state;
	time_format_ms(T_EAST_8 + 250, 480, true, text);
	assert_string_equal(text, "2026-11-21T10:00:01.250+08:00");
	time_format_ms(T_UTC, -330, false, text);
	assert_string_equal(text, "2026-11-21T04:30:01.000");
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		time_format_ms(cases[i].ms, cases[i].zone, true, text);
		assert_int_equal(time_parse_as(text, strlen(text), 60, NULL, &ms, &zone), TIME_OK);
		assert_int_equal(ms, cases[i].ms);
		assert_int_equal(zone, cases[i].zone);
		/* Naive: the same wall clock, in whatever zone it is read. */
		time_format_ms(cases[i].ms, 0, false, text);
		assert_int_equal(time_parse_as(text, strlen(text), 0, NULL, &ms, &zone), TIME_OK);
		assert_int_equal(ms, cases[i].ms);
		assert_int_equal(zone, TIME_ZONE_NONE);
		assert_false(time_is_epoch(text, strlen(text), NULL));
		time_format_epoch(cases[i].ms, epoch);
		assert_int_equal(time_parse_as(epoch, strlen(epoch), 60, NULL, &ms, &zone),
				 TIME_OK);
		assert_int_equal(ms, cases[i].ms);
		assert_int_equal(zone, TIME_ZONE_NONE);
		assert_true(time_is_epoch(epoch, strlen(epoch), NULL));
	}
	time_format_epoch(86400250, epoch);
	assert_string_equal(epoch, "86400.250");
	time_format_epoch(T_UTC, epoch);
	assert_string_equal(epoch, "1795255201000");
	/* A zoned time names its zone; text that is no time, nothing. */
	assert_false(time_is_epoch("2026-11-21 10:00:01+08:00", 25, NULL));
	assert_false(time_is_epoch("not a time", 10, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_with_t_and_offset_is_converted_to_utc),
		cmocka_unit_test(test_the_zone_a_value_names_is_reported),
		cmocka_unit_test(test_twitter_and_ctime_forms_are_read),
		cmocka_unit_test(test_iso_with_space_instead_of_t_gives_the_same_time),
		cmocka_unit_test(test_offset_z_means_utc_whatever_the_default),
		cmocka_unit_test(test_offset_with_colon_without_colon_and_hours_only_agree),
		cmocka_unit_test(test_negative_offset_with_minutes_is_west_of_utc),
		cmocka_unit_test(test_fraction_of_three_digits_is_milliseconds),
		cmocka_unit_test(test_fraction_finer_than_milliseconds_is_truncated),
		cmocka_unit_test(test_one_digit_fraction_is_tenths_of_a_second),
		cmocka_unit_test(test_time_without_offset_is_in_the_default_zone),
		cmocka_unit_test(test_explicit_offset_wins_over_the_default),
		cmocka_unit_test(test_slash_is_a_date_separator),
		cmocka_unit_test(test_mixed_date_separators_are_unparsable),
		cmocka_unit_test(test_unpadded_month_day_and_hour_are_read),
		cmocka_unit_test(test_seconds_are_optional),
		cmocka_unit_test(test_epoch_seconds_and_milliseconds_told_apart_by_magnitude),
		cmocka_unit_test(test_epoch_seconds_with_fraction_keep_milliseconds),
		cmocka_unit_test(test_surrounding_spaces_and_tabs_are_ignored),
		cmocka_unit_test(test_only_len_bytes_are_read),
		cmocka_unit_test(test_leap_day_exists_only_in_leap_years),
		cmocka_unit_test(test_day_past_the_end_of_its_month_is_out_of_range),
		cmocka_unit_test(test_impossible_month_hour_minute_or_second_is_unparsable),
		cmocka_unit_test(test_years_outside_1970_to_2100_are_out_of_range),
		cmocka_unit_test(test_local_time_before_the_epoch_in_utc_is_out_of_range),
		cmocka_unit_test(test_epoch_numbers_from_2101_on_are_out_of_range),
		cmocka_unit_test(test_negative_epoch_is_out_of_range),
		cmocka_unit_test(test_text_that_is_no_time_is_unparsable),
		cmocka_unit_test(test_date_without_time_is_unparsable),
		cmocka_unit_test(test_offset_beyond_fourteen_hours_is_unparsable),
		cmocka_unit_test(test_offset_string_is_read_as_minutes_east_of_utc),
		cmocka_unit_test(test_offset_string_that_is_no_offset_is_rejected),
		cmocka_unit_test(test_day_first_and_month_first_dates_follow_the_time_format),
		cmocka_unit_test(test_day_first_date_without_a_format_asks_for_one),
		cmocka_unit_test(test_strptime_pattern_reads_what_the_builtin_formats_do_not),
		cmocka_unit_test(test_written_times_read_back_the_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
