/* Transcripts: what a map holds from the first read is what reading the records again gives,
 * and it holds only the sessions under its bound, and nothing once past its limit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sample.h"
#include "transcript.h"

#define SEED 7

struct row {
	const char *session;
	long seconds; /* after an arbitrary start; -1: untimed */
	enum role role;
	const char *agent, *text, *status, *csat;
	int zone_min; /* 0: the time names no zone */
};

/* Two sessions interleaved, with what each read must treat alike: a note, a row exported
 * twice, equal times, a status and CSAT that change, a zone. */
static const struct row rows[] = {
	{"a", 0, ROLE_CUSTOMER, NULL, "你好，订单还没到", NULL, NULL, 480},
	{"b", 5, ROLE_CUSTOMER, NULL, "Where is my refund?", "open", NULL, 0},
	{"a", 30, ROLE_AGENT, "KF1", "您好，我帮您查一下", "pending", NULL, 480},
	{"a", 30, ROLE_NOTE, "KF1", "internal: check the warehouse", NULL, NULL, 0},
	{"b", 20, ROLE_AGENT, "KF2", "Sorry for the wait.", NULL, NULL, 0},
	{"b", 20, ROLE_AGENT, "KF2", "Sorry for the wait.", NULL, NULL, 0},
	{"a", 30, ROLE_CUSTOMER, NULL, "好的", NULL, NULL, 0},
	{"b", 60, ROLE_CUSTOMER, NULL, "thanks!", "solved", "5", 0},
	{"a", 90, ROLE_AGENT, "KF1", "已为您处理好了", "solved", "4", 480},
};
#define ROWS (sizeof(rows) / sizeof(rows[0]))

static struct span text_span(const char *s)
{
	return (struct span){s, s ? strlen(s) : 0};
}

static struct record record_of(const struct row *r, size_t line)
{
	struct record rec = {.file = "test", .line = (long)line, .role = r->role};

	rec.time_ms = r->seconds < 0 ? TIME_NONE : 1795136400000LL + r->seconds * 1000;
	rec.zoned = r->zone_min != 0;
	rec.zone_min = r->zone_min;
	rec.field[FIELD_SESSION] = text_span(r->session);
	rec.field[FIELD_AGENT] = text_span(r->agent);
	rec.field[FIELD_TEXT] = text_span(r->text);
	rec.field[FIELD_STATUS] = text_span(r->status);
	rec.field[FIELD_CSAT] = text_span(r->csat);
	rec.unit = line;
	return rec;
}

/* Reads the rows into idx, holding with hold (NULL: nothing), and marks every session
 * sampled. */
static void first_read(struct session_index *idx, struct transcript_hold *hold)
{
	session_index_init(idx, NULL);
	if (hold) {
		idx->on_keep = transcript_hold_add;
		idx->on_keep_ctx = hold;
	}
	for (size_t i = 0; i < ROWS; i++) {
		struct record rec = record_of(&rows[i], i + 1);
		struct message_facts facts = {.text_hash =
						      message_text_hash(rec.field[FIELD_TEXT].ptr,
									rec.field[FIELD_TEXT].len)};

		session_index_add_facts(idx, &rec, &facts);
	}
	session_index_finish(idx);
	for (uint32_t s = 0; s < session_count(idx); s++)
		idx->sessions[s].sampled = true;
}

static void read_again(struct transcript_set *set)
{
	for (size_t i = 0; i < ROWS; i++) {
		struct record rec = record_of(&rows[i], i + 1);

		assert_int_equal(transcript_set_add(&rec, set), 0);
	}
}

static const struct transcript *find(const struct transcript_set *set, const char *id)
{
	for (size_t i = 0; i < set->count; i++)
		if (!strcmp(set->items[i].id, id))
			return &set->items[i];
	fail_msg("no transcript %s", id);
	return NULL;
}

static void assert_same_text(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_same_transcript(const struct transcript *a, const struct transcript *b)
{
	assert_true(a->whole && b->whole);
	assert_int_equal(a->count, b->count);
	for (size_t m = 0; m < a->count; m++) {
		assert_int_equal(a->messages[m].time_ms, b->messages[m].time_ms);
		assert_int_equal(a->messages[m].role, b->messages[m].role);
		assert_int_equal(a->messages[m].agent, b->messages[m].agent);
		assert_int_equal(a->messages[m].len, b->messages[m].len);
		assert_memory_equal(a->messages[m].text, b->messages[m].text, a->messages[m].len);
	}
	assert_same_text(a->status, b->status);
	assert_same_text(a->csat, b->csat);
	assert_int_equal(a->zoned, b->zoned);
	assert_int_equal(a->zone_min, b->zone_min);
}

static void test_held_transcripts_are_what_a_second_read_gives(void **state)
{
	struct session_index held_idx, read_idx;
	struct transcript_hold hold;
	struct transcript_set held, read;
	bool *done;

	(void)state;
	transcript_hold_init(&hold, SEED, UINT64_MAX, SIZE_MAX);
	first_read(&held_idx, &hold);
	transcript_set_init(&held, &held_idx, NULL, NULL, true);
	done = transcript_set_take(&held, &hold);
	first_read(&read_idx, NULL);
	transcript_set_init(&read, &read_idx, NULL, NULL, true);
	read_again(&read);

	assert_true(done[0] && done[1]);
	/* a: the note left out, both 30 s rows kept in their order, the latest status and CSAT. */
	assert_int_equal(find(&held, "a")->count, 4);
	assert_string_equal(find(&held, "a")->messages[1].text, "您好，我帮您查一下");
	assert_string_equal(find(&held, "a")->status, "solved");
	/* b: the row exported twice counted once. */
	assert_int_equal(find(&held, "b")->count, 3);
	assert_same_transcript(find(&held, "a"), find(&read, "a"));
	assert_same_transcript(find(&held, "b"), find(&read, "b"));
	free(done);
	transcript_set_release(&held);
	transcript_set_release(&read);
	transcript_hold_release(&hold);
	session_index_release(&held_idx);
	session_index_release(&read_idx);
}

static void test_only_sessions_hashed_under_the_bound_are_held(void **state)
{
	uint64_t a = sample_hash(SEED, "a", 1), b = sample_hash(SEED, "b", 1);
	struct session_index idx;
	struct transcript_hold hold;
	struct transcript_set set;
	bool *done;

	(void)state;
	transcript_hold_init(&hold, SEED, a < b ? a : b, SIZE_MAX);
	first_read(&idx, &hold);
	transcript_set_init(&set, &idx, NULL, NULL, true);
	done = transcript_set_take(&set, &hold);
	assert_int_equal(find(&set, "a")->whole, a < b);
	assert_int_equal(find(&set, "b")->whole, b < a);
	assert_int_equal(done[str_table_find(idx.ids, "a", 1)], a < b);
	/* The other one is read again as before, and comes out whole too. */
	read_again(&set);
	assert_true(find(&set, "a")->whole && find(&set, "b")->whole);
	assert_int_equal(find(&set, "a")->count, 4);
	assert_int_equal(find(&set, "b")->count, 3);
	free(done);
	transcript_set_release(&set);
	transcript_hold_release(&hold);
	session_index_release(&idx);
}

static void test_a_hold_past_its_limit_holds_nothing(void **state)
{
	struct session_index idx;
	struct transcript_hold hold;
	struct transcript_set set;
	bool *done;

	(void)state;
	transcript_hold_init(&hold, SEED, UINT64_MAX, 200);
	first_read(&idx, &hold);
	assert_true(hold.over);
	assert_int_equal(hold.count, 0);
	transcript_set_init(&set, &idx, NULL, NULL, true);
	done = transcript_set_take(&set, &hold);
	assert_false(done[0] || done[1]);
	assert_false(find(&set, "a")->whole || find(&set, "b")->whole);
	free(done);
	transcript_set_release(&set);
	transcript_hold_release(&hold);
	session_index_release(&idx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_held_transcripts_are_what_a_second_read_gives),
		cmocka_unit_test(test_only_sessions_hashed_under_the_bound_are_held),
		cmocka_unit_test(test_a_hold_past_its_limit_holds_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
