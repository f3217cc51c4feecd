/* Personal-data detection: PCRE2 finds candidates, checksums decide. Also the one place text
 * is made safe to write: invalid UTF-8 and control characters are replaced here. */
#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>

#include "buf.h"
#include "mask.h"
#include "regex.h"
#include "utf8.h"
#include "xalloc.h"

#define MAX_DIGITS  19
#define SECRET_MASK "******"
#define MAX_ROUNDS  16
#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Pattern pieces. The patterns run on text whose full-width letters, digits and the signs
 * numbers and addresses are written with are folded to ASCII (fold_width), so they name
 * ASCII only. PRINTABLE is printable ASCII and the full-width signs left, but for what ends
 * a clause (,;！，：；？), so that a value ends where a clause does. */
#define DIGIT        "[0-9]"
#define ALNUM        "[A-Za-z0-9]"
#define FW_PRINTABLE "\\x{FF02}-\\x{FF0B}\\x{FF0D}-\\x{FF19}\\x{FF1C}-\\x{FF1E}\\x{FF20}-\\x{FF5E}"
#define PRINTABLE    "[!-+\\--:<-~" FW_PRINTABLE "]"
/* What ends a clause: whitespace and sentence punctuation. */
#define CLAUSE_CHAR "[^\\s\\x{3000}，。！？；、,;]"

/* A run of digits in groups split by single spaces, hyphens or dots ("6222 0212 3456 7890",
 * "138-1234-5678", "138.1234.5678", "1 3 8 1 2 3 4 5 6 7 8"), whatever is around it
 * ("KF13912345678", "tel13812345678abc"); an ID number may end in X. Which groups form a
 * number is decided in code, not here. */
static const char number_pattern[] = DIGIT "(?:[ .\\-]?" DIGIT ")*[Xx]?";
/* An e-mail address. The domain is taken whole and is no address's local part ("a@b.c@d.com"
 * is none). */
#define DOMAIN_CHAR "[A-Za-z0-9\\-]"
static const char email_pattern[] =
	"[A-Za-z0-9._%+\\-]+@" DOMAIN_CHAR "++(?:\\." DOMAIN_CHAR "++)++(?!@)";
/* A code is a value with a digit in it after a code word: "验证码：482913", "code is 1234",
 * "pin1234" (a word is one if no letter follows it, so that digits glued to it are its value).
 * Group 1 is the word that says "this is the value", group 2 the value. */
static const char code_pattern[] = "(?:验证码|驗證碼|校验码|校驗碼|动态码|動態碼|"
				   "(?i:\\b(?:passcode|code|pin|otp|cvv|cvc)(?![A-Za-z])))"
				   "\\s*((?i:is)\\b|是|为|為|:|：|=)?\\s*((?=" ALNUM "{3})" ALNUM
				   "*" DIGIT ALNUM "*)(?!" ALNUM ")";
/* A password is what is said to be one after "密码是", "password:" ... (group 1): 3 or
 * more printable characters (group 2) or, when it starts with words, the rest of the clause
 * if it holds a number ("密码是我的生日0307", group 3); or a value with a digit in it after
 * the bare word ("password hunter2", group 4; not "password is incorrect"). */
static const char password_pattern[] =
	"(?:密码|密碼|口令|(?i:\\b(?:password|passwd|pwd)(?![A-Za-z])))\\s*"
	"(?:(是|为|為|:|：|=)\\s*(?:(" PRINTABLE "{3,})|((?=" CLAUSE_CHAR "*?" DIGIT ")" CLAUSE_CHAR
	"+))|(?:(?i:is)\\b)?\\s*(" PRINTABLE "*" DIGIT PRINTABLE "*))";
/* A North-American number with its area code in parentheses: "(415) 555-0123", also after
 * 1 ("1 (415) 555-0123"; the '+' of "+1 (415)…" stays as it is). */
static const char nanp_pattern[] = "(?:(?<![0-9])1[ .\\-]?)?\\([0-9]{3}\\)[ .\\-]?[0-9]{3}[ .\\-]?"
				   "[0-9]{4}(?![0-9])";
/* A Hong Kong mobile number without +852 (group 1: "9123 4567") is one only after a word
 * saying it is a phone number: eight digits alone are as often an order number. What is
 * between them is no digit, nor a masked one. */
static const char hk_mobile_pattern[] =
	"(?:电话|電話|手机|手機|联系|聯絡|聯繫|致电|致電|"
	"(?i:\\b(?:phone|tel|mobile|cell|call|whatsapp|sms|contact)(?:s|ed|ing)?(?![A-Za-z])))"
	"[^0-9*＊\\n]{0,16}?(" DIGIT "{4}[ \\-]?" DIGIT "{4})(?!" DIGIT ")";
/* A Taiwan ID number: a letter, 1 or 2, then 8 digits, the last a check digit. */
static const char tw_id_pattern[] = "[A-Za-z][12][0-9]{8}(?![0-9])";
/* A Hong Kong ID number: 1 or 2 letters (group 1), 6 digits and a check digit or A, maybe in
 * parentheses: "A123456(3)", "AB9876543". */
static const char hk_id_pattern[] =
	"([A-Za-z]{1,2})[0-9]{6}(?:\\([0-9Aa]\\)|[0-9Aa](?![A-Za-z0-9]))";
/* An IBAN: country, check digits, then groups of 4 letters or digits, maybe split by single
 * spaces ("GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", in any case). Where it
 * ends is decided by its country's length and its check digits. */
static const char iban_pattern[] =
	"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?";
/* An international number with the trunk 0 in parentheses, "+44 (0)20 7946 0958": the
 * country code (group 1) and the national number (group 2) are read as one. */
static const char trunk_pattern[] =
	"\\+([0-9]{1,3}) ?\\(0\\) ?([0-9](?:[ .\\-]?[0-9]){5,13})(?![0-9])";
/* A message asking for a code or password: the customer's answer may be the bare value. */
static const char code_request_pattern[] =
	"验证码|驗證碼|校验码|校驗碼|动态码|動態碼|密码|密碼|口令|"
	"(?i:\\b(?:verification|passcode|password|code|otp|pin|2fa)s?(?![A-Za-z]))";
/* What follows a number that is a count, not a secret: "输错密码5次", "验证码120秒内有效". */
static const char *const count_units[] = {
	"次",   "秒",    "分",      "个",      "個",     "位",         "天",    "小时",
	"小時", "times", "seconds", "minutes", "digits", "characters", "hours", "days",
};

struct found {
	struct pii_match *items;
	size_t count, capacity;
};

/* ---- numbers: phone, ID and card numbers, each a validator and the ways it is grouped ---- */

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

static bool all_digits(const int *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (d[i] > 9)
			return false;
	return true;
}

static bool is_mobile(const int *d, size_t n)
{
	if (n == 13 && d[0] == 8 && d[1] == 6) { /* +86 prefix */
		d += 2;
		n -= 2;
	}
	return n == 11 && d[0] == 1 && d[1] >= 3 && all_digits(d, n);
}

/* A US social security number: area not 000, 666 or 9xx, group not 00, serial not 0000. */
static bool is_ssn(const int *d, size_t n)
{
	int area, group, serial;

	if (n != 9 || !all_digits(d, n))
		return false;
	area = d[0] * 100 + d[1] * 10 + d[2];
	group = d[3] * 10 + d[4];
	serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
	return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
}

/* A North-American number, optionally after 1: area code and exchange start 2-9. */
static bool is_nanp(const int *d, size_t n)
{
	if (n == 11 && d[0] == 1) {
		d++;
		n--;
	}
	return n == 10 && all_digits(d, n) && d[0] >= 2 && d[3] >= 2;
}

/* A Taiwan mobile number: 09 and 8 digits. */
static bool is_tw_mobile(const int *d, size_t n)
{
	return n == 10 && d[0] == 0 && d[1] == 9 && all_digits(d, n);
}

/* Country codes whose national numbers have a known length. No code begins another. */
static const struct country {
	int code, digits, min, max;
} countries[] = {
	{1, 1, 10, 10}, {7, 1, 10, 10}, {33, 2, 9, 9},   {34, 2, 9, 9},   {44, 2, 9, 10},
	{60, 2, 8, 10}, {61, 2, 9, 9},  {63, 2, 10, 10}, {65, 2, 8, 8},   {66, 2, 8, 9},
	{81, 2, 9, 10}, {82, 2, 8, 10}, {84, 2, 9, 10},  {86, 2, 10, 11}, {91, 2, 10, 10},
	{852, 3, 8, 8}, {853, 3, 8, 8}, {886, 3, 8, 9},
};

/* An international number after '+' (E.164): a country code and 7-12 more digits, as many
 * as that country's numbers have when the code is one of countries[]. */
static bool is_international(const int *d, size_t n)
{
	if (n < 8 || n > 15 || d[0] == 0 || !all_digits(d, n))
		return false;
	for (size_t i = 0; i < sizeof(countries) / sizeof(*countries); i++) {
		const struct country *c = &countries[i];
		int code = 0;

		for (int k = 0; k < c->digits; k++)
			code = code * 10 + d[k];
		if (code == c->code)
			return (int)n - c->digits >= c->min && (int)n - c->digits <= c->max;
	}
	return true;
}

/* Group sizes a number is written in, 0-terminated; ANY_FOURS is a card's 4 4 4 ... 1-4,
 * AFTER_CODE a country code of 1-3 digits, then groups of any size. */
#define MAX_GROUPINGS 4
#define ANY_FOURS     99
#define AFTER_CODE    98

/* How else a number may be written: in one group, one digit at a time; only after '+'. */
#define WHOLE      1
#define SPELLED    2
#define AFTER_PLUS 4

static const struct number_kind {
	enum pii_kind kind;
	bool (*is_valid)(const int *digits, size_t n);
	unsigned char groupings[MAX_GROUPINGS][6];
	unsigned char written;
	const char *separators; /* the ones allowed between groups; NULL: any */
} number_kinds[] = {
	/* The most specific test first: a phone number may pass Luhn by chance. */
	{PII_ID_NUMBER, is_id_number, {{6, 8, 4}}, WHOLE | SPELLED, NULL},
	{PII_PHONE, is_mobile, {{3, 4, 4}, {2, 3, 4, 4}, {3, 8}, {2, 11}}, WHOLE | SPELLED, NULL},
	{PII_PHONE, is_international, {{AFTER_CODE}}, WHOLE | SPELLED | AFTER_PLUS, NULL},
	/* Nine or ten digits in one group are as often an order number, and ten spelled digits
	 * part of a longer number: these need groups. */
	{PII_ID_NUMBER, is_ssn, {{3, 2, 4}}, 0, "-"},
	{PII_PHONE, is_nanp, {{3, 3, 4}, {1, 3, 3, 4}}, 0, NULL},
	{PII_PHONE, is_tw_mobile, {{4, 3, 3}, {4, 6}}, WHOLE | SPELLED, NULL},
	{PII_BANK_CARD, is_bank_card, {{ANY_FOURS}}, WHOLE | SPELLED, NULL},
};

struct group {
	size_t from, to;
	size_t digits;
};

static bool groups_are(const struct group *g, size_t n, const unsigned char *sizes)
{
	if (sizes[0] == ANY_FOURS) {
		for (size_t i = 0; i + 1 < n; i++)
			if (g[i].digits != 4)
				return false;
		return g[n - 1].digits >= 1 && g[n - 1].digits <= 4;
	}
	if (sizes[0] == AFTER_CODE)
		return g[0].digits <= 3;
	for (size_t i = 0; i < n; i++)
		if (sizes[i] != g[i].digits)
			return false;
	return sizes[n] == 0;
}

/* Whether numbers written in groups g[0..n) of text are grouped the way such numbers are: a
 * phone number 138 1234 5678, an ID number 110105 19491231 002X, a card in fours, or (most
 * kinds) one digit at a time. A date or an order number next to a phone number does not
 * join it. */
static bool grouped_as(const struct number_kind *k, const char *text, const struct group *g,
		       size_t n)
{
	bool single = true;

	if (n == 1)
		return k->written & WHOLE;
	for (size_t i = 0; i < n && single; i++)
		single = g[i].digits == 1;
	if (single)
		return k->written & SPELLED;
	for (size_t i = 0; k->separators && i + 1 < n; i++)
		if (!strchr(k->separators, text[g[i].to]))
			return false;
	for (size_t i = 0; i < MAX_GROUPINGS && k->groupings[i][0]; i++)
		if (groups_are(g, n, k->groupings[i]))
			return true;
	return false;
}

/* The kind of number the groups g[0..n) of text are, or NULL; plus: they follow a '+'. */
static const struct number_kind *classify(const char *text, const struct group *g, size_t n,
					  bool plus)
{
	int digits[MAX_DIGITS];
	size_t count = collect_digits(text + g[0].from, g[n - 1].to - g[0].from, digits);

	for (size_t i = 0; i < sizeof(number_kinds) / sizeof(*number_kinds); i++) {
		const struct number_kind *k = &number_kinds[i];

		if ((plus || !(k->written & AFTER_PLUS)) && k->is_valid(digits, count) &&
		    grouped_as(k, text, g, n))
			return k;
	}
	return NULL;
}

static void add_found(struct found *f, size_t start, size_t end, enum pii_kind kind)
{
	ALLOC_GROW(f->items, f->count + 1, f->capacity);
	f->items[f->count++] = (struct pii_match){start, end, kind};
}

static bool is_separator(char c)
{
	return c == ' ' || c == '-' || c == '.';
}

/* Tries groups g[i..j] as one number, with the run's trailing X or without it. */
static bool try_number(const char *text, struct group *g, size_t i, size_t j, bool last_x,
		       struct found *f)
{
	bool plus = g[i].from > 0 && text[g[i].from - 1] == '+';
	const struct number_kind *k;

	if (last_x) {
		g[j].to++;
		g[j].digits++;
		k = classify(text, g + i, j - i + 1, plus);
		g[j].to--;
		g[j].digits--;
		if (k) {
			add_found(f, g[i].from, g[j].to + 1, k->kind);
			return true;
		}
	}
	k = classify(text, g + i, j - i + 1, plus);
	if (k)
		add_found(f, g[i].from, g[j].to, k->kind);
	return k != NULL;
}

/* Splits a run of digit groups into numbers, left to right, longest first: a number is a
 * single group, or several grouped as such numbers are (grouped_as), of at most MAX_DIGITS
 * digits. A run shorter than the shortest number (10 digits) holds none. */
static void split_number_run(const char *text, size_t start, size_t end, struct found *f)
{
	struct group *g = NULL;
	size_t groups = 0, capacity = 0;
	bool x = text[end - 1] == 'X' || text[end - 1] == 'x';

	if (end - start < 10)
		return;
	end -= x; /* the X belongs to the last group only as an ID number's check digit */
	for (size_t i = start; i < end; i++) {
		int digits[MAX_DIGITS];
		size_t n;

		ALLOC_GROW(g, groups + 1, capacity);
		g[groups].from = i;
		while (i < end && !is_separator(text[i]))
			i++;
		g[groups].to = i;
		n = collect_digits(text + g[groups].from, i - g[groups].from, digits);
		g[groups].digits = n ? n : MAX_DIGITS + 1;
		groups++;
	}
	for (size_t i = 0; i < groups;) {
		size_t j = i, digits = 0;
		bool found = false;

		while (j < groups && digits + g[j].digits <= MAX_DIGITS)
			digits += g[j++].digits;
		if (j == i) /* one group of more than MAX_DIGITS digits */
			j = i + 1;
		while (j > i && !found) {
			j--;
			found = try_number(text, g, i, j, x && j == groups - 1, f);
		}
		i = found ? j + 1 : i + 1;
	}
	free(g);
}

/* ---- secrets ---- */

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

static bool is_digit_at(const char *s, size_t len, size_t i, size_t *width)
{
	unsigned char c = (unsigned char)s[i];

	*width = c == 0xEF ? 3 : 1;
	return (c >= '0' && c <= '9') ||
	       (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBC &&
		(unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99);
}

/* Whether text[from..to) holds a number that is not a count ("生日0307", not "由8位数字"). */
static bool has_uncounted_number(const char *text, size_t len, size_t from, size_t to)
{
	size_t i = from, width;

	while (i < to) {
		if (!is_digit_at(text, to, i, &width)) {
			i++;
			continue;
		}
		while (i < to && is_digit_at(text, to, i, &width))
			i += width;
		if (!is_count(text, len, i))
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

/* ---- the patterns, each with what its match becomes ---- */

static void found_number(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov)
{
	(void)len;
	split_number_run(text, ov[0], ov[1], f);
}

static void found_email(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov)
{
	(void)text;
	(void)len;
	add_found(f, ov[0], ov[1], PII_EMAIL);
}

static void found_code(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov)
{
	add_secret(f, text, len, ov, 1, 2, -1);
}

/* A password said in words is one if it holds a number that counts nothing: "我的生日0307",
 * not "由8位数字组成". */
static void found_password(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov)
{
	if (ov[6] != PCRE2_UNSET) {
		if (has_uncounted_number(text, len, ov[6], ov[7]))
			add_found(f, ov[6], ov[7], PII_SECRET);
		return;
	}
	add_secret(f, text, len, ov, 1, 2, 4);
}

static void found_nanp(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov)
{
	int digits[MAX_DIGITS];
	size_t n = collect_digits(text + ov[0], ov[1] - ov[0], digits);

	(void)len; /* patterns[] passes it to every finder */
	if (is_nanp(digits, n))
		add_found(f, ov[0], ov[1], PII_PHONE);
}

/* Hong Kong mobile numbers start 4-9; 2 and 3 are fixed lines, often a business's. */
static void found_hk_mobile(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov)
{
	int digits[MAX_DIGITS];
	size_t n = collect_digits(text + ov[2], ov[3] - ov[2], digits);

	(void)len; /* patterns[] passes it to every finder */
	if (n == 8 && digits[0] >= 4)
		add_found(f, ov[2], ov[3], PII_PHONE);
}

/* The letter counts 10-35 in this order; then the digits weigh 8 7 ... 1 and the check 1. */
static void found_tw_id(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov)
{
	static const char letters[] = "ABCDEFGHJKLMNPQRSTUVXYWZIO";
	const char *s = text + ov[0];
	int code = (int)(strchr(letters, toupper((unsigned char)s[0])) - letters) + 10;
	int sum = code / 10 + code % 10 * 9 + (s[9] - '0');

	(void)len; /* patterns[] passes it to every finder */
	for (int i = 1; i <= 8; i++)
		sum += (s[i] - '0') * (9 - i);
	if (sum % 10 == 0)
		add_found(f, ov[0], ov[1], PII_ID_NUMBER);
}

/* Whether s, 1 or 2 letters, 6 digits and a check character, is a Hong Kong ID number:
 * with a missing first letter counted as 36, the 8 weigh 9 8 ... 2, and with the check (A
 * is 10) the sum is a multiple of 11. */
static bool is_hk_id(const char *s, size_t letters)
{
	int sum = letters == 1 ? 36 * 9 : 0, weight = letters == 1 ? 8 : 9;

	for (size_t i = 0; i < letters; i++)
		sum += (toupper((unsigned char)*s++) - 'A' + 10) * weight--;
	for (int i = 0; i < 6; i++)
		sum += (*s++ - '0') * weight--;
	s += *s == '(';
	sum += *s >= '0' && *s <= '9' ? *s - '0' : 10;
	return sum % 11 == 0;
}

/* "xA123456(3)": the letters matched may hold one before the number's. */
static void found_hk_id(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov)
{
	size_t letters = ov[3] - ov[2];

	(void)len; /* patterns[] passes it to every finder */
	if (is_hk_id(text + ov[2], letters))
		add_found(f, ov[0], ov[1], PII_ID_NUMBER);
	else if (letters == 2 && is_hk_id(text + ov[2] + 1, 1))
		add_found(f, ov[0] + 1, ov[1], PII_ID_NUMBER);
}

/* The countries that issue IBANs and their length, from the SWIFT IBAN registry. */
static const char iban_lengths[] =
	"AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18DO28EE20"
	"EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HN28HR21HU28IE22IL23IQ23IS26IT27JO30"
	"KW30KZ20LB28LC32LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23"
	"PK24PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28TL23TN24TR26"
	"UA29VA22VG24XK20YE30";

/* How many characters an IBAN of the country c0 c1 has, or 0 if it issues none. */
static unsigned iban_length(char c0, char c1)
{
	const char code[2] = {(char)toupper((unsigned char)c0), (char)toupper((unsigned char)c1)};

	for (const char *e = iban_lengths; *e; e += 4)
		if (e[0] == code[0] && e[1] == code[1])
			return (unsigned)((e[2] - '0') * 10 + (e[3] - '0'));
	return 0;
}

/* The IBAN check: its length is its country's, and with the first 4 characters moved to the
 * end and letters read as 10-35 the number is 1 modulo 97. s[0..len) holds letters and
 * digits, maybe split by spaces. */
static bool is_iban(const char *s, size_t len)
{
	unsigned remainder = 0, chars = 0;

	for (size_t k = 0; k < len; k++) {
		char c = s[(k + 4) % len];

		if (c == ' ')
			continue;
		chars++;
		if (c >= '0' && c <= '9')
			remainder = (remainder * 10 + (unsigned)(c - '0')) % 97;
		else
			remainder = (remainder * 100 +
				     (unsigned)(toupper((unsigned char)c) - 'A' + 10)) %
				    97;
	}
	return chars == iban_length(s[0], s[1]) && remainder == 1;
}

/* The longest IBAN the match begins: it ends at the match's end or before a space in it. */
static void found_iban(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov)
{
	(void)len; /* patterns[] passes it to every finder */

	for (size_t end = ov[1]; end > ov[0] + 4; end--)
		if ((end == ov[1] || text[end] == ' ') && is_iban(text + ov[0], end - ov[0])) {
			add_found(f, ov[0], end, PII_BANK_CARD);
			return;
		}
}

static void found_trunk(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov)
{
	int digits[2 * MAX_DIGITS];
	size_t n = collect_digits(text + ov[2], ov[3] - ov[2], digits);
	size_t national = collect_digits(text + ov[4], ov[5] - ov[4], digits + n);

	(void)len; /* patterns[] passes it to every finder */
	if (national && is_international(digits, n + national))
		add_found(f, ov[0], ov[1], PII_PHONE);
}

/* What a pattern cannot match without, so that text without it skips the pattern (most chat
 * messages hold no digit): every pattern but two needs an ASCII digit. */
enum clue {
	CLUE_DIGIT,
	CLUE_AT,            /* '@' */
	CLUE_PASSWORD_WORD, /* a value with no digit may follow 密码 ... */
};

/* A pattern whose match may hold nothing but a shorter match begun later (an IBAN after
 * something IBAN-like) is looked for again from the next character: it retries. */
static struct pattern {
	const char *source;
	void (*found)(struct found *f, const char *text, size_t len, const PCRE2_SIZE *ov);
	enum clue needs;
	bool retries;
	pcre2_code *re;
} patterns[] = {
	{number_pattern, found_number, CLUE_DIGIT, false, NULL},
	{email_pattern, found_email, CLUE_AT, false, NULL},
	{code_pattern, found_code, CLUE_DIGIT, false, NULL},
	{password_pattern, found_password, CLUE_PASSWORD_WORD, false, NULL},
	{nanp_pattern, found_nanp, CLUE_DIGIT, false, NULL},
	{trunk_pattern, found_trunk, CLUE_DIGIT, false, NULL},
	{hk_mobile_pattern, found_hk_mobile, CLUE_DIGIT, false, NULL},
	{tw_id_pattern, found_tw_id, CLUE_DIGIT, false, NULL},
	{hk_id_pattern, found_hk_id, CLUE_DIGIT, false, NULL},
	{iban_pattern, found_iban, CLUE_DIGIT, true, NULL},
};
#define PATTERN_COUNT (sizeof(patterns) / sizeof(*patterns))

static pcre2_code *code_request;
static uint32_t most_groups; /* of patterns[]: one match data fits them all */
static pthread_once_t compiled = PTHREAD_ONCE_INIT;

static pcre2_code *compile(const char *source)
{
	int code;
	PCRE2_SIZE offset;
	pcre2_code *re =
		regex_compile(source, PCRE2_ZERO_TERMINATED, PCRE2_NO_UTF_CHECK, &code, &offset);

	if (!re)
		abort(); /* the patterns are constants: failing here is a bug */
	regex_jit(re);
	return re;
}

static void compile_all(void)
{
	for (size_t i = 0; i < PATTERN_COUNT; i++) {
		uint32_t groups;

		patterns[i].re = compile(patterns[i].source);
		pcre2_pattern_info(patterns[i].re, PCRE2_INFO_CAPTURECOUNT, &groups);
		if (groups > most_groups)
			most_groups = groups;
	}
	code_request = compile(code_request_pattern);
}

static void scan(const struct pattern *p, const char *text, size_t len, pcre2_match_data *md,
		 struct found *f)
{
	PCRE2_SIZE offset = 0;

	while (offset < len && pcre2_match(p->re, (PCRE2_SPTR)text, len, offset, PCRE2_NO_UTF_CHECK,
					   md, NULL) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t before = f->count;

		p->found(f, text, len, ov);
		if (p->retries && f->count == before) {
			offset = ov[0] + 1;
			while (offset < len && ((unsigned char)text[offset] & 0xC0) == 0x80)
				offset++;
			continue;
		}
		offset = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
	}
}

/* Earlier first; at one start the longer first, and of two alike the secret (masked whole). */
static int by_start(const void *a, const void *b)
{
	const struct pii_match *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return (int)y->kind - (int)x->kind;
}

/* True when text cannot hold personal data and needs no cleaning: printable ASCII with
 * fewer than 6 digits (no phone, ID, card or account number: the shortest, a Hong Kong ID
 * number, has 6 and a check character), no '@' (no e-mail), no space, ':' or '=' (no "code:
 * 1234") and no '(' ("(415) 555-0123"). Most ids and short cells are like that, and skip the
 * scans. */
static bool surely_clean(const char *text, size_t len)
{
	size_t digits = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c >= 0x7F || c <= ' ' || c == '@' || c == ':' || c == '=' || c == '(')
			return false;
		digits += c >= '0' && c <= '9';
	}
	return digits < 6;
}

/* The ASCII form of the full-width character at s (U+FF01-U+FF5E are ASCII + 0xFEE0) when it
 * is a letter, a digit or a sign numbers and addresses are written with, a space for the
 * ideographic space; else 0. People type "１３８－１２３４－５６７８" on Chinese keyboards. */
static char fold_width(const unsigned char *s, size_t len)
{
	unsigned cp;

	if (len < 3 || (s[0] != 0xEF && s[0] != 0xE3))
		return 0;
	if (s[0] == 0xE3)
		return s[1] == 0x80 && s[2] == 0x80 ? ' ' : 0;
	if (s[1] != 0xBC && s[1] != 0xBD)
		return 0;
	cp = 0xF000u | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	if (cp < 0xFF01 || cp > 0xFF5E)
		return 0;
	cp -= 0xFEE0;
	return isalnum((int)cp) || strchr("@.-+()_%", (int)cp) ? (char)cp : 0;
}

/* text with fold_width applied, and where each of its bytes came from (one more for the
 * end); NULL when nothing folds. */
static char *fold(const char *text, size_t len, size_t *folded_len, size_t **from)
{
	char *out = NULL;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		char c = fold_width((const unsigned char *)text + i, len - i);

		if (c && !out) {
			out = xmalloc(len + 1);
			*from = xmalloc((len + 1) * sizeof(**from));
			memcpy(out, text, i);
			for (n = 0; n < i; n++)
				(*from)[n] = n;
		}
		if (!out)
			continue;
		(*from)[n] = i;
		out[n++] = c ? c : text[i];
		i += c ? 2 : 0;
	}
	if (out) {
		(*from)[n] = len;
		*folded_len = n;
	}
	return out;
}

/* Whether the text at s may begin one of password_pattern's words once folded: 密码, 密碼,
 * 口令, or "pa" or "pw" in any case (password, passwd, pwd; no other letter folds to p, a or
 * w), the a or w maybe full-width. */
static bool begins_password_word(const char *s, size_t len)
{
	static const char *const words[] = {"密码", "密碼", "口令"};

	if (len >= 2 && (s[0] | 0x20) == 'p')
		return (s[1] | 0x20) == 'a' || (s[1] | 0x20) == 'w' || (unsigned char)s[1] == 0xEF;
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (len >= strlen(words[i]) && !memcmp(s, words[i], strlen(words[i])))
			return true;
	return false;
}

/* The clue a full-width character (U+FF00-U+FF7F: EF, then b1 and b2) folds into: a digit
 * (０-９), '@' (＠), or maybe a password word (Ｐ, ｐ). */
static unsigned full_width_clue(unsigned char b1, unsigned char b2)
{
	if (b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99)
		return 1u << CLUE_DIGIT;
	if (b1 == 0xBC && b2 == 0xA0)
		return 1u << CLUE_AT;
	if ((b1 == 0xBC && b2 == 0xB0) || (b1 == 0xBD && b2 == 0x90))
		return 1u << CLUE_PASSWORD_WORD;
	return 0;
}

/* Which clues text holds once folded (fold), as bits (1 << enum clue): read before folding,
 * so that the text of most messages, which has none, is neither folded nor scanned. */
static unsigned clues_in(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned clues = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			clues |= 1u << CLUE_DIGIT;
		else if (s[i] == '@')
			clues |= 1u << CLUE_AT;
		else if ((s[i] | 0x20) == 'p' || s[i] == 0xE5) /* 密, 口 */
			clues |= (unsigned)begins_password_word(text + i, len - i)
				 << CLUE_PASSWORD_WORD;
		else if (s[i] == 0xEF && i + 2 < len)
			clues |= full_width_clue(s[i + 1], s[i + 2]);
	}
	return clues;
}

/* All matches, sorted and without overlaps; the caller frees f->items. */
static void find_all(const char *text, size_t len, struct found *f)
{
	size_t kept = 0, folded_len = 0, *from = NULL;
	char *folded;
	unsigned clues;
	pcre2_match_data *md;

	if (surely_clean(text, len))
		return;
	clues = clues_in(text, len);
	if (!clues)
		return;
	pthread_once(&compiled, compile_all);
	folded = fold(text, len, &folded_len, &from);
	md = pcre2_match_data_create(most_groups + 1, NULL);
	for (size_t i = 0; i < PATTERN_COUNT; i++)
		if (clues & 1u << patterns[i].needs)
			scan(&patterns[i], folded ? folded : text, folded ? folded_len : len, md,
			     f);
	pcre2_match_data_free(md);
	if (folded) {
		for (size_t i = 0; i < f->count; i++) {
			f->items[i].start = from[f->items[i].start];
			f->items[i].end = from[f->items[i].end];
		}
		free(folded);
		free(from);
	}
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

/* ---- control characters ---- */

/* Bytes of the control character at s (valid UTF-8) that is replaced, or 0: C0 but tab and
 * newline, DEL, C1 (U+0080-U+009F) and the bidi embeddings, overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069). A CR is no control: it becomes a newline. */
static size_t control_length(const unsigned char *s, size_t len)
{
	if (s[0] < 0x20)
		return s[0] != '\t' && s[0] != '\n' && s[0] != '\r';
	if (s[0] == 0x7F)
		return 1;
	if (s[0] == 0xC2 && len >= 2 && s[1] >= 0x80 && s[1] <= 0x9F)
		return 2;
	if (s[0] == 0xE2 && len >= 3 &&
	    ((s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE) ||
	     (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)))
		return 3;
	return 0;
}

static bool has_controls(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F ||
		    ((c == 0xC2 || c == 0xE2) &&
		     control_length((const unsigned char *)s + i, len - i)))
			return true;
	}
	return false;
}

/* Appends valid UTF-8 s with control characters replaced by U+FFFD, CR LF and CR by LF. */
static void replace_controls(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0;

	for (size_t i = 0; i < len;) {
		size_t n = p[i] == '\r' ? 1 : control_length(p + i, len - i);

		if (!n) {
			i++;
			continue;
		}
		buf_add(out, s + run, i - run);
		if (p[i] == '\r') {
			buf_addch(out, '\n');
			n += i + 1 < len && p[i + 1] == '\n';
		} else {
			buf_add(out, REPLACEMENT, 3);
		}
		i += n;
		run = i;
	}
	buf_add(out, s + run, len - run);
}

/* ---- masking ---- */

/* Bytes of the letter or digit at s[i], ASCII or full width, or 0. */
static size_t alnum_width(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i], c1, c2;

	if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
		return 1;
	if (c != 0xEF || i + 2 >= len)
		return 0;
	c1 = (unsigned char)s[i + 1];
	c2 = (unsigned char)s[i + 2];
	if ((c1 == 0xBC && ((c2 >= 0x90 && c2 <= 0x99) || (c2 >= 0xA1 && c2 <= 0xBA))) ||
	    (c1 == 0xBD && c2 >= 0x81 && c2 <= 0x9A))
		return 3;
	return 0;
}

/* Masks a number, keeping what is no letter or digit (separators, parentheses) and the last
 * 4 letters or digits. */
static void mask_number(const char *s, size_t len, struct buf *out)
{
	size_t total = 0, seen = 0, width;

	for (size_t i = 0; i < len; i += width ? width : 1)
		total += (width = alnum_width(s, len, i)) != 0;
	for (size_t i = 0; i < len; i += width ? width : 1) {
		width = alnum_width(s, len, i);
		if (!width)
			buf_addch(out, s[i]);
		else if (++seen + 4 > total)
			buf_add(out, s + i, width);
		else
			buf_addch(out, '*');
	}
}

/* The '@' or '＠' of an e-mail address. */
static const char *at_sign(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == '@' || (i + 2 < len && !memcmp(s + i, "＠", 3)))
			return s + i;
	return s + len;
}

/* Appends text masked to out. */
static void mask_valid(const char *text, size_t len, struct buf *out)
{
	struct found f = {NULL, 0, 0};
	size_t done = 0;

	find_all(text, len, &f);
	for (size_t i = 0; i < f.count; i++) {
		const struct pii_match *m = &f.items[i];
		const char *at;

		buf_add(out, text + done, m->start - done);
		switch (m->kind) {
		case PII_EMAIL:
			/* The domain stays, but not a number in it ("a@b.com13812345678"). */
			at = at_sign(text + m->start, m->end - m->start);
			buf_addstr(out, "***");
			mask_valid(at, (size_t)(text + m->end - at), out);
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

/* Masks text[0..len) onto the end of out; returns whether that changed it. */
static bool mask_round(const char *text, size_t len, struct buf *out)
{
	size_t from = out->len;

	mask_valid(text, len, out);
	return out->len - from != len || memcmp(out->data + from, text, len);
}

/* Masks text into out until nothing more is found: in "1 3 8 1 2 3 4 5 6 1 3 8 1 2 3 4 5 6 7
 * 8" the first number found keeps "1 3", which with the digits after it spell a second, and a
 * '*' where a number was can end a run of letters and digits that is then a valid IBAN. So
 * any round that changed the text is followed by another. Each masks more characters, so the
 * rounds end; MAX_ROUNDS bounds them anyway. */
static void mask_settled(const char *text, size_t len, struct buf *out)
{
	size_t from = out->len;
	bool changed = mask_round(text, len, out);

	for (int round = 1; changed && round < MAX_ROUNDS; round++) {
		struct buf again = BUF_INIT;

		buf_add(&again, out->data + from, out->len - from);
		out->len = from;
		out->data[from] = '\0';
		changed = mask_round(again.data, again.len, out);
		buf_release(&again);
	}
}

void mask_text(const char *text, size_t len, struct buf *out)
{
	struct buf repaired = BUF_INIT, cleaned = BUF_INIT;

	if (surely_clean(text, len)) {
		buf_add(out, text, len);
		return;
	}
	if (!utf8_is_valid(text, len)) {
		utf8_repair(text, len, &repaired);
		text = repaired.data;
		len = repaired.len;
	}
	if (has_controls(text, len)) {
		replace_controls(text, len, &cleaned);
		text = cleaned.data;
		len = cleaned.len;
	}
	mask_settled(text, len, out);
	buf_release(&cleaned);
	buf_release(&repaired);
}

void mask_line(const char *text, size_t len, struct buf *out)
{
	size_t from = out->len;

	mask_text(text, len, out);
	for (size_t i = from; i < out->len; i++)
		if (out->data[i] == '\n' || out->data[i] == '\t')
			out->data[i] = ' ';
}

/* ---- a code given as the answer to a request for one ---- */

bool mask_asks_for_code(const char *text, size_t len)
{
	struct buf repaired = BUF_INIT;
	pcre2_match_data *md;
	bool asks;

	pthread_once(&compiled, compile_all);
	if (!utf8_is_valid(text, len)) {
		utf8_repair(text, len, &repaired);
		text = repaired.data;
		len = repaired.len;
	}
	md = pcre2_match_data_create_from_pattern(code_request, NULL);
	asks = pcre2_match(code_request, (PCRE2_SPTR)text, len, 0, PCRE2_NO_UTF_CHECK, md, NULL) >
	       0;
	pcre2_match_data_free(md);
	buf_release(&repaired);
	return asks;
}

/* Whether the code point c is white space or punctuation, ASCII or CJK. */
static bool is_filler(unsigned c)
{
	return (c < 0x80 &&
		!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) ||
	       (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
	       (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
	       (c >= 0xFF5B && c <= 0xFF65);
}

/* The one number of 4-8 digits in s (masked, valid UTF-8), maybe in groups of 3 or more
 * split by single spaces ("482 913"; not a date "2026-11-20"), when besides it s holds at
 * most REPLY_CHARS characters that are no space or punctuation: "482913", "ok it is
 * 482913", "是 4829 吧". Text with a '*' in it is no bare code: the last digits masking
 * kept ("*******5678") are none. */
#define REPLY_CHARS 20
static bool bare_code(const char *s, size_t len, size_t *start, size_t *end)
{
	size_t digits = 0, group = 0, others = 0, from = SIZE_MAX, to = 0, width;

	for (size_t i = 0; i < len; i += width) {
		if (is_digit_at(s, len, i, &width)) {
			if (from != SIZE_MAX && i != to) {
				if (i != to + 1 || s[to] != ' ' || group < 3)
					return false; /* a second number */
				group = 0;
			}
			if (from == SIZE_MAX)
				from = i;
			to = i + width;
			digits++;
			group++;
			continue;
		}
		width = utf8_sequence_length((const unsigned char *)s + i, len - i);
		if (!width || s[i] == '*')
			return false;
		if (!is_filler(utf8_decode((const unsigned char *)s + i, width)) &&
		    ++others > REPLY_CHARS)
			return false;
	}
	*start = from;
	*end = to;
	return digits >= 4 && digits <= 8 && group >= 3;
}

void mask_text_after(const char *text, size_t len, const char *previous, size_t previous_len,
		     struct buf *out)
{
	size_t from = out->len, start, end;
	struct buf rest = BUF_INIT;

	mask_text(text, len, out);
	if (!previous || out->len == from ||
	    !bare_code(out->data + from, out->len - from, &start, &end) ||
	    !mask_asks_for_code(previous, previous_len))
		return;
	buf_add(&rest, out->data + from + end, out->len - from - end);
	out->len = from + start;
	buf_addstr(out, SECRET_MASK);
	buf_add(out, rest.data, rest.len);
	buf_release(&rest);
}
