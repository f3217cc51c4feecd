/* The timing rules that metrics and checkpoints share: which R1 limit a session gets, when a
 * reply is late (R2), and the S4 window in which a customer's next session is a repeat
 * contact. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "timing.h"

static struct phrase_lists phrases = PHRASE_LISTS_INIT;
static struct session_keywords *keywords;
static struct rubric rubric; /* the built-in one: R1 15 s, 5 s when urgent; S4 24 h, gap 30 min */

static int load(void **state)
{
	struct qa_error err = {0};

	(void)state;
	if (rubric_load(&rubric, NULL, &err) ||
	    phrase_lists_load(&phrases, QAUDIT_SOURCE_DIR "/phrase_lists", &err))
		return -1;
	return session_keywords_new(&keywords, &phrases, &err);
}

static int release(void **state)
{
	(void)state;
	session_keywords_free(keywords);
	phrase_lists_release(&phrases);
	rubric_release(&rubric);
	return 0;
}

static void test_complaint_or_urgent_session_gets_the_shorter_r1_limit(void **state)
{
	static const struct {
		enum category category;
		enum priority priority;
		int64_t limit_ms;
	} cases[] = {
		{CATEGORY_INQUIRY, PRIORITY_MEDIUM, 15000},
		{CATEGORY_INQUIRY, PRIORITY_HIGH, 15000},
		{CATEGORY_TECHNICAL, PRIORITY_URGENT, 5000},
		{CATEGORY_COMPLAINT, PRIORITY_HIGH, 5000},
		{CATEGORY_SUGGESTION, PRIORITY_LOW, 15000},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct session_info s = {.category = cases[i].category,
					 .priority = cases[i].priority};

		assert_int_equal(timing_is_urgent(&s), cases[i].limit_ms == 5000);
		assert_int_equal(timing_first_response_limit_ms(&rubric, &s), cases[i].limit_ms);
	}
}

static void test_r1_limit_follows_the_rubric(void **state)
{
	struct rubric r = rubric;
	struct session_info inquiry = {.category = CATEGORY_INQUIRY, .priority = PRIORITY_MEDIUM};
	struct session_info complaint = {.category = CATEGORY_COMPLAINT, .priority = PRIORITY_HIGH};

	(void)state;
	r.r1_limit_s = 40;
	r.r1_urgent_limit_s = 9;
	assert_int_equal(timing_first_response_limit_ms(&r, &inquiry), 40000);
	assert_int_equal(timing_first_response_limit_ms(&r, &complaint), 9000);
}

/* R2 (built-in 20 s, 60 s after a wait notice): after a notice, the customer's "好的" does not
 * shorten the announced wait, but a question asked meanwhile is answered within 20 s. */
static void test_reply_limit_is_longer_after_a_wait_notice(void **state)
{
	static const struct {
		struct reply_wait wait;
		int64_t limit_ms;
		bool late;
	} cases[] = {
		{{20000, -1, false}, 20000, false},   {{20001, -1, false}, 20000, true},
		{{60000, -1, true}, 60000, false},    {{60001, -1, true}, 60000, true},
		{{90000, 20000, true}, 60000, false}, {{90000, 20001, true}, 60000, true},
	};

	struct session_info inquiry = {.category = CATEGORY_INQUIRY, .priority = PRIORITY_MEDIUM};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		assert_int_equal(timing_reply_limit_ms(&rubric, &inquiry, &cases[i].wait),
				 cases[i].limit_ms);
		assert_int_equal(timing_reply_is_late(&rubric, &inquiry, &cases[i].wait),
				 cases[i].late);
	}
}

/* Technical and suggestion sessions have limits of their own; a complaint's stays shortest. */
static void test_r1_limit_by_category(void **state)
{
	struct rubric r = rubric;
	struct session_info technical = {.category = CATEGORY_TECHNICAL,
					 .priority = PRIORITY_MEDIUM};
	struct session_info suggestion = {.category = CATEGORY_SUGGESTION,
					  .priority = PRIORITY_LOW};
	struct session_info urgent_suggestion = {.category = CATEGORY_SUGGESTION,
						 .priority = PRIORITY_URGENT};

	(void)state;
	r.r1_urgent_limit_s = 7200;
	r.r1_technical_limit_s = 7201;
	r.r1_suggestion_limit_s = 43200;
	assert_int_equal(timing_first_response_limit_ms(&r, &technical), 7201000);
	assert_int_equal(timing_first_response_limit_ms(&r, &suggestion), 43200000);
	assert_int_equal(timing_first_response_limit_ms(&r, &urgent_suggestion), 7200000);
}

/* On e-mail and social channels every reply has the first response's limit: a notice does
 * not stretch it, and a reply just inside it is on time. */
static void test_reply_limit_same_as_first(void **state)
{
	struct rubric r = rubric;
	struct session_info complaint = {.category = CATEGORY_COMPLAINT, .priority = PRIORITY_HIGH};
	struct reply_wait inside = {7200000, -1, false}, over = {7200001, -1, true};

	(void)state;
	r.r2_same_as_first = true;
	r.r1_urgent_limit_s = 7200;
	assert_int_equal(timing_reply_limit_ms(&r, &complaint, &inside), 7200000);
	assert_int_equal(timing_reply_limit_ms(&r, &complaint, &over), 7200000);
	assert_false(timing_reply_is_late(&r, &complaint, &inside));
	assert_true(timing_reply_is_late(&r, &complaint, &over));
}

static struct span text_span(const char *s)
{
	return (struct span){s, s ? strlen(s) : 0};
}

/* Adds one message of a customer's session; time is seconds after an arbitrary start, -1 for
 * none. */
static void add(struct session_index *idx, const char *session, long seconds, enum role role,
		const char *customer)
{
	struct record rec = {.file = "test", .line = 1, .role = role};

	rec.time_ms = seconds < 0 ? TIME_NONE : 1795136400000LL + seconds * 1000;
	rec.field[FIELD_SESSION] = text_span(session);
	rec.field[FIELD_AGENT] = text_span(role == ROLE_AGENT ? "KF1" : NULL);
	rec.field[FIELD_CUSTOMER] = text_span(customer);
	rec.field[FIELD_TEXT] = text_span(role == ROLE_AGENT ? "您好" : "你好");
	assert_int_equal(session_index_add(&rec, idx), 0);
}

static const char *repeat_of(const struct session_index *idx, const char *id)
{
	uint32_t s = str_table_find(idx->ids, id, strlen(id)), next;

	assert_true(s != STR_NONE);
	next = timing_repeat_contact(idx, s, &rubric);
	return next == STR_NONE ? "(none)" : str_table_get(idx->ids, next);
}

/* The window runs from the earlier session's last message (at 10 s) for 24 hours. */
static void test_s4_window_is_the_rubrics_hours_after_the_last_message(void **state)
{
	struct session_index idx;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "first", 0, ROLE_CUSTOMER, "c1");
	add(&idx, "first", 10, ROLE_AGENT, "c1");
	add(&idx, "within", 10 + 86400, ROLE_CUSTOMER, "c1");
	add(&idx, "within", 10 + 86405, ROLE_AGENT, "c1");
	add(&idx, "after", 10 + 86400 + 5 + 86401, ROLE_CUSTOMER, "c1");
	add(&idx, "after", 10 + 86400 + 5 + 86402, ROLE_AGENT, "c1");
	session_index_finish(&idx);
	assert_string_equal(repeat_of(&idx, "first"), "within");
	assert_string_equal(repeat_of(&idx, "within"), "(none)");
	assert_string_equal(repeat_of(&idx, "after"), "(none)");
	session_index_release(&idx);
}

static void test_s4_needs_a_customer_id_and_times(void **state)
{
	struct session_index idx;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "anonymous", 0, ROLE_CUSTOMER, NULL);
	add(&idx, "anonymous", 5, ROLE_AGENT, NULL);
	add(&idx, "again", 60, ROLE_CUSTOMER, NULL);
	add(&idx, "untimed", -1, ROLE_CUSTOMER, "c2");
	add(&idx, "untimed", -1, ROLE_AGENT, "c2");
	add(&idx, "later", 60, ROLE_CUSTOMER, "c2");
	session_index_finish(&idx);
	assert_string_equal(repeat_of(&idx, "anonymous"), "(none)");
	assert_string_equal(repeat_of(&idx, "untimed"), "(none)");
	session_index_release(&idx);
}

/* [S4] min_gap_minutes (30): a session opened 29 minutes after the last one ended continues
 * it; one opened 31 minutes after is a return. */
static void test_s4_next_session_within_the_gap_continues_the_contact(void **state)
{
	struct session_index idx;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "a", 0, ROLE_CUSTOMER, "c1");
	add(&idx, "a", 60, ROLE_AGENT, "c1");
	add(&idx, "a-again", 60 + 29 * 60, ROLE_CUSTOMER, "c1");
	add(&idx, "a-again", 60 + 29 * 60 + 30, ROLE_AGENT, "c1");
	add(&idx, "b", 0, ROLE_CUSTOMER, "c2");
	add(&idx, "b", 60, ROLE_AGENT, "c2");
	add(&idx, "b-again", 60 + 31 * 60, ROLE_CUSTOMER, "c2");
	add(&idx, "b-again", 60 + 31 * 60 + 30, ROLE_AGENT, "c2");
	session_index_finish(&idx);
	assert_string_equal(repeat_of(&idx, "a"), "(none)");
	assert_string_equal(repeat_of(&idx, "b"), "b-again");
	session_index_release(&idx);
}

/* A contact continued in a second session and taken up again hours later: one repeat, on
 * the session that carried the contact last, not two. */
static void test_s4_continued_contact_is_one_repeat(void **state)
{
	struct session_index idx;

	(void)state;
	session_index_init(&idx, keywords);
	add(&idx, "first", 0, ROLE_CUSTOMER, "c1");
	add(&idx, "first", 60, ROLE_AGENT, "c1");
	add(&idx, "continued", 60 + 10 * 60, ROLE_CUSTOMER, "c1");
	add(&idx, "continued", 60 + 11 * 60, ROLE_AGENT, "c1");
	add(&idx, "return", 5 * 3600, ROLE_CUSTOMER, "c1");
	add(&idx, "return", 5 * 3600 + 60, ROLE_AGENT, "c1");
	session_index_finish(&idx);
	assert_string_equal(repeat_of(&idx, "first"), "(none)");
	assert_string_equal(repeat_of(&idx, "continued"), "return");
	assert_string_equal(repeat_of(&idx, "return"), "(none)");
	session_index_release(&idx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complaint_or_urgent_session_gets_the_shorter_r1_limit),
		cmocka_unit_test(test_r1_limit_follows_the_rubric),
		cmocka_unit_test(test_reply_limit_is_longer_after_a_wait_notice),
		cmocka_unit_test(test_r1_limit_by_category),
		cmocka_unit_test(test_reply_limit_same_as_first),
		cmocka_unit_test(test_s4_window_is_the_rubrics_hours_after_the_last_message),
		cmocka_unit_test(test_s4_needs_a_customer_id_and_times),
		cmocka_unit_test(test_s4_next_session_within_the_gap_continues_the_contact),
		cmocka_unit_test(test_s4_continued_contact_is_one_repeat),
	};

	return cmocka_run_group_tests(tests, load, release);
}
