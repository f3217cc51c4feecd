/* Column names and role values (docs/STANDARD.md §1): the built-in English, Simplified and
 * Traditional Chinese aliases, spelt any way, and the user's --map and --roles overrides. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "field_map.h"

static enum field lookup(const struct field_map *map, const char *name)
{
	return field_map_lookup(map, name, strlen(name));
}

/* The role a value names, or ROLE_COUNT when it names none. */
static enum role role_of(const struct field_map *map, const char *value)
{
	enum role role = ROLE_COUNT;

	if (!field_map_role(map, value, strlen(value), &role))
		return ROLE_COUNT;
	assert_int_not_equal(role, ROLE_COUNT);
	return role;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("'%s' does not contain '%s'", haystack, needle);
}

static void test_english_alias_matches_in_any_spelling(void **state)
{
	struct field_map map = FIELD_MAP_INIT;

	(void)state;
	assert_int_equal(lookup(&map, "Session ID"), FIELD_SESSION);
	assert_int_equal(lookup(&map, "session_id"), FIELD_SESSION);
	assert_int_equal(lookup(&map, "SessionId"), FIELD_SESSION);
	assert_int_equal(lookup(&map, "CONVERSATION-ID"), FIELD_SESSION);
	assert_int_equal(lookup(&map, "ticket.id"), FIELD_SESSION);
	assert_int_equal(lookup(&map, "created_at"), FIELD_TIME);
	assert_int_equal(lookup(&map, "Sender Type"), FIELD_ROLE);
	assert_int_equal(lookup(&map, "Message"), FIELD_TEXT);
	assert_int_equal(lookup(&map, "staff_id"), FIELD_AGENT);
	assert_int_equal(lookup(&map, "Visitor-ID"), FIELD_CUSTOMER);
	assert_int_equal(lookup(&map, "Rating"), FIELD_CSAT);
	assert_int_equal(lookup(&map, "resolved"), FIELD_STATUS);
	assert_int_equal(lookup(&map, "source"), FIELD_CHANNEL);
}

static void test_separators_do_not_blur_distinct_aliases(void **state)
{
	struct field_map map = FIELD_MAP_INIT;

	(void)state;
	assert_int_equal(lookup(&map, "message"), FIELD_TEXT);
	assert_int_equal(lookup(&map, "Message Time"), FIELD_TIME);
	assert_int_equal(lookup(&map, "time"), FIELD_TIME);
	assert_int_equal(lookup(&map, "time_stamp"), FIELD_TIME);
	assert_int_equal(lookup(&map, "agent"), FIELD_AGENT);
	assert_int_equal(lookup(&map, "agent_type"), FIELD_COUNT);
}

static void test_simplified_chinese_headers_are_recognised(void **state)
{
	struct field_map map = FIELD_MAP_INIT;

	(void)state;
	assert_int_equal(lookup(&map, "会话ID"), FIELD_SESSION);
	assert_int_equal(lookup(&map, "会话id"), FIELD_SESSION);
	assert_int_equal(lookup(&map, "消息时间"), FIELD_TIME);
	assert_int_equal(lookup(&map, "发送方"), FIELD_ROLE);
	assert_int_equal(lookup(&map, "客服工号"), FIELD_AGENT);
	assert_int_equal(lookup(&map, "消息内容"), FIELD_TEXT);
	assert_int_equal(lookup(&map, "渠道"), FIELD_CHANNEL);
	assert_int_equal(lookup(&map, "客户ID"), FIELD_CUSTOMER);
	assert_int_equal(lookup(&map, "满意度"), FIELD_CSAT);
	assert_int_equal(lookup(&map, "解决状态"), FIELD_STATUS);
}

static void test_traditional_chinese_headers_are_recognised(void **state)
{
	struct field_map map = FIELD_MAP_INIT;

	(void)state;
	assert_int_equal(lookup(&map, "會話ID"), FIELD_SESSION);
	assert_int_equal(lookup(&map, "訊息內容"), FIELD_TEXT);
	assert_int_equal(lookup(&map, "訊息時間"), FIELD_TIME);
	assert_int_equal(lookup(&map, "客服工號"), FIELD_AGENT);
	assert_int_equal(lookup(&map, "滿意度"), FIELD_CSAT);
}

static void test_unknown_names_map_to_no_field(void **state)
{
	struct field_map map = FIELD_MAP_INIT;

	(void)state;
	assert_int_equal(lookup(&map, "foo"), FIELD_COUNT);
	assert_int_equal(lookup(&map, ""), FIELD_COUNT);
	assert_int_equal(lookup(&map, "_"), FIELD_COUNT);
	assert_int_equal(lookup(&map, "session_idx"), FIELD_COUNT);
	assert_int_equal(lookup(&map, "备注"), FIELD_COUNT);
}

static void test_lookup_reads_only_len_bytes(void **state)
{
	struct field_map map = FIELD_MAP_INIT;

	(void)state;
	assert_int_equal(field_map_lookup(&map, "time_zone", 4), FIELD_TIME);
	assert_int_equal(field_map_lookup(&map, "time_zone", 9), FIELD_COUNT);
}

static void test_map_override_names_the_column_and_retires_the_aliases(void **state)
{
	struct field_map map = FIELD_MAP_INIT;
	struct qa_error err = {0};

	(void)state;
	assert_int_equal(field_map_parse_map(&map, "text=note_body,session=ticket", &err), 0);
	assert_int_equal(lookup(&map, "note_body"), FIELD_TEXT);
	assert_int_equal(lookup(&map, "Note Body"), FIELD_TEXT);
	assert_int_equal(lookup(&map, "ticket"), FIELD_SESSION);
	/* The aliases of a mapped field stand for nothing now... */
	assert_int_equal(lookup(&map, "text"), FIELD_COUNT);
	assert_int_equal(lookup(&map, "content"), FIELD_COUNT);
	assert_int_equal(lookup(&map, "session_id"), FIELD_COUNT);
	/* ...while the fields not mapped keep theirs. */
	assert_int_equal(lookup(&map, "time"), FIELD_TIME);
	assert_int_equal(lookup(&map, "agent_id"), FIELD_AGENT);
	field_map_release(&map);
}

static void test_map_can_move_a_field_onto_another_fields_alias(void **state)
{
	struct field_map map = FIELD_MAP_INIT;
	struct qa_error err = {0};

	(void)state;
	/* An export whose "message" column holds ids and whose "body" holds the text. */
	assert_int_equal(field_map_parse_map(&map, "session=message,text=body", &err), 0);
	assert_int_equal(lookup(&map, "message"), FIELD_SESSION);
	assert_int_equal(lookup(&map, "body"), FIELD_TEXT);
	assert_int_equal(lookup(&map, "session_id"), FIELD_COUNT);
	field_map_release(&map);
}

static void test_map_given_twice_for_a_field_keeps_the_last(void **state)
{
	struct field_map map = FIELD_MAP_INIT;
	struct qa_error err = {0};

	(void)state;
	assert_int_equal(field_map_parse_map(&map, "text=first", &err), 0);
	assert_int_equal(field_map_parse_map(&map, "text=second", &err), 0);
	assert_int_equal(lookup(&map, "second"), FIELD_TEXT);
	assert_int_equal(lookup(&map, "first"), FIELD_COUNT);
	field_map_release(&map);
}

static void test_map_without_equals_sign_is_a_usage_error(void **state)
{
	struct field_map map = FIELD_MAP_INIT;
	struct qa_error err = {0};

	(void)state;
	assert_int_equal(field_map_parse_map(&map, "text", &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	assert_contains(err.message, "--map");
	assert_contains(err.message, "'text'");
	field_map_release(&map);
}

static void test_map_with_empty_field_or_column_is_a_usage_error(void **state)
{
	struct field_map map = FIELD_MAP_INIT;
	struct qa_error err = {0};

	(void)state;
	assert_int_equal(field_map_parse_map(&map, "=x", &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	assert_contains(err.message, "--map");
	assert_contains(err.message, "'=x'");

	err = (struct qa_error){0};
	assert_int_equal(field_map_parse_map(&map, "text=", &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	assert_contains(err.message, "'text='");
	field_map_release(&map);
}

static void test_map_of_unknown_field_is_a_usage_error_naming_it(void **state)
{
	struct field_map map = FIELD_MAP_INIT;
	struct qa_error err = {0};

	(void)state;
	assert_int_equal(field_map_parse_map(&map, "text=body,nofield=x", &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	assert_contains(err.message, "--map");
	assert_contains(err.message, "'nofield'");
	field_map_release(&map);
}

static void test_role_words_of_every_role_are_recognised(void **state)
{
	struct field_map map = FIELD_MAP_INIT;

	(void)state;
	assert_int_equal(role_of(&map, "customer"), ROLE_CUSTOMER);
	assert_int_equal(role_of(&map, "visitor"), ROLE_CUSTOMER);
	assert_int_equal(role_of(&map, "客户"), ROLE_CUSTOMER);
	assert_int_equal(role_of(&map, "訪客"), ROLE_CUSTOMER);
	assert_int_equal(role_of(&map, "顧客"), ROLE_CUSTOMER);
	assert_int_equal(role_of(&map, "agent"), ROLE_AGENT);
	assert_int_equal(role_of(&map, "客服"), ROLE_AGENT);
	assert_int_equal(role_of(&map, "坐席"), ROLE_AGENT);
	assert_int_equal(role_of(&map, "人工"), ROLE_AGENT);
	assert_int_equal(role_of(&map, "bot"), ROLE_BOT);
	assert_int_equal(role_of(&map, "机器人"), ROLE_BOT);
	assert_int_equal(role_of(&map, "機器人"), ROLE_BOT);
	assert_int_equal(role_of(&map, "智能客服"), ROLE_BOT);
	assert_int_equal(role_of(&map, "system"), ROLE_SYSTEM);
	assert_int_equal(role_of(&map, "系统"), ROLE_SYSTEM);
	assert_int_equal(role_of(&map, "系統"), ROLE_SYSTEM);
	assert_int_equal(role_of(&map, "note"), ROLE_NOTE);
	assert_int_equal(role_of(&map, "备注"), ROLE_NOTE);
	assert_int_equal(role_of(&map, "備註"), ROLE_NOTE);
	assert_int_equal(role_of(&map, "internal"), ROLE_NOTE);
}

static void test_role_words_match_in_any_case_and_spelling(void **state)
{
	struct field_map map = FIELD_MAP_INIT;

	(void)state;
	assert_int_equal(role_of(&map, "Agent"), ROLE_AGENT);
	assert_int_equal(role_of(&map, "CUSTOMER"), ROLE_CUSTOMER);
	assert_int_equal(role_of(&map, "Human Agent"), ROLE_AGENT);
	assert_int_equal(role_of(&map, "internal_note"), ROLE_NOTE);
	assert_int_equal(role_of(&map, "Chat-Bot"), ROLE_BOT);
}

static void test_unknown_role_word_names_no_role(void **state)
{
	struct field_map map = FIELD_MAP_INIT;

	(void)state;
	assert_int_equal(role_of(&map, "martian"), ROLE_COUNT);
	assert_int_equal(role_of(&map, ""), ROLE_COUNT);
	assert_int_equal(role_of(&map, "0"), ROLE_COUNT);
	assert_int_equal(role_of(&map, "agents"), ROLE_COUNT);
}

static void test_roles_option_makes_codes_into_roles(void **state)
{
	struct field_map map = FIELD_MAP_INIT;
	struct qa_error err = {0};

	(void)state;
	assert_int_equal(field_map_parse_roles(&map, "customer=0,agent=1,bot=3", &err), 0);
	assert_int_equal(role_of(&map, "0"), ROLE_CUSTOMER);
	assert_int_equal(role_of(&map, "1"), ROLE_AGENT);
	assert_int_equal(role_of(&map, "3"), ROLE_BOT);
	assert_int_equal(role_of(&map, "2"), ROLE_COUNT);
	/* The built-in words still work beside the codes. */
	assert_int_equal(role_of(&map, "客服"), ROLE_AGENT);
	field_map_release(&map);
}

static void test_roles_option_reads_vendor_words_in_any_spelling(void **state)
{
	struct field_map map = FIELD_MAP_INIT;
	struct qa_error err = {0};

	(void)state;
	assert_int_equal(field_map_parse_roles(&map, "agent=kf_web,customer=user_h5", &err), 0);
	assert_int_equal(role_of(&map, "kf_web"), ROLE_AGENT);
	assert_int_equal(role_of(&map, "KF-Web"), ROLE_AGENT);
	assert_int_equal(role_of(&map, "user_h5"), ROLE_CUSTOMER);
	field_map_release(&map);
}

static void test_roles_option_overrides_a_built_in_word(void **state)
{
	struct field_map map = FIELD_MAP_INIT;
	struct qa_error err = {0};

	(void)state;
	/* An export that labels its bot's messages "system". */
	assert_int_equal(field_map_parse_roles(&map, "bot=system", &err), 0);
	assert_int_equal(role_of(&map, "system"), ROLE_BOT);
	assert_int_equal(role_of(&map, "系统"), ROLE_SYSTEM);
	field_map_release(&map);
}

static void test_roles_option_with_unknown_role_is_a_usage_error(void **state)
{
	struct field_map map = FIELD_MAP_INIT;
	struct qa_error err = {0};

	(void)state;
	assert_int_equal(field_map_parse_roles(&map, "customer=0,martian=9", &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	assert_contains(err.message, "--roles");
	assert_contains(err.message, "'martian'");

	err = (struct qa_error){0};
	assert_int_equal(field_map_parse_roles(&map, "customer", &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	assert_contains(err.message, "--roles");
	assert_contains(err.message, "'customer'");
	field_map_release(&map);
}

static void test_release_leaves_the_map_empty_and_reusable(void **state)
{
	struct field_map map = FIELD_MAP_INIT;
	struct qa_error err = {0};

	(void)state;
	assert_int_equal(field_map_parse_map(&map, "text=note_body", &err), 0);
	assert_int_equal(field_map_parse_roles(&map, "agent=1", &err), 0);
	field_map_release(&map);
	assert_null(map.column[FIELD_TEXT]);
	assert_null(map.roles);
	assert_int_equal(map.role_count, 0);
	assert_int_equal(lookup(&map, "text"), FIELD_TEXT);
	assert_int_equal(lookup(&map, "note_body"), FIELD_COUNT);
	assert_int_equal(role_of(&map, "1"), ROLE_COUNT);

	assert_int_equal(field_map_parse_map(&map, "session=ticket", &err), 0);
	assert_int_equal(field_map_parse_roles(&map, "customer=0", &err), 0);
	assert_int_equal(lookup(&map, "ticket"), FIELD_SESSION);
	assert_int_equal(role_of(&map, "0"), ROLE_CUSTOMER);
	field_map_release(&map);
	field_map_release(&map); /* twice is harmless */
}

static void test_field_names_are_the_canonical_english_words(void **state)
{
	(void)state;
	assert_string_equal(field_name(FIELD_SESSION), "session");
	assert_string_equal(field_name(FIELD_TEXT), "text");
	assert_string_equal(field_name(FIELD_CSAT), "csat");
	assert_string_equal(role_name(ROLE_NOTE), "note");
	assert_non_null(strstr(field_aliases(FIELD_SESSION), "session_id"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_alias_matches_in_any_spelling),
		cmocka_unit_test(test_separators_do_not_blur_distinct_aliases),
		cmocka_unit_test(test_simplified_chinese_headers_are_recognised),
		cmocka_unit_test(test_traditional_chinese_headers_are_recognised),
		cmocka_unit_test(test_unknown_names_map_to_no_field),
		cmocka_unit_test(test_lookup_reads_only_len_bytes),
		cmocka_unit_test(test_map_override_names_the_column_and_retires_the_aliases),
		cmocka_unit_test(test_map_can_move_a_field_onto_another_fields_alias),
		cmocka_unit_test(test_map_given_twice_for_a_field_keeps_the_last),
		cmocka_unit_test(test_map_without_equals_sign_is_a_usage_error),
		cmocka_unit_test(test_map_with_empty_field_or_column_is_a_usage_error),
		cmocka_unit_test(test_map_of_unknown_field_is_a_usage_error_naming_it),
		cmocka_unit_test(test_role_words_of_every_role_are_recognised),
		cmocka_unit_test(test_role_words_match_in_any_case_and_spelling),
		cmocka_unit_test(test_unknown_role_word_names_no_role),
		cmocka_unit_test(test_roles_option_makes_codes_into_roles),
		cmocka_unit_test(test_roles_option_reads_vendor_words_in_any_spelling),
		cmocka_unit_test(test_roles_option_overrides_a_built_in_word),
		cmocka_unit_test(test_roles_option_with_unknown_role_is_a_usage_error),
		cmocka_unit_test(test_release_leaves_the_map_empty_and_reusable),
		cmocka_unit_test(test_field_names_are_the_canonical_english_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
