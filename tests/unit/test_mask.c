/* Personal-data masking (STANDARD.md §6): what counts as an ID, card or phone number (real
 * check digits, not just digit runs), what the masked text looks like, and that text
 * without personal data, or with invalid UTF-8, comes out safe and otherwise unchanged. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "mask.h"
#include "utf8.h"

/* GB 11643 check digits, computed with python3: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
 * sum mod 11 indexes "10X98765432". Region 110105 (Beijing Chaoyang), born 1990-03-07. */
#define ID_VALID     "110105199003071239"
#define ID_VALID_X   "11010519900307101X"
#define ID_BAD_CHECK "110105199003071238" /* the valid one with its check digit changed */
/* Luhn-valid (check digit 4); the same number ending in 0 fails the Luhn check. */
#define CARD_VALID    "6222021234567894"
#define CARD_BAD_LUHN "6222021234567890"

/* mask_text(s) as a C string compared with want. */
static void assert_masked(const char *s, const char *want)
{
	struct buf out = BUF_INIT;

	mask_text(s, strlen(s), &out);
	assert_string_equal(buf_str(&out), want);
	buf_release(&out);
}

/* Nothing in s is personal data. */
static void assert_untouched(const char *s)
{
	struct pii_match m[1];

	assert_masked(s, s);
	assert_int_equal(mask_find(s, strlen(s), m, 1), 0);
}

/* s holds exactly one piece of personal data, of this kind, at these byte offsets. */
static void assert_one(const char *s, enum pii_kind kind, size_t start, size_t end)
{
	struct pii_match m[2] = {{0, 0, PII_EMAIL}, {0, 0, PII_EMAIL}};

	assert_int_equal(mask_find(s, strlen(s), m, 2), 1);
	assert_int_equal(m[0].kind, kind);
	assert_int_equal(m[0].start, start);
	assert_int_equal(m[0].end, end);
}

static void test_id_number_with_valid_check_digit_is_found(void **state)
{
	(void)state;
	assert_one(ID_VALID, PII_ID_NUMBER, 0, 18);
	/* "身份证" is 9 bytes of UTF-8. */
	assert_one("身份证" ID_VALID "，谢谢", PII_ID_NUMBER, 9, 27);
}

static void test_id_number_ending_in_x_is_found(void **state)
{
	(void)state;
	assert_one(ID_VALID_X, PII_ID_NUMBER, 0, 18);
	assert_one("11010519900307101x", PII_ID_NUMBER, 0, 18);
}

static void test_id_number_with_wrong_check_digit_is_not_found(void **state)
{
	(void)state;
	assert_untouched(ID_BAD_CHECK);
	assert_masked("身份证" ID_BAD_CHECK, "身份证" ID_BAD_CHECK);
}

static void test_id_number_keeps_its_last_four_characters(void **state)
{
	(void)state;
	assert_masked("身份证" ID_VALID, "身份证**************1239");
	assert_masked(ID_VALID_X, "**************101X");
}

static void test_luhn_valid_card_number_is_found_and_masked(void **state)
{
	(void)state;
	assert_one("卡号" CARD_VALID, PII_BANK_CARD, 6, 22);
	assert_masked("卡号" CARD_VALID, "卡号************7894");
}

static void test_card_number_grouped_by_spaces_keeps_its_spaces(void **state)
{
	(void)state;
	assert_one("6222 0212 3456 7894", PII_BANK_CARD, 0, 19);
	assert_masked("卡号 6222 0212 3456 7894 。", "卡号 **** **** **** 7894 。");
}

static void test_card_number_failing_luhn_is_not_found(void **state)
{
	(void)state;
	assert_untouched(CARD_BAD_LUHN);
	assert_masked("卡号" CARD_BAD_LUHN, "卡号" CARD_BAD_LUHN);
	assert_masked("6222 0212 3456 7890", "6222 0212 3456 7890");
}

static void test_mobile_number_keeps_its_last_four_digits(void **state)
{
	(void)state;
	assert_one("13812345678", PII_PHONE, 0, 11);
	assert_masked("13812345678", "*******5678");
	assert_masked("手机13812345678，谢谢", "手机*******5678，谢谢");
	assert_masked("tel:15912345678", "tel:*******5678");
}

static void test_mobile_number_after_plus_86_is_masked_with_the_prefix(void **state)
{
	(void)state;
	/* The match starts at "86": the '+' stays, the country code is masked too. */
	assert_one("+86 138 1234 5678", PII_PHONE, 1, 17);
	assert_masked("+86 138 1234 5678", "+** *** **** 5678");
	assert_masked("+8613812345678", "+*********5678");
}

static void test_mobile_number_grouped_by_hyphens_keeps_its_hyphens(void **state)
{
	(void)state;
	assert_one("138-1234-5678", PII_PHONE, 0, 13);
	assert_masked("138-1234-5678", "***-****-5678");
}

static void test_full_width_mobile_number_is_found(void **state)
{
	(void)state;
	/* Eleven 3-byte full-width digits. */
	assert_one("１３８１２３４５６７８", PII_PHONE, 0, 33);
	assert_masked("电话１３８１２３４５６７８", "电话*******５６７８");
}

static void test_eleven_digits_that_are_no_mobile_number_are_not_found(void **state)
{
	(void)state;
	assert_untouched("12345678901"); /* mobiles start 13-19 */
	assert_untouched("11812345678");
	assert_untouched("02012345678");  /* a landline */
	assert_untouched("138123456789"); /* twelve digits */
}

static void test_number_glued_to_letters_is_found_but_not_one_glued_to_digits(void **state)
{
	(void)state;
	assert_one("13812345678x", PII_PHONE, 0, 11);
	assert_one("KF13912345678", PII_PHONE, 2, 13);
	assert_untouched("订单号2305180013812345678"); /* one 19-digit number, no card */
}

static void test_email_address_keeps_only_its_domain(void **state)
{
	(void)state;
	assert_one("zhang.san@example.com", PII_EMAIL, 0, 21);
	assert_masked("zhang.san@example.com", "***@example.com");
	assert_masked("邮箱：li_si+cs@mail.example.com.cn。", "邮箱：***@mail.example.com.cn。");
}

static void test_email_made_of_a_phone_number_is_masked_once_as_email(void **state)
{
	(void)state;
	assert_one("13812345678@qq.com", PII_EMAIL, 0, 18);
	assert_masked("13812345678@qq.com", "***@qq.com");
}

static void test_password_after_chinese_keyword_is_replaced_whole(void **state)
{
	(void)state;
	assert_one("密码是abc123", PII_SECRET, 9, 15);
	assert_masked("密码是abc123", "密码是******");
	assert_masked("密码 abc123", "密码 ******");
	/* Without 是/:/= the value needs a digit: "密码 错误", "password is incorrect". */
	assert_masked("密码 abc", "密码 abc");
	assert_masked("your password is incorrect", "your password is incorrect");
}

static void test_verification_code_after_full_width_colon_is_replaced(void **state)
{
	(void)state;
	assert_one("验证码：482913", PII_SECRET, 12, 18);
	assert_masked("验证码：482913", "验证码：******");
	assert_masked("驗證碼是 4829", "驗證碼是 ******");
}

static void test_english_password_and_code_values_are_replaced(void **state)
{
	(void)state;
	assert_masked("password: hunter2", "password: ******");
	assert_masked("PASSWORD=Secr3t!", "PASSWORD=******");
	assert_masked("your code is 123456", "your code is ******");
	assert_masked("my pin is 1234", "my pin is ******");
}

/* A password with no digit in it, after each of its words (the text has nothing else a
 * pattern looks for). */
static void test_password_without_a_digit_is_replaced_after_every_word(void **state)
{
	(void)state;
	assert_masked("密码是abcdef", "密码是******");
	assert_masked("密碼：abcdef", "密碼：******");
	assert_masked("口令=abcdef", "口令=******");
	assert_masked("my Password: hunter", "my Password: ******");
	assert_masked("PASSWD=hunter", "PASSWD=******");
	assert_masked("pwd: hunter", "pwd: ******");
	assert_masked("ＰＡＳＳＷＯＲＤ：ａｂｃｄｅｆ", "ＰＡＳＳＷＯＲＤ：******");
	assert_masked("ｐｗｄ：ａｂｃｄｅｆ", "ｐｗｄ：******");
	assert_masked("pａssword: abcdef", "pａssword: ******");
	assert_masked("Ｐwd=hunter", "Ｐwd=******");
}

static void test_secret_keyword_without_a_value_is_left_alone(void **state)
{
	(void)state;
	assert_masked("密码错误，请不要泄露密码", "密码错误，请不要泄露密码");
	assert_masked("密码是什么？", "密码是什么？");
	assert_masked("code: 12", "code: 12");
	assert_masked("Please reset your password in the app",
		      "Please reset your password in the app");
}

static void test_text_without_personal_data_comes_back_byte_identical(void **state)
{
	static const char s[] = "您好，订单230518001已于2026-11-20 10:00发货，"
				"预计1-3个工作日送达。Order #230518001 shipped.";

	(void)state;
	assert_untouched(s);
	assert_untouched("");
}

static void test_order_numbers_and_dates_are_untouched(void **state)
{
	(void)state;
	assert_masked("订单230518001 日期2026-11-20", "订单230518001 日期2026-11-20");
	assert_masked("2026-11-20 10:00:01", "2026-11-20 10:00:01");
}

static void test_several_kinds_are_found_in_text_order(void **state)
{
	static const char s[] = "邮箱a@b.cn 电话13812345678 密码是abc123";
	struct pii_match m[3];

	(void)state;
	assert_int_equal(mask_find(s, strlen(s), m, 3), 3);
	assert_int_equal(m[0].kind, PII_EMAIL);
	assert_int_equal(m[0].start, 6);
	assert_int_equal(m[0].end, 12);
	assert_int_equal(m[1].kind, PII_PHONE);
	assert_int_equal(m[1].start, 19);
	assert_int_equal(m[1].end, 30);
	assert_int_equal(m[2].kind, PII_SECRET);
	assert_int_equal(m[2].start, 40);
	assert_int_equal(m[2].end, 46);
	assert_masked(s, "邮箱***@b.cn 电话*******5678 密码是******");
}

static void test_two_numbers_separated_by_a_space_are_both_found(void **state)
{
	(void)state;
	assert_masked("13812345678 13912345678", "*******5678 *******5678");
}

static void test_find_counts_past_max_but_stores_only_max(void **state)
{
	static const char s[] = "13812345678 / 13912345678";
	struct pii_match m[2] = {{0, 0, PII_EMAIL}, {77, 77, PII_EMAIL}};

	(void)state;
	assert_int_equal(mask_find(s, strlen(s), m, 1), 2);
	assert_int_equal(m[0].kind, PII_PHONE);
	assert_int_equal(m[0].start, 0);
	assert_int_equal(m[0].end, 11);
	assert_int_equal(m[1].start, 77); /* untouched */
	assert_int_equal(m[1].end, 77);
}

static void test_mask_text_appends_to_what_the_buffer_holds(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	buf_addstr(&out, "excerpt: ");
	mask_text("13812345678", 11, &out);
	assert_string_equal(buf_str(&out), "excerpt: *******5678");
	buf_release(&out);
}

static void test_invalid_utf8_is_replaced_before_masking(void **state)
{
	static const char s[] = "手机\xff"
				"13812345678";
	struct buf out = BUF_INIT;

	(void)state;
	mask_text(s, strlen(s), &out);
	assert_string_equal(buf_str(&out), "手机\xEF\xBF\xBD*******5678");
	assert_true(utf8_is_valid(out.data, out.len));
	buf_release(&out);
}

static void test_truncated_sequence_and_nul_become_replacement_characters(void **state)
{
	/* "扫" is E6 89 AB; cut after two bytes, then a NUL inside the text. */
	static const char s[] = {'a', 'b', 'c', '\xE6', '\x89', 'x', '\0', 'y'};
	struct buf out = BUF_INIT;

	(void)state;
	mask_text(s, sizeof(s), &out);
	assert_int_equal(out.len, 3 + 3 + 3 + 1 + 3 + 1);
	assert_memory_equal(out.data, "abc\xEF\xBF\xBD\xEF\xBF\xBDx\xEF\xBF\xBDy", out.len);
	assert_true(utf8_is_valid(out.data, out.len));
	buf_release(&out);
}

/* mask_find leaves out untouched when it finds nothing. */
static void test_find_in_text_without_personal_data_returns_zero(void **state)
{
	static const char s[] = "订单230518001 " ID_BAD_CHECK " " CARD_BAD_LUHN;
	struct pii_match m[1] = {{77, 77, PII_EMAIL}};

	(void)state;
	assert_int_equal(mask_find(s, strlen(s), m, 1), 0);
	assert_int_equal(m[0].start, 77);
}

/* A phone number is found inside a longer run of digit groups ("13812345678 9点"). */
static void test_phone_followed_by_a_short_number_is_still_found(void **state)
{
	(void)state;
	assert_masked("联系13812345678 9点后可以", "联系*******5678 9点后可以");
	assert_masked("phone 13812345678 2026-11-20", "phone *******5678 2026-11-20");
}

/* Any Luhn-valid 13-19 digit number is a card, old 9558... debit cards too. */
static void test_luhn_valid_card_starting_with_9_is_found(void **state)
{
	(void)state;
	/* 9558801234567890128: Luhn check digit 8, computed with python3. */
	assert_one("9558801234567890128", PII_BANK_CARD, 0, 19);
}

/* A code is a value with a digit in it, not the next word. */
static void test_word_after_code_that_is_no_value_is_left_alone(void **state)
{
	(void)state;
	assert_masked("Your verification code has been sent",
		      "Your verification code has been sent");
}

/* A secret is one said to be one; a count after the word is masked but proves nothing. */
static void test_only_values_said_outright_are_secrets(void **state)
{
	static const struct {
		const char *text;
		enum pii_kind kind;
	} cases[] = {
		{"验证码：482913", PII_SECRET},
		{"密码是abc123", PII_SECRET},
		{"password: hunter2", PII_SECRET},
		{"your code is 7731", PII_SECRET},
		{"输错密码5次会锁定", PII_MAYBE_SECRET},
		{"验证码120秒内有效", PII_MAYBE_SECRET},
		{"验证码：120 秒内有效", PII_MAYBE_SECRET},
		{"reset your password 3 times per day", PII_MAYBE_SECRET},
		{"discount code SORRY15", PII_MAYBE_SECRET},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct pii_match m[2];

		if (mask_find(cases[i].text, strlen(cases[i].text), m, 2) != 1 ||
		    m[0].kind != cases[i].kind)
			fail_msg("'%s': not found as kind %d", cases[i].text, cases[i].kind);
	}
}

/* Identifiers are not personal data, but the numbers inside them may be: the digits of a
 * phone, ID or card number are masked wherever they are, the letters kept. Groups that are
 * not how a phone, ID or card number is written are left alone. */
static void test_ids_keep_their_letters_and_lose_their_numbers(void **state)
{
	(void)state;
	assert_untouched("S20261120-005594");
	assert_masked("order_6222021234567890128", "order_***************0128");
	assert_untouched("2026-11-20 2026111900 5594");
	assert_masked("会话 6222 0212 3456 7890 128", "会话 **** **** **** ***0 128");
	assert_masked("身份证 110105 19880312 1236", "身份证 ****** ******** 1236");
}

/* Every spelling of issue 13, and lookalikes that must stay as they are. */
static const struct spelling {
	const char *text, *want; /* want NULL: text comes back unchanged */
} spellings[] = {
	/* ids: the digits are masked, the letters kept */
	{"KF13912345678", "KF*******5678"},
	{"S110101199003071233", "S**************1233"},
	{"cust_13712345678", "cust_*******5678"},
	{"wx13612345678", "wx*******5678"},
	{"ＫＦ１３９１２３４５６７８", "ＫＦ*******５６７８"},
	{"S11010519900307101X", "S**************101X"},
	{"11010519900307101Xabc", "**************101Xabc"},
	/* numbers glued to letters on either side, or to a period */
	{"tel13812345678", "tel*******5678"},
	{"13812345678abc", "*******5678abc"},
	{"no6222021234567890128", "no***************0128"},
	{"手机号13812345678。", "手机号*******5678。"},
	{"call13812345678now", "call*******5678now"},
	/* separators: dots, spaces between single digits */
	{"138.1234.5678", "***.****.5678"},
	{"1 3 8 1 2 3 4 5 6 7 8", "* * * * * * * 5 6 7 8"},
	{"电话是1 3 8 1 2 3 4 5 6 7 8谢谢", "电话是* * * * * * * 5 6 7 8谢谢"},
	{"+86.138.1234.5678", "+**.***.****.5678"},
	/* neighbours that must not join a number */
	{"13812345678 13912345678", "*******5678 *******5678"},
	{"13812345678,13912345678", "*******5678,*******5678"},
	{"2026-11-20 13812345678", "2026-11-20 *******5678"},
	{"2026.11.20.13812345678", "2026.11.20.*******5678"},
	{"20261120 13812345678", "20261120 *******5678"},
	{"13812345678 9点", "*******5678 9点"},
	{"13812345678.00", "*******5678.00"},
	/* the kept "1 3" of the first number and the digits after it spell a second one */
	{"1 3 8 1 2 3 4 5 6 1 3 8 1 2 3 4 5 6 7 8", "* * * * * * * 5 6 * * * * * * * 5 6 7 8"},
	/* full width */
	{"ｌｉｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "***＠ｅｘａｍｐｌｅ．ｃｏｍ"},
	{"lin＠example.com", "***＠example.com"},
	{"a@example.com13812345678", "***@example.com*******5678"},
	{"a@b.c@d.com", "a@***@d.com"},
	{"邮箱lin.xiaoyu88@example.com谢谢", "邮箱***@example.com谢谢"},
	{"密码：ａｂｃ１２３", "密码：******"},
	{"密码：ａｂｃ１２３，好的", "密码：******，好的"},
	{"验证码：４８２９１３", "验证码：******"},
	/* a password said in words */
	{"密码是我的生日0307", "密码是******"},
	{"密码是我的生日0307，你记一下", "密码是******，你记一下"},
	{"密码是 生日0307 谢谢", "密码是 ****** 谢谢"},
	{"password: hunter2!", "password: ******"},
	{"密码是abc12345对吧", "密码是******对吧"},
	{"密码是ab加生日0307吧", "密码是******"},
	{"密码：12", "密码：******"},
	{"密码：我的1,好的", "密码：******,好的"},
	{"password: abc123;ok", "password: ******;ok"},
	{"password15900001111", "password******"},
	{"my pin1234 ok", "my pin****** ok"},
	{"passwords and pins", NULL},
	/* look-alikes that stay */
	{"2026-11-20", NULL},
	{"2026-11-20 10:00:01", NULL},
	{"2026/11/20 10:00", NULL},
	{"2026.11.20", NULL},
	{"订单230518001已发货", NULL},
	{"订单号2305180013812345678", NULL},
	{"¥1299.00", NULL},
	{"price 12.50", NULL},
	{"3.14", NULL},
	{"v1.2.3", NULL},
	{"version 10.15.7 build 22H123", NULL},
	{"IP 192.168.100.138", NULL},
	{"AB1234", NULL},
	{"use SORRY15 at checkout", NULL},
	{"room 1380, floor 12", NULL},
	{"1 2 3", NULL},
	{"12345678901", NULL},
	{"02012345678", NULL},
	{"S20261120-0013", NULL},
	{"密码是什么？", NULL},
	{"密码是由8位数字组成", NULL},
	{"密码错误3次", NULL},
	{"your password is incorrect", NULL},
	{"6222021234567890", NULL}, /* fails Luhn */
	{"KF1381234567", NULL},     /* ten digits */
};

/* Issue 14: the formats of other countries (check digits computed with python3), and
 * look-alikes that stay. */
static const struct spelling other_countries[] = {
	/* international numbers after '+' keep the '+' and their last 4 digits */
	{"+44 20 7946 0958", "+** ** **** 0958"},
	{"+1 415 555 0123", "+* *** *** 0123"},
	{"+852 9123 4567", "+*** **** 4567"},
	{"+886 912 345 678", "+*** *** **5 678"},
	{"+886-912-345-678", "+***-***-**5-678"},
	{"+14155550123", "+*******0123"},
	{"+33 1 23 45 67 89", "+** * ** ** 67 89"},
	{"call +44 20 7946 0958 now", "call +** ** **** 0958 now"},
	{"+852 9123 4567 9点", "+*** **** 4567 9点"}, /* +852 numbers have 8 digits */
	{"+44 20 7946 0958 2026-11-20", "+** ** **** 0958 2026-11-20"},
	/* North-American numbers: area code and exchange start 2-9 */
	{"(415) 555-0123", "(***) ***-0123"},
	{"(415)555-0123", "(***)***-0123"},
	{"415-555-0123", "***-***-0123"},
	{"415.555.0123", "***.***.0123"},
	{"415 555 0123", "*** *** 0123"},
	{"1-415-555-0123", "*-***-***-0123"},
	{"+1 (415) 555-0123", "+* (***) ***-0123"},
	{"call me at (415) 555-0123, thanks", "call me at (***) ***-0123, thanks"},
	/* the kept 1234 and the groups after it spell a card: masked in a second round */
	{"+1 (415) 5551234 5698 7654 30", "+* (***) ******* **** **54 30"},
	{"tel415-555-0123", "tel***-***-0123"},
	/* US social security numbers, written with hyphens */
	{"123-45-6789", "***-**-6789"},
	{"SSN: 123-45-6789.", "SSN: ***-**-6789."},
	/* Taiwan mobile numbers */
	{"0912-345-678", "****-**5-678"},
	{"0912345678", "******5678"},
	{"0912 345 678", "**** **5 678"},
	{"手機0912345678", "手機******5678"},
	/* Taiwan ID numbers: a letter, 1 or 2, 8 digits with the check digit */
	{"A123456789", "******6789"},
	{"身分證字號 A123456789 謝謝", "身分證字號 ******6789 謝謝"},
	{"a123456789", "******6789"},
	{"IDA123456789", "ID******6789"},
	/* Hong Kong ID numbers, check digit in parentheses or not (A is 10) */
	{"A123456(3)", "****456(3)"},
	{"AB9876543", "*****6543"},
	{"HKID AB987654(3)", "HKID *****654(3)"},
	{"idA123456(3)", "id****456(3)"},
	{"C123456(9)", "****456(9)"},
	/* Hong Kong mobile numbers without +852: only after a word saying it is a phone */
	{"call me 9123 4567", "call me **** 4567"},
	{"phone: 91234567", "phone: ****4567"},
	{"WhatsApp 6123-4567", "WhatsApp ****-4567"},
	{"电话：5123 4567", "电话：**** 4567"},
	{"手機 91234567 謝謝", "手機 ****4567 謝謝"},
	/* IBANs: mod-97 checked, ending where the check says */
	{"GB82 WEST 1234 5698 7654 32", "**** **** **** **** **54 32"},
	{"DE89370400440532013000", "******************3000"},
	{"IBAN: GB82 WEST 1234 5698 7654 32 thanks", "IBAN: **** **** **** **** **54 32 thanks"},
	{"IBAN GB82 WEST 1234 5698 7654 32 OK", "IBAN **** **** **** **** **54 32 OK"},
	{"AB12 GB82 WEST 1234 5698 7654 32", "AB12 **** **** **** **** **54 32"},
	{"gb82 west 1234 5698 7654 32", "**** **** **** **** **54 32"}, /* any case */
	{"iban de89370400440532013000", "iban ******************3000"},
	/* the trunk 0 in parentheses belongs to the number */
	{"+44 (0)20 7946 0958", "+** (*)** **** 0958"},
	{"+49 (0)30 1234567", "+** (*)** ***4567"},
	/* Hong Kong mobiles also start 4, 7 and 8 */
	{"phone 4123 4567", "phone **** 4567"},
	{"call 8123-4567", "call ****-4567"},
	/* every format typed in full width, as on a Chinese keyboard */
	{"１３８－１２３４－５６７８", "***－****－５６７８"},
	{"１３８　１２３４　５６７８", "***　****　５６７８"},
	{"（４１５）５５５－０１２３", "（***）***－０１２３"},
	{"＋４４ ２０ ７９４６ ０９５８", "＋** ** **** ０９５８"},
	{"１２３－４５－６７８９", "***－**－６７８９"},
	{"０９１２－３４５－６７８", "****－**５－６７８"},
	{"Ａ１２３４５６７８９", "******６７８９"},
	{"Ａ１２３４５６（３）", "****４５６（３）"},
	{"ＧＢ８２ ＷＥＳＴ １２３４ ５６９８ ７６５４ ３２", "**** **** **** **** **５４ ３２"},
	/* look-alikes that stay */
	{"415-555-01", NULL},
	{"123-45-678", NULL},
	{"12-31-2026", NULL},
	{"123 45 6789", NULL}, /* an SSN is written with hyphens */
	{"123456789", NULL},   /* nine digits: an order number */
	{"000-12-3456", NULL}, /* no SSN area is 000, 666 or 9xx */
	{"666-12-3456", NULL},
	{"912-12-3456", NULL},
	{"123-00-4567", NULL},
	{"123-45-0000", NULL},
	{"123-555-0123", NULL}, /* area codes start 2-9 */
	{"415-155-0123", NULL}, /* so do exchanges */
	{"(123) 555-0123", NULL},
	{"4155550123", NULL}, /* ten digits in one group: an order number */
	{"order 91234567", NULL},
	{"订单号 91234567", NULL},
	{"9123 4567", NULL},
	{"call me at 10:30, order 91234567", NULL}, /* a digit between the word and the number */
	{"phone 2123 4567", NULL},                  /* fixed lines start 2 and 3 */
	{"A123456788", NULL},                       /* wrong check digit */
	{"A323456789", NULL},                       /* a letter then 3 */
	{"A123456(7)", NULL},                       /* wrong check digit */
	{"AB9876541", NULL},
	{"GB82 WEST 1234 5698 7654 33", NULL},
	{"GB00 TEST 1234", NULL},
	{"GB82 WEST 1234 5698 7654 3", NULL},  /* a GB IBAN has 22 characters */
	{"XX82 WEST 1234 5698 7654 32", NULL}, /* no such country */
	{"ab12cdefghijklmnopqrst", NULL},
	{"+44 (0)20", NULL},
	{"（订单号：２０２６１１２０）", NULL},
	{"0812345678", NULL},
	{"+1 2026", NULL},
	{"2026-11-20 10:00 +08:00", NULL},
	{"订单230518001，¥1299.00，2026-11-20", NULL},
	{"version 10.15.7 build 22H123", NULL},
	{"Order #S2026112000 shipped 2026-11-20", NULL},
	{"SKU AB123456 x2", NULL},
};

static void test_other_countries_formats_are_masked_and_lookalikes_stay(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(other_countries) / sizeof(*other_countries); i++) {
		const struct spelling *c = &other_countries[i];
		const char *want = c->want ? c->want : c->text;
		struct buf out = BUF_INIT, again = BUF_INIT;

		mask_text(c->text, strlen(c->text), &out);
		if (strcmp(buf_str(&out), want))
			fail_msg("'%s' became '%s', not '%s'", c->text, buf_str(&out), want);
		mask_text(out.data, out.len, &again);
		if (strcmp(buf_str(&out), buf_str(&again)))
			fail_msg("'%s' masked again became '%s'", buf_str(&out), buf_str(&again));
		buf_release(&again);
		buf_release(&out);
	}
}

/* What each is found as: phones, ID numbers, an IBAN as a bank account. */
static void test_other_countries_formats_are_found_as_their_kind(void **state)
{
	(void)state;
	assert_one("(415) 555-0123", PII_PHONE, 0, 14);
	assert_one("+44 20 7946 0958", PII_PHONE, 1, 16);
	assert_one("0912-345-678", PII_PHONE, 0, 12);
	assert_one("call me 9123 4567", PII_PHONE, 8, 17);
	assert_one("123-45-6789", PII_ID_NUMBER, 0, 11);
	assert_one("A123456789", PII_ID_NUMBER, 0, 10);
	assert_one("A123456(3)", PII_ID_NUMBER, 0, 10);
	assert_one("DE89370400440532013000", PII_BANK_CARD, 0, 22);
}

/* mask_text_after(s, asked) as a C string compared with want. */
static void assert_reply_masked(const char *asked, const char *s, const char *want)
{
	struct buf out = BUF_INIT, again = BUF_INIT;

	buf_addstr(&out, ">");
	mask_text_after(s, strlen(s), asked, asked ? strlen(asked) : 0, &out);
	if (strcmp(buf_str(&out) + 1, want))
		fail_msg("'%s' after '%s' became '%s', not '%s'", s, asked ? asked : "(none)",
			 buf_str(&out) + 1, want);
	mask_text_after(out.data + 1, out.len - 1, asked, asked ? strlen(asked) : 0, &again);
	if (strcmp(buf_str(&out) + 1, buf_str(&again)))
		fail_msg("'%s' masked again became '%s'", buf_str(&out) + 1, buf_str(&again));
	buf_release(&again);
	buf_release(&out);
}

/* A bare code answers a request for one: masked only then, and only when it is (mostly) the
 * whole message. */
static void test_bare_code_after_a_request_for_one_is_masked(void **state)
{
	static const char otp[] = "Please tell me the verification code we sent to your phone.";

	(void)state;
	assert_true(mask_asks_for_code(otp, strlen(otp)));
	assert_true(mask_asks_for_code("请提供验证码", strlen("请提供验证码")));
	assert_true(mask_asks_for_code("What's the OTP?", strlen("What's the OTP?")));
	assert_true(mask_asks_for_code("Your PIN please", strlen("Your PIN please")));
	assert_false(mask_asks_for_code("How can I help you?", strlen("How can I help you?")));
	assert_false(mask_asks_for_code("ping me later", strlen("ping me later")));
	assert_false(mask_asks_for_code("your zipcode?", strlen("your zipcode?")));
	assert_reply_masked(otp, "ok it is 482913", "ok it is ******");
	assert_reply_masked(otp, "482913", "******");
	assert_reply_masked("请告诉我验证码", "是 4829 吧", "是 ****** 吧");
	assert_reply_masked("請提供驗證碼", "４８２９１３", "******");
	assert_reply_masked("What is the OTP?", "482 913", "******");
	assert_reply_masked("Enter your PIN", "1234.", "******.");
	assert_reply_masked("密码是多少？", "0307", "******");
	/* the text is masked as mask_text does it, too */
	assert_reply_masked(otp, "13812345678", "*******5678");
	assert_reply_masked(otp, "code is 482913", "code is ******");
	/* no request, no code: the number stays */
	assert_reply_masked(NULL, "482913", "482913");
	assert_reply_masked("How can I help you?", "ok it is 482913", "ok it is 482913");
	assert_reply_masked("Which order is it?", "482913", "482913");
	/* not a bare code: too short, too long, two numbers, a long message */
	assert_reply_masked(otp, "123", "123");
	assert_reply_masked(otp, "123456789", "123456789");
	assert_reply_masked(otp, "482913 and 2026", "482913 and 2026");
	assert_reply_masked(otp, "2026-11-20", "2026-11-20");
	assert_reply_masked(otp,
			    "I never got any message, my order 482913 is still not here and I "
			    "want a refund",
			    "I never got any message, my order 482913 is still not here and I "
			    "want a refund");
}

static void test_spellings_are_masked_and_lookalikes_stay(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(spellings) / sizeof(*spellings); i++) {
		const struct spelling *c = &spellings[i];
		const char *want = c->want ? c->want : c->text;
		struct buf out = BUF_INIT;

		mask_text(c->text, strlen(c->text), &out);
		if (strcmp(buf_str(&out), want))
			fail_msg("'%s' became '%s', not '%s'", c->text, buf_str(&out), want);
		buf_release(&out);
	}
}

/* Masking its own output changes nothing. */
static void test_masking_masked_text_changes_nothing(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(spellings) / sizeof(*spellings); i++) {
		struct buf once = BUF_INIT, twice = BUF_INIT;

		mask_text(spellings[i].text, strlen(spellings[i].text), &once);
		mask_text(once.data, once.len, &twice);
		if (strcmp(buf_str(&once), buf_str(&twice)))
			fail_msg("'%s' masked again became '%s'", buf_str(&once), buf_str(&twice));
		buf_release(&once);
		buf_release(&twice);
	}
}

/* Control characters become U+FFFD: C0 but tab and newline, DEL, C1, bidi controls. */
static void test_control_characters_are_replaced(void **state)
{
	static const struct spelling controls[] = {
		{"a\x1b]0;title\x07z", "a\xEF\xBF\xBD]0;title\xEF\xBF\xBDz"},
		{"\x1b]52;c;ZXZpbA==\x07", "\xEF\xBF\xBD]52;c;ZXZpbA==\xEF\xBF\xBD"},
		{"\x1b[2J\x1b[8mhidden", "\xEF\xBF\xBD[2J\xEF\xBF\xBD[8mhidden"},
		{"del\x7f", "del\xEF\xBF\xBD"},
		{"c1\xC2\x9B"
		 "31m",
		 "c1\xEF\xBF\xBD"
		 "31m"},
		{"\xC2\x85next", "\xEF\xBF\xBDnext"},
		{"bidi\xE2\x80\xAEtxt.exe", "bidi\xEF\xBF\xBDtxt.exe"},
		{"\xE2\x81\xA6iso\xE2\x81\xA9", "\xEF\xBF\xBDiso\xEF\xBF\xBD"},
		{"KF\x1b[0m13912345678", "KF\xEF\xBF\xBD[0m*******5678"},
		{"tab\tand\nnewline", "tab\tand\nnewline"},
		{"crlf\r\nand\rcr", "crlf\nand\ncr"},
		{"\xE2\x80\x8F"
		 "rlm and \xC2\xA0nbsp",
		 NULL},                 /* U+200F, U+00A0 stay */
		{"\xE2\x80\xA9", NULL}, /* U+2029 stays */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(controls) / sizeof(*controls); i++) {
		const char *want = controls[i].want ? controls[i].want : controls[i].text;
		struct buf out = BUF_INIT;

		mask_text(controls[i].text, strlen(controls[i].text), &out);
		if (strcmp(buf_str(&out), want))
			fail_msg("case %zu: '%s' became '%s'", i, controls[i].text, buf_str(&out));
		buf_release(&out);
	}
}

/* One line: tabs and newlines become spaces too. */
static void test_mask_line_keeps_text_on_one_line(void **state)
{
	static const char s[] = "a\tb\r\nc\x1b"
				"13812345678x";
	struct buf out = BUF_INIT;

	(void)state;
	mask_line(s, strlen(s), &out);
	assert_string_equal(buf_str(&out), "a b c\xEF\xBF\xBD*******5678x");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_number_with_valid_check_digit_is_found),
		cmocka_unit_test(test_id_number_ending_in_x_is_found),
		cmocka_unit_test(test_id_number_with_wrong_check_digit_is_not_found),
		cmocka_unit_test(test_id_number_keeps_its_last_four_characters),
		cmocka_unit_test(test_luhn_valid_card_number_is_found_and_masked),
		cmocka_unit_test(test_card_number_grouped_by_spaces_keeps_its_spaces),
		cmocka_unit_test(test_card_number_failing_luhn_is_not_found),
		cmocka_unit_test(test_mobile_number_keeps_its_last_four_digits),
		cmocka_unit_test(test_mobile_number_after_plus_86_is_masked_with_the_prefix),
		cmocka_unit_test(test_mobile_number_grouped_by_hyphens_keeps_its_hyphens),
		cmocka_unit_test(test_full_width_mobile_number_is_found),
		cmocka_unit_test(test_eleven_digits_that_are_no_mobile_number_are_not_found),
		cmocka_unit_test(test_number_glued_to_letters_is_found_but_not_one_glued_to_digits),
		cmocka_unit_test(test_email_address_keeps_only_its_domain),
		cmocka_unit_test(test_email_made_of_a_phone_number_is_masked_once_as_email),
		cmocka_unit_test(test_password_after_chinese_keyword_is_replaced_whole),
		cmocka_unit_test(test_verification_code_after_full_width_colon_is_replaced),
		cmocka_unit_test(test_english_password_and_code_values_are_replaced),
		cmocka_unit_test(test_password_without_a_digit_is_replaced_after_every_word),
		cmocka_unit_test(test_secret_keyword_without_a_value_is_left_alone),
		cmocka_unit_test(test_text_without_personal_data_comes_back_byte_identical),
		cmocka_unit_test(test_order_numbers_and_dates_are_untouched),
		cmocka_unit_test(test_several_kinds_are_found_in_text_order),
		cmocka_unit_test(test_two_numbers_separated_by_a_space_are_both_found),
		cmocka_unit_test(test_find_counts_past_max_but_stores_only_max),
		cmocka_unit_test(test_mask_text_appends_to_what_the_buffer_holds),
		cmocka_unit_test(test_invalid_utf8_is_replaced_before_masking),
		cmocka_unit_test(test_truncated_sequence_and_nul_become_replacement_characters),
		cmocka_unit_test(test_find_in_text_without_personal_data_returns_zero),
		cmocka_unit_test(test_phone_followed_by_a_short_number_is_still_found),
		cmocka_unit_test(test_luhn_valid_card_starting_with_9_is_found),
		cmocka_unit_test(test_word_after_code_that_is_no_value_is_left_alone),
		cmocka_unit_test(test_only_values_said_outright_are_secrets),
		cmocka_unit_test(test_ids_keep_their_letters_and_lose_their_numbers),
		cmocka_unit_test(test_spellings_are_masked_and_lookalikes_stay),
		cmocka_unit_test(test_other_countries_formats_are_masked_and_lookalikes_stay),
		cmocka_unit_test(test_other_countries_formats_are_found_as_their_kind),
		cmocka_unit_test(test_bare_code_after_a_request_for_one_is_masked),
		cmocka_unit_test(test_masking_masked_text_changes_nothing),
		cmocka_unit_test(test_control_characters_are_replaced),
		cmocka_unit_test(test_mask_line_keeps_text_on_one_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
