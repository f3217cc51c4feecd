/* Message times (docs/STANDARD.md §1) to milliseconds since the Unix epoch, UTC. */
#ifndef TIME_PARSE_H
#define TIME_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A message without a time (the export has no time field). */
#define TIME_NONE INT64_MIN

enum time_status {
	TIME_OK,
	TIME_UNPARSABLE,   /* not one of the formats */
	TIME_OUT_OF_RANGE, /* a real date, but before 1970 or after 2100, or not a calendar day */
	TIME_DAY_MONTH,    /* "20/11/2026": day and month order unknown without a time_format */
};

/* How the dates of one export are written when ISO order is not enough: spreadsheets
 * re-save times as "11/20/2026 10:00" or "20.11.2026 10:00" depending on their locale. */
enum date_order {
	DATE_ORDER_YMD, /* only the formats time_parse reads */
	DATE_ORDER_DMY, /* also 20/11/2026, 20.11.2026, 20-11-2026 */
	DATE_ORDER_MDY, /* also 11/20/2026, 11-20-2026 */
};

struct time_format {
	enum date_order order;
	const char *pattern; /* a strptime(3) pattern, tried first; NULL: none */
};

/* The formats time_parse reads, for messages: one line, no trailing period. */
#define TIME_FORMATS_ACCEPTED                                                                      \
	"2026-11-20 10:03[:10][+08:00] (also with T or '/'), epoch seconds or ms, "                \
	"Tue Nov 20 10:03:10 +0000 2026"

/*
 * Parses one of:
 *   2026-11-21T10:00:01+08:00   ISO 8601, with 'T' or space, offset Z / ±HH:MM / ±HHMM / ±HH,
 *   2026-11-21 10:00:01.250     an optional fraction (up to 9 digits, kept to the millisecond),
 *   2026/11/21 10:00:01         '/' as the date separator; seconds and zero padding optional,
 *   1763690401 / 1763690401250  epoch seconds or milliseconds, told apart by magnitude,
 *   Tue Oct 31 22:10:47 +0000 2017  Twitter's form (ctime's without the offset).
 * A time without an offset is in the zone default_offset_min minutes east of UTC.
 */
enum time_status time_parse(const char *s, size_t len, int default_offset_min, int64_t *ms);

/* A value that names no zone (epoch numbers, naive local times). */
#define TIME_ZONE_NONE (-32768)

/* time_parse, reading day-first or month-first dates (and fmt->pattern, where a value matches
 * it whole) as fmt says. fmt may be NULL. Unless zone_min is NULL, it gets the offset the
 * value names, minutes east of UTC, or TIME_ZONE_NONE: reports write a time in its own zone. */
enum time_status time_parse_as(const char *s, size_t len, int default_offset_min,
			       const struct time_format *fmt, int64_t *ms, int *zone_min);

/* Parses --time-format's argument: "dmy", "mdy", "ymd" or a strptime pattern with a '%'.
 * Returns 0, or -1 if arg is none of them. */
int time_format_parse(const char *arg, struct time_format *fmt);

/* Parses a zone offset such as "+08:00", "-0530", "Z" or "UTC" into minutes east of UTC.
 * Returns 0 on success, -1 if s is not an offset. */
int time_parse_offset(const char *s, int *minutes);

/* A time as a wall clock in the zone offset_min east of UTC shows it. */
struct local_time {
	int year, month, day;
	int second_of_day;
};

void time_local(int64_t ms, int offset_min, struct local_time *out);
/* Writes ms as local time "YYYY-MM-DD HH:MM:SS" in the zone offset_min east of UTC. */
void time_format(int64_t ms, int offset_min, char out[20]);
/* The same in ISO 8601 with its offset, "YYYY-MM-DDTHH:MM:SS+08:00": a time in a file read
 * elsewhere says which zone it is in. */
#define TIME_ISO_SIZE 26
void time_format_iso(int64_t ms, int offset_min, char out[TIME_ISO_SIZE]);

/* The same to the millisecond, "YYYY-MM-DDTHH:MM:SS.mmm", followed by the offset ("+08:00")
 * only when with_offset: time_parse reads either back to ms, the one without an offset in
 * the zone offset_min (a naive time stays naive, with its wall clock). */
#define TIME_MS_SIZE 30
void time_format_ms(int64_t ms, int offset_min, bool with_offset, char out[TIME_MS_SIZE]);
/* ms as an epoch number that time_parse reads back to ms whatever its default zone:
 * milliseconds, or seconds with a fraction below 1e11 ms, which time_parse takes for
 * seconds. */
#define TIME_EPOCH_SIZE 24
void time_format_epoch(int64_t ms, char out[TIME_EPOCH_SIZE]);
/* Whether a value time_parse_as reads names no zone but its instant all the same, whatever
 * the default zone: an epoch number, unlike a naive local time. */
bool time_is_epoch(const char *s, size_t len, const struct time_format *fmt);

#endif
