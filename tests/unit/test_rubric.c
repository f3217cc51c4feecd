/* The rubric: the built-in default is docs/STANDARD.md's, a file changes only what it sets,
 * every mistake is a rubric error (exit 2) naming FILE:LINE, and the canonical text depends
 * on the settings only. Texts are parsed as "test.ini", so line numbers are predictable. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "rubric.h"

#define NAME "test.ini"

static void parse_ok(const char *text, struct rubric *r)
{
	struct qa_error err = {QA_EXIT_OK, ""};

	if (rubric_parse(r, text, NAME, &err))
		fail_msg("unexpected error: %s", err.message);
}

/* text fails with exit status 2 and exactly this message; r is left released. */
static void assert_rubric_error(const char *text, const char *message)
{
	struct rubric r;
	struct qa_error err = {QA_EXIT_OK, ""};

	memset(&r, 0xa5, sizeof(r));
	assert_int_equal(rubric_parse(&r, text, NAME, &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	assert_string_equal(err.message, message);
	assert_null(r.peak_hours);
	assert_null(r.facts);
	assert_int_equal(r.competitor_count, 0);
}

/* The same for a message that ends in the list of sections, which grows with the checkpoint
 * table: only its start is compared. */
static void assert_rubric_error_start(const char *text, const char *start)
{
	struct rubric r;
	struct qa_error err = {QA_EXIT_OK, ""};

	assert_int_equal(rubric_parse(&r, text, NAME, &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	if (strncmp(err.message, start, strlen(start)) || !strstr(err.message, "class.social)"))
		fail_msg("'%s' does not start with '%s'", err.message, start);
}

static char *canonical(const struct rubric *r)
{
	struct buf b = BUF_INIT;

	rubric_canonical(r, &b);
	return buf_detach(&b);
}

static char *canonical_of(const char *text)
{
	struct rubric r;
	char *s;

	parse_ok(text, &r);
	s = canonical(&r);
	rubric_release(&r);
	return s;
}

static void test_default_weights_and_audit_settings_are_the_standards(void **state)
{
	struct rubric r;
	struct qa_error err = {QA_EXIT_OK, ""};

	(void)state;
	assert_int_equal(rubric_load(&r, NULL, &err), 0);
	assert_int_equal(r.weight[DIM_RESPONSE], 20);
	assert_int_equal(r.weight[DIM_COMMUNICATION], 20);
	assert_int_equal(r.weight[DIM_RESOLUTION], 25);
	assert_int_equal(r.weight[DIM_COMPLIANCE], 20);
	assert_int_equal(r.weight[DIM_ATTITUDE], 15);
	assert_int_equal(r.tz_offset_min, 8 * 60);
	assert_int_equal(r.language, LANG_AUTO);
	assert_int_equal(r.quality_grade, GRADE_B);

	assert_int_equal(r.peak_count, 2);
	assert_int_equal(r.peak_hours[0].from_min, 10 * 60);
	assert_int_equal(r.peak_hours[0].to_min, 12 * 60);
	assert_int_equal(r.peak_hours[1].from_min, 19 * 60);
	assert_int_equal(r.peak_hours[1].to_min, 22 * 60);
	assert_int_equal(r.promotion_count, 3);
	assert_string_equal(r.promotion_dates[0], "06-18");
	assert_string_equal(r.promotion_dates[1], "11-11");
	assert_string_equal(r.promotion_dates[2], "12-12");

	assert_int_equal(r.offpeak_timeout_pct, 3);
	assert_int_equal(r.peak_timeout_pct, 8);
	assert_int_equal(r.team_mean_factor, 2);
	assert_int_equal(r.first_contact_resolution_pct, 90);
	rubric_release(&r);
}

static void test_default_thresholds_are_the_standards(void **state)
{
	struct rubric r;
	struct qa_error err = {QA_EXIT_OK, ""};

	(void)state;
	assert_int_equal(rubric_load(&r, NULL, &err), 0);
	assert_int_equal(r.r1_limit_s, 15);
	assert_int_equal(r.r1_urgent_limit_s, 5);
	assert_int_equal(r.r1_severe_factor, 4);
	assert_int_equal(r.r1_severe_penalty, 2);
	assert_int_equal(r.r2_limit_s, 20);
	assert_int_equal(r.r2_announced_limit_s, 60);
	assert_int_equal(r.r3_followups, 2);
	assert_int_equal(r.r4_wait_s, 60);
	assert_int_equal(r.c2_last_agent_messages, 2);
	assert_int_equal(r.c3_many, 3);
	assert_int_equal(r.c3_many_penalty, 2);
	assert_int_equal(r.b2b_count, 2);
	assert_string_equal(r.b2b_channels[0], "B2B");
	assert_string_equal(r.b2b_channels[1], "企业");
	assert_int_equal(r.fact_count, 0);
	assert_int_equal(r.s3_limit_s, 60);
	assert_int_equal(r.s4_window_hours, 24);
	assert_int_equal(r.s5_max_csat, 2);
	assert_int_equal(r.s5_csat_scale, 5);
	assert_int_equal(r.competitor_count, 0);
	rubric_release(&r);
}

static void test_default_text_writes_out_every_key_under_a_comment(void **state)
{
	struct rubric r;
	struct qa_error err = {QA_EXIT_OK, ""};
	char *canon, *line, *save = NULL;
	const char *p = rubric_default_text;

	(void)state;
	assert_int_equal(rubric_load(&r, NULL, &err), 0);
	canon = canonical(&r);
	for (line = strtok_r(canon, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char section[64], header[80], key[80];
		const char *start, *end, *at;
		size_t dot = strcspn(line, "."), eq = strcspn(line, "=");

		if (!strncmp(line, "class.", 6))
			continue; /* a class's value: written as CHECKPOINT.key in [class.NAME] */
		snprintf(section, sizeof(section), "%.*s", (int)dot, line);
		snprintf(header, sizeof(header), "\n[%s]\n", section);
		snprintf(key, sizeof(key), "\n%.*s =", (int)(eq - dot - 1), line + dot + 1);
		start = strstr(rubric_default_text, header);
		if (!start)
			fail_msg("no section [%s]", section);
		end = strstr(start + 1, "\n[");
		at = strstr(start, key);
		if (!at || (end && at > end))
			fail_msg("[%s] does not write out '%s'", section, key + 1);
		/* at is the end of the line above the key's. */
		while (at > rubric_default_text && at[-1] != '\n')
			at--;
		if (*at != '#')
			fail_msg("no comment above '%s' in [%s]", key + 1, section);
	}
	free(canon);
	rubric_release(&r);
	assert_non_null(strstr(rubric_default_text, "\n[C7]\n"));
	assert_non_null(strstr(rubric_default_text, "\n# fact = "));
	assert_non_null(strstr(rubric_default_text, "\n# competitors = "));

	for (int n = 1; *p; n++) {
		size_t len = strcspn(p, "\n"), chars = 0;

		for (size_t i = 0; i < len; i++)
			chars += ((unsigned char)p[i] & 0xc0) != 0x80;
		if (chars >= 100)
			fail_msg("line %d has %zu characters", n, chars);
		p += len + (p[len] == '\n');
	}
}

static void test_empty_file_gives_the_default(void **state)
{
	struct rubric r;
	struct qa_error err = {QA_EXIT_OK, ""};
	char *from_default, *from_empty;

	(void)state;
	assert_int_equal(rubric_load(&r, NULL, &err), 0);
	from_default = canonical(&r);
	rubric_release(&r);
	from_empty = canonical_of("# nothing changed\n\n");
	assert_string_equal(from_empty, from_default);
	assert_non_null(strstr(from_default, "audit.timezone=+08:00\n"));
	assert_non_null(strstr(from_default, "\nperiods.peak_hours=10:00-12:00,19:00-22:00\n"));
	free(from_default);
	free(from_empty);
}

/* The canonical text of the default with `from` replaced by `to`. */
static char *default_with(const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	char *base = canonical_of(""), *at = strstr(base, from);

	assert_non_null(at);
	buf_add(&b, base, (size_t)(at - base));
	buf_addstr(&b, to);
	buf_addstr(&b, at + strlen(from));
	free(base);
	return buf_detach(&b);
}

static void test_file_changes_only_what_it_sets(void **state)
{
	char *got = canonical_of("[R1]\nlimit_seconds = 30\n[K6]\ncompetitors = ExampleMart\n");
	char *want1 = default_with("\nR1.limit_seconds=15\n", "\nR1.limit_seconds=30\n");
	struct buf want = BUF_INIT;
	char *at = strstr(want1, "\nK6.competitors=\n");

	(void)state;
	assert_non_null(at);
	buf_add(&want, want1, (size_t)(at - want1));
	buf_addstr(&want, "\nK6.competitors=ExampleMart\n");
	buf_addstr(&want, at + strlen("\nK6.competitors=\n"));
	assert_string_equal(got, buf_str(&want));
	free(got);
	free(want1);
	buf_release(&want);
}

static void test_every_kind_of_value_is_read(void **state)
{
	struct rubric r;

	(void)state;
	parse_ok("[audit]\n"
		 "timezone = -05:30\n"
		 "language = en\n"
		 "quality_grade = c\n"
		 "[weights]\n"
		 "attitude = 0\n"
		 "[periods]\n"
		 "peak_hours = 9:30-11:00 , 22:00-24:00\n"
		 "promotion_dates = 2024-02-29, 01-01\n"
		 "[timeliness]\n"
		 "offpeak_timeout_rate = 5\n"
		 "peak_timeout_rate = 10 %\n"
		 "[R2]\n"
		 "enabled = off\n"
		 "red_line = TRUE\n"
		 "penalty = 5\n"
		 "[R4]\n"
		 "wait_seconds = 0\n"
		 "[S5]\n"
		 "max_csat = 10\n"
		 "csat_scale = 10\n",
		 &r);
	assert_int_equal(r.tz_offset_min, -330);
	assert_int_equal(r.language, LANG_EN);
	assert_int_equal(r.quality_grade, GRADE_C);
	assert_int_equal(r.weight[DIM_ATTITUDE], 0);
	assert_int_equal(r.weight[DIM_RESOLUTION], 25);
	assert_int_equal(r.peak_count, 2);
	assert_int_equal(r.peak_hours[0].from_min, 9 * 60 + 30);
	assert_int_equal(r.peak_hours[0].to_min, 11 * 60);
	assert_int_equal(r.peak_hours[1].from_min, 22 * 60);
	assert_int_equal(r.peak_hours[1].to_min, 24 * 60);
	assert_int_equal(r.promotion_count, 2);
	assert_string_equal(r.promotion_dates[0], "2024-02-29");
	assert_string_equal(r.promotion_dates[1], "01-01");
	assert_int_equal(r.offpeak_timeout_pct, 5);
	assert_int_equal(r.peak_timeout_pct, 10);
	assert_false(r.rules[RULE_R2].enabled);
	assert_true(r.rules[RULE_R2].red_line);
	assert_int_equal(r.rules[RULE_R2].penalty, 5);
	assert_true(r.rules[RULE_R1].enabled);
	assert_int_equal(r.r4_wait_s, 0);
	assert_int_equal(r.s5_max_csat, 10);
	assert_int_equal(r.s5_csat_scale, 10);
	rubric_release(&r);
}

static void test_empty_lists_mean_none(void **state)
{
	struct rubric r;

	(void)state;
	parse_ok("[periods]\npeak_hours =\npromotion_dates = ,\n[C4]\nb2b_channels = \n", &r);
	assert_int_equal(r.peak_count, 0);
	assert_int_equal(r.promotion_count, 0);
	assert_int_equal(r.b2b_count, 0);
	rubric_release(&r);
}

static void test_list_items_are_trimmed_and_empty_ones_dropped(void **state)
{
	struct rubric r;

	(void)state;
	/* An ASCII comma, a full-width one (，) and an ideographic space (U+3000) as typed by
	 * a Chinese IME. */
	parse_ok("[C4]\nb2b_channels = , B2B ,,企业，\xe3\x80\x80政企 ,\n", &r);
	assert_int_equal(r.b2b_count, 3);
	assert_string_equal(r.b2b_channels[0], "B2B");
	assert_string_equal(r.b2b_channels[1], "企业");
	assert_string_equal(r.b2b_channels[2], "政企");
	rubric_release(&r);
}

static void test_repeated_fact_accumulates(void **state)
{
	struct rubric r;

	(void)state;
	parse_ok("[C7]\n"
		 "fact = 退款/退钱/ refund => 1-3个工作日\n"
		 "fact=会员有效期=>6个月\n",
		 &r);
	assert_int_equal(r.fact_count, 2);
	assert_int_equal(r.facts[0].topic_count, 3);
	assert_string_equal(r.facts[0].topics[0], "退款");
	assert_string_equal(r.facts[0].topics[1], "退钱");
	assert_string_equal(r.facts[0].topics[2], "refund");
	assert_string_equal(r.facts[0].value, "1-3个工作日");
	assert_int_equal(r.facts[1].topic_count, 1);
	assert_string_equal(r.facts[1].topics[0], "会员有效期");
	assert_string_equal(r.facts[1].value, "6个月");
	rubric_release(&r);
}

static void test_repeated_key_last_wins(void **state)
{
	struct rubric r;

	(void)state;
	parse_ok("[R1]\nlimit_seconds = 30\n[K6]\ncompetitors = A, B\n"
		 "[R1]\nlimit_seconds = 40\n[K6]\ncompetitors = C\n",
		 &r);
	assert_int_equal(r.r1_limit_s, 40);
	assert_int_equal(r.competitor_count, 1);
	assert_string_equal(r.competitors[0], "C");
	rubric_release(&r);
}

static void test_section_and_key_names_ignore_case(void **state)
{
	struct rubric r;

	(void)state;
	parse_ok("[r1]\nLIMIT_Seconds = 9\n[ Audit ]\nLanguage = EN\nQuality_Grade = a\n"
		 "[k6]\nCompetitors = X\n",
		 &r);
	assert_int_equal(r.r1_limit_s, 9);
	assert_int_equal(r.language, LANG_EN);
	assert_int_equal(r.quality_grade, GRADE_A);
	assert_int_equal(r.competitor_count, 1);
	rubric_release(&r);
}

static void test_values_are_literal_and_comments_whole_lines(void **state)
{
	struct rubric r;

	(void)state;
	/* No inline comments, so a fact may hold ';'; no continuation lines, so an indented
	 * key is a key; a BOM and CRLF line ends are read. */
	parse_ok("\xef\xbb\xbf; comment\r\n[C7]\r\n# comment\r\nfact = 运费 => 满99元免运费 "
		 ";偏远地区除外\r\n"
		 "[R1]\r\nlimit_seconds = 20\r\n    penalty = 3\r\n",
		 &r);
	assert_int_equal(r.fact_count, 1);
	assert_string_equal(r.facts[0].value, "满99元免运费 ;偏远地区除外");
	assert_int_equal(r.r1_limit_s, 20);
	assert_int_equal(r.rules[RULE_R1].penalty, 3);
	rubric_release(&r);
	assert_rubric_error("[R1]\nlimit_seconds = 15 ; was 10\n",
			    NAME ":2: [R1] limit_seconds: expected a whole number of seconds, got "
				 "'15 ; was 10'");
}

static void test_long_line_is_read(void **state)
{
	struct rubric r;
	struct buf text = BUF_INIT;

	(void)state;
	buf_addstr(&text, "[K6]\ncompetitors = ");
	for (int i = 0; i < 1000; i++)
		buf_addf(&text, "%sC%03d", i ? ", " : "", i);
	assert_true(text.len > 5000);
	buf_addstr(&text, "\n[R1]\npenalty = 3\n");
	parse_ok(buf_str(&text), &r);
	assert_int_equal(r.competitor_count, 1000);
	assert_string_equal(r.competitors[0], "C000");
	assert_string_equal(r.competitors[999], "C999");
	assert_int_equal(r.rules[RULE_R1].penalty, 3);
	rubric_release(&r);
	buf_release(&text);
}

/* inih splits a line longer than its buffer in two; such a line is refused instead. */
static void test_line_over_65533_bytes_is_an_error(void **state)
{
	struct rubric r;
	struct buf text = BUF_INIT;
	const char *head = "[K6]\ncompetitors = ";
	struct qa_error err = {QA_EXIT_OK, ""};

	(void)state;
	buf_addstr(&text, head);
	while (text.len < strlen("[K6]\n") + 65533 - 1)
		buf_addch(&text, 'x');
	buf_addstr(&text, "y\n");
	parse_ok(buf_str(&text), &r);
	assert_int_equal(r.competitor_count, 1);
	assert_int_equal(strlen(r.competitors[0]), 65533 - strlen("competitors = "));
	rubric_release(&r);

	text.len--;
	buf_addstr(&text, "z\n[R1]\npenalty = 3\n");
	assert_int_equal(rubric_parse(&r, buf_str(&text), NAME, &err), -1);
	assert_string_equal(err.message, NAME ":2: line longer than 65533 bytes");
	buf_release(&text);
}

static void test_unknown_section_is_an_error_even_when_empty(void **state)
{
	(void)state;
	assert_rubric_error_start("[audit]\nlanguage = en\n\n[R8]\n", NAME
				  ":4: unknown section [R8] (sections: audit, weights, periods, "
				  "timeliness, channels, R1-");
	assert_rubric_error("[R1] # limits\n",
			    NAME ":1: unexpected text after [R1] (comments go on lines of "
				 "their own)");
}

static void test_unknown_key_is_an_error_listing_the_keys(void **state)
{
	(void)state;
	assert_rubric_error("[R1]\nlimit_seconds = 10\nlimit = 3\n", NAME
			    ":3: unknown key 'limit' in [R1] (keys: enabled, penalty, "
			    "red_line, limit_seconds, urgent_limit_seconds, "
			    "technical_limit_seconds, suggestion_limit_seconds, severe_factor, "
			    "severe_penalty)");
	/* A key of another section. */
	assert_rubric_error("[weights]\nwait_seconds = 3\n",
			    NAME ":2: unknown key 'wait_seconds' in [weights] (keys: response, "
				 "communication, resolution, compliance, attitude)");
	assert_rubric_error("penalty = 1\n[R1]\n", NAME ":1: 'penalty' comes before any [section]");
}

static void test_bad_numbers_are_errors(void **state)
{
	(void)state;
	assert_rubric_error("[R1]\nlimit_seconds = abc\n",
			    NAME ":2: [R1] limit_seconds: expected a whole number of seconds, "
				 "got 'abc'");
	assert_rubric_error("[R1]\nlimit_seconds = 1.5\n",
			    NAME ":2: [R1] limit_seconds: expected a whole number of seconds, "
				 "got '1.5'");
	assert_rubric_error("[R1]\nlimit_seconds = 0\n",
			    NAME ":2: [R1] limit_seconds: 0 is out of range, expected 1-86400 "
				 "seconds");
	assert_rubric_error("[R4]\nwait_seconds = -1\n",
			    NAME ":2: [R4] wait_seconds: -1 is out of range, expected 0-86400 "
				 "seconds");
	assert_rubric_error("[A2]\npenalty = 6\n",
			    NAME ":2: [A2] penalty: 6 is out of range, expected 0-5 grades");
	assert_rubric_error("[weights]\nresponse = 99999999999999999999\n",
			    NAME ":2: [weights] response: 99999999999999999999 is out of range, "
				 "expected 0-1000");
	assert_rubric_error("[timeliness]\npeak_timeout_rate = 101%\n",
			    NAME ":2: [timeliness] peak_timeout_rate: 101% is out of range, "
				 "expected 0-100%");
	assert_rubric_error("[timeliness]\npeak_timeout_rate = 8%%\n",
			    NAME ":2: [timeliness] peak_timeout_rate: expected a percentage "
				 "0-100 such as 3%, got '8%%'");
	assert_rubric_error("[R1]\nlimit_seconds =\n",
			    NAME ":2: [R1] limit_seconds: expected a whole number of seconds, "
				 "got ''");
}

static void test_bad_boolean_grade_language_and_timezone_are_errors(void **state)
{
	(void)state;
	assert_rubric_error("[K1]\nred_line = maybe\n",
			    NAME ":2: [K1] red_line: expected yes or no, got 'maybe'");
	assert_rubric_error("[audit]\nquality_grade = G\n",
			    NAME ":2: [audit] quality_grade: expected a grade A-F, got 'G'");
	assert_rubric_error("[audit]\nquality_grade = AB\n",
			    NAME ":2: [audit] quality_grade: expected a grade A-F, got 'AB'");
	assert_rubric_error("[audit]\nlanguage = fr\n",
			    NAME ":2: [audit] language: expected zh, en or auto, got 'fr'");
	assert_rubric_error("[audit]\ntimezone = Beijing\n",
			    NAME ":2: [audit] timezone: expected a zone offset such as +08:00, "
				 "got 'Beijing'");
}

static void test_bad_time_ranges_are_errors(void **state)
{
	(void)state;
	assert_rubric_error("[periods]\npeak_hours = 10:00-12:00, 25:00-26:00\n",
			    NAME ":2: [periods] peak_hours: expected HH:MM-HH:MM, got "
				 "'25:00-26:00'");
	assert_rubric_error("[periods]\npeak_hours = 10:60-11:00\n",
			    NAME ":2: [periods] peak_hours: expected HH:MM-HH:MM, got "
				 "'10:60-11:00'");
	assert_rubric_error("[periods]\npeak_hours = 9-12\n",
			    NAME ":2: [periods] peak_hours: expected HH:MM-HH:MM, got '9-12'");
	assert_rubric_error("[periods]\npeak_hours = 24:00-24:00\n",
			    NAME ":2: [periods] peak_hours: expected HH:MM-HH:MM, got "
				 "'24:00-24:00'");
	assert_rubric_error("[periods]\npeak_hours = 22:00-02:00\n",
			    NAME ":2: [periods] peak_hours: '22:00-02:00' does not end after it "
				 "starts (split a range over midnight in two: 22:00-24:00, "
				 "00:00-02:00)");
}

static void test_bad_dates_are_errors(void **state)
{
	static const char *const bad[] = {"13-01", "02-30", "2023-02-29",
					  "6-18",  "11/11", "1969-01-01"};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[100], message[200];

		snprintf(text, sizeof(text), "[periods]\npromotion_dates = 11-11, %s\n", bad[i]);
		snprintf(message, sizeof(message),
			 NAME ":2: [periods] promotion_dates: '%s' is not a date, expected "
			      "MM-DD or YYYY-MM-DD",
			 bad[i]);
		assert_rubric_error(text, message);
	}
}

static void test_malformed_facts_are_errors(void **state)
{
	static const char *const bad[] = {"退款 1-3个工作日", "=> 1-3个工作日", "退款 =>",
					  "/ / => 3天"};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[100], message[200];

		snprintf(text, sizeof(text), "[C7]\nfact = %s\n", bad[i]);
		snprintf(message, sizeof(message),
			 NAME ":2: [C7] fact: expected TOPIC[/TOPIC...] => VALUE, got '%s'",
			 bad[i]);
		assert_rubric_error(text, message);
	}
}

static void test_every_weight_zero_is_an_error(void **state)
{
	(void)state;
	assert_rubric_error("[weights]\nresponse = 0\ncommunication = 0\nresolution = 0\n"
			    "compliance = 0\nattitude = 0\n",
			    NAME ": every weight is 0");
	assert_rubric_error("[S5]\nmax_csat = 6\n", NAME ": [S5] max_csat 6 is above csat_scale 5");
}

static void test_syntax_errors_name_the_line(void **state)
{
	(void)state;
	assert_rubric_error("[R1]\nlimit_seconds 15\n",
			    NAME ":2: expected KEY = VALUE or [SECTION], got 'limit_seconds 15'");
	assert_rubric_error("# a rubric\n[R1\nlimit_seconds = 15\n",
			    NAME ":2: expected ']' after the section name");
	assert_rubric_error("[audit]\nlanguage = \xd6\xd0\xce\xc4\n",
			    NAME ":2: invalid UTF-8 (save the file as UTF-8, or convert it with "
				 "iconv -f GBK -t UTF-8)");
}

static void test_first_error_in_the_file_is_reported(void **state)
{
	(void)state;
	/* A bad value before an unknown section, and an unknown section before a bad value. */
	assert_rubric_error("[R1]\npenalty = 9\n[X]\n",
			    NAME ":2: [R1] penalty: 9 is out of range, expected 0-5 grades");
	assert_rubric_error_start("[X]\n[R1]\npenalty = 9\n", NAME
				  ":1: unknown section [X] (sections: audit, weights, periods, "
				  "timeliness, channels, R1-");
	assert_rubric_error("[R1]\npenalty = 1\nno equals sign\n[R1]\npenalty = 9\n\xff\n",
			    NAME ":3: expected KEY = VALUE or [SECTION], got 'no equals sign'");
}

static void test_canonical_depends_on_the_settings_only(void **state)
{
	const char *a = "[R1]\nlimit_seconds = 30\npenalty = 2\n"
			"[C7]\nfact = 退款/refund => 1-3个工作日\n"
			"[periods]\npeak_hours = 09:00-11:00,20:00-22:00\n"
			"[audit]\ntimezone = +08:00\nlanguage = en\n";
	const char *b = "; the same, written otherwise\n"
			"[AUDIT]\nLanguage=EN\n\n"
			"[periods]\n  peak_hours =  9:00-11:00 ，20:00 - 22:00 , \n"
			"[c7]\nfact=退款 / refund =>1-3个工作日\n"
			"[r1]\npenalty: 2\n# comment\nlimit_seconds = 030\n";
	const char *c = "[R1]\nlimit_seconds = 31\npenalty = 2\n"
			"[C7]\nfact = 退款/refund => 1-3个工作日\n"
			"[periods]\npeak_hours = 09:00-11:00,20:00-22:00\n"
			"[audit]\ntimezone = +08:00\nlanguage = en\n";
	char *ca = canonical_of(a), *cb = canonical_of(b), *cc = canonical_of(c);

	(void)state;
	assert_string_equal(ca, cb);
	assert_string_not_equal(ca, cc);
	assert_non_null(strstr(ca, "\nC7.fact=退款/refund => 1-3个工作日\n"));
	assert_non_null(strstr(ca, "\nperiods.peak_hours=09:00-11:00,20:00-22:00\n"));
	assert_non_null(strstr(ca, "\nR1.penalty=2\n"));
	free(ca);
	free(cb);
	free(cc);
}

static char *write_temp(const char *content, size_t len)
{
	char *path = strdup("/tmp/test_rubric.XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
	return path;
}

static void test_load_reads_a_file_and_names_it(void **state)
{
	static const char bad_nul[] = "[R1]\npenalty = 1\0\n";
	char *good = write_temp("[R3]\nfollowups = 3\n", strlen("[R3]\nfollowups = 3\n"));
	char *bad = write_temp("[R3]\n\nfollowups = none\n", strlen("[R3]\n\nfollowups = none\n"));
	char *nul = write_temp(bad_nul, sizeof(bad_nul) - 1);
	struct rubric r;
	struct qa_error err = {QA_EXIT_OK, ""};
	char want[256];

	(void)state;
	assert_int_equal(rubric_load(&r, good, &err), 0);
	assert_int_equal(r.r3_followups, 3);
	assert_int_equal(r.r1_limit_s, 15);
	rubric_release(&r);

	assert_int_equal(rubric_load(&r, bad, &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	snprintf(want, sizeof(want), "%s:3: [R3] followups: expected a whole number, got 'none'",
		 bad);
	assert_string_equal(err.message, want);

	assert_int_equal(rubric_load(&r, nul, &err), -1);
	snprintf(want, sizeof(want), "%s:2: NUL byte, not a text file", nul);
	assert_string_equal(err.message, want);

	unlink(good);
	assert_int_equal(rubric_load(&r, good, &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	snprintf(want, sizeof(want), "%s: cannot open: No such file or directory", good);
	assert_string_equal(err.message, want);
	assert_null(r.peak_hours);

	unlink(bad);
	unlink(nul);
	free(good);
	free(bad);
	free(nul);
}

static void test_release_empties_the_rubric_and_may_be_repeated(void **state)
{
	struct rubric r, zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	parse_ok("[C7]\nfact = a/b => c\n[K6]\ncompetitors = x, y\n", &r);
	rubric_release(&r);
	assert_memory_equal(&r, &zero, sizeof(r));
	rubric_release(&r);
	assert_memory_equal(&r, &zero, sizeof(r));
}

static void test_names_and_letters(void **state)
{
	(void)state;
	assert_string_equal(dimension_name(DIM_RESPONSE), "response");
	assert_string_equal(dimension_name(DIM_COMMUNICATION), "communication");
	assert_string_equal(dimension_name(DIM_RESOLUTION), "resolution");
	assert_string_equal(dimension_name(DIM_COMPLIANCE), "compliance");
	assert_string_equal(dimension_name(DIM_ATTITUDE), "attitude");
	assert_string_equal(rule_name(RULE_R1), "R1");
	assert_string_equal(rule_name(RULE_C7), "C7");
	assert_string_equal(rule_name(RULE_S1), "S1");
	assert_string_equal(rule_name(RULE_K7), "K7");
	assert_string_equal(rule_name(RULE_A4), "A4");
	assert_int_equal(rule_dimension(RULE_R4), DIM_RESPONSE);
	assert_int_equal(rule_dimension(RULE_C1), DIM_COMMUNICATION);
	assert_int_equal(rule_dimension(RULE_C7), DIM_COMMUNICATION);
	assert_int_equal(rule_dimension(RULE_S1), DIM_RESOLUTION);
	assert_int_equal(rule_dimension(RULE_S5), DIM_RESOLUTION);
	assert_int_equal(rule_dimension(RULE_K1), DIM_COMPLIANCE);
	assert_int_equal(rule_dimension(RULE_A1), DIM_ATTITUDE);
	assert_int_equal(rule_dimension(RULE_A4), DIM_ATTITUDE);
	assert_int_equal(grade_letter(GRADE_A), 'A');
	assert_int_equal(grade_letter(GRADE_B), 'B');
	assert_int_equal(grade_letter(GRADE_E), 'E');
	assert_int_equal(grade_letter(GRADE_F), 'F');
}

static void test_classes_have_the_channel_standards_by_default(void **state)
{
	struct rubric r;
	const struct rubric *im, *email, *social;

	(void)state;
	parse_ok("", &r);
	im = rubric_for_class(&r, CLASS_IM);
	email = rubric_for_class(&r, CLASS_EMAIL);
	social = rubric_for_class(&r, CLASS_SOCIAL);
	assert_int_equal(im->r1_limit_s, 15);
	assert_int_equal(im->r1_urgent_limit_s, 5);
	assert_false(im->r2_same_as_first);
	assert_true(im->rules[RULE_C1].enabled);
	assert_int_equal(email->r1_urgent_limit_s, 3600);
	assert_int_equal(email->r1_limit_s, 4 * 3600);
	assert_int_equal(email->r1_suggestion_limit_s, 24 * 3600);
	assert_true(email->rules[RULE_C2].enabled);
	assert_int_equal(social->r1_urgent_limit_s, 2 * 3600);
	assert_int_equal(social->r1_technical_limit_s, 2 * 3600);
	assert_int_equal(social->r1_limit_s, 12 * 3600);
	assert_true(social->r2_same_as_first);
	assert_true(social->r4_wait_is_limit);
	assert_false(social->rules[RULE_C1].enabled);
	assert_false(social->rules[RULE_C2].enabled);
	/* A class shares the rubric's lists and everything outside the checkpoints. */
	assert_ptr_equal(social->peak_hours, r.peak_hours);
	assert_int_equal(social->weight[DIM_RESOLUTION], r.weight[DIM_RESOLUTION]);
	rubric_release(&r);
}

static void test_channel_names_give_the_class(void **state)
{
	struct rubric r;

	(void)state;
	parse_ok("", &r);
	assert_int_equal(rubric_channel_class(&r, NULL), CLASS_IM);
	assert_int_equal(rubric_channel_class(&r, ""), CLASS_IM);
	assert_int_equal(rubric_channel_class(&r, "App"), CLASS_IM);
	assert_int_equal(rubric_channel_class(&r, "微信"), CLASS_IM);
	assert_int_equal(rubric_channel_class(&r, "Twitter DM"), CLASS_SOCIAL);
	assert_int_equal(rubric_channel_class(&r, "新浪微博"), CLASS_SOCIAL);
	assert_int_equal(rubric_channel_class(&r, "E-Mail"), CLASS_EMAIL);
	assert_int_equal(rubric_channel_class(&r, "工单系统"), CLASS_EMAIL);
	/* Social is tried first: a forum's e-mail digest is the forum. */
	assert_int_equal(rubric_channel_class(&r, "forum mail"), CLASS_SOCIAL);
	rubric_release(&r);
	parse_ok("[channels]\nsocial = line\nemail =\n", &r);
	assert_int_equal(rubric_channel_class(&r, "LINE official"), CLASS_SOCIAL);
	assert_int_equal(rubric_channel_class(&r, "email"), CLASS_IM);
	rubric_release(&r);
}

static void test_class_keys_win_over_the_checkpoint_section(void **state)
{
	struct rubric r;
	char *canon;

	(void)state;
	parse_ok("[class.social]\nR1.limit_seconds = 600\nC3.enabled = no\n"
		 "[R1]\nlimit_seconds = 30\n[C2]\nenabled = no\n",
		 &r);
	assert_int_equal(rubric_for_class(&r, CLASS_IM)->r1_limit_s, 30);
	assert_int_equal(rubric_for_class(&r, CLASS_EMAIL)->r1_limit_s, 4 * 3600);
	assert_int_equal(rubric_for_class(&r, CLASS_SOCIAL)->r1_limit_s, 600);
	assert_false(rubric_for_class(&r, CLASS_SOCIAL)->rules[RULE_C3].enabled);
	assert_true(rubric_for_class(&r, CLASS_IM)->rules[RULE_C3].enabled);
	/* A checkpoint section reaches the classes that do not set the key. */
	assert_false(rubric_for_class(&r, CLASS_EMAIL)->rules[RULE_C2].enabled);
	canon = canonical(&r);
	assert_non_null(strstr(canon, "\nclass.social.R1.limit_seconds=600\n"));
	assert_non_null(strstr(canon, "\nclass.social.C3.enabled=no\n"));
	assert_non_null(strstr(canon, "\nclass.email.R1.limit_seconds=14400\n"));
	assert_null(strstr(canon, "class.im."));
	free(canon);
	rubric_release(&r);
}

static void test_class_key_mistakes_are_errors(void **state)
{
	(void)state;
	assert_rubric_error("[class.social]\nR9.enabled = no\n",
			    NAME ":2: unknown key 'R9.enabled' in [class.social] (expected "
				 "CHECKPOINT.key, such as R1.limit_seconds or C1.enabled)");
	assert_rubric_error("[class.email]\nlimit_seconds = 5\n",
			    NAME ":2: unknown key 'limit_seconds' in [class.email] (expected "
				 "CHECKPOINT.key, such as R1.limit_seconds or C1.enabled)");
	assert_rubric_error("[class.social]\nC4.b2b_channels = B2B\n",
			    NAME ":2: [class.social] C4.b2b_channels: a list is the same for "
				 "every class; set it in [C4]");
	assert_rubric_error("[class.social]\nR1.penalty = 9\n",
			    NAME ":2: [R1] penalty: 9 is out of range, expected 0-5 grades");
	assert_rubric_error_start("[class.tv]\n",
				  NAME ":1: unknown section [class.tv] (sections: audit, weights, "
				       "periods, timeliness, channels, R1-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_weights_and_audit_settings_are_the_standards),
		cmocka_unit_test(test_default_thresholds_are_the_standards),
		cmocka_unit_test(test_default_text_writes_out_every_key_under_a_comment),
		cmocka_unit_test(test_empty_file_gives_the_default),
		cmocka_unit_test(test_file_changes_only_what_it_sets),
		cmocka_unit_test(test_every_kind_of_value_is_read),
		cmocka_unit_test(test_empty_lists_mean_none),
		cmocka_unit_test(test_list_items_are_trimmed_and_empty_ones_dropped),
		cmocka_unit_test(test_repeated_fact_accumulates),
		cmocka_unit_test(test_repeated_key_last_wins),
		cmocka_unit_test(test_section_and_key_names_ignore_case),
		cmocka_unit_test(test_values_are_literal_and_comments_whole_lines),
		cmocka_unit_test(test_long_line_is_read),
		cmocka_unit_test(test_line_over_65533_bytes_is_an_error),
		cmocka_unit_test(test_unknown_section_is_an_error_even_when_empty),
		cmocka_unit_test(test_unknown_key_is_an_error_listing_the_keys),
		cmocka_unit_test(test_bad_numbers_are_errors),
		cmocka_unit_test(test_bad_boolean_grade_language_and_timezone_are_errors),
		cmocka_unit_test(test_bad_time_ranges_are_errors),
		cmocka_unit_test(test_bad_dates_are_errors),
		cmocka_unit_test(test_malformed_facts_are_errors),
		cmocka_unit_test(test_every_weight_zero_is_an_error),
		cmocka_unit_test(test_syntax_errors_name_the_line),
		cmocka_unit_test(test_first_error_in_the_file_is_reported),
		cmocka_unit_test(test_canonical_depends_on_the_settings_only),
		cmocka_unit_test(test_load_reads_a_file_and_names_it),
		cmocka_unit_test(test_release_empties_the_rubric_and_may_be_repeated),
		cmocka_unit_test(test_names_and_letters),
		cmocka_unit_test(test_classes_have_the_channel_standards_by_default),
		cmocka_unit_test(test_channel_names_give_the_class),
		cmocka_unit_test(test_class_keys_win_over_the_checkpoint_section),
		cmocka_unit_test(test_class_key_mistakes_are_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
