/* Scorecards (docs/STANDARD.md §5-§6) on small hand-built report views: the mean score and its
 * 95% confidence interval, rounding, dimension means, flags against the rubric's limits in
 * rounded per mille, the cards made, and reading a baseline agents.csv. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "metrics.h"
#include "report_view.h"
#include "score.h"
#include "scorecard.h"

/* ---- A view of a few sessions, made by hand ---- */

#define MAX_SESSIONS 16
#define MAX_AGENTS   4

struct fixture {
	struct session_score scores[MAX_SESSIONS];
	struct session_row rows[MAX_SESSIONS];
	size_t count;
	const char *names[MAX_AGENTS];
	struct timeliness agents[MAX_AGENTS];
	struct metrics metrics;
	struct report_view view;
};

static const struct timeliness_limits default_limits = {3, 8, 2, 90};

/* The agents' names in index order; each gets a card once it has a session. */
static void fixture_init(struct fixture *f, const char *const *names, uint32_t count)
{
	memset(f, 0, sizeof(*f));
	for (uint32_t g = 0; g < count; g++)
		f->names[g] = names[g];
	f->metrics.agents = f->agents;
	f->metrics.agent_count = count;
	f->view = (struct report_view){.sessions = f->rows,
				       .agent_names = f->names,
				       .agent_count = count,
				       .metrics = &f->metrics,
				       .limits = default_limits};
}

/* A session of agent (STR_NONE: unattributed) with every dimension at the same grade. */
static struct session_score *add_session(struct fixture *f, uint32_t agent, int score_tenths,
					 enum grade grade)
{
	struct session_score *sc = &f->scores[f->count];

	assert_true(f->count < MAX_SESSIONS);
	for (int d = 0; d < DIM_COUNT; d++)
		sc->dim[d] = (struct dimension_score){true, grade};
	sc->score_tenths = score_tenths;
	sc->grade = score_tenths < 0 ? GRADE_F : grade_from_score(score_tenths);
	f->rows[f->count] = (struct session_row){.id = "S",
						 .agent = agent == STR_NONE ? "" : f->names[agent],
						 .agent_index = agent,
						 .score = sc};
	if (agent != STR_NONE)
		f->agents[agent].sessions++;
	f->view.session_count = ++f->count;
	return sc;
}

static const struct agent_card *card_of(const struct scorecards *sc, const char *id)
{
	for (size_t i = 0; i < sc->count; i++)
		if (!strcmp(sc->cards[i].id, id))
			return &sc->cards[i];
	fail_msg("no card for '%s'", id);
	return NULL;
}

static const char *const one_agent[] = {"kf1"};

/* ---- Scores ---- */

static void test_mean_and_95pct_interval_of_three_scores(void **state)
{
	struct fixture f;
	struct scorecards sc;
	const struct score_summary *s;

	(void)state;
	fixture_init(&f, one_agent, 1);
	add_session(&f, 0, 800, GRADE_B);
	add_session(&f, 0, 820, GRADE_B);
	add_session(&f, 0, 840, GRADE_B);
	scorecards_from_view(&sc, &f.view, NULL);
	s = &card_of(&sc, "kf1")->score;
	assert_int_equal(s->sampled, 3);
	assert_int_equal(s->scored, 3);
	assert_int_equal(s->mean_tenths, 820);
	/* s = 2 points, t(2 df) = 4.303: 82 -/+ 4.303 x 2 / sqrt(3) = 77.03 .. 86.97 */
	assert_int_equal(s->ci_low_tenths, 770);
	assert_int_equal(s->ci_high_tenths, 870);
	assert_int_equal(s->grade, grade_from_score(820));
	scorecards_release(&sc);
}

static void test_one_score_has_a_mean_but_no_interval(void **state)
{
	struct fixture f;
	struct scorecards sc;
	const struct score_summary *s;

	(void)state;
	fixture_init(&f, one_agent, 1);
	add_session(&f, 0, 915, GRADE_A);
	scorecards_from_view(&sc, &f.view, NULL);
	s = &card_of(&sc, "kf1")->score;
	assert_int_equal(s->mean_tenths, 915);
	assert_int_equal(s->ci_low_tenths, -1);
	assert_int_equal(s->ci_high_tenths, -1);
	scorecards_release(&sc);
}

static void test_interval_is_clamped_to_0_and_100(void **state)
{
	struct fixture f;
	struct scorecards sc;
	const struct score_summary *s;

	(void)state;
	fixture_init(&f, one_agent, 1);
	add_session(&f, 0, 0, GRADE_F);
	add_session(&f, 0, 1000, GRADE_A);
	scorecards_from_view(&sc, &f.view, NULL);
	s = &card_of(&sc, "kf1")->score;
	assert_int_equal(s->mean_tenths, 500);
	assert_int_equal(s->ci_low_tenths, 0);
	assert_int_equal(s->ci_high_tenths, 1000);
	scorecards_release(&sc);
}

static void test_identical_scores_have_a_zero_width_interval(void **state)
{
	struct fixture f;
	struct scorecards sc;
	const struct score_summary *s;

	(void)state;
	fixture_init(&f, one_agent, 1);
	add_session(&f, 0, 730, GRADE_C);
	add_session(&f, 0, 730, GRADE_C);
	scorecards_from_view(&sc, &f.view, NULL);
	s = &card_of(&sc, "kf1")->score;
	assert_int_equal(s->ci_low_tenths, 730);
	assert_int_equal(s->ci_high_tenths, 730);
	scorecards_release(&sc);
}

static void test_mean_rounds_half_up_to_tenths(void **state)
{
	struct fixture f;
	struct scorecards sc;

	(void)state;
	fixture_init(&f, one_agent, 1);
	add_session(&f, 0, 800, GRADE_B);
	add_session(&f, 0, 801, GRADE_B);
	scorecards_from_view(&sc, &f.view, NULL);
	assert_int_equal(card_of(&sc, "kf1")->score.mean_tenths, 801); /* 80.05 */
	scorecards_release(&sc);
}

static void test_unscored_session_is_sampled_but_not_in_the_mean(void **state)
{
	struct fixture f;
	struct scorecards sc;
	const struct score_summary *s;

	(void)state;
	fixture_init(&f, one_agent, 1);
	add_session(&f, 0, 600, GRADE_D);
	add_session(&f, 0, -1, GRADE_F);
	scorecards_from_view(&sc, &f.view, NULL);
	s = &card_of(&sc, "kf1")->score;
	assert_int_equal(s->sampled, 2);
	assert_int_equal(s->scored, 1);
	assert_int_equal(s->mean_tenths, 600);
	scorecards_release(&sc);
}

static void test_no_scored_session_leaves_mean_and_interval_empty(void **state)
{
	struct fixture f;
	struct scorecards sc;
	const struct score_summary *s;

	(void)state;
	fixture_init(&f, one_agent, 1);
	add_session(&f, 0, -1, GRADE_F);
	scorecards_from_view(&sc, &f.view, NULL);
	s = &card_of(&sc, "kf1")->score;
	assert_int_equal(s->mean_tenths, -1);
	assert_int_equal(s->ci_low_tenths, -1);
	assert_int_equal(s->ci_high_tenths, -1);
	scorecards_release(&sc);
}

static void test_dimension_means_round_to_hundredths_and_grades_tie_up(void **state)
{
	struct fixture f;
	struct scorecards sc;
	struct session_score *a, *b;
	const struct score_summary *s;

	(void)state;
	fixture_init(&f, one_agent, 1);
	a = add_session(&f, 0, 800, GRADE_A);
	b = add_session(&f, 0, 700, GRADE_A);
	b->dim[DIM_RESPONSE].grade = GRADE_B;      /* 5, 4: 4.50, A */
	a->dim[DIM_COMMUNICATION].grade = GRADE_B; /* 4, 3: 3.50, B */
	b->dim[DIM_COMMUNICATION].grade = GRADE_C;
	a->dim[DIM_RESOLUTION].applicable = false; /* never judged: none */
	b->dim[DIM_RESOLUTION].applicable = false;
	a->dim[DIM_COMPLIANCE].applicable = false; /* only b's 2 counts */
	b->dim[DIM_COMPLIANCE].grade = GRADE_D;
	scorecards_from_view(&sc, &f.view, NULL);
	s = &card_of(&sc, "kf1")->score;
	assert_int_equal(s->dim_hundredths[DIM_RESPONSE], 450);
	assert_int_equal(s->dim_grade[DIM_RESPONSE], GRADE_A);
	assert_int_equal(s->dim_hundredths[DIM_COMMUNICATION], 350);
	assert_int_equal(s->dim_grade[DIM_COMMUNICATION], GRADE_B);
	assert_int_equal(s->dim_hundredths[DIM_RESOLUTION], -1);
	assert_int_equal(s->dim_hundredths[DIM_COMPLIANCE], 200);
	assert_int_equal(s->dim_grade[DIM_COMPLIANCE], GRADE_D);
	assert_int_equal(s->dim_hundredths[DIM_ATTITUDE], 500);
	scorecards_release(&sc);
}

static void test_counts_quality_red_lines_and_findings_by_rule(void **state)
{
	struct finding findings[] = {{.rule = RULE_R1, .penalty = 1},
				     {.rule = RULE_K1, .red_line = true},
				     {.rule = RULE_R1, .penalty = 1}};
	struct fixture f;
	struct scorecards sc;
	struct session_score *a, *b;
	const struct score_summary *s;

	(void)state;
	fixture_init(&f, one_agent, 1);
	a = add_session(&f, 0, 900, GRADE_A);
	b = add_session(&f, 0, 500, GRADE_D);
	a->quality = true;
	a->findings = &findings[0];
	a->count = 1;
	b->red_lines = 1;
	b->findings = &findings[1];
	b->count = 2;
	scorecards_from_view(&sc, &f.view, NULL);
	s = &card_of(&sc, "kf1")->score;
	assert_int_equal(s->quality, 1);
	assert_int_equal(s->red_lines, 1);
	assert_int_equal(s->findings, 3);
	assert_int_equal(s->rule_count[RULE_R1], 2);
	assert_int_equal(s->rule_count[RULE_K1], 1);
	assert_int_equal(s->rule_count[RULE_A1], 0);
	scorecards_release(&sc);
}

static void test_team_summary_covers_every_sampled_session(void **state)
{
	static const char *const names[] = {"kf1", "kf2"};
	struct fixture f;
	struct scorecards sc;

	(void)state;
	fixture_init(&f, names, 2);
	add_session(&f, 0, 900, GRADE_A);
	add_session(&f, 1, 700, GRADE_C);
	add_session(&f, STR_NONE, 800, GRADE_B);
	scorecards_from_view(&sc, &f.view, NULL);
	assert_int_equal(sc.count, 2);
	assert_int_equal(card_of(&sc, "kf1")->score.sampled, 1);
	assert_int_equal(card_of(&sc, "kf2")->score.sampled, 1);
	assert_int_equal(sc.team.sampled, 3);
	assert_int_equal(sc.team.mean_tenths, 800);
	/* s = 10 points, t(2 df) = 4.303: 80 -/+ 24.84 */
	assert_int_equal(sc.team.ci_low_tenths, 552);
	assert_int_equal(sc.team.ci_high_tenths, 1000);
	scorecards_release(&sc);
}

/* ---- Cards and flags ---- */

static void test_cards_only_for_agents_with_sessions_or_replies_sorted_by_id(void **state)
{
	static const char *const names[] = {"kf2", "kf1", "idle", "replier"};
	struct fixture f;
	struct scorecards sc;

	(void)state;
	fixture_init(&f, names, 4);
	add_session(&f, 0, 900, GRADE_A);
	add_session(&f, 1, 900, GRADE_A);
	f.agents[3].replies[PERIOD_PEAK] = 1; /* answered in a colleague's session */
	scorecards_from_view(&sc, &f.view, NULL);
	assert_int_equal(sc.count, 3);
	assert_string_equal(sc.cards[0].id, "kf1");
	assert_int_equal(sc.cards[0].agent, 1);
	assert_ptr_equal(sc.cards[0].timeliness, &f.agents[1]);
	assert_string_equal(sc.cards[1].id, "kf2");
	assert_string_equal(sc.cards[2].id, "replier");
	assert_int_equal(sc.cards[2].score.sampled, 0);
	scorecards_release(&sc);
}

static void test_low_sample_flag_below_five_sampled_sessions(void **state)
{
	static const char *const names[] = {"four", "five"};
	struct fixture f;
	struct scorecards sc;

	(void)state;
	fixture_init(&f, names, 2);
	for (int i = 0; i < 4; i++)
		add_session(&f, 0, 900, GRADE_A);
	for (int i = 0; i < 5; i++)
		add_session(&f, 1, 900, GRADE_A);
	scorecards_from_view(&sc, &f.view, NULL);
	assert_int_equal(card_of(&sc, "four")->flags, 1u << FLAG_LOW_SAMPLE);
	assert_int_equal(card_of(&sc, "five")->flags, 0);
	scorecards_release(&sc);
}

static void test_red_line_in_a_sampled_session_flags_the_agent(void **state)
{
	struct fixture f;
	struct scorecards sc;

	(void)state;
	fixture_init(&f, one_agent, 1);
	for (int i = 0; i < 5; i++)
		add_session(&f, 0, 900, GRADE_A);
	f.scores[2].red_lines = 1;
	scorecards_from_view(&sc, &f.view, NULL);
	assert_int_equal(card_of(&sc, "kf1")->flags, 1u << FLAG_RED_LINE);
	scorecards_release(&sc);
}

/* 2000 replies, so that a rate can fall on half a per mille. */
static struct timeliness replies_with_timeouts(uint32_t offpeak, uint32_t peak)
{
	return (struct timeliness){.replies = {2000, 2000}, .timeouts = {offpeak, peak}};
}

static void test_timeout_flags_compare_rounded_permille_with_the_limits(void **state)
{
	struct timeliness t;

	(void)state;
	t = replies_with_timeouts(59, 0); /* 2.95% rounds to 3.0%: not over 3% */
	assert_int_equal(timeliness_flags(&t, &default_limits, -1), 0);
	t = replies_with_timeouts(61, 0); /* 3.05% rounds to 3.1% */
	assert_int_equal(timeliness_flags(&t, &default_limits, -1), 1u << FLAG_TIMEOUT_OFFPEAK);
	t = replies_with_timeouts(0, 159); /* 7.95% rounds to 8.0%: not over 8% */
	assert_int_equal(timeliness_flags(&t, &default_limits, -1), 0);
	t = replies_with_timeouts(0, 161);
	assert_int_equal(timeliness_flags(&t, &default_limits, -1), 1u << FLAG_TIMEOUT_PEAK);
}

static void test_timeout_vs_team_needs_over_factor_times_the_peer_mean(void **state)
{
	struct timeliness t = {.replies = {1000, 0}, .timeouts = {20, 0}}; /* 20 per mille */

	(void)state;
	assert_int_equal(timeliness_flags(&t, &default_limits, 10), 0); /* exactly 2 x 10 */
	assert_int_equal(timeliness_flags(&t, &default_limits, 9), 1u << FLAG_TIMEOUT_VS_TEAM);
	assert_int_equal(timeliness_flags(&t, &default_limits, -1), 0); /* no peers */
	t.timeouts[0] = 0;
	assert_int_equal(timeliness_flags(&t, &default_limits, 0), 0); /* 0 is never over */
}

static void test_low_fcr_flag_compares_rounded_permille(void **state)
{
	struct timeliness t = {.known_customers = 2000, .repeat_contacts = 201}; /* 89.95% */
	struct timeliness none = {0};

	(void)state;
	assert_int_equal(timeliness_flags(&t, &default_limits, -1), 0);
	t.repeat_contacts = 202; /* 89.9% */
	assert_int_equal(timeliness_flags(&t, &default_limits, -1), 1u << FLAG_LOW_FCR);
	assert_int_equal(timeliness_flags(&none, &default_limits, -1), 0);
}

static void test_agent_mean_timeout_is_the_truncated_mean_of_agents_with_replies(void **state)
{
	static const char *const names[] = {"a", "b", "silent"};
	struct fixture f;
	struct scorecards sc;

	(void)state;
	fixture_init(&f, names, 3);
	add_session(&f, 0, 900, GRADE_A);
	add_session(&f, 1, 900, GRADE_A);
	add_session(&f, 2, 900, GRADE_A);
	f.agents[0] = (struct timeliness){.sessions = 1, .replies = {100, 0}, .timeouts = {1, 0}};
	f.agents[1] = (struct timeliness){.sessions = 1, .replies = {0, 1000}, .timeouts = {0, 21}};
	scorecards_from_view(&sc, &f.view, NULL);
	assert_int_equal(sc.agent_mean_timeout_permille, 15); /* (10 + 21) / 2 */
	scorecards_release(&sc);

	f.agents[0] = f.agents[1] = (struct timeliness){.sessions = 1};
	scorecards_from_view(&sc, &f.view, NULL);
	assert_int_equal(sc.agent_mean_timeout_permille, -1);
	scorecards_release(&sc);
}

static void test_baseline_is_matched_by_agent_id(void **state)
{
	static const char *const names[] = {"kf1", "kf2"};
	struct baseline_row rows[] = {{"kf9", 500, 'D'}, {"kf1", 800, 'B'}};
	struct baseline baseline = {.rows = rows, .count = 2};
	struct fixture f;
	struct scorecards sc;
	const struct agent_card *kf1, *kf2;

	(void)state;
	fixture_init(&f, names, 2);
	add_session(&f, 0, 900, GRADE_A);
	add_session(&f, 1, 900, GRADE_A);
	scorecards_from_view(&sc, &f.view, &baseline);
	kf1 = card_of(&sc, "kf1");
	kf2 = card_of(&sc, "kf2");
	assert_true(sc.with_baseline);
	assert_true(kf1->has_baseline);
	assert_int_equal(kf1->baseline_tenths, 800);
	assert_int_equal(kf1->baseline_grade, 'B');
	assert_false(kf2->has_baseline);
	scorecards_release(&sc);

	scorecards_from_view(&sc, &f.view, NULL);
	assert_false(sc.with_baseline);
	assert_false(card_of(&sc, "kf1")->has_baseline);
	scorecards_release(&sc);
}

static void test_empty_view_makes_no_cards(void **state)
{
	struct fixture f;
	struct scorecards sc;

	(void)state;
	fixture_init(&f, NULL, 0);
	scorecards_from_view(&sc, &f.view, NULL);
	assert_int_equal(sc.count, 0);
	assert_int_equal(sc.team.sampled, 0);
	assert_int_equal(sc.team.mean_tenths, -1);
	assert_int_equal(sc.agent_mean_timeout_permille, -1);
	scorecards_release(&sc);
}

/* ---- Baseline ---- */

#define DIR_TEMPLATE "/tmp/qaudit-test-baseline-XXXXXX"

static char dir[sizeof(DIR_TEMPLATE)];
static char path[sizeof(dir) + 16];

static int make_dir(void **state)
{
	(void)state;
	memcpy(dir, DIR_TEMPLATE, sizeof(dir));
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/agents.csv", dir);
	return 0;
}

static int remove_dir(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

static void write_agents_csv(const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void load(struct baseline *b, const char *text)
{
	struct qa_error err = {0};

	write_agents_csv(text);
	if (baseline_load(b, dir, &err))
		fail_msg("%s", err.message);
}

static void test_baseline_reads_columns_by_name_and_undoes_formula_quoting(void **state)
{
	struct baseline b;

	(void)state;
	load(&b, "sessions,score,agent_id,grade,rubric\r\n"
		 "3,92.5,'=kf1,A,0123abcd\r\n"
		 "1,71,\"kf 2, night\",C,0123abcd\r\n");
	assert_int_equal(b.count, 2);
	assert_string_equal(b.rows[0].agent, "=kf1");
	assert_int_equal(b.rows[0].score_tenths, 925);
	assert_int_equal(b.rows[0].grade, 'A');
	assert_string_equal(b.rows[1].agent, "kf 2, night");
	assert_int_equal(b.rows[1].score_tenths, 710);
	assert_string_equal(b.digest, "0123abcd");
	baseline_release(&b);
}

static void test_baseline_score_outside_0_to_100_or_not_a_number_is_none(void **state)
{
	struct baseline b;

	(void)state;
	load(&b, "agent_id,score,grade\n"
		 "a,,\n"
		 "b,abc,B\n"
		 "c,100.1,A\n"
		 "d,-1,F\n"
		 "e,100,A\n"
		 "f,0,F\n"
		 "g,12.34,F\n");
	assert_int_equal(b.count, 7);
	assert_int_equal(b.rows[0].score_tenths, -1);
	assert_int_equal(b.rows[0].grade, '\0');
	assert_int_equal(b.rows[1].score_tenths, -1);
	assert_int_equal(b.rows[1].grade, 'B');
	assert_int_equal(b.rows[2].score_tenths, -1);
	assert_int_equal(b.rows[3].score_tenths, -1);
	assert_int_equal(b.rows[4].score_tenths, 1000);
	assert_int_equal(b.rows[5].score_tenths, 0);
	assert_int_equal(b.rows[6].score_tenths, 123);
	assert_null(b.digest);
	baseline_release(&b);
}

static void test_baseline_grade_other_than_a_to_f_is_left_out_and_warned(void **state)
{
	struct baseline b;

	(void)state;
	load(&b, "agent_id,score,grade\n"
		 "a,90,A\n"        /* 2 */
		 "b,80,\"\"\"\"\n" /* 3: a quote */
		 "c,70,\",\"\n"    /* 4: a comma */
		 "d,60,\"\nB\"\n"  /* 5, 6: a line end first */
		 "e,50,=1+1\n"     /* 7 */
		 "f,40,BB\n"       /* 8 */
		 "g,30,b\n"        /* 9 */
		 "h,nan,F\n"       /* 10 */
		 "i,0x10,E\n");    /* 11 */
	assert_int_equal(b.count, 9);
	assert_int_equal(b.rows[0].grade, 'A');
	for (size_t i = 1; i < 7; i++)
		assert_int_equal(b.rows[i].grade, '\0');
	assert_int_equal(b.rows[7].grade, 'F');
	assert_int_equal(b.rows[7].score_tenths, -1);
	assert_int_equal(b.rows[8].score_tenths, -1);
	assert_int_equal(b.warnings_total, 8);
	assert_non_null(strstr(b.warnings[0], "agents.csv:3: grade is not one of A to F"));
	assert_non_null(strstr(b.warnings[2], "agents.csv:5: grade"));
	assert_non_null(strstr(b.warnings[3], "agents.csv:7: grade"));
	assert_non_null(strstr(b.warnings[6], "agents.csv:10: score is not a number"));
	baseline_release(&b);
}

static void test_baseline_rows_without_an_agent_are_left_out(void **state)
{
	struct baseline b;

	(void)state;
	load(&b, "agent_id,score\n,90\nkf1,80\n\n");
	assert_int_equal(b.count, 1);
	assert_string_equal(b.rows[0].agent, "kf1");
	baseline_release(&b);
}

static void test_baseline_written_for_excel_is_read(void **state)
{
	struct baseline b;

	(void)state;
	load(&b, "\xEF\xBB\xBF"
		 "agent_id,score,grade\nkf1,80,B\n");
	assert_int_equal(b.count, 1);
	assert_string_equal(b.rows[0].agent, "kf1");
	assert_int_equal(b.rows[0].score_tenths, 800);
	baseline_release(&b);
}

static void test_baseline_without_an_agent_id_column_is_refused(void **state)
{
	struct baseline b;
	struct qa_error err = {0};
	char expected[128];

	(void)state;
	write_agents_csv("scope,name,sessions\nteam,,3\n");
	assert_int_equal(baseline_load(&b, dir, &err), -1);
	assert_int_equal(err.status, QA_EXIT_INPUT);
	snprintf(expected, sizeof(expected), "--baseline: %s: not an agents.csv of qaudit", path);
	assert_string_equal(err.message, expected);
	assert_int_equal(b.count, 0);
}

/* The first night of a nightly job: no earlier report yet is a warning, not an error. */
static void test_empty_baseline_is_missing_with_a_warning(void **state)
{
	struct baseline b;
	struct qa_error err = {0};

	(void)state;
	write_agents_csv("");
	assert_int_equal(baseline_load(&b, dir, &err), 0);
	assert_true(b.missing);
	assert_int_equal(b.count, 0);
	assert_int_equal(b.warning_count, 1);
	assert_non_null(strstr(b.warnings[0], ": empty; "));
	baseline_release(&b);
}

static void test_missing_baseline_names_the_file_in_a_warning(void **state)
{
	struct baseline b;
	struct qa_error err = {0};
	char expected[128];

	(void)state;
	unlink(path);
	assert_int_equal(baseline_load(&b, dir, &err), 0);
	assert_true(b.missing);
	snprintf(expected, sizeof(expected), "%s: no such file", path);
	assert_int_equal(b.warning_count, 1);
	assert_memory_equal(b.warnings[0], expected, strlen(expected));
	baseline_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mean_and_95pct_interval_of_three_scores),
		cmocka_unit_test(test_one_score_has_a_mean_but_no_interval),
		cmocka_unit_test(test_interval_is_clamped_to_0_and_100),
		cmocka_unit_test(test_identical_scores_have_a_zero_width_interval),
		cmocka_unit_test(test_mean_rounds_half_up_to_tenths),
		cmocka_unit_test(test_unscored_session_is_sampled_but_not_in_the_mean),
		cmocka_unit_test(test_no_scored_session_leaves_mean_and_interval_empty),
		cmocka_unit_test(test_dimension_means_round_to_hundredths_and_grades_tie_up),
		cmocka_unit_test(test_counts_quality_red_lines_and_findings_by_rule),
		cmocka_unit_test(test_team_summary_covers_every_sampled_session),
		cmocka_unit_test(test_cards_only_for_agents_with_sessions_or_replies_sorted_by_id),
		cmocka_unit_test(test_low_sample_flag_below_five_sampled_sessions),
		cmocka_unit_test(test_red_line_in_a_sampled_session_flags_the_agent),
		cmocka_unit_test(test_timeout_flags_compare_rounded_permille_with_the_limits),
		cmocka_unit_test(test_timeout_vs_team_needs_over_factor_times_the_peer_mean),
		cmocka_unit_test(test_low_fcr_flag_compares_rounded_permille),
		cmocka_unit_test(
			test_agent_mean_timeout_is_the_truncated_mean_of_agents_with_replies),
		cmocka_unit_test(test_baseline_is_matched_by_agent_id),
		cmocka_unit_test(test_empty_view_makes_no_cards),
		cmocka_unit_test_setup_teardown(
			test_baseline_reads_columns_by_name_and_undoes_formula_quoting, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(
			test_baseline_score_outside_0_to_100_or_not_a_number_is_none, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(
			test_baseline_grade_other_than_a_to_f_is_left_out_and_warned, make_dir,
			remove_dir),
		cmocka_unit_test_setup_teardown(test_baseline_rows_without_an_agent_are_left_out,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(test_baseline_written_for_excel_is_read, make_dir,
						remove_dir),
		cmocka_unit_test_setup_teardown(test_baseline_without_an_agent_id_column_is_refused,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(test_empty_baseline_is_missing_with_a_warning,
						make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(test_missing_baseline_names_the_file_in_a_warning,
						make_dir, remove_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
