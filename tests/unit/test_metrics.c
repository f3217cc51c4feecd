/* Population metrics (docs/STANDARD.md §5) through their public API: the median, the nearest-rank
 * p90, rates in per mille rounded half up, peak hours and promotion days in the rubric's
 * zone, and what metrics_compute counts for each agent, channel, period and the team. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "metrics.h"
#include "time_parse.h"

/* 2026-03-02 00:00 UTC, 08:00 at +08:00: a Monday, off-peak, no promotion. */
#define MONDAY_0800_MS 1772409600000LL
#define HOUR_MS        3600000LL
#define TZ_CN          (8 * 60)

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

/* A row holding only first-response times, which must be given sorted. */
static struct timeliness first_responses(int64_t *ms, uint32_t count)
{
	return (struct timeliness){.first_response_ms = ms, .first_response_count = count};
}

static void test_median_is_the_middle_or_the_mean_of_the_two_middles(void **state)
{
	int64_t one[] = {1000}, two[] = {1000, 3000}, four[] = {1000, 2000, 4001, 5000};
	struct timeliness none = {0}, t;

	(void)state;
	assert_int_equal(timeliness_median_ms(&none), -1);
	t = first_responses(one, 1);
	assert_int_equal(timeliness_median_ms(&t), 1000);
	t = first_responses(two, 2);
	assert_int_equal(timeliness_median_ms(&t), 2000);
	/* (2000 + 4001) / 2 in whole milliseconds */
	t = first_responses(four, 4);
	assert_int_equal(timeliness_median_ms(&t), 3000);
}

static void test_p90_is_the_nearest_rank(void **state)
{
	int64_t ms[20];
	struct timeliness none = {0}, t;

	(void)state;
	for (int i = 0; i < 20; i++)
		ms[i] = (i + 1) * 1000;
	assert_int_equal(timeliness_p90_ms(&none), -1);
	t = first_responses(ms, 1);
	assert_int_equal(timeliness_p90_ms(&t), 1000);
	/* ceil(0.9 x 10) = 9th, ceil(0.9 x 11) = 10th, ceil(0.9 x 20) = 18th smallest */
	t = first_responses(ms, 10);
	assert_int_equal(timeliness_p90_ms(&t), 9000);
	t = first_responses(ms, 11);
	assert_int_equal(timeliness_p90_ms(&t), 10000);
	t = first_responses(ms, 20);
	assert_int_equal(timeliness_p90_ms(&t), 18000);
}

static void test_timeout_permille_rounds_half_up(void **state)
{
	struct timeliness t = {.replies = {16, 0}, .timeouts = {1, 0}};

	(void)state;
	assert_int_equal(timeliness_timeout_permille(&t, -1), 63); /* 62.5 */
	t = (struct timeliness){.replies = {3, 0}, .timeouts = {1, 0}};
	assert_int_equal(timeliness_timeout_permille(&t, -1), 333);
	t = (struct timeliness){.replies = {3, 0}, .timeouts = {2, 0}};
	assert_int_equal(timeliness_timeout_permille(&t, -1), 667);
	t = (struct timeliness){.replies = {2000, 0}, .timeouts = {59, 0}};
	assert_int_equal(timeliness_timeout_permille(&t, -1), 30); /* 29.5 */
}

static void test_timeout_permille_of_one_period_or_both(void **state)
{
	struct timeliness t = {.replies = {8, 2}, .timeouts = {1, 0}};
	struct timeliness none = {0}, peak_only = {.replies = {0, 4}, .timeouts = {0, 1}};

	(void)state;
	assert_int_equal(timeliness_timeout_permille(&t, PERIOD_OFFPEAK), 125);
	assert_int_equal(timeliness_timeout_permille(&t, PERIOD_PEAK), 0);
	assert_int_equal(timeliness_timeout_permille(&t, -1), 100);
	assert_int_equal(timeliness_timeout_permille(&none, -1), -1);
	assert_int_equal(timeliness_timeout_permille(&peak_only, PERIOD_OFFPEAK), -1);
	assert_int_equal(timeliness_timeout_permille(&peak_only, PERIOD_PEAK), 250);
}

static void test_fcr_permille_counts_customers_who_did_not_come_back(void **state)
{
	struct timeliness t = {.known_customers = 16, .repeat_contacts = 1};

	(void)state;
	assert_int_equal(timeliness_fcr_permille(&t), 938); /* 937.5 */
	t = (struct timeliness){.known_customers = 2000, .repeat_contacts = 201};
	assert_int_equal(timeliness_fcr_permille(&t), 900); /* 899.5 */
	t = (struct timeliness){.known_customers = 3};
	assert_int_equal(timeliness_fcr_permille(&t), 1000);
	t = (struct timeliness){.repeat_contacts = 0};
	assert_int_equal(timeliness_fcr_permille(&t), -1);
}

static void load_rubric(struct rubric *r, const char *text)
{
	struct qa_error err = {0};

	if (rubric_parse(r, text, "test.ini", &err))
		fail_msg("%s", err.message);
}

static void test_peak_hours_include_their_start_and_not_their_end(void **state)
{
	struct rubric r;

	(void)state;
	load_rubric(&r, "[periods]\npeak_hours = 10:00-12:00\npromotion_dates =\n");
	/* 10:00 local is 02:00 UTC */
	assert_false(metrics_is_peak(&r, MONDAY_0800_MS + 2 * HOUR_MS - 60000, TZ_CN));
	assert_true(metrics_is_peak(&r, MONDAY_0800_MS + 2 * HOUR_MS, TZ_CN));
	assert_true(metrics_is_peak(&r, MONDAY_0800_MS + 4 * HOUR_MS - 60000, TZ_CN));
	assert_false(metrics_is_peak(&r, MONDAY_0800_MS + 4 * HOUR_MS, TZ_CN));
	/* The same moment is 02:00 in UTC: off-peak there. */
	assert_false(metrics_is_peak(&r, MONDAY_0800_MS + 2 * HOUR_MS, 0));
	rubric_release(&r);
}

static void test_promotion_days_are_peak_all_day_in_the_local_zone(void **state)
{
	struct rubric r;

	(void)state;
	load_rubric(&r, "[periods]\npeak_hours =\npromotion_dates = 03-02, 2027-03-03\n");
	assert_true(metrics_is_peak(&r, MONDAY_0800_MS, TZ_CN));
	/* 03-01 23:00 UTC is already 03-02 07:00 at +08:00 */
	assert_true(metrics_is_peak(&r, MONDAY_0800_MS - HOUR_MS, TZ_CN));
	assert_false(metrics_is_peak(&r, MONDAY_0800_MS - HOUR_MS, 0));
	/* "YYYY-MM-DD" is that day only: 2026-03-03 is not 2027-03-03. */
	assert_false(metrics_is_peak(&r, MONDAY_0800_MS + 24 * HOUR_MS, TZ_CN));
	assert_true(metrics_is_peak(&r, MONDAY_0800_MS + 24 * HOUR_MS + 365 * 24 * HOUR_MS, TZ_CN));
	rubric_release(&r);
}

/* ---- metrics_compute over a small session index ---- */

/* What an audit does: tallies the replies while the messages are there, then the figures. */
static void compute(struct metrics *m, const struct session_index *idx, const struct rubric *r)
{
	struct reply_tallies tallies;

	metrics_tally_replies(&tallies, idx, r, TZ_CN);
	metrics_compute(m, idx, &tallies, r, TZ_CN);
	reply_tallies_release(&tallies);
}

static struct span text_span(const char *s)
{
	return (struct span){s, s ? strlen(s) : 0};
}

/* One message, seconds after 08:00 local; channel and customer may be NULL. */
static void add(struct session_index *idx, const char *session, long seconds, enum role role,
		const char *agent, const char *channel, const char *customer)
{
	struct record rec = {.file = "test", .line = 1, .role = role};

	rec.time_ms = MONDAY_0800_MS + seconds * 1000;
	rec.field[FIELD_SESSION] = text_span(session);
	rec.field[FIELD_AGENT] = text_span(agent);
	rec.field[FIELD_CHANNEL] = text_span(channel);
	rec.field[FIELD_CUSTOMER] = text_span(customer);
	rec.field[FIELD_TEXT] =
		text_span(role == ROLE_CUSTOMER ? "hello" : "hello, how can I help");
	assert_int_equal(session_index_add(&rec, idx), 0);
}

static uint32_t agent_id(const struct session_index *idx, const char *name)
{
	uint32_t id = str_table_find(idx->agents, name, strlen(name));

	assert_true(id != STR_NONE);
	return id;
}

static uint32_t channel_id(const struct session_index *idx, const char *name)
{
	uint32_t id = str_table_find(idx->channels, name, strlen(name));

	assert_true(id != STR_NONE);
	return id;
}

/*
 * a: KF1 on web for U1, first reply after 10 s (on time), a second reply after 30 s (over
 *    R2's 20 s); U1 comes back in b.
 * b: KF1 on app for U1, first reply after 20 s (over R1's 15 s).
 * c: KF2, no channel, no customer id, at 11:00 local (peak): first reply after 5 s.
 * d: a customer nobody answered: not scored, counted nowhere.
 */
static void build_index(struct session_index *idx)
{
	long peak = 3 * 3600;

	session_index_init(idx, keywords);
	add(idx, "a", 0, ROLE_CUSTOMER, NULL, "web", "U1");
	add(idx, "a", 10, ROLE_AGENT, "KF1", "web", "U1");
	add(idx, "a", 30, ROLE_CUSTOMER, NULL, "web", "U1");
	add(idx, "a", 60, ROLE_AGENT, "KF1", "web", "U1");
	add(idx, "b", 100, ROLE_CUSTOMER, NULL, "app", "U1");
	add(idx, "b", 120, ROLE_AGENT, "KF1", "app", "U1");
	add(idx, "c", peak, ROLE_CUSTOMER, NULL, NULL, NULL);
	add(idx, "c", peak + 5, ROLE_AGENT, "KF2", NULL, NULL);
	add(idx, "d", 200, ROLE_CUSTOMER, NULL, "web", "U2");
	session_index_finish(idx);
}

static void test_compute_counts_sessions_replies_and_timeouts_per_row(void **state)
{
	struct session_index idx;
	struct rubric r;
	struct metrics m;
	const struct timeliness *kf1, *kf2;

	(void)state;
	build_index(&idx);
	load_rubric(&r, "");
	compute(&m, &idx, &r);
	kf1 = &m.agents[agent_id(&idx, "KF1")];
	kf2 = &m.agents[agent_id(&idx, "KF2")];

	assert_int_equal(m.team.sessions, 3);
	assert_int_equal(m.team.replies[PERIOD_OFFPEAK], 3);
	assert_int_equal(m.team.timeouts[PERIOD_OFFPEAK], 2);
	assert_int_equal(m.team.replies[PERIOD_PEAK], 1);
	assert_int_equal(m.team.timeouts[PERIOD_PEAK], 0);
	assert_int_equal(kf1->sessions, 2);
	assert_int_equal(kf1->replies[PERIOD_OFFPEAK], 3);
	assert_int_equal(kf1->timeouts[PERIOD_OFFPEAK], 2);
	assert_int_equal(timeliness_timeout_permille(kf1, -1), 667);
	assert_int_equal(kf2->sessions, 1);
	assert_int_equal(kf2->replies[PERIOD_PEAK], 1);
	assert_int_equal(timeliness_timeout_permille(kf2, -1), 0);
	assert_int_equal(m.periods[PERIOD_OFFPEAK].sessions, 2);
	assert_int_equal(m.periods[PERIOD_PEAK].sessions, 1);

	/* Channels are indexed like the channel table, then the row of "no channel". */
	assert_int_equal(m.channel_count, 3);
	assert_int_equal(m.channels[channel_id(&idx, "web")].sessions, 1);
	assert_int_equal(m.channels[channel_id(&idx, "app")].sessions, 1);
	assert_int_equal(m.channels[m.channel_count - 1].sessions, 1);
	assert_int_equal(m.channels[m.channel_count - 1].replies[PERIOD_PEAK], 1);

	metrics_release(&m);
	rubric_release(&r);
	session_index_release(&idx);
}

static void test_compute_sorts_first_responses_for_median_and_p90(void **state)
{
	struct session_index idx;
	struct rubric r;
	struct metrics m;

	(void)state;
	build_index(&idx);
	load_rubric(&r, "");
	compute(&m, &idx, &r);
	assert_int_equal(m.team.first_response_count, 3);
	assert_int_equal(m.team.first_response_ms[0], 5000);
	assert_int_equal(m.team.first_response_ms[1], 10000);
	assert_int_equal(m.team.first_response_ms[2], 20000);
	assert_int_equal(timeliness_median_ms(&m.team), 10000);
	assert_int_equal(timeliness_p90_ms(&m.team), 20000);
	assert_int_equal(timeliness_median_ms(&m.agents[agent_id(&idx, "KF1")]), 15000);
	metrics_release(&m);
	rubric_release(&r);
	session_index_release(&idx);
}

/* Enough sessions that the figures are sorted a byte at a time: first responses from 1 s to
 * over 18 hours (three bytes of milliseconds), many of them equal, added out of order. */
static void test_compute_sorts_many_first_responses(void **state)
{
	enum { SESSIONS = 1000 };
	struct session_index idx;
	struct rubric r;
	struct metrics m;
	char id[16];

	(void)state;
	session_index_init(&idx, keywords);
	for (int i = 0; i < SESSIONS; i++) {
		/* (i * 389) mod 1000 visits every value of 0..999 once, out of order */
		long wait = 1 + (long)((i * 389) % SESSIONS) % 500 * 131;

		snprintf(id, sizeof(id), "s%d", i);
		add(&idx, id, 0, ROLE_CUSTOMER, NULL, NULL, NULL);
		add(&idx, id, wait, ROLE_AGENT, "KF1", NULL, NULL);
	}
	session_index_finish(&idx);
	load_rubric(&r, "");
	compute(&m, &idx, &r);
	assert_int_equal(m.team.first_response_count, SESSIONS);
	for (uint32_t i = 1; i < m.team.first_response_count; i++)
		assert_true(m.team.first_response_ms[i - 1] <= m.team.first_response_ms[i]);
	assert_int_equal(m.team.first_response_ms[0], 1000);
	assert_int_equal(m.team.first_response_ms[SESSIONS - 1], (1 + 499 * 131) * 1000L);
	/* every wait twice: the middle two are the 250th and 251st smallest of 500 */
	assert_int_equal(timeliness_median_ms(&m.team), (2 + 499 * 131) * 1000L / 2);
	assert_int_equal(timeliness_p90_ms(&m.team), (1 + 449 * 131) * 1000L);
	metrics_release(&m);
	rubric_release(&r);
	session_index_release(&idx);
}

static void test_compute_follows_customers_for_first_contact_resolution(void **state)
{
	struct session_index idx;
	struct rubric r;
	struct metrics m;

	(void)state;
	build_index(&idx);
	/* b opens 40 s after a ends: with no gap asked for, that is U1 coming back. */
	load_rubric(&r, "[S4]\nmin_gap_minutes = 0\n");
	compute(&m, &idx, &r);
	/* a and b have a customer id; U1 came back after a; c cannot be followed. */
	assert_int_equal(m.team.known_customers, 2);
	assert_int_equal(m.team.repeat_contacts, 1);
	assert_int_equal(timeliness_fcr_permille(&m.team), 500);
	assert_int_equal(timeliness_fcr_permille(&m.agents[agent_id(&idx, "KF2")]), -1);
	metrics_release(&m);
	rubric_release(&r);
	session_index_release(&idx);
}

static void test_compute_without_sessions_leaves_every_rate_empty(void **state)
{
	struct session_index idx;
	struct rubric r;
	struct metrics m;

	(void)state;
	session_index_init(&idx, keywords);
	session_index_finish(&idx);
	load_rubric(&r, "");
	compute(&m, &idx, &r);
	assert_int_equal(m.team.sessions, 0);
	assert_int_equal(m.agent_count, 0);
	assert_int_equal(m.channel_count, 1);
	assert_int_equal(timeliness_median_ms(&m.team), -1);
	assert_int_equal(timeliness_timeout_permille(&m.team, -1), -1);
	assert_int_equal(timeliness_fcr_permille(&m.team), -1);
	metrics_release(&m);
	rubric_release(&r);
	session_index_release(&idx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median_is_the_middle_or_the_mean_of_the_two_middles),
		cmocka_unit_test(test_p90_is_the_nearest_rank),
		cmocka_unit_test(test_timeout_permille_rounds_half_up),
		cmocka_unit_test(test_timeout_permille_of_one_period_or_both),
		cmocka_unit_test(test_fcr_permille_counts_customers_who_did_not_come_back),
		cmocka_unit_test(test_peak_hours_include_their_start_and_not_their_end),
		cmocka_unit_test(test_promotion_days_are_peak_all_day_in_the_local_zone),
		cmocka_unit_test(test_compute_counts_sessions_replies_and_timeouts_per_row),
		cmocka_unit_test(test_compute_sorts_first_responses_for_median_and_p90),
		cmocka_unit_test(test_compute_sorts_many_first_responses),
		cmocka_unit_test(test_compute_follows_customers_for_first_contact_resolution),
		cmocka_unit_test(test_compute_without_sessions_leaves_every_rate_empty),
	};

	return cmocka_run_group_tests(tests, load_phrases, free_phrases);
}
