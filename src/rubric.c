/* The rubric (docs/STANDARD.md §4-§5): the built-in rubric_default.ini, then a QA lead's file
 * over it, read with libinih into struct rubric through one table of keys. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "buf.h"
#include "rubric.h"
#include "time_parse.h"
#include "utf8.h"
#include "xalloc.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define DEFAULT_NAME "built-in rubric"
/* inih's line buffer. A longer line would be split in two and misread, so it is an error;
 * inih needs 3 bytes beyond the text ('\r', '\n', NUL). */
#define MAX_LINE 65536
/* Far beyond any rubric, so that a wrong path (a dump, /dev/zero) fails fast. */
#define MAX_FILE (16 << 20)
#define DAY_S    86400
#define YEAR_H   8760

/* Sections: the named ones, one per checkpoint (SECTION_RULE0 + enum rule), then one per
 * channel class (SECTION_CLASS0 + enum channel_class). */
enum {
	SECTION_AUDIT,
	SECTION_WEIGHTS,
	SECTION_PERIODS,
	SECTION_TIMELINESS,
	SECTION_CHANNELS,
	SECTION_RULE0
};
#define SECTION_CLASS0 (SECTION_RULE0 + RULE_COUNT)
#define SECTION_COUNT  (SECTION_CLASS0 + CLASS_COUNT)

static const char *const section_names[SECTION_RULE0] = {
	"audit", "weights", "periods", "timeliness", "channels",
};

static const char *const class_names[CLASS_COUNT] = {"im", "email", "social"};
static const char *const class_sections[CLASS_COUNT] = {"class.im", "class.email", "class.social"};

enum kind {
	KIND_NUMBER,  /* a whole number in [min, max] */
	KIND_PERCENT, /* a whole number 0-100, '%' optional */
	KIND_BOOL,
	KIND_GRADE,    /* A-F */
	KIND_LANGUAGE, /* zh or en */
	KIND_OFFSET,   /* a zone offset, in minutes */
	KIND_PERIODS,  /* a list of HH:MM-HH:MM */
	KIND_DATES,    /* a list of MM-DD or YYYY-MM-DD */
	KIND_WORDS,    /* a list of words */
	KIND_FACT,     /* TOPIC[/TOPIC...] => VALUE; repeatable, so it accumulates */
};

/*
 * One settable key. Section "*" is every checkpoint section, and offset is then into that
 * checkpoint's struct rule_setting; otherwise it is into struct rubric. A list keeps its
 * length at count_offset. unit names a number's unit in messages ("" for none).
 */
struct key {
	const char *section;
	const char *name;
	enum kind kind;
	size_t offset, count_offset;
	int min, max;
	const char *unit;
};

#define AT(field) offsetof(struct rubric, field)
#define NUMBER(section, name, field, min, max, unit)                                               \
	{                                                                                          \
		section, name, KIND_NUMBER, AT(field), 0, min, max, unit                           \
	}
#define PERCENT(section, name, field)                                                              \
	{                                                                                          \
		section, name, KIND_PERCENT, AT(field), 0, 0, 100, "%"                             \
	}
#define LIST(section, name, kind, items, count)                                                    \
	{                                                                                          \
		section, name, kind, AT(items), AT(count), 0, 0, ""                                \
	}

/* The table of keys (docs/STANDARD.md §4-§5); its order is the order of rubric_canonical(). */
static const struct key keys[] = {
	{"audit", "timezone", KIND_OFFSET, AT(tz_offset_min), 0, 0, 0, ""},
	{"audit", "language", KIND_LANGUAGE, AT(language), 0, 0, 0, ""},
	{"audit", "quality_grade", KIND_GRADE, AT(quality_grade), 0, 0, 0, ""},
	{"audit", "red_line_fails_session", KIND_BOOL, AT(red_line_fails_session), 0, 0, 0, ""},
	NUMBER("weights", "response", weight[DIM_RESPONSE], 0, 1000, ""),
	NUMBER("weights", "communication", weight[DIM_COMMUNICATION], 0, 1000, ""),
	NUMBER("weights", "resolution", weight[DIM_RESOLUTION], 0, 1000, ""),
	NUMBER("weights", "compliance", weight[DIM_COMPLIANCE], 0, 1000, ""),
	NUMBER("weights", "attitude", weight[DIM_ATTITUDE], 0, 1000, ""),
	LIST("periods", "peak_hours", KIND_PERIODS, peak_hours, peak_count),
	LIST("periods", "promotion_dates", KIND_DATES, promotion_dates, promotion_count),
	PERCENT("timeliness", "offpeak_timeout_rate", offpeak_timeout_pct),
	PERCENT("timeliness", "peak_timeout_rate", peak_timeout_pct),
	NUMBER("timeliness", "team_mean_factor", team_mean_factor, 1, 100, ""),
	PERCENT("timeliness", "first_contact_resolution", first_contact_resolution_pct),
	LIST("channels", "email", KIND_WORDS, class_channels[CLASS_EMAIL],
	     class_channel_count[CLASS_EMAIL]),
	LIST("channels", "social", KIND_WORDS, class_channels[CLASS_SOCIAL],
	     class_channel_count[CLASS_SOCIAL]),
	{"*", "enabled", KIND_BOOL, offsetof(struct rule_setting, enabled), 0, 0, 0, ""},
	{"*", "penalty", KIND_NUMBER, offsetof(struct rule_setting, penalty), 0, 0, 5, "grades"},
	{"*", "red_line", KIND_BOOL, offsetof(struct rule_setting, red_line), 0, 0, 0, ""},
	NUMBER("R1", "limit_seconds", r1_limit_s, 1, DAY_S, "seconds"),
	NUMBER("R1", "urgent_limit_seconds", r1_urgent_limit_s, 1, DAY_S, "seconds"),
	NUMBER("R1", "technical_limit_seconds", r1_technical_limit_s, 1, DAY_S, "seconds"),
	NUMBER("R1", "suggestion_limit_seconds", r1_suggestion_limit_s, 1, DAY_S, "seconds"),
	NUMBER("R1", "severe_factor", r1_severe_factor, 1, 100, ""),
	NUMBER("R1", "severe_penalty", r1_severe_penalty, 0, 5, "grades"),
	NUMBER("R2", "limit_seconds", r2_limit_s, 1, DAY_S, "seconds"),
	NUMBER("R2", "announced_limit_seconds", r2_announced_limit_s, 1, DAY_S, "seconds"),
	{"R2", "same_as_first", KIND_BOOL, AT(r2_same_as_first), 0, 0, 0, ""},
	NUMBER("R3", "followups", r3_followups, 1, 1000, ""),
	NUMBER("R3", "gap_seconds", r3_gap_s, 0, DAY_S, "seconds"),
	NUMBER("R4", "wait_seconds", r4_wait_s, 0, DAY_S, "seconds"),
	{"R4", "wait_is_limit", KIND_BOOL, AT(r4_wait_is_limit), 0, 0, 0, ""},
	NUMBER("C2", "last_agent_messages", c2_last_agent_messages, 1, 1000, ""),
	NUMBER("C3", "many", c3_many, 1, 1000, ""),
	NUMBER("C3", "many_penalty", c3_many_penalty, 0, 5, "grades"),
	LIST("C4", "b2b_channels", KIND_WORDS, b2b_channels, b2b_count),
	LIST("C7", "fact", KIND_FACT, facts, fact_count),
	NUMBER("S3", "limit_seconds", s3_limit_s, 1, DAY_S, "seconds"),
	NUMBER("S4", "window_hours", s4_window_hours, 1, YEAR_H, "hours"),
	NUMBER("S4", "min_gap_minutes", s4_min_gap_minutes, 0, 1440, "minutes"),
	NUMBER("S5", "max_csat", s5_max_csat, 0, 100, ""),
	NUMBER("S5", "csat_scale", s5_csat_scale, 1, 100, ""),
	LIST("K6", "competitors", KIND_WORDS, competitors, competitor_count),
};

/* A [class.NAME] key: applied over a copy of the whole rubric once every file is read, so
 * a class keeps its value whatever the checkpoint's own section says after it. */
struct class_override {
	enum channel_class cls;
	int section; /* the checkpoint's */
	const struct key *key;
	char *value;
};

struct class_overrides {
	struct class_override *items;
	size_t count, capacity;
};

/* What the inih handler works on; it cannot return a message, so it leaves one here. */
struct parse {
	struct rubric *r;
	struct class_overrides *overrides;
	char message[400]; /* without the "NAME:LINE: " that only the caller knows */
};

/* A list being split; moved into the rubric when every item is valid. */
struct strings {
	char **items;
	size_t count, capacity;
};

static const char *const commas[] = {",", "\xef\xbc\x8c" /* ， */, NULL};
static const char *const slashes[] = {"/", NULL};

static const char *section_name(int section)
{
	if (section < SECTION_RULE0)
		return section_names[section];
	if (section < SECTION_CLASS0)
		return rule_name((enum rule)(section - SECTION_RULE0));
	return class_sections[section - SECTION_CLASS0];
}

static bool is_rule_section(int section)
{
	return section >= SECTION_RULE0 && section < SECTION_CLASS0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Trims ASCII white space and U+3000 (an IME's full-width space) off [*s, *e). */
static void trim(const char **s, const char **e)
{
	static const char ideographic_space[] = "\xe3\x80\x80";

	for (;;) {
		if (*s < *e && is_space(**s))
			(*s)++;
		else if (*e - *s >= 3 && !memcmp(*s, ideographic_space, 3))
			*s += 3;
		else
			break;
	}
	for (;;) {
		if (*e > *s && is_space((*e)[-1]))
			(*e)--;
		else if (*e - *s >= 3 && !memcmp(*e - 3, ideographic_space, 3))
			*e -= 3;
		else
			break;
	}
}

/* The section named by [s, e), trimmed and in any case; -1 if there is none. */
static int section_find(const char *s, const char *e)
{
	trim(&s, &e);
	for (int i = 0; i < SECTION_COUNT; i++) {
		const char *name = section_name(i);

		if (strlen(name) == (size_t)(e - s) && !strncasecmp(name, s, (size_t)(e - s)))
			return i;
	}
	return -1;
}

static bool key_in_section(const struct key *k, int section)
{
	if (!strcmp(k->section, "*"))
		return is_rule_section(section);
	return !strcmp(k->section, section_name(section));
}

static const struct key *key_find(int section, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (key_in_section(&keys[i], section) && !strcasecmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

/* Copies s into out (size 80) for a message, shortened at a character boundary. */
static const char *quote(const char *s, size_t len, char *out)
{
	const size_t max = 60;
	size_t n = 0;

	while (n < len && n < max) {
		size_t step = utf8_sequence_length((const unsigned char *)s + n, len - n);

		if (!step || n + step > max)
			break;
		n += step;
	}
	snprintf(out, 80, "%.*s%s", (int)n, s, n < len ? "..." : "");
	return out;
}

static int complain(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Leaves the message for the caller and returns -1. */
static int complain(struct parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
	va_end(ap);
	return -1;
}

static void strings_release(struct strings *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static void free_strings(char **items, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(items[i]);
	free(items);
}

/* The first separator in [s, e), or e; its length goes to *len. */
static const char *next_separator(const char *s, const char *e, const char *const *seps,
				  size_t *len)
{
	for (; s < e; s++)
		for (const char *const *sep = seps; *sep; sep++)
			if ((size_t)(e - s) >= strlen(*sep) && !memcmp(s, *sep, strlen(*sep))) {
				*len = strlen(*sep);
				return s;
			}
	*len = 0;
	return e;
}

/* Splits [s, e) at the separators into trimmed items, dropping empty ones. */
static void split(const char *s, const char *e, const char *const *seps, struct strings *out)
{
	for (;;) {
		size_t sep_len;
		const char *end = next_separator(s, e, seps, &sep_len);
		const char *item = s, *item_end = end;

		trim(&item, &item_end);
		if (item < item_end) {
			ALLOC_GROW(out->items, out->count + 1, out->capacity);
			out->items[out->count++] = xmemdup(item, (size_t)(item_end - item));
		}
		if (end == e)
			break;
		s = end + sep_len;
	}
}

/* Reads a whole number into *n; false if s is not one. Huge numbers saturate, so that the
 * range check rejects them rather than an overflow wrapping them into range. */
static bool parse_whole(const char *s, const char *e, long long *n)
{
	bool negative = false;

	if (s < e && (*s == '-' || *s == '+'))
		negative = *s++ == '-';
	if (s == e)
		return false;
	*n = 0;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (*n < 1000000000000LL)
			*n = *n * 10 + (*s - '0');
	}
	if (negative)
		*n = -*n;
	return true;
}

static int set_number(struct parse *p, const struct key *k, const char *where, const char *value,
		      int *field)
{
	const char *e = value + strlen(value);
	bool percent = k->kind == KIND_PERCENT;
	char q[80];
	long long n;

	if (percent && e > value && e[-1] == '%') {
		e--;
		while (e > value && is_space(e[-1]))
			e--;
	}
	if (!parse_whole(value, e, &n)) {
		if (percent)
			return complain(p, "%s: expected a percentage 0-100 such as 3%%, got '%s'",
					where, quote(value, strlen(value), q));
		return complain(p, "%s: expected a whole number%s%s, got '%s'", where,
				*k->unit ? " of " : "", k->unit, quote(value, strlen(value), q));
	}
	if (n < k->min || n > k->max)
		return complain(p, "%s: %s is out of range, expected %d-%d%s%s", where,
				quote(value, strlen(value), q), k->min, k->max,
				*k->unit && !percent ? " " : "", k->unit);
	*field = (int)n;
	return 0;
}

static int set_bool(struct parse *p, const char *where, const char *value, bool *field)
{
	static const struct {
		const char *word;
		bool value;
	} words[] = {
		{"yes", true}, {"no", false},  {"true", true}, {"false", false},
		{"on", true},  {"off", false}, {"1", true},    {"0", false},
	};
	char q[80];

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (!strcasecmp(value, words[i].word)) {
			*field = words[i].value;
			return 0;
		}
	return complain(p, "%s: expected yes or no, got '%s'", where,
			quote(value, strlen(value), q));
}

static int set_grade(struct parse *p, const char *where, const char *value, enum grade *field)
{
	char c = value[0] >= 'a' && value[0] <= 'f' ? (char)(value[0] - 'a' + 'A') : value[0];
	char q[80];

	if (c < 'A' || c > 'F' || value[1])
		return complain(p, "%s: expected a grade A-F, got '%s'", where,
				quote(value, strlen(value), q));
	*field = (enum grade)('F' - c); /* F=0 ... A=5 */
	return 0;
}

static int set_language(struct parse *p, const char *where, const char *value, enum language *field)
{
	char q[80];

	if (!strcasecmp(value, "zh"))
		*field = LANG_ZH;
	else if (!strcasecmp(value, "en"))
		*field = LANG_EN;
	else if (!strcasecmp(value, "auto"))
		*field = LANG_AUTO;
	else
		return complain(p, "%s: expected zh, en or auto, got '%s'", where,
				quote(value, strlen(value), q));
	return 0;
}

static int set_offset(struct parse *p, const char *where, const char *value, int *field)
{
	char q[80];

	if (time_parse_offset(value, field))
		return complain(p, "%s: expected a zone offset such as +08:00, got '%s'", where,
				quote(value, strlen(value), q));
	return 0;
}

static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* "H:MM" or "HH:MM" into minutes after midnight; 24:00 only as the end of a range. */
static bool parse_clock(const char *s, const char *e, bool end, int *minutes)
{
	const char *colon = memchr(s, ':', (size_t)(e - s));
	int h, m;

	if (!colon || colon - s < 1 || colon - s > 2 || e - colon != 3 ||
	    !all_digits(s, (size_t)(colon - s)) || !all_digits(colon + 1, 2))
		return false;
	h = atoi(s);
	m = atoi(colon + 1);
	if (m > 59 || h > 24 || (h == 24 && (m || !end)))
		return false;
	*minutes = h * 60 + m;
	return true;
}

static int set_periods(struct parse *p, const char *where, const char *value, struct rubric *r)
{
	struct strings items = {0};
	struct time_range *ranges;
	char q[80];

	split(value, value + strlen(value), commas, &items);
	ranges = xcalloc(items.count, sizeof(*ranges));
	for (size_t i = 0; i < items.count; i++) {
		const char *s = items.items[i], *e = s + strlen(s);
		const char *dash = memchr(s, '-', (size_t)(e - s));
		const char *from_end = dash, *to = dash ? dash + 1 : e;

		if (dash) {
			trim(&s, &from_end);
			trim(&to, &e);
		}
		if (!dash || !parse_clock(s, from_end, false, &ranges[i].from_min) ||
		    !parse_clock(to, e, true, &ranges[i].to_min)) {
			complain(p, "%s: expected HH:MM-HH:MM, got '%s'", where,
				 quote(items.items[i], strlen(items.items[i]), q));
			goto fail;
		}
		if (ranges[i].from_min >= ranges[i].to_min) {
			complain(p,
				 "%s: '%s' does not end after it starts (split a range over "
				 "midnight in two: 22:00-24:00, 00:00-02:00)",
				 where, quote(items.items[i], strlen(items.items[i]), q));
			goto fail;
		}
	}
	free(r->peak_hours);
	r->peak_hours = ranges;
	r->peak_count = items.count;
	strings_release(&items);
	return 0;
fail:
	free(ranges);
	strings_release(&items);
	return -1;
}

/* "MM-DD" (every year, so 02-29 is allowed) or "YYYY-MM-DD", a real calendar day. */
static bool is_date(const char *s)
{
	static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	size_t len = strlen(s);
	int year = 0, month, day;

	if (len == 10) {
		if (!all_digits(s, 4) || s[4] != '-')
			return false;
		year = atoi(s);
		if (year < 1970 || year > 2100)
			return false;
		s += 5;
		len -= 5;
	}
	if (len != 5 || !all_digits(s, 2) || s[2] != '-' || !all_digits(s + 3, 2))
		return false;
	month = (s[0] - '0') * 10 + (s[1] - '0');
	day = (s[3] - '0') * 10 + (s[4] - '0');
	if (month < 1 || month > 12 || day < 1 || day > days[month - 1])
		return false;
	if (year && month == 2 && day == 29)
		return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
	return true;
}

static int set_dates(struct parse *p, const char *where, const char *value, struct rubric *r)
{
	struct strings items = {0};
	char q[80];

	split(value, value + strlen(value), commas, &items);
	for (size_t i = 0; i < items.count; i++)
		if (!is_date(items.items[i])) {
			complain(p, "%s: '%s' is not a date, expected MM-DD or YYYY-MM-DD", where,
				 quote(items.items[i], strlen(items.items[i]), q));
			strings_release(&items);
			return -1;
		}
	free_strings(r->promotion_dates, r->promotion_count);
	r->promotion_dates = items.items;
	r->promotion_count = items.count;
	return 0;
}

static void set_words(const char *value, char ***items, size_t *count)
{
	struct strings words = {0};

	split(value, value + strlen(value), commas, &words);
	free_strings(*items, *count);
	*items = words.items;
	*count = words.count;
}

/* C7: "TOPIC[/TOPIC...] => VALUE", added to the facts already read. */
static int add_fact(struct parse *p, const char *where, const char *value, struct rubric *r)
{
	const char *arrow = strstr(value, "=>");
	const char *left = value, *left_end = arrow, *right = arrow ? arrow + 2 : NULL;
	const char *right_end = value + strlen(value);
	struct strings topics = {0};
	struct fact *fact;
	char q[80];

	if (arrow) {
		trim(&left, &left_end);
		trim(&right, &right_end);
		split(left, left_end, slashes, &topics);
	}
	if (!topics.count || right == right_end) {
		strings_release(&topics);
		return complain(p, "%s: expected TOPIC[/TOPIC...] => VALUE, got '%s'", where,
				quote(value, strlen(value), q));
	}
	r->facts = xreallocarray(r->facts, r->fact_count + 1, sizeof(*r->facts));
	fact = &r->facts[r->fact_count++];
	fact->topics = topics.items;
	fact->topic_count = topics.count;
	fact->value = xmemdup(right, (size_t)(right_end - right));
	return 0;
}

static int set_key(struct parse *p, const struct key *k, int section, const char *value)
{
	struct rubric *r = p->r;
	char *base =
		!strcmp(k->section, "*") ? (char *)&r->rules[section - SECTION_RULE0] : (char *)r;
	void *field = base + k->offset;
	char where[80];

	snprintf(where, sizeof(where), "[%s] %s", section_name(section), k->name);
	switch (k->kind) {
	case KIND_NUMBER:
	case KIND_PERCENT:
		return set_number(p, k, where, value, field);
	case KIND_BOOL:
		return set_bool(p, where, value, field);
	case KIND_GRADE:
		return set_grade(p, where, value, field);
	case KIND_LANGUAGE:
		return set_language(p, where, value, field);
	case KIND_OFFSET:
		return set_offset(p, where, value, field);
	case KIND_PERIODS:
		return set_periods(p, where, value, r);
	case KIND_DATES:
		return set_dates(p, where, value, r);
	case KIND_WORDS:
		set_words(value, field, (size_t *)(base + k->count_offset));
		return 0;
	case KIND_FACT:
		return add_fact(p, where, value, r);
	}
	return complain(p, "%s: no parser for this key", where);
}

/* The names of a section's keys, for a message on a key that is not one of them. */
static void list_keys(int section, struct buf *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (key_in_section(&keys[i], section))
			buf_addf(out, "%s%s", out->len ? ", " : "", keys[i].name);
}

/* A [class.NAME] key, "CHECKPOINT.key": checked now on a scratch rubric, kept for later. */
static int on_class_key(struct parse *p, int section, const char *name, const char *value)
{
	const char *dot = strchr(name, '.');
	int rule_section = dot ? section_find(name, dot) : -1;
	const struct key *k =
		is_rule_section(rule_section) ? key_find(rule_section, dot + 1) : NULL;
	struct class_override *o;
	struct rubric scratch = {0};
	struct parse check = {&scratch, NULL, ""};
	char q[80];

	if (!k)
		return complain(p,
				"unknown key '%s' in [%s] (expected CHECKPOINT.key, such as "
				"R1.limit_seconds or C1.enabled)",
				quote(name, strlen(name), q), section_name(section));
	if (k->kind != KIND_NUMBER && k->kind != KIND_BOOL)
		return complain(p, "[%s] %s: a list is the same for every class; set it in [%s]",
				section_name(section), quote(name, strlen(name), q),
				section_name(rule_section));
	if (set_key(&check, k, rule_section, value)) {
		memcpy(p->message, check.message, sizeof(p->message));
		return -1;
	}
	ALLOC_GROW(p->overrides->items, p->overrides->count + 1, p->overrides->capacity);
	o = &p->overrides->items[p->overrides->count++];
	o->cls = (enum channel_class)(section - SECTION_CLASS0);
	o->section = rule_section;
	o->key = k;
	o->value = xstrdup(value);
	return 0;
}

/* inih's handler: returns nonzero when the key was taken. */
static int on_key(void *user, const char *section_text, const char *name, const char *value)
{
	struct parse *p = user;
	int section = section_find(section_text, section_text + strlen(section_text));
	const struct key *k;
	char q[80];

	if (section < 0) {
		/* Unknown sections were refused before inih ran, so this key has none. */
		complain(p, "'%s' comes before any [section]", quote(name, strlen(name), q));
		return 0;
	}
	if (section >= SECTION_CLASS0)
		return on_class_key(p, section, name, value) == 0;
	k = key_find(section, name);
	if (!k) {
		struct buf names = BUF_INIT;

		list_keys(section, &names);
		complain(p, "unknown key '%s' in [%s] (keys: %s)", quote(name, strlen(name), q),
			 section_name(section), buf_str(&names));
		buf_release(&names);
		return 0;
	}
	return set_key(p, k, section, value) == 0;
}

/* "audit, ..., R1-R5, C1-C7, ..., class.social": checkpoints as a range per dimension. */
static void list_sections(struct buf *out)
{
	for (int i = 0; i < SECTION_COUNT; i++) {
		enum rule r = (enum rule)(i - SECTION_RULE0);
		bool first, last;

		if (!is_rule_section(i)) {
			buf_addf(out, "%s%s", i ? ", " : "", section_name(i));
			continue;
		}
		first = r == 0 || rule_dimension(r - 1) != rule_dimension(r);
		last = r + 1 == RULE_COUNT || rule_dimension(r + 1) != rule_dimension(r);
		if (first)
			buf_addf(out, ", %s", rule_name(r));
		else if (last)
			buf_addf(out, "-%s", rule_name(r));
	}
}

/* Sets p->message and returns true if [s, e) is a line scan_lines refuses. */
static bool bad_line(struct parse *p, const char *s, const char *e, bool first)
{
	const char *close;
	int section;
	char q[80];

	if (memchr(s, '\0', (size_t)(e - s))) {
		complain(p, "NUL byte, not a text file");
		return true;
	}
	if (!utf8_is_valid(s, (size_t)(e - s))) {
		complain(p, "invalid UTF-8 (save the file as UTF-8, or convert it with "
			    "iconv -f GBK -t UTF-8)");
		return true;
	}
	if (e - s + 3 > MAX_LINE) {
		complain(p, "line longer than %d bytes", MAX_LINE - 3);
		return true;
	}
	if (first && e - s >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3;
	while (s < e && is_space(*s))
		s++;
	if (s == e || *s != '[' || !(close = memchr(s, ']', (size_t)(e - s))))
		return false; /* not a section; a '[' without ']' is inih's to report */
	section = section_find(s + 1, close);
	if (section < 0) {
		struct buf names = BUF_INIT;

		list_sections(&names);
		complain(p, "unknown section [%s] (sections: %s)",
			 quote(s + 1, (size_t)(close - s - 1), q), buf_str(&names));
		buf_release(&names);
		return true;
	}
	for (s = close + 1; s < e && is_space(*s);)
		s++;
	if (s < e) {
		complain(p, "unexpected text after [%s] (comments go on lines of their own)",
			 section_name(section));
		return true;
	}
	return false;
}

/*
 * Looks at each line for what inih would misread or never report: a NUL byte, invalid
 * UTF-8, a line longer than its buffer, and a section that is not in the rubric (inih tells
 * the handler about keys only, so an unknown empty section would pass in silence). Returns
 * the number of the first such line with p->message set, and its offset in *start; 0 if
 * there is none.
 */
static int scan_lines(struct parse *p, const char *text, size_t len, size_t *start)
{
	const char *s = text, *stop = text + len;

	for (int line = 1; s < stop; line++) {
		const char *nl = memchr(s, '\n', (size_t)(stop - s));
		const char *e = nl ? nl : stop;

		*start = (size_t)(s - text);
		if (bad_line(p, s, e, line == 1))
			return line;
		s = nl ? nl + 1 : stop;
	}
	return 0;
}

/* What inih found wrong with line `line` of text, which the handler never saw. */
static void syntax_error(struct parse *p, const char *text, int line)
{
	const char *s = text, *e;
	char q[80];

	for (int i = 1; i < line && (s = strchr(s, '\n')); i++)
		s++;
	if (!s) /* cannot happen: inih counted the same lines */
		s = "";
	e = s + strcspn(s, "\n");
	trim(&s, &e);
	if (*s == '[')
		complain(p, "expected ']' after the section name");
	else
		complain(p, "expected KEY = VALUE or [SECTION], got '%s'",
			 quote(s, (size_t)(e - s), q));
}

/* inih's switches are globals; set every one this parser depends on, each time. */
static void configure_inih(void)
{
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = MAX_LINE;
	ini_stop_on_first_error = true;
	/* An indented line is a key of its own, not the previous value's continuation. */
	ini_allow_multiline = false;
	/* Values are taken whole ("fact = ... => a ;b"); comments are whole lines. */
	ini_allow_inline_comments = false;
	ini_allow_no_value = false;
	ini_allow_bom = true;
}

/* Reads text over r. Errors are "NAME:LINE: message". */
static int apply_text(struct rubric *r, struct class_overrides *overrides, const char *text,
		      size_t len, const char *name, struct qa_error *err)
{
	struct parse p = {r, overrides, ""};
	size_t bad_start = len;
	int bad_at = scan_lines(&p, text, len, &bad_start);
	/* inih reads only the lines before a bad one, so its first error is the file's first. */
	char *head = xmemdup(text, bad_at ? bad_start : len);
	char scan_message[sizeof(p.message)];
	int line;

	memcpy(scan_message, p.message, sizeof(scan_message));
	p.message[0] = '\0';
	configure_inih();
	line = ini_parse_string(head, on_key, &p);
	if (line > 0 && !p.message[0])
		syntax_error(&p, head, line);
	free(head);
	if (line == -2)
		return qa_fail(err, QA_EXIT_OUTPUT, "%s: out of memory", name);
	if (line > 0)
		return qa_fail(err, QA_EXIT_USAGE, "%s:%d: %s", name, line, p.message);
	if (bad_at)
		return qa_fail(err, QA_EXIT_USAGE, "%s:%d: %s", name, bad_at, scan_message);
	return 0;
}

/* Checks that span keys, once everything is read. */
static int check_rubric(const struct rubric *r, const char *name, struct qa_error *err)
{
	int total = 0;

	for (int d = 0; d < DIM_COUNT; d++)
		total += r->weight[d];
	if (!total)
		return qa_fail(err, QA_EXIT_USAGE, "%s: every weight is 0", name);
	if (r->s5_max_csat > r->s5_csat_scale)
		return qa_fail(err, QA_EXIT_USAGE, "%s: [S5] max_csat %d is above csat_scale %d",
			       name, r->s5_max_csat, r->s5_csat_scale);
	return 0;
}

static int read_file(const char *path, struct buf *out, struct qa_error *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f)
		return qa_fail(err, QA_EXIT_USAGE, "%s: cannot open: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(out, chunk, n);
		if (out->len > MAX_FILE) {
			fclose(f);
			return qa_fail(err, QA_EXIT_USAGE, "%s: larger than %d MiB, not a rubric",
				       path, MAX_FILE >> 20);
		}
	}
	if (ferror(f)) {
		int saved = errno;

		fclose(f);
		return qa_fail(err, QA_EXIT_USAGE, "%s: cannot read: %s", path, strerror(saved));
	}
	fclose(f);
	return 0;
}

static void class_overrides_release(struct class_overrides *o)
{
	for (size_t i = 0; i < o->count; i++)
		free(o->items[i].value);
	free(o->items);
}

/* Each class's settings: a copy of r (sharing its lists) with the class's keys over it. */
static int build_classes(struct rubric *r, const struct class_overrides *o, const char *name,
			 struct qa_error *err)
{
	for (int c = 0; c < CLASS_COUNT; c++) {
		struct rubric *view = xmalloc(sizeof(*view));
		struct parse p = {view, NULL, ""};

		*view = *r;
		memset(view->by_class, 0, sizeof(view->by_class));
		r->by_class[c] = view;
		for (size_t i = 0; i < o->count; i++)
			if (o->items[i].cls == (enum channel_class)c)
				set_key(&p, o->items[i].key, o->items[i].section,
					o->items[i].value);
		if (check_rubric(view, name, err))
			return -1;
	}
	return 0;
}

/* Reads text (default only when NULL) over the built-in rubric into r. */
static int load(struct rubric *r, const char *text, size_t len, const char *name,
		struct qa_error *err)
{
	struct class_overrides overrides = {0};
	const char *where = text ? name : DEFAULT_NAME;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = apply_text(r, &overrides, rubric_default_text, strlen(rubric_default_text),
			DEFAULT_NAME, err) ||
	     (text && apply_text(r, &overrides, text, len, name, err)) ||
	     check_rubric(r, where, err) || build_classes(r, &overrides, where, err);
	class_overrides_release(&overrides);
	if (rc) {
		rubric_release(r);
		return -1;
	}
	return 0;
}

int rubric_load(struct rubric *r, const char *path, struct qa_error *err)
{
	struct buf text = BUF_INIT;
	int rc;

	if (!path)
		return load(r, NULL, 0, NULL, err);
	if (read_file(path, &text, err)) {
		memset(r, 0, sizeof(*r));
		buf_release(&text);
		return -1;
	}
	rc = load(r, buf_str(&text), text.len, path, err);
	buf_release(&text);
	return rc;
}

int rubric_parse(struct rubric *r, const char *text, const char *name, struct qa_error *err)
{
	return load(r, text, strlen(text), name ? name : "rubric", err);
}

void rubric_release(struct rubric *r)
{
	for (int c = 0; c < CLASS_COUNT; c++) {
		free(r->by_class[c]);
		free_strings(r->class_channels[c], r->class_channel_count[c]);
	}
	free(r->peak_hours);
	free_strings(r->promotion_dates, r->promotion_count);
	free_strings(r->b2b_channels, r->b2b_count);
	free_strings(r->competitors, r->competitor_count);
	for (size_t i = 0; i < r->fact_count; i++) {
		free_strings(r->facts[i].topics, r->facts[i].topic_count);
		free(r->facts[i].value);
	}
	free(r->facts);
	memset(r, 0, sizeof(*r));
}

static void add_joined(struct buf *out, char *const *items, size_t count, const char *sep)
{
	for (size_t i = 0; i < count; i++)
		buf_addf(out, "%s%s", i ? sep : "", items[i]);
}

static void canonical_key(const struct rubric *r, const struct key *k, int section, struct buf *out)
{
	const char *base = !strcmp(k->section, "*")
				   ? (const char *)&r->rules[section - SECTION_RULE0]
				   : (const char *)r;
	const void *field = base + k->offset;

	if (k->kind == KIND_FACT) {
		/* One line per fact, in the order read: the only repeatable key. */
		for (size_t i = 0; i < r->fact_count; i++) {
			buf_addf(out, "%s.%s=", section_name(section), k->name);
			add_joined(out, r->facts[i].topics, r->facts[i].topic_count, "/");
			buf_addf(out, " => %s\n", r->facts[i].value);
		}
		return;
	}
	buf_addf(out, "%s.%s=", section_name(section), k->name);
	switch (k->kind) {
	case KIND_NUMBER:
	case KIND_PERCENT:
		buf_addf(out, "%d", *(const int *)field);
		break;
	case KIND_BOOL:
		buf_addstr(out, *(const bool *)field ? "yes" : "no");
		break;
	case KIND_GRADE:
		buf_addch(out, grade_letter(*(const enum grade *)field));
		break;
	case KIND_LANGUAGE:
		buf_addstr(out,
			   (const char *[]){"zh", "en", "auto"}[*(const enum language *)field]);
		break;
	case KIND_OFFSET: {
		int m = *(const int *)field;

		buf_addf(out, "%c%02d:%02d", m < 0 ? '-' : '+', abs(m) / 60, abs(m) % 60);
		break;
	}
	case KIND_PERIODS:
		for (size_t i = 0; i < r->peak_count; i++) {
			const struct time_range *t = &r->peak_hours[i];

			buf_addf(out, "%s%02d:%02d-%02d:%02d", i ? "," : "", t->from_min / 60,
				 t->from_min % 60, t->to_min / 60, t->to_min % 60);
		}
		break;
	case KIND_DATES:
	case KIND_WORDS:
		add_joined(out, *(char **const *)field, *(const size_t *)(base + k->count_offset),
			   ",");
		break;
	case KIND_FACT:
		break;
	}
	buf_addch(out, '\n');
}

/* "class.NAME.CHECKPOINT.key=value" for each number or yes/no the class sees otherwise. */
static void canonical_classes(const struct rubric *r, struct buf *out)
{
	for (int c = 0; c < CLASS_COUNT; c++)
		for (int section = SECTION_RULE0; section < SECTION_CLASS0; section++)
			for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
				const struct key *k = &keys[i];
				struct buf mine = BUF_INIT, theirs = BUF_INIT;

				if (!key_in_section(k, section) ||
				    (k->kind != KIND_NUMBER && k->kind != KIND_BOOL))
					continue;
				canonical_key(r, k, section, &mine);
				canonical_key(r->by_class[c], k, section, &theirs);
				if (strcmp(buf_str(&mine), buf_str(&theirs)))
					buf_addf(out, "%s.%s", class_sections[c], buf_str(&theirs));
				buf_release(&mine);
				buf_release(&theirs);
			}
}

void rubric_canonical(const struct rubric *r, struct buf *out)
{
	for (int section = 0; section < SECTION_COUNT; section++)
		for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
			if (key_in_section(&keys[i], section))
				canonical_key(r, &keys[i], section, out);
	if (r->by_class[0])
		canonical_classes(r, out);
}

const char *channel_class_name(enum channel_class c)
{
	return (unsigned)c < CLASS_COUNT ? class_names[c] : "?";
}

/* ASCII case-insensitive substring test; other bytes must be equal. */
static bool contains_nocase(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++)
		if (!strncasecmp(haystack, needle, n))
			return true;
	return !n;
}

static bool names_any(const char *channel, char *const *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (contains_nocase(channel, words[i]))
			return true;
	return false;
}

enum channel_class rubric_channel_class(const struct rubric *r, const char *channel)
{
	if (!channel || !*channel)
		return CLASS_IM;
	if (names_any(channel, r->class_channels[CLASS_SOCIAL],
		      r->class_channel_count[CLASS_SOCIAL]))
		return CLASS_SOCIAL;
	if (names_any(channel, r->class_channels[CLASS_EMAIL], r->class_channel_count[CLASS_EMAIL]))
		return CLASS_EMAIL;
	return CLASS_IM;
}

bool rubric_channel_is_b2b(const struct rubric *r, const char *channel)
{
	return channel && names_any(channel, r->b2b_channels, r->b2b_count);
}

const struct rubric *rubric_for_class(const struct rubric *r, enum channel_class c)
{
	return (unsigned)c < CLASS_COUNT && r->by_class[c] ? r->by_class[c] : r;
}

char grade_letter(enum grade g)
{
	return (unsigned)g <= GRADE_A ? (char)('F' - g) : '?';
}
