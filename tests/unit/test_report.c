/* The report writers (docs/STANDARD.md §6) on one small hand-built view: two agents, three
 * sampled sessions, findings in and out of messages, personal data and a formula in the
 * text. The CSV files are compared byte for byte, summary.json field by field and
 * report.html by the pieces a reader looks for. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest.h"
#include "metrics.h"
#include "report.h"
#include "../../src/report_internal.h"
#include "score.h"
#include "time_parse.h"

/* 2026-03-02 02:00:05 UTC: 10:00:05 at +08:00. */
#define T0_MS  1772416805000LL
#define TZ_CN  (8 * 60)
#define DIGEST "0123abcd89ef4567"

/* ---- The view ---- */

static const char *const agent_names[] = {"kf1", "kf2"};

/* S-001: the C1 finding is in a message kf2 wrote after a transfer. */
static struct finding findings_1[] = {
	{.rule = RULE_C1,
	 .penalty = 1,
	 .message = 1,
	 .detail = "no greeting",
	 .time_ms = T0_MS,
	 .agent = 1,
	 .excerpt = "请问有什么事"},
};

static struct finding findings_2[] = {
	{.rule = RULE_S1,
	 .penalty = 2,
	 .message = NO_MESSAGE,
	 .detail = "not resolved <by the end>",
	 .time_ms = TIME_NONE,
	 .agent = STR_NONE},
	{.rule = RULE_K1,
	 .red_line = true,
	 .message = 2,
	 .detail = "phone number 13812345678 shared",
	 .time_ms = T0_MS + 60000,
	 .agent = 0,
	 .excerpt = "号码是*******5678"},
};

static const struct session_score scores[] = {
	{.dim = {{true, GRADE_A},
		 {true, GRADE_B},
		 {true, GRADE_A},
		 {true, GRADE_A},
		 {true, GRADE_A}},
	 .score_tenths = 960,
	 .grade = GRADE_A,
	 .quality = true,
	 .findings = findings_1,
	 .count = 1},
	{.dim = {{true, GRADE_A},
		 {true, GRADE_A},
		 {true, GRADE_C},
		 {true, GRADE_F},
		 {true, GRADE_A}},
	 .score_tenths = 640,
	 .grade = GRADE_C,
	 .red_lines = 1,
	 .findings = findings_2,
	 .count = 2},
	/* Every dimension N/A ({false, ...}): no score. */
	{.score_tenths = -1,
	 .grade = GRADE_F,
	 .channel_class = CLASS_SOCIAL,
	 .language_not_covered = true},
};

static const struct session_row sessions[] = {
	/* 1795136400000: 2026-11-20T01:00:00Z, written in each session's zone */
	{"S-001", "kf1", "web", "13812345678", 0, CATEGORY_INQUIRY, PRIORITY_LOW, 6, 1795136400000,
	 480, 3000, &scores[0]},
	{"S-002", "kf1", "web", "", 0, CATEGORY_COMPLAINT, PRIORITY_HIGH, 4, 1795136400000, 0,
	 12500, &scores[1]},
	{"=S-003", "kf2", "", "U9", 1, CATEGORY_INQUIRY, PRIORITY_MEDIUM, 3, TIME_NONE, 480, -1,
	 &scores[2]},
};

static int64_t two_responses[] = {3000, 12500};

static struct timeliness agent_rows[] = {
	{.sessions = 2,
	 .replies = {4, 0},
	 .timeouts = {1, 0},
	 .known_customers = 1,
	 .first_response_ms = two_responses,
	 .first_response_count = 2},
	{.sessions = 1,
	 .replies = {1, 1},
	 .timeouts = {0, 1},
	 .known_customers = 1,
	 .repeat_contacts = 1},
};

static struct timeliness channel_rows[] = {
	/* "": over twice the channels' mean timeout rate, (1000 + 0 + 250) / 3 */
	{.sessions = 1,
	 .replies = {1, 1},
	 .timeouts = {1, 1},
	 .known_customers = 1,
	 .repeat_contacts = 1},
	/* "app": replies count in the channels' mean; no session, so no row */
	{.sessions = 0, .replies = {10, 0}},
	/* "web" */
	{.sessions = 2,
	 .replies = {4, 0},
	 .timeouts = {1, 0},
	 .known_customers = 1,
	 .first_response_ms = two_responses,
	 .first_response_count = 2},
};

static struct metrics metrics = {
	.team = {.sessions = 3,
		 .replies = {5, 1},
		 .timeouts = {1, 1},
		 .known_customers = 2,
		 .repeat_contacts = 1,
		 .first_response_ms = two_responses,
		 .first_response_count = 2},
	.agents = agent_rows,
	.agent_count = 2,
	.channels = channel_rows,
	.channel_count = 3,
	.periods = {{.sessions = 2,
		     .replies = {5, 0},
		     .timeouts = {1, 0},
		     .first_response_ms = two_responses,
		     .first_response_count = 2},
		    {.sessions = 1, .replies = {0, 1}, .timeouts = {0, 1}}},
	/* No e-mail session: that class has no row. */
	.classes = {[CLASS_IM] = {.sessions = 2, .replies = {4, 0}, .timeouts = {0, 0}},
		    [CLASS_SOCIAL] = {.sessions = 1, .replies = {1, 1}, .timeouts = {1, 1}}},
};

static const struct channel_row channels[] = {
	{"", &channel_rows[0]},
	{"app", &channel_rows[1]},
	{"web", &channel_rows[2]},
};

static struct agent_card cards[] = {
	{.agent = 0,
	 .id = "kf1",
	 .timeliness = &agent_rows[0],
	 .score = {.sampled = 2,
		   .scored = 2,
		   .mean_tenths = 800,
		   .ci_low_tenths = 0,
		   .ci_high_tenths = 1000,
		   .grade = GRADE_B,
		   .dim_hundredths = {500, 450, 400, 250, 500},
		   .dim_grade = {GRADE_A, GRADE_A, GRADE_B, GRADE_C, GRADE_A},
		   .quality = 1,
		   .red_lines = 1,
		   .findings = 3,
		   .rule_count = {[RULE_C1] = 1, [RULE_S1] = 1, [RULE_K1] = 1}},
	 .flags = 1u << FLAG_LOW_SAMPLE | 1u << FLAG_RED_LINE | 1u << FLAG_TIMEOUT_OFFPEAK,
	 .has_baseline = true,
	 .baseline_tenths = 825,
	 .baseline_grade = 'A'},
	{.agent = 1,
	 .id = "kf2",
	 .timeliness = &agent_rows[1],
	 .score = {.sampled = 1,
		   .mean_tenths = -1,
		   .ci_low_tenths = -1,
		   .ci_high_tenths = -1,
		   .dim_hundredths = {-1, -1, -1, -1, -1}},
	 .flags = 1u << FLAG_LOW_SAMPLE | 1u << FLAG_TIMEOUT_PEAK},
};

static const struct scorecards scorecards = {
	.cards = cards,
	.count = 2,
	.team = {.sampled = 3,
		 .scored = 2,
		 .mean_tenths = 800,
		 .ci_low_tenths = 0,
		 .ci_high_tenths = 1000,
		 .grade = GRADE_B,
		 .dim_hundredths = {500, 450, 400, 250, 500},
		 .dim_grade = {GRADE_A, GRADE_A, GRADE_B, GRADE_C, GRADE_A},
		 .quality = 1,
		 .red_lines = 1,
		 .findings = 3,
		 .rule_count = {[RULE_C1] = 1, [RULE_S1] = 1, [RULE_K1] = 1}},
	.agent_mean_timeout_permille = 375,
	.with_baseline = true,
};

static const struct input_stats inputs[] = {
	{.name = "chats.csv.gz",
	 .format = FORMAT_CSV,
	 .preset = PRESET_NONE,
	 .gzip = true,
	 .records = 20,
	 .bad = 2,
	 .repaired = 1},
};

static const struct unscored_row by_channel[] = {
	{"", {1, 0, 1}},
	{"13812345678", {0, 1, 0}}, /* a channel named like a phone number is masked too */
	{"web", {2, 0, 0}},
};

static struct report_view make_view(void)
{
	return (struct report_view){
		.sessions = sessions,
		.session_count = 3,
		.agent_names = agent_names,
		.agent_count = 2,
		.cards = &scorecards,
		.metrics = &metrics,
		.channels = channels,
		.channel_count = 3,
		.limits = {3, 8, 2, 90},
		.inputs = inputs,
		.input_count = 1,
		.records_good = 20,
		.records_bad = 2,
		.internal_notes = 1,
		.duplicates_dropped = 3,
		.bad_by_reason = {[SKIP_RAGGED_ROW] = 2},
		.session_total = 5,
		.sessions_by_status = {3, 1, 1},
		.by_channel = by_channel,
		.by_channel_count = 3,
		.sample = {.seed = UINT64_MAX, .rate_ppm = 100000, .min_per_agent = 1},
		.digest = DIGEST,
		.short_digest = "0123abcd",
		.tz_offset_min = TZ_CN,
		.language = LANG_EN,
		.first_message_ms = T0_MS,
		.last_message_ms = T0_MS + (2 * 86400 + 3600) * 1000LL,
	};
}

/* What a writer writes for the view, as a string to free(). Returned through a copy: gcc -O2
 * takes pointers into the memstream's buffer for pointers to the local that held it
 * (-Wdangling-pointer). */
static char *render(void (*write)(FILE *, const struct report_view *), const struct report_view *v)
{
	char *text = NULL, *copy;
	size_t size = 0;
	FILE *fp = open_memstream(&text, &size);

	assert_non_null(fp);
	write(fp, v);
	assert_int_equal(fclose(fp), 0);
	copy = strdup(text);
	free(text);
	assert_non_null(copy);
	return copy;
}

static void assert_renders(void (*write)(FILE *, const struct report_view *), const char *expected)
{
	struct report_view v = make_view();
	char *text = render(write, &v);

	assert_string_equal(text, expected);
	free(text);
}

/* ---- CSV ---- */

static void test_agents_csv_writes_a_row_per_card(void **state)
{
	(void)state;
	assert_renders(
		report_write_agents_csv,
		"agent_id,sessions,sampled,score,score_ci_low,score_ci_high,grade,"
		"response_grade,response_points,communication_grade,communication_points,"
		"resolution_grade,resolution_points,compliance_grade,compliance_points,"
		"attitude_grade,attitude_points,quality_rate_pct,red_lines,findings,"
		"timeout_rate_pct,first_response_median_s,repeat_contact_rate_pct,flags,"
		"top_findings,previous_score,previous_grade,score_change,rubric\n"
		"kf1,2,2,80,0,100,B,A,5.00,A,4.50,B,4.00,C,2.50,A,5.00,50,1,3,25,7.75,0,"
		"LOW_SAMPLE RED_LINE TIMEOUT_OFFPEAK,\"C1 ×1, S1 ×1, K1 ×1\",82.5,A,-2.5,0123abcd\n"
		"kf2,1,1,,,,,N/A,,N/A,,N/A,,N/A,,N/A,,0,0,0,50,,100,LOW_SAMPLE TIMEOUT_PEAK,,,,,"
		"0123abcd\n");
}

static void test_sessions_csv_masks_text_and_quotes_formulas(void **state)
{
	(void)state;
	assert_renders(
		report_write_sessions_csv,
		"session_id,agent_id,channel,channel_class,customer_id,start_time,category,"
		"priority,"
		"messages,first_response_s,response_grade,response_points,communication_grade,"
		"communication_points,resolution_grade,resolution_points,compliance_grade,"
		"compliance_points,attitude_grade,attitude_points,score,grade,quality,red_lines,"
		"findings,not_judged,rubric\n"
		"S-001,kf1,web,im,*******5678,2026-11-20T09:00:00+08:00,inquiry,low,6,3,A,5,B,4,A,"
		"5,"
		"A,5,A,5,96,A,1,0,1,,0123abcd\n"
		"S-002,kf1,web,im,,2026-11-20T01:00:00+00:00,complaint,high,4,12.5,A,5,A,5,C,3,F,0,"
		"A,5,64,C,0,1,2,,0123abcd\n"
		"'=S-003,kf2,,social,U9,,inquiry,medium,3,,N/A,,N/A,,N/A,,N/A,,N/A,,,-,0,0,0,"
		"language not covered: text checkpoints N/A,0123abcd\n");
}

static void test_findings_csv_names_the_author_and_the_time_in_the_sessions_zone(void **state)
{
	(void)state;
	assert_renders(report_write_findings_csv,
		       "session_id,agent_id,author_id,rule,dimension,penalty,red_line,message,"
		       "time,detail,excerpt\n"
		       "S-001,kf1,kf2,C1,communication,1,0,2,2026-03-02T10:00:05+08:00,no greeting,"
		       "请问有什么事\n"
		       "S-002,kf1,kf1,S1,resolution,2,0,,,not resolved <by the end>,\n"
		       "S-002,kf1,kf1,K1,compliance,5,1,3,2026-03-02T02:01:05+00:00,"
		       "phone number *******5678 shared,号码是*******5678\n");
}

static void test_timeliness_csv_has_team_agents_channels_with_sessions_and_periods(void **state)
{
	(void)state;
	assert_renders(
		report_write_timeliness_csv,
		"scope,name,sessions,first_response_median_s,first_response_p90_s,replies,timeouts,"
		"timeout_rate_pct,offpeak_replies,offpeak_timeout_rate_pct,peak_replies,"
		"peak_timeout_rate_pct,repeat_contacts,repeat_contact_rate_pct,"
		"first_contact_resolution_pct,flags\n"
		"team,,3,7.75,12.5,6,2,33.3,5,20,1,100,1,50,50,"
		"TIMEOUT_OFFPEAK TIMEOUT_PEAK LOW_FCR\n"
		"agent,kf1,2,7.75,12.5,4,1,25,4,25,0,,0,0,100,TIMEOUT_OFFPEAK\n"
		"agent,kf2,1,,,2,1,50,1,0,1,100,1,100,0,TIMEOUT_PEAK LOW_FCR\n"
		"channel,,1,,,2,2,100,1,100,1,100,1,100,0,"
		"TIMEOUT_OFFPEAK TIMEOUT_PEAK TIMEOUT_VS_TEAM LOW_FCR\n"
		"channel,web,2,7.75,12.5,4,1,25,4,25,0,,0,0,100,TIMEOUT_OFFPEAK\n"
		"period,offpeak,2,7.75,12.5,5,1,20,5,20,0,,0,,,TIMEOUT_OFFPEAK\n"
		"period,peak,1,,,1,1,100,0,,1,100,0,,,TIMEOUT_PEAK\n"
		"class,im,2,,,4,0,0,4,0,0,,0,,,\n"
		"class,social,1,,,2,2,100,1,100,1,100,0,,,TIMEOUT_OFFPEAK TIMEOUT_PEAK\n");
}

/* ---- summary.json ---- */

static cJSON *item(const cJSON *root, const char *path)
{
	char key[64];
	const char *dot;
	const cJSON *at = root;

	while ((dot = strchr(path, '.'))) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		at = cJSON_GetObjectItemCaseSensitive(at, key);
		assert_non_null(at);
		path = dot + 1;
	}
	at = cJSON_GetObjectItemCaseSensitive(at, path);
	if (!at)
		fail_msg("no %s in summary.json", path);
	return (cJSON *)at;
}

static void assert_number(const cJSON *root, const char *path, double expected)
{
	cJSON *n = item(root, path);

	assert_true(cJSON_IsNumber(n));
	assert_true(cJSON_GetNumberValue(n) == expected);
}

static void test_summary_json_counts_the_run(void **state)
{
	struct report_view v = make_view();
	char *text = render(report_write_summary_json, &v);
	cJSON *root = cJSON_Parse(text);
	const cJSON *input;

	(void)state;
	assert_non_null(root);
	assert_string_equal(cJSON_GetStringValue(item(root, "qaudit_version")), QAUDIT_VERSION);
	input = cJSON_GetArrayItem(item(root, "inputs"), 0);
	assert_string_equal(cJSON_GetStringValue(item(input, "name")), "chats.csv.gz");
	assert_string_equal(cJSON_GetStringValue(item(input, "format")), "csv");
	assert_true(cJSON_IsTrue(item(input, "gzip")));
	assert_number(input, "bad_records", 2);
	assert_number(root, "records.read", 22);
	assert_number(root, "records.good", 20);
	assert_number(root, "records.internal_notes", 1);
	assert_number(root, "records.duplicates_dropped", 3);
	assert_number(root, "records.bad_by_reason.wrong_field_count", 2);
	assert_int_equal(cJSON_GetArraySize(item(root, "records.bad_by_reason")), 1);
	assert_number(root, "sessions.total", 5);
	assert_number(root, "sessions.scored", 3);
	assert_number(root, "sessions.unscored.no_customer_message", 1);
	assert_number(root, "sessions.unscored.no_agent_message", 1);
	/* Channels with an unscored session only, their names masked. */
	assert_int_equal(cJSON_GetArraySize(item(root, "sessions.unscored_by_channel")), 2);
	assert_number(root, "sessions.unscored_by_channel.*******5678.no_customer_message", 1);
	assert_number(root, "sampling.rate", 0.1);
	assert_number(root, "sampling.sampled", 3);
	assert_string_equal(cJSON_GetStringValue(item(root, "rubric.file")), "(built-in)");
	assert_string_equal(cJSON_GetStringValue(item(root, "rubric.digest")), DIGEST);
	assert_string_equal(cJSON_GetStringValue(item(root, "rubric.short_digest")), "0123abcd");
	assert_number(root, "team.agents", 2);
	assert_number(root, "team.scores.mean_score", 80);
	assert_number(root, "team.scores.dimension_mean_points.compliance", 2.5);
	assert_number(root, "team.scores.findings_by_rule.K1", 1);
	assert_number(root, "team.grades.A", 1);
	assert_number(root, "team.grades.C", 1);
	assert_number(root, "team.grades.F", 0);
	assert_number(root, "team.timeliness.timeout_rate_pct", 33.3);
	assert_number(root, "team.timeliness.first_response_p90_s", 12.5);
	assert_int_equal(cJSON_GetArraySize(item(root, "team.flagged_agents.kf1")), 3);
	/* A 64-bit seed is written exactly, not through a double. */
	assert_non_null(strstr(text, "\"seed\":\t18446744073709551615,"));
	cJSON_Delete(root);
	free(text);
}

static void test_summary_json_writes_null_for_what_is_not_known(void **state)
{
	struct report_view v = make_view();
	struct scorecards none = {.team = {.mean_tenths = -1,
					   .ci_low_tenths = -1,
					   .ci_high_tenths = -1,
					   .dim_hundredths = {-1, -1, -1, -1, -1}},
				  .agent_mean_timeout_permille = -1};
	struct metrics empty = {0};
	char *text;
	cJSON *root;

	(void)state;
	v.cards = &none;
	v.metrics = &empty;
	v.rubric_file = "my rubric.ini";
	text = render(report_write_summary_json, &v);
	root = cJSON_Parse(text);
	assert_non_null(root);
	assert_true(cJSON_IsNull(item(root, "team.scores.mean_score")));
	assert_true(cJSON_IsNull(item(root, "team.scores.dimension_mean_points.response")));
	assert_string_equal(cJSON_GetStringValue(item(root, "team.scores.grade")), "");
	assert_true(cJSON_IsNull(item(root, "team.timeliness.first_response_median_s")));
	assert_true(cJSON_IsNull(item(root, "team.timeliness.first_contact_resolution_pct")));
	assert_string_equal(cJSON_GetStringValue(item(root, "rubric.file")), "my rubric.ini");
	cJSON_Delete(root);
	free(text);
}

/* ---- report.html ---- */

static void assert_contains(const char *text, const char *piece)
{
	if (!strstr(text, piece))
		fail_msg("no '%s' in the output", piece);
}

static void test_report_html_in_english_shows_team_cards_and_worst_findings(void **state)
{
	struct report_view v = make_view();
	char *text = render(report_write_html, &v);
	const char *k1, *s1, *c1;

	(void)state;
	assert_contains(text, "<!DOCTYPE html>\n<html lang=\"en\">");
	assert_contains(text, "<p>3 of 5 sessions sampled · rubric 0123abcd</p>");
	assert_contains(text, "<div class=\"kpi\"><b>80 B</b><span>Mean score</span></div>");
	assert_contains(text, "<b>33.3%</b><span>Timeout rate</span>");
	assert_contains(text, "<details class=\"card\" id=\"agent-0\" data-agent=\"kf1\">");
	assert_contains(text, "2 sampled of 2 sessions · 95% interval 0–100");
	assert_contains(text, "<span class=\"down\">▼ −2.5</span> since baseline (A → B)");
	assert_contains(text, "<span class=\"flag\">off-peak timeouts</span>");
	assert_contains(text, "<summary><b>kf2</b>no score <span class=\"grade gN\">N/A</span>");
	/* Worst first: the red line, then the larger penalty; excerpts as they are, details
	 * masked and escaped. */
	k1 = strstr(text, "<li><b>K1</b>");
	s1 = strstr(text, "<li><b>S1</b>");
	c1 = strstr(text, "<li><b>C1</b>");
	assert_true(k1 && s1 && c1 && k1 < s1 && s1 < c1);
	assert_contains(k1,
			"<span class=\"rl\">Red lines</span> · S-002 #3<q>号码是*******5678</q>");
	assert_contains(s1, " −2 · S-002<q>not resolved &lt;by the end&gt;</q>");
	assert_contains(text, "<li>No findings</li>");
	assert_contains(text, "</footer>\n<script>");
	assert_contains(text, "</script>\n</body>\n</html>\n");
	free(text);
}

static void test_report_html_has_the_data_span_inputs_and_durations_in_words(void **state)
{
	struct report_view v = make_view();
	char *text = render(report_write_html, &v);

	(void)state;
	assert_contains(text, "<p>Data 2026-03-02 10:00:05 – 2026-03-04 11:00:05 UTC+08:00</p>");
	assert_contains(text, "<p>Inputs chats.csv.gz (csv.gz, 20 records)</p>");
	assert_contains(text, "<b>7.8 s</b><span>First response (median)</span>");
	assert_contains(text,
			"<td>web</td><td>2</td><td>4</td><td>25%</td><td class=\"bad\">25%</td>"
			"<td>—</td><td>7.8 s</td><td>12.5 s</td><td>100%</td>");
	assert_contains(text, "<td>(no channel)</td>");
	assert_contains(text, "<tr><td>peak</td><td>1</td><td>1</td><td>100%</td>");
	assert_contains(text, "<tr><td>social</td>");
	free(text);
	v.first_message_ms = v.last_message_ms = TIME_NONE;
	v.input_count = 0;
	text = render(report_write_html, &v);
	assert_null(strstr(text, "<p>Data"));
	assert_null(strstr(text, "<p>Inputs"));
	free(text);
}

/* The ranking: worst first, no score last; the change column and the team trend only with
 * a baseline; one inline script and no outside resource. */
static void test_report_html_ranks_agents_worst_first(void **state)
{
	struct report_view v = make_view();
	struct scorecards sc = scorecards;
	struct agent_card swapped[2] = {cards[1], cards[0]};
	char *text = render(report_write_html, &v);
	const char *kf1, *kf2;

	(void)state;
	kf1 = strstr(
		text,
		"<tr><td><a href=\"#agent-0\">kf1</a></td><td data-v=\"80\">80</td>"
		"<td data-v=\"0\">0–100</td><td data-v=\"4\"><span class=\"grade gB\">B</span></td>"
		"<td data-v=\"1\" class=\"bad\">1</td><td data-v=\"25\" class=\"bad\">25%</td>"
		"<td data-v=\"-25\" class=\"down\">▼ −2.5</td><td data-v=\"2\">2 / 2</td></tr>");
	kf2 = strstr(text, "<tr><td><a href=\"#agent-1\">kf2</a></td><td data-v=\"\">—</td>");
	assert_true(kf1 && kf2 && kf1 < kf2);
	assert_contains(text, "<th aria-sort=\"ascending\">Score</th>");
	assert_contains(text, "<th>Change</th>");
	assert_contains(text, "<b>82.5 → 80 (−2.5)</b><span>Mean score of the agents scored in "
			      "both runs</span>");
	assert_contains(text, "<b>1</b><span>Declined</span>");
	assert_contains(text, "<b>1</b><span>New agents</span>");
	assert_contains(text, "<div class=\"bars\"><span>C1 Greeting</span><i><b "
			      "style=\"width:100%\"></b></i><span>1</span>");
	assert_contains(text, "<script>(function(){");
	assert_null(strstr(text, "<script src"));
	assert_null(strstr(text, "<link"));
	free(text);

	/* The cards follow the ranking; their anchors stay their place in v->cards. */
	sc.cards = swapped;
	sc.with_baseline = false;
	v.cards = &sc;
	text = render(report_write_html, &v);
	kf1 = strstr(text, "<details class=\"card\" id=\"agent-1\" data-agent=\"kf1\">");
	kf2 = strstr(text, "<details class=\"card\" id=\"agent-0\" data-agent=\"kf2\">");
	assert_true(kf1 && kf2 && kf1 < kf2);
	assert_null(strstr(text, "<th>Change</th>"));
	assert_null(strstr(text, "id=\"trend\""));
	free(text);
}

static void test_durations_are_written_in_their_two_largest_units(void **state)
{
	static const struct {
		int64_t ms;
		const char *en, *zh;
	} cases[] = {
		{-1, "", ""},
		{0, "0 s", "0秒"},
		{8460, "8.5 s", "8.5秒"},
		{12000, "12 s", "12秒"},
		{59940, "59.9 s", "59.9秒"},
		{59950, "1 min", "1分钟"},
		{776000, "12 min 56 s", "12分56秒"},
		{3599499, "59 min 59 s", "59分59秒"},
		{3600000, "1 h", "1小时"},
		{(3 * 3600 + 5 * 60 + 59) * 1000LL, "3 h 5 min", "3小时5分钟"},
		{(2 * 86400 + 4 * 3600 + 59 * 60) * 1000LL, "2 d 4 h", "2天4小时"},
		{549872000, "6 d 8 h", "6天8小时"},
		{86400000, "1 d", "1天"},
	};
	char text[48];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		report_format_duration(text, sizeof(text), cases[i].ms, LANG_EN);
		assert_string_equal(text, cases[i].en);
		report_format_duration(text, sizeof(text), cases[i].ms, LANG_ZH);
		assert_string_equal(text, cases[i].zh);
	}
}

static void test_report_html_in_chinese_by_the_views_language(void **state)
{
	struct report_view v = make_view();
	char *text;

	(void)state;
	v.language = LANG_ZH;
	text = render(report_write_html, &v);
	assert_contains(text, "<html lang=\"zh-CN\">");
	assert_contains(text, "<title>客服质检报告 · qaudit</title>");
	assert_contains(text, "抽检 3 / 5 个会话 · 评分规则 0123abcd");
	assert_contains(text,
			"<p>数据时间 2026-03-02 10:00:05 – 2026-03-04 11:00:05 UTC+08:00</p>");
	assert_contains(text, "<b>7.8秒</b><span>首次响应中位数</span>");
	assert_contains(text, "<th>客服</th><th aria-sort=\"ascending\">得分</th>");
	assert_contains(text, "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC',"
			      "'Microsoft YaHei','WenQuanYi Micro Hei',sans-serif");
	free(text);
}

/* ---- Writing them all ---- */

#define DIR_TEMPLATE "/tmp/qaudit-test-report-XXXXXX"

static const char *const output_names[] = {"agents.csv",     "sessions.csv", "findings.csv",
					   "timeliness.csv", "summary.json", "report.html"};

static char *read_file(const char *dir, const char *name)
{
	char path[128], *text = NULL;
	size_t size = 0, n;
	char chunk[4096];
	FILE *in, *out = open_memstream(&text, &size);

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	in = fopen(path, "rb");
	assert_non_null(in);
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		fwrite(chunk, 1, n, out);
	fclose(in);
	fclose(out);
	return text;
}

static void remove_outputs(const char *dir)
{
	char command[128];

	snprintf(command, sizeof(command), "rm -r '%s'", dir);
	assert_int_equal(system(command), 0);
}

/* The report written into dir as cmd_audit writes it. */
static int write_dir(const struct report_view *v, const char *dir, bool excel_bom,
		     struct qa_error *err)
{
	struct output_dir out;
	int rc = report_open_dir(&out, dir, true, true, err);

	if (!rc)
		rc = report_write_dir(v, &out, excel_bom, err);
	output_dir_close(&out);
	return rc;
}

static void test_write_dir_puts_a_bom_before_each_csv_for_excel(void **state)
{
	char dir[] = DIR_TEMPLATE;
	struct report_view v = make_view();
	struct qa_error err = {0};

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(write_dir(&v, dir, true, &err), 0);
	for (size_t i = 0; i < sizeof(output_names) / sizeof(*output_names); i++) {
		char *text = read_file(dir, output_names[i]);
		bool csv = strstr(output_names[i], ".csv") != NULL;

		assert_int_equal(!strncmp(text, "\xEF\xBB\xBF", 3), csv);
		free(text);
	}
	remove_outputs(dir);
}

static void test_agents_csv_reads_back_as_a_baseline(void **state)
{
	char dir[] = DIR_TEMPLATE;
	struct report_view v = make_view();
	struct qa_error err = {0};
	struct baseline b;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(write_dir(&v, dir, true, &err), 0);
	if (baseline_load(&b, dir, &err))
		fail_msg("%s", err.message);
	assert_int_equal(b.count, 2);
	assert_string_equal(b.rows[0].agent, "kf1");
	assert_int_equal(b.rows[0].score_tenths, 800);
	assert_int_equal(b.rows[0].grade, 'B');
	assert_int_equal(b.rows[1].score_tenths, -1);
	assert_string_equal(b.digest, "0123abcd");
	baseline_release(&b);
	remove_outputs(dir);
}

static void test_write_dir_that_cannot_be_made_fails_with_exit_4(void **state)
{
	char dir[] = DIR_TEMPLATE, file[64], below[80];
	struct report_view v = make_view();
	struct qa_error err = {0};
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/file", dir);
	snprintf(below, sizeof(below), "%s/report", file);
	fp = fopen(file, "w");
	assert_non_null(fp);
	fclose(fp);
	/* A directory below a regular file cannot be made, whoever runs the test. */
	assert_int_equal(write_dir(&v, below, false, &err), -1);
	assert_int_equal(err.status, QA_EXIT_OUTPUT);
	unlink(file);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agents_csv_writes_a_row_per_card),
		cmocka_unit_test(test_sessions_csv_masks_text_and_quotes_formulas),
		cmocka_unit_test(
			test_findings_csv_names_the_author_and_the_time_in_the_sessions_zone),
		cmocka_unit_test(
			test_timeliness_csv_has_team_agents_channels_with_sessions_and_periods),
		cmocka_unit_test(test_summary_json_counts_the_run),
		cmocka_unit_test(test_summary_json_writes_null_for_what_is_not_known),
		cmocka_unit_test(test_report_html_in_english_shows_team_cards_and_worst_findings),
		cmocka_unit_test(test_report_html_has_the_data_span_inputs_and_durations_in_words),
		cmocka_unit_test(test_report_html_ranks_agents_worst_first),
		cmocka_unit_test(test_durations_are_written_in_their_two_largest_units),
		cmocka_unit_test(test_report_html_in_chinese_by_the_views_language),
		cmocka_unit_test(test_write_dir_puts_a_bom_before_each_csv_for_excel),
		cmocka_unit_test(test_agents_csv_reads_back_as_a_baseline),
		cmocka_unit_test(test_write_dir_that_cannot_be_made_fails_with_exit_4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
