/* Sessions: grouping of interleaved messages, time order, attribution, first response,
 * category and priority. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "session.h"
#include "time_parse.h"

static struct phrase_lists phrases = PHRASE_LISTS_INIT;
static struct session_keywords *keywords;

static int load_phrases(void **state)
{
	struct qa_error err = {0};

	(void)state;
	if (phrase_lists_load(&phrases, QAUDIT_SOURCE_DIR "/phrase_lists", &err))
		return -1;
	return session_keywords_new(&keywords, &phrases, &err);
}

static int free_phrases(void **state)
{
	(void)state;
	session_keywords_free(keywords);
	phrase_lists_release(&phrases);
	return 0;
}

static struct span text_span(const char *s)
{
	return (struct span){s, s ? strlen(s) : 0};
}

/* Adds one message; time is seconds after an arbitrary start, or -1 for none. */
static void add(struct session_index *idx, const char *session, long seconds, enum role role,
		const char *agent, const char *text)
{
	struct record rec = {.file = "test", .line = 1, .role = role};

	rec.time_ms = seconds < 0 ? TIME_NONE : 1795136400000LL + seconds * 1000;
	rec.field[FIELD_SESSION] = text_span(session);
	rec.field[FIELD_AGENT] = text_span(agent);
	rec.field[FIELD_TEXT] = text_span(text);
	assert_int_equal(session_index_add(&rec, idx), 0);
}

static const struct session_info *info(const struct session_index *idx, const char *id)
{
	uint32_t s = str_table_find(idx->ids, id, strlen(id));

	assert_true(s != STR_NONE);
	return &idx->sessions[s];
}

static const char *agent_of(const struct session_index *idx, const char *id)
{
	const struct session_info *s = info(idx, id);

	return s->agent == STR_NONE ? "(none)" : str_table_get(idx->agents, s->agent);
}

static void test_interleaved_out_of_order_rows_are_grouped_and_sorted(void **state)
{
	struct session_index idx;
	const struct session_info *a;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "a", 10, ROLE_AGENT, "KF1", "您好");
	add(&idx, "b", 0, ROLE_CUSTOMER, NULL, "hi");
	add(&idx, "a", 0, ROLE_CUSTOMER, NULL, "你好");
	add(&idx, "b", 3, ROLE_AGENT, "KF2", "hello");
	add(&idx, "a", 20, ROLE_CUSTOMER, NULL, "谢谢");
	session_index_finish(&idx);
	assert_int_equal(session_count(&idx), 2);
	a = info(&idx, "a");
	assert_int_equal(a->count, 3);
	assert_int_equal(a->message_count, 3);
	assert_int_equal(idx.messages[idx.order[a->first]].role, ROLE_CUSTOMER);
	assert_int_equal(idx.messages[idx.order[a->first + 1]].role, ROLE_AGENT);
	assert_int_equal(a->first_response_ms, 10000);
	assert_string_equal(agent_of(&idx, "a"), "KF1");
	assert_int_equal(info(&idx, "b")->first_response_ms, 3000);
	session_index_release(&idx);
}

static void test_transfer_attributes_to_first_responding_agent(void **state)
{
	struct session_index idx;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "t", 0, ROLE_CUSTOMER, NULL, "问题");
	add(&idx, "t", 4, ROLE_AGENT, "KF1", "为您转接");
	add(&idx, "t", 30, ROLE_AGENT, "KF2", "您好，我来处理");
	add(&idx, "t", 40, ROLE_CUSTOMER, NULL, "好");
	session_index_finish(&idx);
	assert_string_equal(agent_of(&idx, "t"), "KF1");
	assert_int_equal(info(&idx, "t")->first_response_ms, 4000);
	session_index_release(&idx);
}

static void test_agent_before_customer_is_not_the_responder(void **state)
{
	struct session_index idx;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "p", 0, ROLE_AGENT, "KF9", "您好，有什么可以帮您");
	add(&idx, "p", 60, ROLE_CUSTOMER, NULL, "在吗");
	add(&idx, "p", 65, ROLE_AGENT, "KF3", "在的");
	session_index_finish(&idx);
	assert_string_equal(agent_of(&idx, "p"), "KF3");
	assert_int_equal(info(&idx, "p")->first_response_ms, 5000);
	session_index_release(&idx);
}

static void test_bot_handoff_starts_the_clock(void **state)
{
	struct session_index idx;
	const struct session_info *s;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "h", 0, ROLE_BOT, NULL, "您好，我是智能客服");
	add(&idx, "h", 5, ROLE_CUSTOMER, NULL, "转人工");
	add(&idx, "h", 6, ROLE_BOT, NULL, "正在为您转接人工客服");
	add(&idx, "h", 30, ROLE_SYSTEM, NULL, "客服已加入");
	add(&idx, "h", 36, ROLE_AGENT, "KF4", "您好，人工客服已接入");
	session_index_finish(&idx);
	s = info(&idx, "h");
	assert_int_equal(s->start_ms - 1795136400000LL, 6000);
	assert_int_equal(s->first_response_ms, 30000);
	assert_int_equal(s->message_count, 4); /* the system event is not a message */
	assert_string_equal(agent_of(&idx, "h"), "KF4");
	session_index_release(&idx);
}

static void test_sessions_without_agent_or_customer_are_unscored(void **state)
{
	struct session_index idx;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "bot-only", 0, ROLE_CUSTOMER, NULL, "查订单");
	add(&idx, "bot-only", 1, ROLE_BOT, NULL, "请输入订单号");
	add(&idx, "left", 0, ROLE_CUSTOMER, NULL, "在吗");
	add(&idx, "outbound", 0, ROLE_AGENT, "KF1", "您好，回访一下");
	add(&idx, "ok", 0, ROLE_CUSTOMER, NULL, "hi");
	add(&idx, "ok", 2, ROLE_AGENT, "KF1", "hello");
	session_index_finish(&idx);
	assert_int_equal(info(&idx, "bot-only")->unscored, UNSCORED_NO_AGENT);
	assert_int_equal(info(&idx, "left")->unscored, UNSCORED_NO_AGENT);
	assert_int_equal(info(&idx, "outbound")->unscored, UNSCORED_NO_CUSTOMER);
	assert_int_equal(info(&idx, "ok")->unscored, SCORED);
	assert_int_equal(info(&idx, "left")->first_response_ms, -1);
	session_index_release(&idx);
}

static void test_internal_notes_are_dropped_and_counted(void **state)
{
	struct session_index idx;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "n", 0, ROLE_CUSTOMER, NULL, "hi");
	add(&idx, "n", 1, ROLE_NOTE, "KF1", "customer is rude");
	add(&idx, "n", 3, ROLE_AGENT, "KF2", "hello");
	session_index_finish(&idx);
	assert_int_equal(idx.notes, 1);
	assert_int_equal(info(&idx, "n")->count, 2);
	assert_string_equal(agent_of(&idx, "n"), "KF2");
	session_index_release(&idx);
}

static void test_untimed_session_keeps_input_order(void **state)
{
	struct session_index idx;
	const struct session_info *s;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "u", -1, ROLE_CUSTOMER, NULL, "q");
	add(&idx, "u", -1, ROLE_AGENT, "KF1", "a");
	add(&idx, "u", -1, ROLE_CUSTOMER, NULL, "q2");
	session_index_finish(&idx);
	s = info(&idx, "u");
	assert_true(s->untimed);
	assert_int_equal(s->first_response_ms, -1);
	assert_int_equal(idx.messages[idx.order[s->first + 1]].role, ROLE_AGENT);
	assert_string_equal(agent_of(&idx, "u"), "KF1");
	session_index_release(&idx);
}

static void test_equal_times_keep_input_order(void **state)
{
	struct session_index idx;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "e", 0, ROLE_CUSTOMER, NULL, "q");
	add(&idx, "e", 5, ROLE_AGENT, "KF7", "first");
	add(&idx, "e", 5, ROLE_AGENT, "KF8", "second");
	session_index_finish(&idx);
	assert_string_equal(agent_of(&idx, "e"), "KF7");
	session_index_release(&idx);
}

static void test_category_and_priority_from_customer_keywords(void **state)
{
	static const struct {
		const char *text;
		enum category category;
		enum priority priority;
	} cases[] = {
		{"请问怎么修改收货地址", CATEGORY_INQUIRY, PRIORITY_MEDIUM},
		{"你们服务态度太差了，我要投诉", CATEGORY_COMPLAINT, PRIORITY_HIGH},
		{"App一打开就闪退", CATEGORY_TECHNICAL, PRIORITY_MEDIUM},
		{"建议增加夜间客服", CATEGORY_SUGGESTION, PRIORITY_LOW},
		{"付款后钱被扣了但订单被取消了", CATEGORY_INQUIRY, PRIORITY_URGENT},
		{"我的会员积分不见了", CATEGORY_INQUIRY, PRIORITY_HIGH},
		{"App閃退，錢被扣了兩次", CATEGORY_TECHNICAL, PRIORITY_URGENT},
		{"I want to complain, I was charged twice", CATEGORY_COMPLAINT, PRIORITY_URGENT},
		{"I know the app is fine", CATEGORY_INQUIRY, PRIORITY_MEDIUM},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct session_index idx;
		const struct session_info *s;

		session_index_init(&idx, keywords);
		add(&idx, "c", 0, ROLE_CUSTOMER, NULL, cases[i].text);
		/* The agent's words never set the category. */
		add(&idx, "c", 3, ROLE_AGENT, "KF1", "您好，如需投诉请说明");
		session_index_finish(&idx);
		s = info(&idx, "c");
		if (s->category != cases[i].category || s->priority != cases[i].priority)
			fail_msg("'%s': got %s/%s, want %s/%s", cases[i].text,
				 category_name(s->category), priority_name(s->priority),
				 category_name(cases[i].category),
				 priority_name(cases[i].priority));
		session_index_release(&idx);
	}
}

static void test_channel_and_customer_come_from_the_earliest_message(void **state)
{
	struct session_index idx;
	struct record rec = {.file = "test", .line = 1, .role = ROLE_CUSTOMER};
	const struct session_info *s;

	(void)state;
	session_index_init(&idx, keywords);
	rec.field[FIELD_SESSION] = text_span("x");
	rec.field[FIELD_CHANNEL] = text_span("late");
	rec.field[FIELD_CUSTOMER] = text_span("C-late");
	rec.time_ms = 2000;
	session_index_add(&rec, &idx);
	rec.field[FIELD_CHANNEL] = text_span("early");
	rec.field[FIELD_CUSTOMER] = text_span("");
	rec.time_ms = 1000;
	session_index_add(&rec, &idx);
	session_index_finish(&idx);
	s = info(&idx, "x");
	assert_string_equal(str_table_get(idx.channels, s->channel), "early");
	assert_string_equal(str_table_get(idx.customers, s->customer), "C-late");
	session_index_release(&idx);
}

static void test_missing_keyword_list_is_reported(void **state)
{
	struct phrase_lists none = PHRASE_LISTS_INIT;
	struct session_keywords *set = NULL;
	struct qa_error err = {0};

	(void)state;
	none.dir = "/nowhere";
	assert_int_equal(session_keywords_new(&set, &none, &err), -1);
	assert_null(set);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	assert_non_null(
		strstr(err.message, "/nowhere: missing phrase list 'category_complaint.txt'"));
}

/* A key for session_order_messages: seconds (-1: untimed), role, agent, text hash; seq and
 * index are the place in the input. */
static struct message_key key(uint32_t place, long seconds, enum role role, uint32_t agent,
			      uint32_t text_hash)
{
	return (struct message_key){.time_ms = seconds < 0 ? TIME_NONE : seconds * 1000,
				    .seq = place,
				    .agent = agent,
				    .text_hash = text_hash,
				    .role = role,
				    .index = place};
}

static void assert_order(const struct message_key *keys, size_t kept, const uint32_t *expected,
			 size_t expected_count)
{
	assert_int_equal(kept, expected_count);
	for (size_t i = 0; i < kept; i++)
		assert_int_equal(keys[i].index, expected[i]);
}

static void test_order_messages_sorts_by_time_and_ties_by_input(void **state)
{
	struct message_key keys[] = {
		key(0, 9, ROLE_AGENT, 1, 100),
		key(1, 3, ROLE_CUSTOMER, 0, 200),
		key(2, 9, ROLE_AGENT, 2, 300),
		key(3, 1, ROLE_CUSTOMER, 0, 400),
	};
	static const uint32_t expected[] = {3, 1, 0, 2};

	(void)state;
	assert_order(keys, session_order_messages(keys, 4, true), expected, 4);
}

static void test_order_messages_keeps_input_order_when_untimed(void **state)
{
	struct message_key keys[] = {
		key(0, 9, ROLE_CUSTOMER, 0, 100),
		key(1, -1, ROLE_AGENT, 1, 200),
		key(2, 1, ROLE_CUSTOMER, 0, 300),
	};
	static const uint32_t expected[] = {0, 1, 2};

	(void)state;
	assert_order(keys, session_order_messages(keys, 3, false), expected, 3);
}

/* A doubled row is dropped even with another message of the same moment between the two. */
static void test_order_messages_drops_a_repeat_of_the_same_moment(void **state)
{
	struct message_key keys[] = {
		key(0, 5, ROLE_CUSTOMER, 0, 100),
		key(1, 5, ROLE_CUSTOMER, 0, 200),
		key(2, 5, ROLE_CUSTOMER, 0, 100),
		key(3, 6, ROLE_CUSTOMER, 0, 100),
	};
	static const uint32_t expected[] = {0, 1, 3};

	(void)state;
	assert_order(keys, session_order_messages(keys, 4, true), expected, 3);
}

/* Only the same moment, role, agent and text make a repeat; untimed messages never do. */
static void test_order_messages_keeps_what_differs_or_is_untimed(void **state)
{
	struct message_key keys[] = {
		key(0, 5, ROLE_AGENT, 1, 100),  key(1, 5, ROLE_AGENT, 2, 100),
		key(2, 5, ROLE_BOT, 1, 100),    key(3, 5, ROLE_AGENT, 1, 101),
		key(4, -1, ROLE_AGENT, 1, 100), key(5, -1, ROLE_AGENT, 1, 100),
	};
	static const uint32_t expected[] = {0, 1, 2, 3, 4, 5};

	(void)state;
	assert_order(keys, session_order_messages(keys, 6, false), expected, 6);
}

/* Both reads drop the same doubled row: the first read counts it. */
static void test_doubled_row_is_dropped_and_counted(void **state)
{
	struct session_index idx;
	const struct session_info *s;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "d", 0, ROLE_CUSTOMER, NULL, "q");
	add(&idx, "d", 5, ROLE_AGENT, "KF1", "a");
	add(&idx, "d", 0, ROLE_CUSTOMER, NULL, "q");
	session_index_finish(&idx);
	s = info(&idx, "d");
	assert_int_equal(s->records, 3);
	assert_int_equal(s->count, 2);
	assert_int_equal(idx.duplicates, 1);
	session_index_release(&idx);
}

/* Ids count up from 0 whether the table grew as strings came or had room reserved, first
 * for fewer and then for more than it holds. */
static void test_str_table_reserve_keeps_ids(void **state)
{
	struct str_table *grown = str_table_new(), *reserved = str_table_new();
	char name[16];

	(void)state;
	str_table_reserve(reserved, 10);
	for (int i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "s%d", i % 2000);
		if (i == 500)
			str_table_reserve(reserved, 2500);
		assert_int_equal(str_table_intern(reserved, name, strlen(name)),
				 str_table_intern(grown, name, strlen(name)));
	}
	assert_int_equal(str_table_count(reserved), 2000);
	for (uint32_t id = 0; id < 2000; id++) {
		snprintf(name, sizeof(name), "s%u", id);
		assert_int_equal(str_table_find(reserved, name, strlen(name)), id);
		assert_string_equal(str_table_get(reserved, id), name);
	}
	assert_int_equal(str_table_find(reserved, "s2000", 5), STR_NONE);
	str_table_free(grown);
	str_table_free(reserved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interleaved_out_of_order_rows_are_grouped_and_sorted),
		cmocka_unit_test(test_str_table_reserve_keeps_ids),
		cmocka_unit_test(test_transfer_attributes_to_first_responding_agent),
		cmocka_unit_test(test_agent_before_customer_is_not_the_responder),
		cmocka_unit_test(test_bot_handoff_starts_the_clock),
		cmocka_unit_test(test_sessions_without_agent_or_customer_are_unscored),
		cmocka_unit_test(test_internal_notes_are_dropped_and_counted),
		cmocka_unit_test(test_untimed_session_keeps_input_order),
		cmocka_unit_test(test_equal_times_keep_input_order),
		cmocka_unit_test(test_category_and_priority_from_customer_keywords),
		cmocka_unit_test(test_channel_and_customer_come_from_the_earliest_message),
		cmocka_unit_test(test_missing_keyword_list_is_reported),
		cmocka_unit_test(test_order_messages_sorts_by_time_and_ties_by_input),
		cmocka_unit_test(test_order_messages_keeps_input_order_when_untimed),
		cmocka_unit_test(test_order_messages_drops_a_repeat_of_the_same_moment),
		cmocka_unit_test(test_order_messages_keeps_what_differs_or_is_untimed),
		cmocka_unit_test(test_doubled_row_is_dropped_and_counted),
	};

	return cmocka_run_group_tests(tests, load_phrases, free_phrases);
}
