/* Personal-data detection: PCRE2 finds candidates, checksums decide. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mask.h"
#include "regex.h"
#include "utf8.h"
#include "xalloc.h"

#define MAX_DIGITS  19
#define SECRET_MASK "******"

/* A run of digits, ASCII or full width (０-９, as typed on Chinese keyboards), in groups
 * split by single spaces or hyphens ("6222 0212 3456 7890", "138-1234-5678"); an ID
 * number may end in X. Which groups form a number is decided in code, not here. */
static const char number_pattern[] =
	"(?<![0-9０-９A-Za-z_])[0-9０-９](?:[ \\-]?[0-9０-９])*(?:(?<=[0-9])[Xx])?"
	"(?![0-9０-９A-Za-z_])";
static const char email_pattern[] = "[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)+";
/* A code is a value with a digit in it after a code word: "验证码：482913", "code is 1234".
 * Group 1 is the word that says "this is the value", group 2 the value. */
static const char code_pattern[] =
	"(?:验证码|驗證碼|校验码|校驗碼|动态码|動態碼|"
	"(?i:\\b(?:passcode|code|pin|otp|cvv|cvc)\\b))"
	"\\s*((?i:is)\\b|是|为|為|:|：|=)?\\s*((?=[A-Za-z0-9]{3})[A-Za-z0-9]*[0-9][A-Za-z0-9]*)"
	"(?![A-Za-z0-9])";
/* A password is any value after "密码是", "password:" ... (groups 1 and 2), or one with a
 * digit in it after the bare word ("password hunter2", group 3; not "password is
 * incorrect"). */
static const char password_pattern[] =
	"(?:密码|密碼|口令|(?i:\\b(?:password|passwd|pwd)\\b))\\s*"
	"(?:(是|为|為|:|：|=)\\s*([!-~]{3,})|(?:(?i:is)\\b)?\\s*([!-~]*[0-9][!-~]*))";
/* What follows a number that is a count, not a secret: "输错密码5次", "验证码120秒内有效". */
static const char *const count_units[] = {
	"次",   "秒",    "分",      "个",      "個",     "位",         "天",    "小时",
	"小時", "times", "seconds", "minutes", "digits", "characters", "hours", "days",
};

static pcre2_code *number_re, *email_re, *code_re, *password_re;
static pthread_once_t compiled = PTHREAD_ONCE_INIT;

static pcre2_code *compile(const char *pattern)
{
	int code;
	PCRE2_SIZE offset;
	pcre2_code *re =
		regex_compile(pattern, PCRE2_ZERO_TERMINATED, PCRE2_NO_UTF_CHECK, &code, &offset);

	if (!re)
		abort(); /* the patterns are constants: failing here is a bug */
	regex_jit(re);
	return re;
}

static void compile_all(void)
{
	number_re = compile(number_pattern);
	email_re = compile(email_pattern);
	code_re = compile(code_pattern);
	password_re = compile(password_pattern);
}

/* Collects the digit values of s[0..len), skipping separators; returns the count, or 0 if
 * more than MAX_DIGITS. A trailing X is stored as 10. */
static size_t collect_digits(const char *s, size_t len, int *digits)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int d;

		if (c >= '0' && c <= '9') {
			d = c - '0';
		} else if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBC &&
			   (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
			d = (unsigned char)s[i + 2] - 0x90;
			i += 2;
		} else if (c == 'X' || c == 'x') {
			d = 10;
		} else {
			continue;
		}
		if (n == MAX_DIGITS)
			return 0;
		digits[n++] = d;
	}
	return n;
}

static bool is_id_number(const int *d, size_t n)
{
	static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const int check[11] = {1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2};
	int sum = 0, year, month, day;

	if (n != 18)
		return false;
	for (int i = 0; i < 17; i++) {
		if (d[i] > 9)
			return false;
		sum += d[i] * weight[i];
	}
	year = d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9];
	month = d[10] * 10 + d[11];
	day = d[12] * 10 + d[13];
	return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
	       check[sum % 11] == d[17];
}

static bool is_bank_card(const int *d, size_t n)
{
	int sum = 0;

	if (n < 13 || n > 19)
		return false;
	for (size_t i = 0; i < n; i++) {
		int v = d[n - 1 - i];

		if (v > 9)
			return false;
		if (i % 2) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

static bool is_mobile(const int *d, size_t n)
{
	if (n == 13 && d[0] == 8 && d[1] == 6) { /* +86 prefix */
		d += 2;
		n -= 2;
	}
	if (n != 11 || d[0] != 1 || d[1] < 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (d[i] > 9)
			return false;
	return true;
}

static bool classify_number(const char *s, size_t len, enum pii_kind *kind)
{
	int digits[MAX_DIGITS];
	size_t n = collect_digits(s, len, digits);

	/* The most specific test first: a phone number may pass Luhn by chance. */
	if (is_id_number(digits, n))
		*kind = PII_ID_NUMBER;
	else if (is_mobile(digits, n))
		*kind = PII_PHONE;
	else if (is_bank_card(digits, n))
		*kind = PII_BANK_CARD;
	else
		return false;
	return true;
}

struct found {
	struct pii_match *items;
	size_t count, capacity;
};

static void add_found(struct found *f, size_t start, size_t end, enum pii_kind kind)
{
	ALLOC_GROW(f->items, f->count + 1, f->capacity);
	f->items[f->count++] = (struct pii_match){start, end, kind};
}

/* Digits in s[0..len), ASCII or full width; more than MAX_DIGITS counts as MAX_DIGITS + 1. */
static size_t count_digits(const char *s, size_t len)
{
	int digits[MAX_DIGITS];
	size_t n = collect_digits(s, len, digits);

	return n ? n : MAX_DIGITS + 1;
}

struct group {
	size_t from, to;
	size_t digits;
};

static bool groups_are(const struct group *g, size_t n, const size_t *sizes, size_t count)
{
	if (n != count)
		return false;
	for (size_t i = 0; i < n; i++)
		if (g[i].digits != sizes[i])
			return false;
	return true;
}

/* Whether numbers written in groups are grouped the way such numbers are: a phone number
 * 138 1234 5678 (after +86 too), an ID number 110105 19491231 002X, a card in fours. A
 * date or an order number next to a phone number does not join it. */
static bool grouped_as(enum pii_kind kind, const struct group *g, size_t n)
{
	static const size_t phone[] = {3, 4, 4}, phone86[] = {2, 3, 4, 4}, phone38[] = {3, 8},
			    phone86_11[] = {2, 11}, id[] = {6, 8, 4};

	switch (kind) {
	case PII_PHONE:
		return groups_are(g, n, phone, 3) || groups_are(g, n, phone86, 4) ||
		       groups_are(g, n, phone38, 2) || groups_are(g, n, phone86_11, 2);
	case PII_ID_NUMBER:
		return groups_are(g, n, id, 3);
	case PII_BANK_CARD:
		for (size_t i = 0; i + 1 < n; i++)
			if (g[i].digits != 4)
				return false;
		return g[n - 1].digits >= 1 && g[n - 1].digits <= 4;
	default:
		return false;
	}
}

/* Splits a run of digit groups into numbers, left to right, longest first: a number is a
 * single group, or several grouped as such numbers are (grouped_as). */
static void split_number_run(const char *text, size_t start, size_t end, struct found *f)
{
	struct group *g = NULL;
	size_t groups = 0, capacity = 0;

	for (size_t i = start; i < end; i++) {
		ALLOC_GROW(g, groups + 1, capacity);
		g[groups].from = i;
		while (i < end && text[i] != ' ' && text[i] != '-')
			i++;
		g[groups].to = i;
		g[groups].digits = count_digits(text + g[groups].from, i - g[groups].from);
		groups++;
	}
	for (size_t i = 0; i < groups;) {
		size_t j = groups;
		enum pii_kind kind;
		bool found = false;

		while (j > i && !found) {
			j--;
			found = classify_number(text + g[i].from, g[j].to - g[i].from, &kind) &&
				(j == i || grouped_as(kind, g + i, j - i + 1));
		}
		if (found) {
			add_found(f, g[i].from, g[j].to, kind);
			i = j + 1;
		} else {
			i++;
		}
	}
	free(g);
}

/* Whether a value is followed by a unit that makes it a count ("5次", "120 seconds"). */
static bool is_count(const char *text, size_t len, size_t end)
{
	while (end < len && text[end] == ' ')
		end++;
	for (size_t i = 0; i < sizeof(count_units) / sizeof(*count_units); i++) {
		size_t n = strlen(count_units[i]);

		if (len - end >= n && !strncasecmp(text + end, count_units[i], n))
			return true;
	}
	return false;
}

/* A secret's value: said outright ("密码是…", "code: …") it is a secret; after the bare word,
 * or counting something, it is masked but proves nothing. */
static void add_secret(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov,
		       int separator, int value, int loose_value)
{
	bool said = ov[2 * separator] != PCRE2_UNSET && ov[2 * value] != PCRE2_UNSET;
	int g = ov[2 * value] != PCRE2_UNSET ? value : loose_value;

	if (g < 0 || ov[2 * g] == PCRE2_UNSET)
		return;
	add_found(f, ov[2 * g], ov[2 * g + 1],
		  said && !is_count(text, len, ov[2 * g + 1]) ? PII_SECRET : PII_MAYBE_SECRET);
}

static void scan(pcre2_code *re, const char *text, size_t len, struct found *f)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	PCRE2_SIZE offset = 0;

	while (offset < len &&
	       pcre2_match(re, (PCRE2_SPTR)text, len, offset, PCRE2_NO_UTF_CHECK, md, NULL) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

		if (re == number_re)
			split_number_run(text, ov[0], ov[1], f);
		else if (re == email_re)
			add_found(f, ov[0], ov[1], PII_EMAIL);
		else if (re == code_re)
			add_secret(f, text, len, ov, 1, 2, -1);
		else
			add_secret(f, text, len, ov, 1, 2, 3);
		offset = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
	}
	pcre2_match_data_free(md);
}

static int by_start(const void *a, const void *b)
{
	const struct pii_match *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end > y->end ? -1 : x->end < y->end;
}

/* All matches, sorted and without overlaps; the caller frees f->items. */
/* True when text cannot hold personal data: ASCII with fewer than 11 digits (no phone, ID
 * or card number), no '@' (no e-mail) and no space, ':' or '=' (no "code: 1234"). Most ids
 * and short cells are like that, and skip the four scans. */
static bool surely_clean(const char *text, size_t len)
{
	size_t digits = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c >= 0x80 || c <= ' ' || c == '@' || c == ':' || c == '=')
			return false;
		digits += c >= '0' && c <= '9';
	}
	return digits < 11;
}

static void find_all(const char *text, size_t len, struct found *f)
{
	size_t kept = 0;

	if (surely_clean(text, len))
		return;
	pthread_once(&compiled, compile_all);
	scan(number_re, text, len, f);
	scan(email_re, text, len, f);
	scan(code_re, text, len, f);
	scan(password_re, text, len, f);
	if (f->count > 1)
		qsort(f->items, f->count, sizeof(*f->items), by_start);
	for (size_t i = 0; i < f->count; i++)
		if (!kept || f->items[i].start >= f->items[kept - 1].end)
			f->items[kept++] = f->items[i];
	f->count = kept;
}

size_t mask_find(const char *text, size_t len, struct pii_match *out, size_t max)
{
	struct found f = {NULL, 0, 0};

	find_all(text, len, &f);
	if (f.count)
		memcpy(out, f.items, (f.count < max ? f.count : max) * sizeof(*out));
	free(f.items);
	return f.count;
}

/* Masks a number, keeping separators and the last 4 digits. */
static void mask_number(const char *s, size_t len, struct buf *out)
{
	int digits[MAX_DIGITS];
	size_t total = collect_digits(s, len, digits), seen = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t width = c == 0xEF ? 3 : 1;

		if (c == ' ' || c == '-') {
			buf_addch(out, (char)c);
			continue;
		}
		if (++seen + 4 > total)
			buf_add(out, s + i, width);
		else
			buf_addch(out, '*');
		i += width - 1;
	}
}

static void mask_valid(const char *text, size_t len, struct buf *out)
{
	struct found f = {NULL, 0, 0};
	size_t done = 0;

	find_all(text, len, &f);
	for (size_t i = 0; i < f.count; i++) {
		const struct pii_match *m = &f.items[i];
		const char *at_sign;

		buf_add(out, text + done, m->start - done);
		switch (m->kind) {
		case PII_EMAIL:
			at_sign = memchr(text + m->start, '@', m->end - m->start);
			buf_addstr(out, "***");
			buf_add(out, at_sign, (size_t)(text + m->end - at_sign));
			break;
		case PII_SECRET:
		case PII_MAYBE_SECRET:
			buf_addstr(out, SECRET_MASK);
			break;
		default:
			mask_number(text + m->start, m->end - m->start, out);
			break;
		}
		done = m->end;
	}
	buf_add(out, text + done, len - done);
	free(f.items);
}

void mask_text(const char *text, size_t len, struct buf *out)
{
	struct buf repaired = BUF_INIT;

	if (utf8_is_valid(text, len)) {
		mask_valid(text, len, out);
		return;
	}
	utf8_repair(text, len, &repaired);
	mask_valid(repaired.data, repaired.len, out);
	buf_release(&repaired);
}
