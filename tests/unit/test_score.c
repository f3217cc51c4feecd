/* Scoring (docs/CHECKPOINTS.md, docs/STANDARD.md §4): every checkpoint is broken on a clean
 * session by the smallest change, next to a near miss that must not break it; then the
 * grade arithmetic, red lines, N/A dimensions, disabled checkpoints and the rule that no
 * grade is lost without a finding. Sessions go through the real pipeline: session index,
 * transcript set, score context, score_session. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "score.h"
#include "time_parse.h"

/* ---- The builder: a chat is a list of messages plus optional session fields ---- */

#define EPOCH_MS  1795136400000LL /* every chat starts here, plus its start */
#define MAX_MSGS  16
#define MAX_CHATS 3

struct msg {
	long sec; /* seconds after the chat's start */
	enum role role;
	const char *agent; /* NULL unless role is ROLE_AGENT */
	const char *text;
};

struct chat {
	const char *id;
	const char *channel, *customer, *status, *csat; /* NULL: the export has no such field */
	long start;                                     /* seconds after EPOCH_MS */
	bool untimed;                                   /* every record has TIME_NONE */
	struct msg msgs[MAX_MSGS]; /* in time order, so msgs[i] is transcript message i */
	size_t count;
};

/* Inserts a message at index at (later messages move up by one). */
static void put_as(struct chat *c, size_t at, long sec, enum role role, const char *agent,
		   const char *text)
{
	assert_true(c->count < MAX_MSGS && at <= c->count);
	memmove(&c->msgs[at + 1], &c->msgs[at], (c->count - at) * sizeof(*c->msgs));
	c->msgs[at] = (struct msg){sec, role, role == ROLE_AGENT ? agent : NULL, text};
	c->count++;
}

static void put(struct chat *c, size_t at, long sec, enum role role, const char *text)
{
	put_as(c, at, sec, role, "KF1", text);
}

static void add(struct chat *c, long sec, enum role role, const char *text)
{
	put(c, c->count, sec, role, text);
}

/* Message from and every later one come seconds later. */
static void later(struct chat *c, size_t from, long seconds)
{
	for (size_t i = from; i < c->count; i++)
		c->msgs[i].sec += seconds;
}

/* The clean Chinese session: greets, asks politely, answers in seconds with a time,
 * acknowledges the thanks, closes; resolved, CSAT 5. Breaks nothing. */
static struct chat clean_zh(void)
{
	struct chat c = {.id = "zh",
			 .channel = "网页",
			 .customer = "U100",
			 .status = "resolved",
			 .csat = "5"};

	add(&c, 0, ROLE_CUSTOMER, "你好，我想问一下我的订单什么时候发货");      /* 0 */
	add(&c, 3, ROLE_AGENT, "您好，很高兴为您服务，请提供一下您的订单号。"); /* 1 */
	add(&c, 10, ROLE_CUSTOMER, "订单号是A1024");                            /* 2 */
	add(&c, 15, ROLE_AGENT, "已为您查到，您的订单将在今天18点前发出。");    /* 3 */
	add(&c, 20, ROLE_CUSTOMER, "好的谢谢");                                 /* 4 */
	add(&c, 23, ROLE_AGENT, "不客气，感谢您的支持，祝您生活愉快！");        /* 5 */
	return c;
}

static struct chat clean_en(void)
{
	struct chat c = {.id = "en",
			 .channel = "web",
			 .customer = "U200",
			 .status = "resolved",
			 .csat = "5"};

	add(&c, 0, ROLE_CUSTOMER, "Hi, when will my order ship?");
	add(&c, 3, ROLE_AGENT, "Hello, happy to help. Could you please send me your order number?");
	add(&c, 10, ROLE_CUSTOMER, "It is A1024");
	add(&c, 15, ROLE_AGENT, "Your order will ship today by 6 pm.");
	add(&c, 20, ROLE_CUSTOMER, "Great, thanks");
	add(&c, 23, ROLE_AGENT, "You're welcome. Have a great day!");
	return c;
}

/* ---- The pipeline ---- */

static struct phrase_lists phrases = PHRASE_LISTS_INIT;
static struct session_keywords *keywords;

static int load_phrases(void **state)
{
	struct qa_error err = {0};

	(void)state;
	if (phrase_lists_load(&phrases, QAUDIT_SOURCE_DIR "/phrase_lists", &err) ||
	    session_keywords_new(&keywords, &phrases, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	return 0;
}

static int free_phrases(void **state)
{
	(void)state;
	session_keywords_free(keywords);
	phrase_lists_release(&phrases);
	return 0;
}

struct run {
	struct rubric rubric;
	struct session_index idx;
	struct transcript_set set;
	struct score_context *ctx;
	struct session_score scores[MAX_CHATS]; /* scores[i] is set.items[i] (session id order) */
};

static struct span span_of(const char *s)
{
	return (struct span){s, s ? strlen(s) : 0};
}

static void feed(const struct chat *c, record_fn *fn, void *ctx)
{
	for (size_t i = 0; i < c->count; i++) {
		const struct msg *m = &c->msgs[i];
		struct record rec = {.file = "test", .line = (long)i + 1, .role = m->role};

		rec.time_ms = c->untimed ? TIME_NONE : EPOCH_MS + (c->start + m->sec) * 1000;
		rec.field[FIELD_SESSION] = span_of(c->id);
		rec.field[FIELD_TEXT] = span_of(m->text);
		rec.field[FIELD_AGENT] = span_of(m->agent);
		rec.field[FIELD_CHANNEL] = span_of(c->channel);
		rec.field[FIELD_CUSTOMER] = span_of(c->customer);
		rec.field[FIELD_STATUS] = span_of(c->status);
		rec.field[FIELD_CSAT] = span_of(c->csat);
		assert_int_equal(fn(&rec, ctx), 0);
	}
}

static void assert_explained(const struct session_score *s);

/* Scores chats[0..n) together (one index, so S4 sees them all) with the default rubric
 * overridden by rubric_ini (NULL: default only). Release with run_release. */
static void run_chats(struct run *a, const char *rubric_ini, const struct chat *chats, size_t n)
{
	struct qa_error err = {0};

	assert_true(n <= MAX_CHATS);
	memset(a, 0, sizeof(*a));
	if (rubric_ini ? rubric_parse(&a->rubric, rubric_ini, "test.ini", &err)
		       : rubric_load(&a->rubric, NULL, &err))
		fail_msg("rubric: %s", err.message);
	session_index_init(&a->idx, keywords);
	for (size_t c = 0; c < n; c++) {
		for (size_t i = 1; i < chats[c].count; i++) /* msgs[i] must be message i */
			assert_true(chats[c].msgs[i - 1].sec <= chats[c].msgs[i].sec);
		feed(&chats[c], session_index_add, &a->idx);
	}
	session_index_finish(&a->idx);
	for (size_t c = 0; c < n; c++) {
		uint32_t s = str_table_find(a->idx.ids, chats[c].id, strlen(chats[c].id));

		assert_true(s != STR_NONE);
		assert_int_equal(a->idx.sessions[s].unscored, SCORED);
		a->idx.sessions[s].sampled = true;
	}
	transcript_set_init(&a->set, &a->idx, NULL, NULL, true);
	for (size_t c = 0; c < n; c++)
		feed(&chats[c], transcript_set_add, &a->set);
	transcript_set_finish(&a->set);
	assert_int_equal(a->set.count, n);
	if (score_context_new(&a->ctx, &a->rubric, &phrases, &a->idx, &err))
		fail_msg("score context: %s", err.message);
	for (size_t i = 0; i < a->set.count; i++) {
		score_session(a->ctx, &a->set.items[i], &a->scores[i]);
		assert_explained(&a->scores[i]);
	}
}

static void run_release(struct run *a)
{
	for (size_t i = 0; i < a->set.count; i++)
		session_score_release(&a->scores[i]);
	score_context_free(a->ctx);
	transcript_set_release(&a->set);
	session_index_release(&a->idx);
	rubric_release(&a->rubric);
}

/* One chat scored alone. */
static const struct session_score *score1(struct run *a, const char *rubric_ini,
					  const struct chat *c)
{
	run_chats(a, rubric_ini, c, 1);
	return &a->scores[0];
}

static const struct session_score *score_of(const struct run *a, const char *id)
{
	for (size_t i = 0; i < a->set.count; i++)
		if (!strcmp(a->set.items[i].id, id))
			return &a->scores[i];
	fail_msg("no session '%s'", id);
	return NULL;
}

static const struct session_info *info_of(const struct run *a, const char *id)
{
	uint32_t s = str_table_find(a->idx.ids, id, strlen(id));

	assert_true(s != STR_NONE);
	return &a->idx.sessions[s];
}

/* ---- Helpers on a score ---- */

/* The first finding of rule, or NULL. */
static const struct finding *find(const struct session_score *s, enum rule rule)
{
	for (size_t i = 0; i < s->count; i++)
		if (s->findings[i].rule == rule)
			return &s->findings[i];
	return NULL;
}

static int count(const struct session_score *s, enum rule rule)
{
	int n = 0;

	for (size_t i = 0; i < s->count; i++)
		n += s->findings[i].rule == rule;
	return n;
}

/* The rule ids of all findings in order, e.g. "R2 C6"; "" when there are none. */
static void expect_findings(const struct session_score *s, const char *rules)
{
	char got[256] = "";

	for (size_t i = 0; i < s->count; i++) {
		strcat(got, i ? " " : "");
		strcat(got, rule_name(s->findings[i].rule));
	}
	assert_string_equal(got, rules);
}

/* The five dimension grades in order (response, communication, resolution, compliance,
 * attitude), '-' for N/A, e.g. "BAAAA". */
static void expect_grades(const struct session_score *s, const char *grades)
{
	char got[DIM_COUNT + 1];

	for (int d = 0; d < DIM_COUNT; d++)
		got[d] = s->dim[d].applicable ? grade_letter(s->dim[d].grade) : '-';
	got[DIM_COUNT] = '\0';
	assert_string_equal(got, grades);
}

/* rule failed (its first finding) at message m (NO_MESSAGE: the session), costing penalty
 * grades, not a red line. */
static const struct finding *expect_finding(const struct session_score *s, enum rule rule,
					    uint32_t m, int penalty)
{
	const struct finding *f = find(s, rule);

	if (!f)
		fail_msg("no %s finding", rule_name(rule));
	assert_non_null(f);
	assert_int_equal(f->message, m);
	assert_int_equal(f->penalty, penalty);
	assert_false(f->red_line);
	return f;
}

/* rule failed at message m as a red line (default penalty 0). */
static const struct finding *expect_red_line(const struct session_score *s, enum rule rule,
					     uint32_t m)
{
	const struct finding *f = find(s, rule);

	if (!f)
		fail_msg("no %s finding", rule_name(rule));
	assert_int_equal(f->message, m);
	assert_true(f->red_line);
	assert_int_equal(f->penalty, 0);
	return f;
}

/* The finding points at exactly these bytes of its message. */
static void expect_points_at(const struct run *a, const struct session_score *s,
			     const struct finding *f, const char *bytes)
{
	const struct transcript *t = &a->set.items[s - a->scores];
	const struct message *m;

	assert_true(f->message < t->count);
	m = &t->messages[f->message];
	assert_true(f->start <= f->end && f->end <= m->len);
	if (f->end - f->start != strlen(bytes) || memcmp(m->text + f->start, bytes, strlen(bytes)))
		fail_msg("points at '%.*s', want '%s'", (int)(f->end - f->start),
			 m->text + f->start, bytes);
}

/* The session is perfect: no finding, A everywhere applicable, score 100, grade A. */
static void expect_clean(const struct session_score *s)
{
	expect_findings(s, "");
	expect_grades(s, "AAAAA");
	assert_int_equal(s->score_tenths, 1000);
	assert_int_equal(s->grade, GRADE_A);
	assert_true(s->quality);
	assert_int_equal(s->red_lines, 0);
}

/* docs/STANDARD.md §4: a grade is never lowered without a finding that explains it. Each
 * dimension is A minus the penalties of its findings (not below F), or F with a red line;
 * an N/A dimension has no findings. */
static void assert_explained(const struct session_score *s)
{
	for (int d = 0; d < DIM_COUNT; d++) {
		int lost = 0, findings = 0;
		bool red = false;

		for (size_t i = 0; i < s->count; i++) {
			if (rule_dimension(s->findings[i].rule) != (enum dimension)d)
				continue;
			findings++;
			lost += s->findings[i].penalty;
			red |= s->findings[i].red_line;
		}
		if (!s->dim[d].applicable) {
			if (findings)
				fail_msg("%s is N/A but has %d findings", dimension_name(d),
					 findings);
			continue;
		}
		if (red)
			assert_int_equal(s->dim[d].grade, GRADE_F);
		else
			assert_int_equal(s->dim[d].grade, lost >= 5 ? 0 : 5 - lost);
	}
}

/* ---- Clean sessions ---- */

static void test_clean_chinese_session_has_no_findings_and_scores_100(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_clean_english_session_has_no_findings_and_scores_100(void **state)
{
	struct run a;
	struct chat c = clean_en();

	(void)state;
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- Response: R1 first reply ---- */

static void test_r1_first_reply_after_20s_costs_one_grade(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	later(&c, 1, 17); /* first reply at 20 s, limit 15 s */
	s = score1(&a, NULL, &c);
	expect_findings(s, "R1");
	expect_finding(s, RULE_R1, 1, 1);
	expect_grades(s, "BAAAA");
	run_release(&a);
}

static void test_r1_first_reply_at_exactly_15s_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	later(&c, 1, 12);
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_r1_over_four_times_the_limit_costs_two_grades(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	later(&c, 1, 58); /* 61 s > 4 x 15 s; 让您久等了 keeps R4 out */
	c.msgs[1].text = "您好，让您久等了，请提供一下您的订单号。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "R1");
	expect_finding(s, RULE_R1, 1, 2);
	expect_grades(s, "CAAAA");
	run_release(&a);
}

static void test_r1_at_exactly_four_times_the_limit_costs_one_grade(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	later(&c, 1, 57); /* 60 s: late, not severely; a 60 s wait needs no apology (R4) */
	s = score1(&a, NULL, &c);
	expect_findings(s, "R1");
	expect_finding(s, RULE_R1, 1, 1);
	expect_grades(s, "BAAAA");
	run_release(&a);
}

static void test_r1_complaint_has_a_5s_limit(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[0].text = "你好，我的订单一直没发货，要求赔偿";
	later(&c, 1, 3); /* 6 s */
	s = score1(&a, NULL, &c);
	assert_int_equal(info_of(&a, "zh")->category, CATEGORY_COMPLAINT);
	expect_findings(s, "R1");
	expect_finding(s, RULE_R1, 1, 1);
	expect_grades(s, "BAAAA");
	run_release(&a);
}

static void test_r1_complaint_answered_in_5s_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[0].text = "你好，我的订单一直没发货，要求赔偿";
	later(&c, 1, 2);
	expect_clean(score1(&a, NULL, &c));
	assert_int_equal(info_of(&a, "zh")->category, CATEGORY_COMPLAINT);
	run_release(&a);
}

static void test_r1_complaint_over_20s_is_severe(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[0].text = "你好，我的订单一直没发货，要求赔偿";
	later(&c, 1, 18); /* 21 s > 4 x 5 s */
	s = score1(&a, NULL, &c);
	expect_findings(s, "R1");
	expect_finding(s, RULE_R1, 1, 2);
	expect_grades(s, "CAAAA");
	run_release(&a);
}

static void test_r1_inquiry_answered_in_6s_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	later(&c, 1, 3); /* the 6 s that fail a complaint */
	expect_clean(score1(&a, NULL, &c));
	assert_int_equal(info_of(&a, "zh")->category, CATEGORY_INQUIRY);
	run_release(&a);
}

static void test_r1_no_human_reply_to_the_customer_costs_two_grades(void **state)
{
	struct run a;
	struct chat c = {.id = "out"};
	const struct session_score *s;

	(void)state;
	add(&c, 0, ROLE_AGENT, "您好，请问有什么可以帮您？");
	add(&c, 5, ROLE_CUSTOMER, "我的订单什么时候发货"); /* never answered */
	s = score1(&a, NULL, &c);
	expect_findings(s, "R1 C2");
	expect_finding(s, RULE_R1, 1, 2);
	expect_finding(s, RULE_C2, 0, 1);
	expect_grades(s, "CB-AA");
	run_release(&a);
}

/* A bot's hand-off starts the clock; the customer's messages to the bot are no follow-ups. */
static void test_r1_and_r3_start_at_the_bot_handoff(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	put(&c, 1, 15, ROLE_CUSTOMER, "人工"); /* to the bot: no follow-ups */
	put(&c, 2, 30, ROLE_CUSTOMER, "转人工");
	put(&c, 3, 31, ROLE_BOT, "正在为您转接人工客服"); /* the hand-off */
	later(&c, 4, 32); /* the agent at 35 s, 4 s after the hand-off */
	c.msgs[4].text = "您好，人工客服已接入，请提供一下您的订单号。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- Response: R2 each reply ---- */

static void test_r2_reply_after_21s_is_late_and_unannounced(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	later(&c, 3, 16); /* 21 s after the order number; no 请稍等 before, but the delay is R2's */
	s = score1(&a, NULL, &c);
	expect_findings(s, "R2");
	expect_finding(s, RULE_R2, 3, 1);
	expect_grades(s, "BAAAA");
	run_release(&a);
}

static void test_r2_reply_at_exactly_20s_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	later(&c, 3, 15);
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_r2_announced_wait_allows_45s(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	put(&c, 3, 12, ROLE_AGENT, "好的，请稍候，正在为您查询。");
	later(&c, 4, 42); /* the answer 45 s after the notice */
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_r2_announced_wait_fails_at_70s(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	put(&c, 3, 12, ROLE_AGENT, "好的，请稍候，正在为您查询。");
	later(&c, 4, 67); /* 70 s after the notice */
	c.msgs[4].text = "让您久等了，您的订单将在今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "R2");
	expect_finding(s, RULE_R2, 4, 1);
	expect_grades(s, "BAAAA");
	run_release(&a);
}

/* A session where the agent announces a wait after the customer gives the order number. */
static struct chat announced_wait(void)
{
	struct chat c = {.id = "wait",
			 .channel = "网页",
			 .customer = "U300",
			 .status = "resolved",
			 .csat = "5"};

	add(&c, 0, ROLE_CUSTOMER, "你好，我想问一下我的订单什么时候发货");
	add(&c, 3, ROLE_AGENT, "您好，很高兴为您服务，请提供一下您的订单号。");
	add(&c, 10, ROLE_CUSTOMER, "订单号是A1024");
	add(&c, 15, ROLE_AGENT, "好的，请稍候，正在为您查询。"); /* 3: the notice */
	return c;
}

/* The customer's "好的" during an announced wait does not cut it short. */
static void test_r2_customer_ok_during_an_announced_wait_passes(void **state)
{
	struct run a;
	struct chat c = announced_wait();

	(void)state;
	add(&c, 17, ROLE_CUSTOMER, "好的");
	add(&c, 60, ROLE_AGENT, "已为您查到，您的订单将在今天18点前发出。还有其他可以帮您的吗？");
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* A new question near the end of an announced wait, answered at once, is not a late reply. */
static void test_r2_new_question_answered_at_once_after_a_notice_passes(void **state)
{
	struct run a;
	struct chat c = announced_wait();

	(void)state;
	add(&c, 73, ROLE_CUSTOMER, "另外能开发票吗");
	add(&c, 79, ROLE_AGENT,
	    "可以的，订单将在今天18点前发出，发票随货寄出。还有其他可以帮您的吗？");
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* The customer asks again during an announced wait and waits long for that too. */
static void test_r2_question_left_waiting_after_a_notice_is_late(void **state)
{
	struct run a;
	struct chat c = announced_wait();
	const struct session_score *s;

	(void)state;
	add(&c, 65, ROLE_CUSTOMER, "查到了吗？");
	add(&c, 115, ROLE_AGENT, "让您久等了，订单将在今天18点前发出。还有其他可以帮您的吗？");
	s = score1(&a, NULL, &c);
	expect_findings(s, "R2");
	expect_finding(s, RULE_R2, 5, 1);
	run_release(&a);
}

/* Thanks in the customer's opening message is politeness, not something to answer. */
static void test_c6_thanks_before_the_first_reply_needs_no_answer(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[0].text = "你好，先谢谢了，我想问一下我的订单什么时候发货";
	c.msgs[1].text = "您好，请提供一下您的订单号。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_r2_each_late_reply_is_a_finding(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	later(&c, 3, 16); /* 21 s after the order number */
	c.msgs[4].text = "好的，那能改成送到公司吗？";
	later(&c, 5, 18); /* 21 s after the new question */
	c.msgs[5].text = "可以的，已为您改好，感谢您的支持，祝您生活愉快！";
	s = score1(&a, NULL, &c);
	expect_findings(s, "R2 R2"); /* one delay, one deduction: not also C6 */
	assert_int_equal(count(s, RULE_R2), 2);
	assert_int_equal(s->findings[0].message, 3);
	assert_int_equal(s->findings[1].message, 5);
	expect_grades(s, "CAAAA");
	run_release(&a);
}

/* Thanks only needs no answer: a slow "不客气" kept nobody waiting (docs/CHECKPOINTS.md). */
static void test_r2_slow_reply_to_thanks_only_is_not_late(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	later(&c, 5, 18); /* 21 s after 好的谢谢 */
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* Thanks inside a new request is a request: its slow answer is late. */
static void test_r2_slow_reply_to_thanks_with_a_request_is_late(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[4].text = "好的谢谢，再帮我查一下发票";
	later(&c, 5, 18);
	c.msgs[5].text = "发票已发送到您的邮箱，感谢您的支持，祝您生活愉快！";
	s = score1(&a, NULL, &c);
	expect_findings(s, "R2");
	expect_finding(s, RULE_R2, 5, 1);
	run_release(&a);
}

/* ---- Response: R5 the last question left unanswered ---- */

/* Another chat later in the export: the input goes on past the question's limit. */
static struct chat later_chat(long sec)
{
	struct chat c = clean_zh();

	c.id = "later";
	c.customer = "U999";
	later(&c, 0, sec);
	return c;
}

static void test_r5_last_question_unanswered_costs_a_grade(void **state)
{
	struct run a;
	struct chat c[2] = {clean_zh(), later_chat(3600)};
	const struct session_score *s;

	(void)state;
	add(&c[0], 30, ROLE_CUSTOMER, "那发票什么时候开？");
	run_chats(&a, NULL, c, 2);
	s = score_of(&a, "zh");
	expect_findings(s, "R5");
	expect_finding(s, RULE_R5, 6, 1);
	run_release(&a);
}

static void test_r5_last_thanks_needs_no_answer(void **state)
{
	struct run a;
	struct chat c[2] = {clean_zh(), later_chat(3600)};

	(void)state;
	add(&c[0], 30, ROLE_CUSTOMER, "好的，谢谢～");
	run_chats(&a, NULL, c, 2);
	expect_clean(score_of(&a, "zh"));
	run_release(&a);
}

/* Asked 10 s before the export ends: the 15 s limit had not run out. */
static void test_r5_question_asked_just_before_the_export_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	add(&c, 30, ROLE_CUSTOMER, "那发票什么时候开？");
	add(&c, 40, ROLE_SYSTEM, "会话结束");
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* Without times only the order is read: the question is left, whenever the export ended. */
static void test_r5_untimed_last_question_costs_a_grade(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.untimed = true;
	add(&c, 30, ROLE_CUSTOMER, "那发票什么时候开？");
	s = score1(&a, NULL, &c);
	expect_findings(s, "R5");
	expect_grades(s, "BAAAA");
	run_release(&a);
}

/* ---- Response: R3 follow-ups without a reply ---- */

static void test_r3_three_messages_2s_apart_are_one_question(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	put(&c, 3, 12, ROLE_CUSTOMER, "帮我看看");
	put(&c, 4, 14, ROLE_CUSTOMER, "在吗");
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_r3_three_messages_15s_apart_are_a_red_line(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	put(&c, 3, 25, ROLE_CUSTOMER, "帮我看看");
	put(&c, 4, 40, ROLE_CUSTOMER, "在吗");
	later(&c, 5, 30); /* the reply at 45 s, 35 s after the order number */
	s = score1(&a, NULL, &c);
	expect_findings(s, "R2 R3");
	expect_red_line(s, RULE_R3, 4);
	expect_finding(s, RULE_R2, 5, 1);
	expect_grades(s, "FAAAA");
	assert_int_equal(s->red_lines, 1);
	/* 100 x (20x0 + 20x5 + 25x5 + 20x5 + 15x5) / (5 x 100) */
	assert_int_equal(s->score_tenths, 800);
	assert_int_equal(s->grade, GRADE_B);
	assert_false(s->quality);
	run_release(&a);
}

static void test_r3_follow_ups_exactly_10s_apart_count(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	put(&c, 3, 20, ROLE_CUSTOMER, "帮我看看");
	put(&c, 4, 30, ROLE_CUSTOMER, "在吗");
	later(&c, 5, 20); /* the reply at 35 s */
	s = score1(&a, NULL, &c);
	expect_findings(s, "R2 R3");
	expect_red_line(s, RULE_R3, 4);
	expect_grades(s, "FAAAA");
	run_release(&a);
}

/* ---- Response: R4 thanks for a long wait ---- */

#define LONG_ANNOUNCED "[R2]\nannounced_limit_seconds = 120\n" /* keeps R2 out of R4 tests */

static void test_r4_reply_after_70s_without_thanks_costs_a_grade(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	put(&c, 3, 12, ROLE_AGENT, "好的，请稍候，正在为您查询。");
	later(&c, 4, 67);
	s = score1(&a, LONG_ANNOUNCED, &c);
	expect_findings(s, "R4");
	expect_finding(s, RULE_R4, 4, 1);
	expect_grades(s, "BAAAA");
	run_release(&a);
}

static void test_r4_reply_thanking_for_the_wait_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	put(&c, 3, 12, ROLE_AGENT, "好的，请稍候，正在为您查询。");
	later(&c, 4, 67);
	c.msgs[4].text = "让您久等了，您的订单将在今天18点前发出。";
	expect_clean(score1(&a, LONG_ANNOUNCED, &c));
	run_release(&a);
}

/* Sorry for the problem is no apology for the wait (docs/CHECKPOINTS.md, words in context). */
static void test_r4_apology_for_the_problem_is_not_for_the_wait(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	put(&c, 3, 12, ROLE_AGENT, "好的，请稍候，正在为您查询。");
	later(&c, 4, 67);
	c.msgs[4].text = "非常抱歉给您带来不便，您的订单将在今天18点前发出。";
	s = score1(&a, LONG_ANNOUNCED, &c);
	expect_findings(s, "R4");
	run_release(&a);
}

static void test_r4_apology_for_the_wait_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	put(&c, 3, 12, ROLE_AGENT, "好的，请稍候，正在为您查询。");
	later(&c, 4, 67);
	c.msgs[4].text = "抱歉让您久等了，您的订单将在今天18点前发出。";
	expect_clean(score1(&a, LONG_ANNOUNCED, &c));
	run_release(&a);
}

static void test_r4_and_r2_both_count_a_70s_wait_by_default(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	put(&c, 3, 12, ROLE_AGENT, "好的，请稍候，正在为您查询。");
	later(&c, 4, 67);
	s = score1(&a, NULL, &c);
	expect_findings(s, "R2 R4");
	expect_finding(s, RULE_R2, 4, 1);
	expect_finding(s, RULE_R4, 4, 1);
	expect_grades(s, "CAAAA");
	run_release(&a);
}

static void test_r4_counts_the_first_reply_too(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	later(&c, 1, 58); /* first reply at 61 s, no thanks for the wait */
	s = score1(&a, NULL, &c);
	expect_findings(s, "R1 R4");
	expect_finding(s, RULE_R1, 1, 2);
	expect_finding(s, RULE_R4, 1, 1);
	expect_grades(s, "DAAAA");
	run_release(&a);
}

/* ---- Communication: C1 greeting ---- */

static void test_c1_first_agent_message_without_greeting(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[1].text = "请提供一下您的订单号。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C1");
	expect_finding(s, RULE_C1, 1, 1);
	expect_grades(s, "ABAAA");
	run_release(&a);
}

static void test_c1_other_greeting_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[1].text = "很高兴为您服务，请提供一下您的订单号。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- Communication: C2 closing ---- */

static void test_c2_no_closing_in_the_last_two_agent_messages(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[5].text = "不客气。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C2");
	expect_finding(s, RULE_C2, 5, 1);
	expect_grades(s, "ABAAA");
	run_release(&a);
}

static void test_c2_closing_in_the_second_last_agent_message_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[5].text = "不客气，还有其他可以帮您的吗？";
	add(&c, 26, ROLE_CUSTOMER, "没有了");
	add(&c, 28, ROLE_AGENT, "好的。");
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- Communication: C3 vague wording ---- */

static void test_c3_one_vague_word_costs_one_grade(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单应该在今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C3");
	expect_points_at(&a, s, expect_finding(s, RULE_C3, 3, 1), "应该");
	expect_grades(s, "ABAAA");
	run_release(&a);
}

static void test_c3_two_vague_words_cost_one_grade(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单可能今天发出，大概18点前。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C3");
	expect_points_at(&a, s, expect_finding(s, RULE_C3, 3, 1), "可能");
	expect_grades(s, "ABAAA");
	run_release(&a);
}

static void test_c3_three_vague_words_cost_two_grades(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单可能今天发出，大概18点前。";
	c.msgs[5].text = "不客气，估计不会晚，感谢您的支持，祝您生活愉快！";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C3");
	expect_points_at(&a, s, expect_finding(s, RULE_C3, 3, 2), "可能");
	expect_grades(s, "ACAAA");
	run_release(&a);
}

static void test_c3_yinggaide_and_jinkeneng_are_not_vague(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，我们会尽可能在今天18点前发出。";
	c.msgs[5].text = "应该的，感谢您的支持，祝您生活愉快！";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* §4.0.4: an instruction (您应该从东门进, "you should restart") is not a hedge. */
static void test_c3_yinggai_before_an_action_is_an_instruction(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出，取货时您应该从东门进。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
	c = clean_en();
	c.msgs[3].text =
		"Your order will ship today by 6 pm. You should restart the app to see it.";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_c3_yinggai_keyi_and_should_be_there_by_are_hedges(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，您应该可以在今天18点前收到。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C3");
	expect_points_at(&a, s, expect_finding(s, RULE_C3, 3, 1), "应该");
	run_release(&a);
	c = clean_en();
	c.msgs[3].text = "Your order should be there by Friday.";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C3");
	expect_finding(s, RULE_C3, 3, 1);
	expect_grades(s, "ABAAA");
	run_release(&a);
}

/* The agent's own opinion of a place (CrossWOZ: 住起来应该非常舒服) is not a hedged answer. */
static void test_c3_opinion_on_a_place_is_not_a_hedge(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出，这款您用起来应该非常舒服。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* An offer of help ("we may be able to help", "not sure what you mean") hedges no answer. */
static void test_c3_may_be_able_to_help_is_no_hedge(void **state)
{
	struct run a;
	struct chat c = clean_en();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text =
		"Your order will ship today by 6 pm. We may be able to help with gift wrap too.";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
	c.msgs[3].text = "Your order may be late; it will ship today by 6 pm.";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C3");
	expect_points_at(&a, s, expect_finding(s, RULE_C3, 3, 1), "may be");
	run_release(&a);
}

/* §4.0.3: 大概是 is a forbidden phrase (A1); the same word is not also vague wording. */
static void test_c3_dagaishi_is_a1_and_not_also_c3(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，大概是今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A1");
	expect_points_at(&a, s, expect_finding(s, RULE_A1, 3, 1), "大概是");
	expect_grades(s, "AAAAB");
	run_release(&a);
	c.msgs[3].text = "已为您查到，大概今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C3");
	expect_points_at(&a, s, expect_finding(s, RULE_C3, 3, 1), "大概");
	expect_grades(s, "ABAAA");
	run_release(&a);
}

/* ---- Communication: C4 intimate words on B2B channels ---- */

static void test_c4_qin_on_a_b2b_channel(void **state)
{
	static const char *const channels[] = {"企业微信", "B2B门户", "b2b-portal"};

	(void)state;
	for (size_t i = 0; i < sizeof(channels) / sizeof(*channels); i++) {
		struct run a;
		struct chat c = clean_zh();
		const struct session_score *s;

		c.channel = channels[i];
		c.msgs[5].text = "亲，不客气，感谢您的支持，祝您生活愉快！";
		s = score1(&a, NULL, &c);
		expect_findings(s, "C4");
		expect_finding(s, RULE_C4, 5, 1);
		expect_grades(s, "ABAAA");
		run_release(&a);
	}
}

static void test_c4_qin_on_wechat_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.channel = "微信";
	c.msgs[5].text = "亲，不客气，感谢您的支持，祝您生活愉快！";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_c4_qinzi_on_a_b2b_channel_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.channel = "B2B门户";
	c.msgs[3].text = "已为您查到，我会亲自安排您的订单在今天18点前发出。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- Communication: C5 absolute promises ---- */

static void test_c5_baozheng_is_an_absolute_promise(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，保证您的订单在今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C5");
	expect_finding(s, RULE_C5, 3, 1);
	expect_grades(s, "ABAAA");
	run_release(&a);
}

static void test_c5_baozhengjin_deposit_is_not_a_promise(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出，保证金会一起退回。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* §4.0.4: a negation before the word, a product name or "definitely not our intention"
 * makes no promise. */
static void test_c5_not_able_to_guarantee_is_no_promise(void **state)
{
	static const char *const en[] = {
		"Your order will ship today by 6 pm, but we are not able to guarantee the hour.",
		"Your order will ship today by 6 pm; we can't guarantee the hour.",
		"Your order will ship today by 6 pm. There is no guarantee on the hour.",
		"Your order will ship today by 6 pm with our Money Back Guarantee.",
		"Your order will ship today by 6 pm; see our guarantee for the steps.",
		"Your order will ship today by 6 pm. The delay was definitely not our intention.",
	};
	static const char *const zh[] = {
		"已为您查到，您的订单将在今天18点前发出，但我们不能百分之百保证。",
		"已为您查到，您的订单将在今天18点前发出，不一定能更早。",
		"已为您查到，您的订单将在今天18点前发出，这不是绝对的。",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(en) / sizeof(*en); i++) {
		struct run a;
		struct chat c = clean_en();

		c.msgs[3].text = en[i];
		expect_clean(score1(&a, NULL, &c));
		run_release(&a);
	}
	for (size_t i = 0; i < sizeof(zh) / sizeof(*zh); i++) {
		struct run a;
		struct chat c = clean_zh();

		c.msgs[3].text = zh[i];
		expect_clean(score1(&a, NULL, &c));
		run_release(&a);
	}
}

static void test_c5_guaranteed_by_friday_is_a_promise(void **state)
{
	static const char *const en[] = {
		"Your order is guaranteed to arrive by Friday.",
		"We guarantee your order arrives by Friday.",
		"Guaranteed: your order arrives by Friday.",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(en) / sizeof(*en); i++) {
		struct run a;
		struct chat c = clean_en();
		const struct session_score *s;

		c.msgs[3].text = en[i];
		s = score1(&a, NULL, &c);
		expect_findings(s, "C5");
		expect_finding(s, RULE_C5, 3, 1);
		expect_grades(s, "ABAAA");
		run_release(&a);
	}
}

/* ---- Communication: C6 politeness, four points ---- */

static void test_c6_asking_for_information_without_please(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[1].text = "您好，订单号发一下。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C6");
	expect_finding(s, RULE_C6, 1, 1);
	expect_grades(s, "ABAAA");
	run_release(&a);
}

static void test_c6_asking_with_mafannin_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[1].text = "您好，麻烦您把订单号发一下。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_c6_customer_thanks_not_acknowledged(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[5].text = "您的订单已备注加急。";
	add(&c, 26, ROLE_AGENT, "感谢您的支持，祝您生活愉快！");
	s = score1(&a, NULL, &c);
	expect_findings(s, "C6");
	expect_finding(s, RULE_C6, 5, 1);
	expect_grades(s, "ABAAA");
	run_release(&a);
}

/* English answers to thanks: "a pleasure to help", "not a problem" (seen in ABCD). */
static void test_c6_english_thanks_answers_pass(void **state)
{
	static const char *const answers[] = {"A pleasure to help you.", "Not a problem!",
					      "You're welcome."};

	(void)state;
	for (size_t i = 0; i < sizeof(answers) / sizeof(*answers); i++) {
		struct run a;
		struct chat c = clean_en();

		c.msgs[5].text = answers[i];
		add(&c, 26, ROLE_AGENT, "Have a great day!");
		expect_clean(score1(&a, NULL, &c));
		run_release(&a);
	}
}

static void test_c6_customer_apology_not_answered(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[2].text = "不好意思，订单号是A1024";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C6");
	expect_finding(s, RULE_C6, 3, 1);
	expect_grades(s, "ABAAA");
	run_release(&a);
}

static void test_c6_customer_apology_answered_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[2].text = "不好意思，订单号是A1024";
	c.msgs[3].text = "没关系，已为您查到，您的订单将在今天18点前发出。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

#define NO_R2 "[R2]\nenabled = no\n" /* C6's wait point alone */

static void test_c6_slow_reply_without_wait_notice(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	later(&c, 3, 16);
	s = score1(&a, NO_R2, &c);
	expect_findings(s, "C6");
	expect_finding(s, RULE_C6, 3, 1);
	expect_grades(s, "ABAAA");
	run_release(&a);
}

static void test_c6_slow_reply_after_wait_notice_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	put(&c, 3, 12, ROLE_AGENT, "好的，请稍等。");
	later(&c, 4, 42);
	expect_clean(score1(&a, NO_R2, &c));
	run_release(&a);
}

static void test_c6_correction_without_apology(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	put(&c, 4, 17, ROLE_AGENT, "更正一下，是明天18点前发出。");
	s = score1(&a, NULL, &c);
	expect_findings(s, "C6");
	expect_finding(s, RULE_C6, 4, 1);
	expect_grades(s, "ABAAA");
	run_release(&a);
}

static void test_c6_correction_with_apology_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	put(&c, 4, 17, ROLE_AGENT, "抱歉，更正一下，是明天18点前发出。");
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_c6_four_missed_points_cost_four_grades(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[1].text = "您好，订单号发一下。";    /* (1) no 请 */
	c.msgs[2].text = "不好意思，订单号是A1024"; /* (2) unanswered by message 3 */
	later(&c, 3, 16);                           /* (3) 21 s, no 请稍等 */
	put(&c, 4, 33, ROLE_AGENT, "更正一下，是明天18点前发出。"); /* (4) no apology */
	s = score1(&a, NO_R2, &c);
	expect_findings(s, "C6 C6 C6 C6");
	assert_int_equal(count(s, RULE_C6), 4);
	assert_int_equal(s->findings[0].message, 1);
	assert_int_equal(s->findings[1].message, 3);
	assert_int_equal(s->findings[2].message, 3);
	assert_int_equal(s->findings[3].message, 4);
	expect_grades(s, "AEAAA");
	run_release(&a);
}

/* §4.0.2: thanks inside a new request is a request; answering it is enough. */
static void test_c6_thanks_inside_a_new_request_is_a_request(void **state)
{
	static const char *const zh[] = {"谢谢，再帮我查一下另一个订单A1025",
					 "好的谢谢，另一个订单A1025什么时候发？"};
	struct run a;
	struct chat c;

	(void)state;
	for (size_t i = 0; i < sizeof(zh) / sizeof(*zh); i++) {
		c = clean_zh();
		c.msgs[4].text = zh[i];
		c.msgs[5].text = "订单A1025也将在今天18点前发出。";
		add(&c, 26, ROLE_AGENT, "感谢您的支持，祝您生活愉快！");
		expect_clean(score1(&a, NULL, &c));
		run_release(&a);
	}
	c = clean_en();
	c.msgs[4].text = "Thanks, and can you also check my other order A1025?";
	c.msgs[5].text = "Order A1025 ships today by 6 pm too.";
	add(&c, 26, ROLE_AGENT, "Have a great day!");
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* §4.0.2: an apology inside a new question is a question; answering it is enough
 * (test_c6_customer_apology_not_answered is its near miss). */
static void test_c6_apology_inside_a_new_question_is_a_question(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[2].text = "不好意思，打错了，我是说订单A1024什么时候能发货？";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_c6_thanks_only_still_needs_an_answer(void **state)
{
	struct run a;
	struct chat c = clean_en();
	const struct session_score *s;

	(void)state;
	c.msgs[4].text = "@shop Thanks so much, that was quick! 🙂 https://t.co/x";
	c.msgs[5].text = "Order A1025 ships today by 6 pm too.";
	add(&c, 26, ROLE_AGENT, "Have a great day!");
	s = score1(&a, NULL, &c);
	expect_findings(s, "C6");
	expect_finding(s, RULE_C6, 5, 1);
	run_release(&a);
}

/* 应该做的, 客气, "my pleasure" … all acknowledge thanks (docs/CHECKPOINTS.md C6). */
static void test_c6_more_answers_to_thanks_pass(void **state)
{
	static const char *const zh[] = {"应该做的。",     "您客气了。",       "不用客气。",
					 "别客气。",       "很高兴为您效劳。", "很高兴为您服务。",
					 "很开心帮到您。", "没关系的。",       "这是我的工作。",
					 "客气！",         "祝你玩的开心！"};
	static const char *const en[] = {"My pleasure.",         "No problem!", "Happy to help.",
					 "Glad to help!",        "Anytime!",    "Thank you too!",
					 "Thanks for the link.", "Sure thing!"};

	(void)state;
	for (size_t i = 0; i < sizeof(zh) / sizeof(*zh); i++) {
		struct run a;
		struct chat c = clean_zh();

		c.msgs[5].text = zh[i];
		add(&c, 26, ROLE_AGENT, "感谢您的支持，祝您生活愉快！");
		expect_clean(score1(&a, NULL, &c));
		run_release(&a);
	}
	for (size_t i = 0; i < sizeof(en) / sizeof(*en); i++) {
		struct run a;
		struct chat c = clean_en();

		c.msgs[5].text = en[i];
		add(&c, 26, ROLE_AGENT, "Have a great day!");
		expect_clean(score1(&a, NULL, &c));
		run_release(&a);
	}
}

/* "can you" is polite in English; a plain clarifying question or an invitation to DM is
 * not a demand that needs please. */
static void test_c6_can_you_and_plain_questions_are_polite(void **state)
{
	static const char *const en[] = {
		"Hello, happy to help. Can you send me your order number?",
		"Hello, happy to help. Which order is it?",
		"Hello, happy to help. Send us a DM with your order number.",
	};
	struct run a;
	struct chat c;

	(void)state;
	for (size_t i = 0; i < sizeof(en) / sizeof(*en); i++) {
		c = clean_en();
		c.msgs[1].text = en[i];
		expect_clean(score1(&a, NULL, &c));
		run_release(&a);
	}
	c = clean_zh();
	c.msgs[1].text = "您好，很高兴为您服务，您的订单号是多少？";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_c6_bare_send_me_your_order_number_is_impolite(void **state)
{
	struct run a;
	struct chat c = clean_en();
	const struct session_score *s;

	(void)state;
	c.msgs[1].text = "Hello, happy to help. Send me your order number.";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C6");
	expect_finding(s, RULE_C6, 1, 1);
	expect_grades(s, "ABAAA");
	run_release(&a);
}

/* ---- Communication: C7 facts ---- */

#define REFUND_FACT "[C7]\nfact = 退款 => 1-3个工作日\n"

static struct chat refund_chat(const char *answer)
{
	struct chat c = clean_zh();

	c.msgs[0].text = "你好，我想问一下退款什么时候到账";
	c.msgs[3].text = answer;
	return c;
}

static void test_c7_wrong_refund_time_costs_two_grades(void **state)
{
	struct run a;
	struct chat c = refund_chat("已为您查到，退款将在5-7个工作日内到账。");
	const struct session_score *s;

	(void)state;
	s = score1(&a, REFUND_FACT, &c);
	expect_findings(s, "C7");
	expect_points_at(&a, s, expect_finding(s, RULE_C7, 3, 2), "5-7个工作日");
	expect_grades(s, "ACAAA");
	run_release(&a);
}

static void test_c7_right_refund_time_passes_with_any_dash(void **state)
{
	static const char *const answers[] = {
		"已为您查到，退款将在1-3个工作日内到账。",
		"已为您查到，退款将在1~3个工作日内到账。",
		"已为您查到，退款将在1至3个工作日内到账。",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(answers) / sizeof(*answers); i++) {
		struct run a;
		struct chat c = refund_chat(answers[i]);

		expect_clean(score1(&a, REFUND_FACT, &c));
		run_release(&a);
	}
}

static void test_c7_default_rubric_has_no_facts(void **state)
{
	struct run a;
	struct chat c = refund_chat("已为您查到，退款将在5-7个工作日内到账。");

	(void)state;
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_c7_any_topic_word_names_the_topic(void **state)
{
	struct run a;
	struct chat c = refund_chat("已为您查到，退钱将在5至7个工作日内到账。");
	const struct session_score *s;

	(void)state;
	s = score1(&a, "[C7]\nfact = 退款/退钱 => 1-3个工作日\n", &c);
	expect_findings(s, "C7");
	expect_points_at(&a, s, expect_finding(s, RULE_C7, 3, 2), "5至7个工作日");
	run_release(&a);
}

static void test_c7_value_off_the_topic_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，换货将在5-7个工作日内完成。"; /* no refund word */
	expect_clean(score1(&a, REFUND_FACT, &c));
	run_release(&a);
}

/* ---- Resolution: S1 resolved ---- */

static void test_s1_open_status_costs_two_grades(void **state)
{
	static const char *const statuses[] = {"open", "Pending", "未解决", "未解決", "否"};

	(void)state;
	for (size_t i = 0; i < sizeof(statuses) / sizeof(*statuses); i++) {
		struct run a;
		struct chat c = clean_zh();
		const struct session_score *s;

		c.status = statuses[i];
		s = score1(&a, NULL, &c);
		expect_findings(s, "S1"); /* the answer has a time, so no S2 */
		expect_finding(s, RULE_S1, NO_MESSAGE, 2);
		expect_grades(s, "AACAA");
		run_release(&a);
	}
}

static void test_s1_resolved_status_passes(void **state)
{
	static const char *const statuses[] = {"resolved", "Closed", "已解决", "是"};

	(void)state;
	for (size_t i = 0; i < sizeof(statuses) / sizeof(*statuses); i++) {
		struct run a;
		struct chat c = clean_zh();

		c.status = statuses[i];
		c.msgs[4].text = "还是不行"; /* the status wins over the customer's words */
		c.msgs[5].text = "感谢您的支持，祝您生活愉快！";
		expect_clean(score1(&a, NULL, &c));
		run_release(&a);
	}
}

static void test_s1_customer_says_still_not_working(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.status = NULL;
	c.msgs[4].text = "还是不行";
	s = score1(&a, NULL, &c);
	expect_findings(s, "S1");
	expect_finding(s, RULE_S1, 4, 2);
	expect_grades(s, "AACAA");
	run_release(&a);
}

static void test_s1_customer_says_thanks_ok_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.status = NULL;
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_s1_unrecognised_status_falls_back_to_the_customers_words(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.status = "transferred";
	c.msgs[4].text = "还是不行";
	s = score1(&a, NULL, &c);
	expect_findings(s, "S1");
	expect_finding(s, RULE_S1, 4, 2);
	expect_grades(s, "AACAA");
	run_release(&a);
}

/* Near miss: "still not working" in the opening complaint, before any reply, is the
 * problem itself, not the customer's verdict on the help (twcs threads end like this). */
static void test_s1_complaint_before_the_first_reply_is_no_verdict(void **state)
{
	struct run a;
	struct chat c = {.id = "tw", .channel = "twitter", .customer = "U300"};
	const struct session_score *s;

	(void)state;
	add(&c, 0, ROLE_CUSTOMER, "My app is still not working!!");
	add(&c, 3, ROLE_AGENT, "Hello, sorry about that. Please reinstall it; it will work today.");
	s = score1(&a, NULL, &c);
	assert_null(find(s, RULE_S1));
	run_release(&a);
}

/* "还是不行" answered, then "好的谢谢": the customer's last word decides, resolved. */
static void test_s1_the_customers_last_word_decides(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.status = NULL;
	c.msgs[4].text = "还是不行";
	c.msgs[5].text = "抱歉，已为您重新提交，今天18点前发出。";
	add(&c, 26, ROLE_CUSTOMER, "好的谢谢");
	add(&c, 28, ROLE_AGENT, "不客气，感谢您的支持，祝您生活愉快！");
	s = score1(&a, NULL, &c);
	assert_null(find(s, RULE_S1));
	assert_true(s->dim[DIM_RESOLUTION].applicable);
	assert_int_equal(s->dim[DIM_RESOLUTION].grade, GRADE_A);
	run_release(&a);
}

static void test_resolution_is_na_with_nothing_to_judge(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.status = c.csat = c.customer = NULL;
	c.msgs[4].text = "谢谢"; /* thanks, but no word on the problem */
	s = score1(&a, NULL, &c);
	expect_findings(s, "");
	expect_grades(s, "AA-AA");
	assert_int_equal(s->score_tenths, 1000);
	run_release(&a);
}

/* ---- Resolution: S2 next step with a time ---- */

static void test_s2_unresolved_without_a_time(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.status = "open";
	c.msgs[3].text = "已为您催促仓库，请耐心等待。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "S1 S2");
	expect_finding(s, RULE_S2, 5, 1); /* the last agent message */
	expect_grades(s, "AADAA");
	run_release(&a);
}

static void test_s2_unresolved_with_a_time_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.status = "open";
	c.msgs[3].text = "已为您催促仓库，24小时内发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "S1");
	expect_grades(s, "AACAA");
	run_release(&a);
}

static void test_s2_promised_follow_up_without_a_time(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您催促仓库，处理结果稍后回复您。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "S2");
	expect_finding(s, RULE_S2, 3, 1); /* the promise */
	expect_grades(s, "AABAA");
	run_release(&a);
}

static void test_s2_promised_follow_up_with_a_time_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您催促仓库，处理结果24小时内回复您。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- Resolution: S3 escalation ---- */

static void test_s3_escalation_asked_and_never_told(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	put(&c, 4, 17, ROLE_CUSTOMER, "我要找你们主管");
	s = score1(&a, NULL, &c);
	expect_findings(s, "S3");
	expect_finding(s, RULE_S3, 4, 1);
	expect_grades(s, "AABAA");
	run_release(&a);
}

static void test_s3_escalation_told_in_time_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	put(&c, 4, 17, ROLE_CUSTOMER, "我要找你们主管");
	put(&c, 5, 19, ROLE_AGENT, "好的，已为您转接主管。");
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_s3_escalation_told_62s_after_the_request(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	put(&c, 4, 17, ROLE_CUSTOMER, "我要找你们主管");
	put(&c, 5, 20, ROLE_AGENT, "好的，请稍候。");
	put(&c, 6, 79, ROLE_AGENT, "已为您转接主管，请稍候。"); /* 59 s after the notice */
	later(&c, 7, 65);
	s = score1(&a, NULL, &c);
	expect_findings(s, "S3");
	expect_finding(s, RULE_S3, 6, 1);
	expect_grades(s, "AABAA");
	run_release(&a);
}

static void test_s3_transfer_without_telling(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[5].agent = "KF2";
	s = score1(&a, NULL, &c);
	expect_findings(s, "S3");
	expect_finding(s, RULE_S3, 5, 1);
	expect_grades(s, "AABAA");
	run_release(&a);
}

static void test_s3_transfer_told_in_time_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出，稍后为您转接专员。";
	c.msgs[5].agent = "KF2";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* (c): the takeover itself must come within the limit of telling; a 30 s limit keeps the
 * waits short of R2. */
static void test_s3_takeover_later_than_the_limit_after_telling(void **state)
{
	static const struct {
		long takeover;
		const char *findings;
	} cases[] = {{50, "S3"}, {45, ""}}; /* 35 s and 30 s after telling at 15 s */

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct run a;
		struct chat c = clean_zh();
		const struct session_score *s;

		c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出，为您转接专员，请稍候。";
		c.msgs[5].agent = "KF2";
		c.msgs[5].sec = cases[i].takeover;
		s = score1(&a, "[S3]\nlimit_seconds = 30\n", &c);
		expect_findings(s, cases[i].findings);
		if (*cases[i].findings) {
			expect_finding(s, RULE_S3, 5, 1);
			expect_grades(s, "AABAA");
		}
		run_release(&a);
	}
}

/* A request after a transfer that was told, answered at once: no S3. */
static void test_s3_request_after_a_told_transfer(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，为您转接专员。";
	put_as(&c, 4, 18, ROLE_AGENT, "KF2", "您好，我是专员，您的订单将在今天18点前发出。");
	put(&c, 5, 19, ROLE_CUSTOMER, "我要找你们主管");
	put_as(&c, 6, 20, ROLE_AGENT, "KF2", "好的，已为您转接主管。");
	c.msgs[8].agent = "KF2";
	s = score1(&a, NULL, &c);
	expect_findings(s, "");
	expect_grades(s, "AAAAA");
	run_release(&a);
}

/* Only the new agent speaks of the transfer: nobody told the customer before it. */
static void test_s3_transfer_told_only_by_the_new_agent(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[5].agent = "KF2";
	c.msgs[5].text = "您好，我是售后专员，感谢您的支持，祝您生活愉快！";
	s = score1(&a, NULL, &c);
	expect_findings(s, "S3");
	expect_finding(s, RULE_S3, 5, 1);
	expect_grades(s, "AABAA");
	run_release(&a);
}

/* ---- Resolution: S4 repeat contact ---- */

static void test_s4_same_customer_within_24h_marks_the_earlier_session(void **state)
{
	struct run a;
	struct chat c[2] = {clean_zh(), clean_zh()};
	const struct session_score *first, *second;

	(void)state;
	c[0].id = "s1";
	c[1].id = "s2";
	c[1].start = 3600; /* an hour later */
	run_chats(&a, NULL, c, 2);
	first = score_of(&a, "s1");
	second = score_of(&a, "s2");
	expect_findings(first, "S4");
	expect_finding(first, RULE_S4, NO_MESSAGE, 1);
	expect_grades(first, "AABAA");
	assert_int_equal(first->score_tenths, 950); /* 100 x (100 + 100 + 100 + 100 + 75) / 500 */
	expect_clean(second);
	run_release(&a);
}

static void test_s4_same_customer_30h_later_is_no_repeat(void **state)
{
	struct run a;
	struct chat c[2] = {clean_zh(), clean_zh()};

	(void)state;
	c[0].id = "s1";
	c[1].id = "s2";
	c[1].start = 30 * 3600;
	run_chats(&a, NULL, c, 2);
	expect_clean(score_of(&a, "s1"));
	expect_clean(score_of(&a, "s2"));
	run_release(&a);
}

static void test_s4_another_customer_within_24h_is_no_repeat(void **state)
{
	struct run a;
	struct chat c[2] = {clean_zh(), clean_zh()};

	(void)state;
	c[0].id = "s1";
	c[1].id = "s2";
	c[1].customer = "U101";
	c[1].start = 3600;
	run_chats(&a, NULL, c, 2);
	expect_clean(score_of(&a, "s1"));
	expect_clean(score_of(&a, "s2"));
	run_release(&a);
}

/* Near miss: a second session opened while the first was still going (two windows, two
 * Twitter threads) is a parallel question, not a return; a third one after both is. */
static void test_s4_parallel_session_is_no_repeat(void **state)
{
	struct run a;
	struct chat c[3] = {clean_zh(), clean_zh(), clean_zh()};

	(void)state;
	c[0].id = "s1";
	c[1].id = "s2";
	c[1].start = 10; /* s1 runs from 0 to 23 s */
	c[2].id = "s3";
	c[2].start = 3600;
	run_chats(&a, NULL, c, 2);
	expect_clean(score_of(&a, "s1"));
	run_release(&a);

	run_chats(&a, NULL, c, 3);
	expect_findings(score_of(&a, "s1"), "S4");
	assert_non_null(strstr(score_of(&a, "s1")->findings[0].detail, "in session s3"));
	run_release(&a);
}

/* The window runs from the earlier session's last message (at 23 s). */
static void test_s4_window_ends_24h_after_the_last_message(void **state)
{
	static const struct {
		long start;
		const char *findings;
	} cases[] = {{23 + 86400, "S4"}, {23 + 86401, ""}};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct run a;
		struct chat c[2] = {clean_zh(), clean_zh()};

		c[0].id = "s1";
		c[1].id = "s2";
		c[1].start = cases[i].start;
		run_chats(&a, NULL, c, 2);
		expect_findings(score_of(&a, "s1"), cases[i].findings);
		expect_clean(score_of(&a, "s2"));
		run_release(&a);
	}
}

/* ---- Resolution: S5 CSAT ---- */

static void test_s5_csat_2_or_dissatisfied_costs_a_grade(void **state)
{
	static const char *const ratings[] = {"2", "1", "不满意", "非常不满意", "bad"};

	(void)state;
	for (size_t i = 0; i < sizeof(ratings) / sizeof(*ratings); i++) {
		struct run a;
		struct chat c = clean_zh();
		const struct session_score *s;

		c.csat = ratings[i];
		s = score1(&a, NULL, &c);
		expect_findings(s, "S5");
		expect_finding(s, RULE_S5, NO_MESSAGE, 1);
		expect_grades(s, "AABAA");
		run_release(&a);
	}
}

static void test_s5_csat_3_or_satisfied_passes(void **state)
{
	static const char *const ratings[] = {"3", "一般", "满意"};

	(void)state;
	for (size_t i = 0; i < sizeof(ratings) / sizeof(*ratings); i++) {
		struct run a;
		struct chat c = clean_zh();

		c.csat = ratings[i];
		expect_clean(score1(&a, NULL, &c));
		run_release(&a);
	}
}

static void test_s5_reads_ratings_on_the_rubric_scale(void **state)
{
	static const struct {
		const char *csat, *findings;
	} cases[] = {{"4", "S5"}, {"5", ""}, {"不满意", "S5"}, {"一般", ""}};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct run a;
		struct chat c = clean_zh();

		c.csat = cases[i].csat;
		expect_findings(score1(&a, "[S5]\ncsat_scale = 10\nmax_csat = 4\n", &c),
				cases[i].findings);
		run_release(&a);
	}
}

/* ---- Compliance: K1 personal data in an agent message ---- */

#define ID_NUMBER    "110105198001011238" /* valid birth date and check digit */
#define ID_BAD_CHECK "110105198001011230" /* the same with a wrong check digit (and not Luhn) */
#define CARD         "6222021234567894"   /* passes Luhn */

static void test_k1_valid_id_number_in_agent_message_is_a_red_line(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，登记的身份证号为" ID_NUMBER "，订单将在今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "K1");
	expect_points_at(&a, s, expect_red_line(s, RULE_K1, 3), ID_NUMBER);
	expect_grades(s, "AAAFA");
	run_release(&a);
}

static void test_k1_id_number_with_wrong_check_digit_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，登记的身份证号为" ID_BAD_CHECK "，订单将在今天18点前发出。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_k1_luhn_valid_card_in_agent_message_is_a_red_line(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，扣款卡号" CARD "，订单将在今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "K1");
	expect_points_at(&a, s, expect_red_line(s, RULE_K1, 3), CARD);
	expect_grades(s, "AAAFA");
	run_release(&a);
}

static void test_k1_same_number_after_order_word_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，订单号" CARD "的包裹将在今天18点前发出。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_k1_verification_code_in_agent_message_is_a_red_line(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，验证码是482913，订单将在今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "K1");
	expect_points_at(&a, s, expect_red_line(s, RULE_K1, 3), "482913");
	expect_grades(s, "AAAFA");
	run_release(&a);
}

static void test_k1_phone_number_in_agent_message_is_not_personal_data(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出，快递员电话13812345678。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- Compliance: K2 asking for secrets ---- */

static void test_k2_asking_for_the_code_is_a_red_line(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出。请把验证码发给我。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "K2");
	expect_red_line(s, RULE_K2, 3);
	expect_grades(s, "AAAFA");
	run_release(&a);
}

static void test_k2_warning_not_to_share_the_code_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出。请勿向任何人透露验证码。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- Compliance: K3 customer's personal data left in chat ---- */

static void test_k3_customer_id_number_without_a_warning(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[2].text = "我的身份证号是" ID_NUMBER;
	s = score1(&a, NULL, &c);
	expect_findings(s, "K3");
	expect_points_at(&a, s, expect_finding(s, RULE_K3, 2, 2), ID_NUMBER);
	expect_grades(s, "AAACA");
	run_release(&a);
}

static void test_k3_customer_id_number_with_warning_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[2].text = "我的身份证号是" ID_NUMBER;
	c.msgs[3].text = "请勿在对话中发送身份证号，已为您查到，您的订单将在今天18点前发出。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_k3_customer_phone_number_needs_no_warning(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[2].text = "我的手机号是13812345678";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* Every piece of personal data the customer sends needs a warning after it. */
static void test_k3_second_card_number_after_the_warning(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[2].text = "我的身份证号是" ID_NUMBER;
	c.msgs[3].text = "请勿在对话中发送身份证号，已为您查到，您的订单将在今天18点前发出。";
	c.msgs[4].text = "好的谢谢，退款卡号是" CARD;
	s = score1(&a, NULL, &c);
	expect_findings(s, "K3");
	expect_points_at(&a, s, expect_finding(s, RULE_K3, 4, 2), CARD);
	expect_grades(s, "AAACA");
	run_release(&a);
}

/* ---- Compliance: K4 inducement, K5 false promises ---- */

static void test_k4_miss_today_is_inducement(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出。这款错过今天再等一年。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "K4");
	expect_finding(s, RULE_K4, 3, 2);
	expect_grades(s, "AAACA");
	run_release(&a);
}

static void test_k4_a_shipping_fact_is_not_inducement(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出，现在下单明天发出。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_k5_no_more_allergy_is_a_false_promise(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出。这款面霜用了就不会过敏了。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "K5");
	expect_finding(s, RULE_K5, 3, 2);
	expect_grades(s, "AAACA");
	run_release(&a);
}

static void test_k5_100percent_cotton_is_a_fact(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出。这件衣服是100%纯棉的。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- Compliance: K6 competitors, K7 risk notice ---- */

#define COMPETITOR "[K6]\ncompetitors = 快淘\n"

static void test_k6_disparaging_a_rubric_competitor(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出。快淘卖的都是假货。";
	s = score1(&a, COMPETITOR, &c);
	expect_findings(s, "K6");
	expect_finding(s, RULE_K6, 3, 1);
	expect_grades(s, "AAABA");
	run_release(&a);
}

static void test_k6_same_words_without_the_name_pass(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出。别家卖的都是假货。";
	expect_clean(score1(&a, COMPETITOR, &c));
	run_release(&a);
}

static void test_k6_default_rubric_names_no_competitor(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出。快淘卖的都是假货。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_k7_wealth_product_without_risk_notice(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出。您也可以了解一下我们的理财产品。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "K7");
	expect_points_at(&a, s, expect_finding(s, RULE_K7, 3, 1), "理财");
	expect_grades(s, "AAABA");
	run_release(&a);
}

static void test_k7_wealth_product_with_risk_notice_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出。您也可以了解一下我们的理财产品。";
	c.msgs[5].text = "不客气，投资有风险，感谢您的支持，祝您生活愉快！";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- Languages the phrase lists do not cover ---- */

/* German: no greeting or closing words the lists know, yet nothing a grader would fault. */
static void test_german_session_is_not_judged_on_words(void **state)
{
	struct run a;
	struct chat c = {.id = "de", .channel = "web", .customer = "U300", .status = "resolved"};
	const struct session_score *s;

	(void)state;
	add(&c, 0, ROLE_CUSTOMER, "Hallo, meine Bestellung ist immer noch nicht da");
	add(&c, 5, ROLE_AGENT, "Das tut mir leid. Ich habe nachgesehen, sie kommt morgen an.");
	add(&c, 12, ROLE_CUSTOMER, "Alles klar, vielen Dank für die schnelle Antwort");
	add(&c, 16, ROLE_AGENT, "Gern geschehen, schönen Tag noch");
	s = score1(&a, NULL, &c);
	expect_findings(s, "");
	assert_true(s->language_not_covered);
	run_release(&a);
}

/* The same chat in English is judged: the reply opens with no greeting. */
static void test_english_session_is_judged_on_words(void **state)
{
	struct run a;
	struct chat c = {.id = "en", .channel = "web", .customer = "U300", .status = "resolved"};
	const struct session_score *s;

	(void)state;
	add(&c, 0, ROLE_CUSTOMER, "Hi, my order still has not arrived");
	add(&c, 5, ROLE_AGENT, "I checked it, it arrives tomorrow.");
	add(&c, 12, ROLE_CUSTOMER, "Alright, thanks for the quick answer");
	add(&c, 16, ROLE_AGENT, "You're welcome, have a great day!");
	s = score1(&a, NULL, &c);
	expect_findings(s, "C1");
	assert_false(s->language_not_covered);
	run_release(&a);
}

/* ---- Compliance: K8 personal data on a public channel ---- */

/* A public reply thread: asks for the order number in the open. */
static struct chat tweet_thread(const char *ask)
{
	struct chat c = clean_en();

	c.channel = "Twitter";
	c.msgs[1].text = ask;
	return c;
}

static void test_k8_asking_for_an_order_number_in_public_costs_a_grade(void **state)
{
	struct run a;
	struct chat c = tweet_thread("Sorry about that! Could you share your order number?");
	const struct session_score *s;

	(void)state;
	s = score1(&a, NULL, &c);
	expect_findings(s, "K8");
	expect_finding(s, RULE_K8, 1, 1);
	run_release(&a);
}

static void test_k8_asking_by_direct_message_passes(void **state)
{
	struct run a;
	struct chat c =
		tweet_thread("Sorry about that! Please send us a DM with your order number.");

	(void)state;
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* The same words in a web chat: K8 is about public channels only. */
static void test_k8_asking_in_a_private_chat_passes(void **state)
{
	struct run a;
	struct chat c = tweet_thread("Sorry about that! Could you share your order number?");

	(void)state;
	c.channel = "web";
	expect_findings(score1(&a, NULL, &c), "C1"); /* no greeting, but no K8 */
	run_release(&a);
}

static void test_k8_customer_posting_a_phone_number_is_moved_to_dm(void **state)
{
	struct run a;
	struct chat c = tweet_thread("Sorry about that! Please DM us and we'll check.");
	struct chat moved;
	const struct session_score *s;

	(void)state;
	c.msgs[2].text = "Call me on 415-555-0123, order A10245";
	s = score1(&a, NULL, &c);
	expect_findings(s, "K8");
	expect_finding(s, RULE_K8, 2, 1);
	run_release(&a);
	moved = c;
	moved.msgs[3].text =
		"Thanks, please send that to us by DM instead. It ships today by 6 pm.";
	expect_clean(score1(&a, NULL, &moved));
	run_release(&a);
}

/* ---- Attitude: A1 forbidden phrases ---- */

static void test_a1_two_distinct_forbidden_phrases_cost_two_grades(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "不知道具体时间，没办法确定。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A1 A1");
	assert_int_equal(count(s, RULE_A1), 2);
	assert_int_equal(s->findings[0].message, 3);
	assert_int_equal(s->findings[1].message, 3);
	assert_int_equal(s->findings[0].penalty + s->findings[1].penalty, 2);
	expect_points_at(&a, s, &s->findings[0], "不知道");
	expect_points_at(&a, s, &s->findings[1], "没办法");
	expect_grades(s, "AAAAC");
	run_release(&a);
}

static void test_a1_same_phrase_twice_costs_one_grade(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "不知道。";
	c.msgs[5].text = "我也不知道，感谢您的支持，祝您生活愉快！";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A1");
	assert_int_equal(count(s, RULE_A1), 1);
	expect_finding(s, RULE_A1, 3, 1); /* its first use */
	expect_grades(s, "AAAAB");
	run_release(&a);
}

static void test_a1_phrases_in_harmless_context_pass(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[1].text = "您好，请问有什么可以帮您？请提供一下您的订单号。";
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出，不行的话我们可以为您换货。";
	c.msgs[5].text = "不客气，不知道您方便吗？感谢您的支持，祝您生活愉快！";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);

	/* 你 instead of 您, and a question about the customer's taste (CrossWOZ), pass too. */
	c = clean_zh();
	c.msgs[3].text = "已为您查到，今天18点前发出，配色是新款，不知道你会不会喜欢。";
	c.msgs[5].text = "您不用客气。";
	add(&c, 25, ROLE_AGENT, "祝您生活愉快！");
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* §4.0.4: 不是不行 (it can be done) negates 不行. */
static void test_a1_bushi_buxing_is_no_forbidden_phrase(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，加急也不是不行，您的订单将在今天18点前发出。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
	c.msgs[3].text = "已为您查到，加急不行，您的订单将在今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A1");
	expect_points_at(&a, s, expect_finding(s, RULE_A1, 3, 1), "不行");
	run_release(&a);
}

/* CrossWOZ: a blunt 你说的是什么啊 is 什么? even without a question mark. */
static void test_a1_ni_shuo_de_shi_shenme_a_is_forbidden(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "你说的是什么 啊，我没看懂。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A1");
	expect_finding(s, RULE_A1, 3, 1);
	run_release(&a);
	c.msgs[3].text = "您说的是什么时间？您的订单将在今天18点前发出。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- Attitude: A2 hostile wording ---- */

static void test_a2_hostile_wording_costs_two_grades(void **state)
{
	static const char *const answers[] = {
		"我已经说过了，您的订单将在今天18点前发出。",
		"您的订单将在今天18点前发出？？",
		"您的订单将在今天18点前发出!!!",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(answers) / sizeof(*answers); i++) {
		struct run a;
		struct chat c = clean_zh();
		const struct session_score *s;

		c.msgs[3].text = answers[i];
		s = score1(&a, NULL, &c);
		expect_findings(s, "A2");
		expect_finding(s, RULE_A2, 3, 2);
		expect_grades(s, "AAAAC");
		run_release(&a);
	}
}

static void test_a2_one_question_mark_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单将在今天18点前发出，您看可以吗？";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* §4.0.4: "!!!" in a cheerful reply is not hostility towards the customer. */
static void test_a2_cheerful_exclamations_are_not_hostile(void **state)
{
	static const char *const en[] = {"You're welcome. Have a great day!!!",
					 "Yessssss!!!!! You're welcome, have a great day!",
					 "Thank you!!! Have a great day!"};
	struct run a;
	struct chat c;

	(void)state;
	for (size_t i = 0; i < sizeof(en) / sizeof(*en); i++) {
		c = clean_en();
		c.msgs[5].text = en[i];
		expect_clean(score1(&a, NULL, &c));
		run_release(&a);
	}
	c = clean_zh();
	c.msgs[5].text = "不客气，感谢您的支持，祝您生活愉快！！！";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_a2_exclamations_aimed_at_the_customer_are_hostile(void **state)
{
	static const char *const en[] = {
		"I already told you!!! Your order will ship today by 6 pm.",
		"Did you even read my message?? Your order will ship today by 6 pm.",
		"You need to wait!!! Your order will ship today by 6 pm.",
	};
	struct run a;
	struct chat c;
	const struct session_score *s;

	(void)state;
	for (size_t i = 0; i < sizeof(en) / sizeof(*en); i++) {
		c = clean_en();
		c.msgs[3].text = en[i];
		s = score1(&a, NULL, &c);
		expect_findings(s, "A2");
		expect_finding(s, RULE_A2, 3, 2);
		expect_grades(s, "AAAAC");
		run_release(&a);
	}
	c = clean_zh();
	c.msgs[3].text = "你听不懂吗？？您的订单将在今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A2");
	expect_finding(s, RULE_A2, 3, 2);
	run_release(&a);
}

/* ---- Attitude: A3 emotion, A4 insult ---- */

static void test_a3_angry_customer_ignored(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[2].text = "订单号是A1024，真无语";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A3");
	expect_finding(s, RULE_A3, 3, 1); /* the reply */
	expect_grades(s, "AAAAB");
	run_release(&a);
}

static void test_a3_angry_customer_acknowledged_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[2].text = "订单号是A1024，真无语";
	c.msgs[3].text = "理解您的心情，已为您查到，您的订单将在今天18点前发出。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_a3_each_ignored_emotion_is_a_finding(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[2].text = "订单号是A1024，真无语";
	c.msgs[4].text = "好的谢谢，真无语";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A3 A3");
	assert_int_equal(s->findings[0].message, 3);
	assert_int_equal(s->findings[1].message, 5);
	expect_grades(s, "AAAAC");
	run_release(&a);
}

/* Anger cues beyond the plain words: swearing, "worst", angry emoji, #fail, ?!?! (§4.5). */
static void test_a3_swearing_emoji_and_fail_tags_show_anger(void **state)
{
	static const char *const en[] = {
		"It is A1024. This is shit.",
		"It is A1024, wtf",
		"It is A1024 😡",
		"It is A1024 #fail",
		"It is A1024?!?!",
		"It is A1024. Worst service ever",
		"It is A1024, poor service",
		"It is A1024, this is ridiculous",
		"It is A1024. Your app sucks",
		"It is A1024, what a fraud",
		"It is A1024 f*ck",
	};
	struct run a;
	struct chat c;
	const struct session_score *s;

	(void)state;
	for (size_t i = 0; i < sizeof(en) / sizeof(*en); i++) {
		c = clean_en();
		c.msgs[2].text = en[i];
		s = score1(&a, NULL, &c);
		expect_findings(s, "A3");
		expect_finding(s, RULE_A3, 3, 1);
		expect_grades(s, "AAAAB");
		run_release(&a);
	}
	c = clean_zh();
	c.msgs[2].text = "订单号是A1024，他妈的";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A3");
	run_release(&a);
}

/* Blaming oneself ("a dumb mistake") is not anger at the company; "whose dumb idea was this"
 * is. */
static void test_a3_own_dumb_mistake_is_no_anger(void **state)
{
	struct run a;
	struct chat c = clean_en();
	const struct session_score *s;

	(void)state;
	c.msgs[2].text = "It is A1024, I made a dumb mistake in the address";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
	c.msgs[2].text = "It is A1024. Whose dumb idea was this checkout?";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A3");
	run_release(&a);
}

/* A bare "DM us and we'll look into it" acknowledges nothing; "oh no" and "not the
 * experience we want" do. */
static void test_a3_dm_us_is_not_acknowledgement(void **state)
{
	struct run a;
	struct chat c = clean_en();
	const struct session_score *s;

	(void)state;
	c.msgs[2].text = "It is A1024. Worst service ever";
	c.msgs[3].text = "DM us and we'll look into it. Your order will ship today by 6 pm.";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A3");
	expect_finding(s, RULE_A3, 3, 1);
	run_release(&a);
	c.msgs[3].text =
		"Oh no, that's not the experience we want. Your order will ship today by 6 pm.";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* A message mostly in capitals is shouting; acronyms, or shouted thanks, are not anger. */
static void test_a3_shouting_in_capitals_shows_anger(void **state)
{
	struct run a;
	struct chat c = clean_en();
	const struct session_score *s;

	(void)state;
	c.msgs[2].text = "IT IS A1024 AND I AM STILL WAITING";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A3");
	expect_finding(s, RULE_A3, 3, 1);
	run_release(&a);
}

static void test_a3_acronyms_and_shouted_thanks_are_not_anger(void **state)
{
	struct run a;
	struct chat c = clean_en();

	(void)state;
	c.msgs[2].text = "It is A1024, the UPS and DHL tracking page says ASAP";
	c.msgs[4].text = "THANKS SO MUCH, GREAT HELP TODAY";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* One shouted word with !!! is anger, unless a happy emoji shows it is a cheer. */
static void test_a3_shouted_word_is_anger_but_not_a_cheer(void **state)
{
	struct run a;
	struct chat c = clean_en();
	const struct session_score *s;

	(void)state;
	c.msgs[2].text = "It is A1024. SHAME!!!!";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A3");
	run_release(&a);
	c.msgs[2].text = "It is A1024, bring on the GUAC!!! 🤗💖";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* 不太差 is no complaint; 太差了 is. */
static void test_a3_butaicha_is_no_complaint(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[2].text = "订单号是A1024，你们的速度还不太差";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
	c.msgs[2].text = "订单号是A1024，你们的速度太差了";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A3");
	expect_finding(s, RULE_A3, 3, 1);
	run_release(&a);
}

/* Once the agent has acknowledged the feeling, more venting needs no new acknowledgement
 * (test_a3_each_ignored_emotion_is_a_finding is its near miss). */
static void test_a3_venting_after_an_acknowledgement_needs_none(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[2].text = "订单号是A1024，真无语";
	c.msgs[3].text = "理解您的心情，已为您查到，您的订单将在今天18点前发出。";
	c.msgs[4].text = "好的谢谢，真无语";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

static void test_a4_blaming_the_customer_is_a_red_line(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "是您自己的问题，您的订单将在今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "A4");
	expect_red_line(s, RULE_A4, 3);
	expect_grades(s, "AAAAF");
	run_release(&a);
}

static void test_a4_saying_it_is_not_the_customers_fault_passes(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[3].text = "这不是您自己的问题，您的订单将在今天18点前发出。";
	expect_clean(score1(&a, NULL, &c));
	run_release(&a);
}

/* ---- English wording is judged too ---- */

static void test_english_vague_and_forbidden_words_are_found(void **state)
{
	struct run a;
	struct chat c = clean_en();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "No idea, maybe your order will ship today by 6 pm.";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C3 A1");
	expect_points_at(&a, s, expect_finding(s, RULE_C3, 3, 1), "maybe");
	expect_points_at(&a, s, expect_finding(s, RULE_A1, 3, 1), "No idea");
	expect_grades(s, "ABAAB");
	run_release(&a);
}

static void test_english_request_for_the_code_is_a_red_line(void **state)
{
	struct run a;
	struct chat c = clean_en();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text =
		"Your order will ship today by 6 pm. Please send me your verification code.";
	s = score1(&a, NULL, &c);
	expect_findings(s, "K2");
	expect_red_line(s, RULE_K2, 3);
	expect_grades(s, "AAAFA");
	run_release(&a);
}

/* ---- Grade arithmetic ---- */

static const int default_weights[DIM_COUNT] = {20, 20, 25, 20, 15};

/* Grades as letters in dimension order, '-' for N/A: A=5 ... E=1, F=0. */
static void dims_of(const char *grades, struct dimension_score *dim)
{
	for (int d = 0; d < DIM_COUNT; d++) {
		dim[d].applicable = grades[d] != '-';
		dim[d].grade =
			grades[d] == '-' ? GRADE_F : (enum grade)(GRADE_A - (grades[d] - 'A'));
	}
}

static void test_score_of_all_a_is_1000(void **state)
{
	struct dimension_score dim[DIM_COUNT];

	(void)state;
	dims_of("AAAAA", dim);
	assert_int_equal(score_tenths(dim, default_weights), 1000);
	dims_of("FFFFF", dim);
	assert_int_equal(score_tenths(dim, default_weights), 0);
}

static void test_score_weighs_each_dimension(void **state)
{
	struct dimension_score dim[DIM_COUNT];

	(void)state;
	/* 100 x (20x5 + 20x5 + 25x3 + 20x5 + 15x5) / 500 = 90 */
	dims_of("AACAA", dim);
	assert_int_equal(score_tenths(dim, default_weights), 900);
	/* 100 x (20x4 + 20x3 + 25x2 + 20x1 + 15x0) / 500 = 42 */
	dims_of("BCDEF", dim);
	assert_int_equal(score_tenths(dim, default_weights), 420);
}

static void test_na_dimension_shares_out_its_weight(void **state)
{
	struct dimension_score dim[DIM_COUNT];

	(void)state;
	dims_of("AA-AA", dim);
	assert_int_equal(score_tenths(dim, default_weights), 1000);
	/* 100 x (20x4 + 20x5 + 20x5 + 15x5) / (5 x 75) = 94.67 */
	dims_of("BA-AA", dim);
	assert_int_equal(score_tenths(dim, default_weights), 947);
	/* 100 x (20x5 + 25x5 + 20x0 + 15x5) / (5 x 80) = 75 */
	dims_of("-AAFA", dim);
	assert_int_equal(score_tenths(dim, default_weights), 750);
}

static void test_score_rounds_half_up(void **state)
{
	const int weight[DIM_COUNT] = {1, 15, 0, 0, 0};
	struct dimension_score dim[DIM_COUNT];

	(void)state;
	/* 100 x (1x5 + 15x4) / (5 x 16) = 81.25 exactly: 812.5 tenths -> 813 */
	dims_of("ABAAA", dim);
	assert_int_equal(score_tenths(dim, weight), 813);
	/* 100 x (1x4 + 15x5) / 80 = 98.75: 987.5 -> 988 */
	dims_of("BAAAA", dim);
	assert_int_equal(score_tenths(dim, weight), 988);
	/* 100 x (1x5 + 15x3) / 80 = 62.5: 625 exactly */
	dims_of("ACAAA", dim);
	assert_int_equal(score_tenths(dim, weight), 625);
}

static void test_no_applicable_weight_scores_minus_one(void **state)
{
	const int weight[DIM_COUNT] = {0, 0, 10, 0, 0};
	struct dimension_score dim[DIM_COUNT];

	(void)state;
	dims_of("-----", dim);
	assert_int_equal(score_tenths(dim, default_weights), -1);
	dims_of("AA-AA", dim); /* only weightless dimensions apply */
	assert_int_equal(score_tenths(dim, weight), -1);
}

static void test_grade_is_nearest_points_with_ties_going_up(void **state)
{
	static const struct {
		int tenths;
		enum grade grade;
	} cases[] = {
		{1000, GRADE_A}, {900, GRADE_A}, {899, GRADE_B}, {700, GRADE_B},
		{699, GRADE_C},  {500, GRADE_C}, {499, GRADE_D}, {300, GRADE_D},
		{299, GRADE_E},  {100, GRADE_E}, {99, GRADE_F},  {0, GRADE_F},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		if (grade_from_score(cases[i].tenths) != cases[i].grade)
			fail_msg("score %d.%d: grade %c, want %c", cases[i].tenths / 10,
				 cases[i].tenths % 10,
				 grade_letter(grade_from_score(cases[i].tenths)),
				 grade_letter(cases[i].grade));
}

/* ---- Red lines ---- */

static struct chat id_number_chat(void)
{
	struct chat c = clean_zh();

	c.msgs[3].text = "已为您查到，登记的身份证号为" ID_NUMBER "，订单将在今天18点前发出。";
	return c;
}

static void test_red_line_sets_only_its_dimension_to_f(void **state)
{
	struct run a;
	struct chat c = id_number_chat();
	const struct session_score *s;

	(void)state;
	s = score1(&a, NULL, &c);
	expect_grades(s, "AAAFA");
	assert_int_equal(s->dim[DIM_COMPLIANCE].grade, 0); /* points */
	assert_int_equal(s->red_lines, 1);
	/* 100 x (20x5 + 20x5 + 25x5 + 20x0 + 15x5) / 500 = 80 */
	assert_int_equal(s->score_tenths, 800);
	assert_int_equal(s->grade, GRADE_B);
	assert_false(s->quality); /* graded B, but a red line is never a quality session */
	run_release(&a);
}

static void test_red_line_fails_the_session_when_the_rubric_says_so(void **state)
{
	struct run a;
	struct chat c = id_number_chat();
	const struct session_score *s;

	(void)state;
	s = score1(&a, "[audit]\nred_line_fails_session = yes\n", &c);
	expect_findings(s, "K1");
	expect_grades(s, "AAAFA");
	assert_int_equal(s->score_tenths, 0);
	assert_int_equal(s->grade, GRADE_F);
	assert_false(s->quality);
	run_release(&a);
}

static void test_red_line_with_penalty_still_gives_f(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "是您自己的问题，您的订单将在今天18点前发出。";
	s = score1(&a, "[A4]\npenalty = 1\n", &c);
	expect_findings(s, "A4");
	assert_true(find(s, RULE_A4)->red_line);
	expect_grades(s, "AAAAF");
	run_release(&a);
}

static void test_two_red_lines_make_a_c_and_no_quality_session(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "是您自己的问题，登记的身份证号为" ID_NUMBER "，订单将在今天18点前发出。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "K1 A4");
	expect_grades(s, "AAAFF");
	assert_int_equal(s->red_lines, 2);
	/* 100 x (20x5 + 20x5 + 25x5 + 20x0 + 15x0) / 500 = 65 */
	assert_int_equal(s->score_tenths, 650);
	assert_int_equal(s->grade, GRADE_C);
	assert_false(s->quality);
	run_release(&a);
}

/* ---- Untimed sessions, disabled checkpoints ---- */

static void test_untimed_session_has_no_response_grade(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.untimed = true;
	s = score1(&a, NULL, &c);
	expect_findings(s, "");
	expect_grades(s, "-AAAA");
	assert_int_equal(s->score_tenths, 1000);
	assert_int_equal(s->grade, GRADE_A);
	run_release(&a);
}

static void test_untimed_session_scores_on_the_other_four(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.untimed = true;
	c.msgs[1].text = "请提供一下您的订单号。";
	s = score1(&a, NULL, &c);
	expect_findings(s, "C1");
	expect_grades(s, "-BAAA");
	/* 100 x (20x4 + 25x5 + 20x5 + 15x5) / (5 x 80) = 95 */
	assert_int_equal(s->score_tenths, 950);
	run_release(&a);
}

static void test_disabled_checkpoint_gives_no_finding(void **state)
{
	struct run a;
	struct chat c = clean_zh();

	(void)state;
	c.msgs[1].text = "请提供一下您的订单号。";
	expect_clean(score1(&a, "[C1]\nenabled = no\n", &c));
	run_release(&a);
}

static void test_dimension_with_every_checkpoint_disabled_is_na(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.csat = "1";
	s = score1(&a,
		   "[S1]\nenabled = no\n[S2]\nenabled = no\n[S3]\nenabled = no\n"
		   "[S4]\nenabled = no\n[S5]\nenabled = no\n",
		   &c);
	expect_findings(s, "");
	expect_grades(s, "AA-AA");
	run_release(&a);
}

/* ---- Rubric settings reach the grades ---- */

static void test_rubric_penalty_changes_the_grade(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[3].text = "已为您查到，您的订单应该在今天18点前发出。";
	s = score1(&a, "[C3]\npenalty = 3\n", &c);
	expect_finding(s, RULE_C3, 3, 3);
	expect_grades(s, "ADAAA");
	run_release(&a);
}

static void test_rubric_can_make_any_checkpoint_a_red_line(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.msgs[1].text = "请提供一下您的订单号。";
	s = score1(&a, "[C1]\nred_line = yes\n", &c);
	expect_findings(s, "C1");
	assert_true(find(s, RULE_C1)->red_line);
	expect_grades(s, "AFAAA");
	assert_int_equal(s->red_lines, 1);
	run_release(&a);
}

static void test_zero_weight_dimension_does_not_count(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.csat = "1";
	s = score1(&a, "[weights]\nresolution = 0\n", &c);
	expect_findings(s, "S5");
	expect_grades(s, "AABAA");
	assert_int_equal(s->score_tenths, 1000);
	run_release(&a);
}

static void test_quality_grade_comes_from_the_rubric(void **state)
{
	struct run a;
	struct chat c = clean_zh();
	const struct session_score *s;

	(void)state;
	c.csat = "1"; /* 95.0: grade A */
	s = score1(&a, "[audit]\nquality_grade = A\n", &c);
	assert_int_equal(s->score_tenths, 950);
	assert_int_equal(s->grade, GRADE_A);
	assert_true(s->quality);
	run_release(&a);
	c.status = "open";
	s = score1(&a, "[audit]\nquality_grade = A\n", &c);
	/* resolution 5 - 2 (S1) - 1 (S5) = D: 100 x (100 + 100 + 50 + 100 + 75) / 500 = 85: B */
	expect_grades(s, "AADAA");
	assert_int_equal(s->score_tenths, 850);
	assert_int_equal(s->grade, GRADE_B);
	assert_false(s->quality);
	run_release(&a);
}

/* ---- No grade is lowered without a finding ---- */

static void test_every_lost_grade_has_a_finding(void **state)
{
	struct chat faulty[5];
	const char *const rubrics[5] = {NULL, NULL, NULL, COMPETITOR, NULL};

	(void)state;
	/* late, chased, vague, unresolved */
	faulty[0] = clean_zh();
	put(&faulty[0], 3, 25, ROLE_CUSTOMER, "帮我看看");
	put(&faulty[0], 4, 40, ROLE_CUSTOMER, "在吗");
	later(&faulty[0], 5, 30);
	faulty[0].msgs[5].text = "可能大概估计应该今天发出。";
	faulty[0].status = "open";
	/* everything wrong with communication and attitude at once */
	faulty[1] = clean_zh();
	faulty[1].channel = "企业微信";
	faulty[1].msgs[1].text = "亲，订单号发一下哦。";
	faulty[1].msgs[3].text = "不知道，没办法，不清楚，自己看，我已经说过了？？是您自己的问题。";
	faulty[1].msgs[5].text = "嗯。";
	/* compliance over F without a red line: K3 + K4 + K5 */
	faulty[2] = clean_zh();
	faulty[2].msgs[2].text = "我的卡号是" CARD;
	faulty[2].msgs[3].text = "这款面霜用了就不会过敏了，错过今天再等一年。";
	/* K6, K7, S5 */
	faulty[3] = clean_zh();
	faulty[3].csat = "1";
	faulty[3].msgs[3].text = "快淘卖的都是假货，您可以了解一下我们的理财产品，24小时内发出。";
	/* unanswered customer, no greeting */
	faulty[4] = clean_zh();
	faulty[4].msgs[1].text = "订单号？";
	later(&faulty[4], 1, 100);
	for (size_t i = 0; i < 5; i++) {
		struct run a;
		const struct session_score *s = score1(&a, rubrics[i], &faulty[i]);
		int lost = 0;

		assert_true(s->count > 0); /* every one of them is faulty ... */
		for (int d = 0; d < DIM_COUNT; d++)
			lost += s->dim[d].applicable && s->dim[d].grade < GRADE_A;
		assert_true(lost > 0);
		assert_explained(s); /* ... and explained */
		run_release(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_chinese_session_has_no_findings_and_scores_100),
		cmocka_unit_test(test_clean_english_session_has_no_findings_and_scores_100),
		cmocka_unit_test(test_r1_first_reply_after_20s_costs_one_grade),
		cmocka_unit_test(test_r1_first_reply_at_exactly_15s_passes),
		cmocka_unit_test(test_r1_over_four_times_the_limit_costs_two_grades),
		cmocka_unit_test(test_r1_at_exactly_four_times_the_limit_costs_one_grade),
		cmocka_unit_test(test_r1_complaint_has_a_5s_limit),
		cmocka_unit_test(test_r1_complaint_answered_in_5s_passes),
		cmocka_unit_test(test_r1_complaint_over_20s_is_severe),
		cmocka_unit_test(test_r1_inquiry_answered_in_6s_passes),
		cmocka_unit_test(test_r1_no_human_reply_to_the_customer_costs_two_grades),
		cmocka_unit_test(test_r1_and_r3_start_at_the_bot_handoff),
		cmocka_unit_test(test_r2_reply_after_21s_is_late_and_unannounced),
		cmocka_unit_test(test_r2_reply_at_exactly_20s_passes),
		cmocka_unit_test(test_r2_announced_wait_allows_45s),
		cmocka_unit_test(test_r2_announced_wait_fails_at_70s),
		cmocka_unit_test(test_r2_customer_ok_during_an_announced_wait_passes),
		cmocka_unit_test(test_r2_new_question_answered_at_once_after_a_notice_passes),
		cmocka_unit_test(test_r2_question_left_waiting_after_a_notice_is_late),
		cmocka_unit_test(test_r2_each_late_reply_is_a_finding),
		cmocka_unit_test(test_r2_slow_reply_to_thanks_only_is_not_late),
		cmocka_unit_test(test_r2_slow_reply_to_thanks_with_a_request_is_late),
		cmocka_unit_test(test_c6_thanks_before_the_first_reply_needs_no_answer),
		cmocka_unit_test(test_r5_last_question_unanswered_costs_a_grade),
		cmocka_unit_test(test_r5_last_thanks_needs_no_answer),
		cmocka_unit_test(test_r5_question_asked_just_before_the_export_passes),
		cmocka_unit_test(test_r5_untimed_last_question_costs_a_grade),
		cmocka_unit_test(test_r3_three_messages_2s_apart_are_one_question),
		cmocka_unit_test(test_r3_three_messages_15s_apart_are_a_red_line),
		cmocka_unit_test(test_r3_follow_ups_exactly_10s_apart_count),
		cmocka_unit_test(test_r4_reply_after_70s_without_thanks_costs_a_grade),
		cmocka_unit_test(test_r4_reply_thanking_for_the_wait_passes),
		cmocka_unit_test(test_r4_apology_for_the_problem_is_not_for_the_wait),
		cmocka_unit_test(test_r4_apology_for_the_wait_passes),
		cmocka_unit_test(test_r4_and_r2_both_count_a_70s_wait_by_default),
		cmocka_unit_test(test_r4_counts_the_first_reply_too),
		cmocka_unit_test(test_c1_first_agent_message_without_greeting),
		cmocka_unit_test(test_c1_other_greeting_passes),
		cmocka_unit_test(test_c2_no_closing_in_the_last_two_agent_messages),
		cmocka_unit_test(test_c2_closing_in_the_second_last_agent_message_passes),
		cmocka_unit_test(test_c3_one_vague_word_costs_one_grade),
		cmocka_unit_test(test_c3_two_vague_words_cost_one_grade),
		cmocka_unit_test(test_c3_three_vague_words_cost_two_grades),
		cmocka_unit_test(test_c3_yinggaide_and_jinkeneng_are_not_vague),
		cmocka_unit_test(test_c3_yinggai_before_an_action_is_an_instruction),
		cmocka_unit_test(test_c3_yinggai_keyi_and_should_be_there_by_are_hedges),
		cmocka_unit_test(test_c3_opinion_on_a_place_is_not_a_hedge),
		cmocka_unit_test(test_c3_may_be_able_to_help_is_no_hedge),
		cmocka_unit_test(test_c3_dagaishi_is_a1_and_not_also_c3),
		cmocka_unit_test(test_c4_qin_on_a_b2b_channel),
		cmocka_unit_test(test_c4_qin_on_wechat_passes),
		cmocka_unit_test(test_c4_qinzi_on_a_b2b_channel_passes),
		cmocka_unit_test(test_c5_baozheng_is_an_absolute_promise),
		cmocka_unit_test(test_c5_baozhengjin_deposit_is_not_a_promise),
		cmocka_unit_test(test_c5_not_able_to_guarantee_is_no_promise),
		cmocka_unit_test(test_c5_guaranteed_by_friday_is_a_promise),
		cmocka_unit_test(test_c6_asking_for_information_without_please),
		cmocka_unit_test(test_c6_asking_with_mafannin_passes),
		cmocka_unit_test(test_c6_customer_thanks_not_acknowledged),
		cmocka_unit_test(test_c6_english_thanks_answers_pass),
		cmocka_unit_test(test_c6_customer_apology_not_answered),
		cmocka_unit_test(test_c6_customer_apology_answered_passes),
		cmocka_unit_test(test_c6_slow_reply_without_wait_notice),
		cmocka_unit_test(test_c6_slow_reply_after_wait_notice_passes),
		cmocka_unit_test(test_c6_correction_without_apology),
		cmocka_unit_test(test_c6_correction_with_apology_passes),
		cmocka_unit_test(test_c6_four_missed_points_cost_four_grades),
		cmocka_unit_test(test_c6_thanks_inside_a_new_request_is_a_request),
		cmocka_unit_test(test_c6_apology_inside_a_new_question_is_a_question),
		cmocka_unit_test(test_c6_thanks_only_still_needs_an_answer),
		cmocka_unit_test(test_c6_more_answers_to_thanks_pass),
		cmocka_unit_test(test_c6_can_you_and_plain_questions_are_polite),
		cmocka_unit_test(test_c6_bare_send_me_your_order_number_is_impolite),
		cmocka_unit_test(test_c7_wrong_refund_time_costs_two_grades),
		cmocka_unit_test(test_c7_right_refund_time_passes_with_any_dash),
		cmocka_unit_test(test_c7_default_rubric_has_no_facts),
		cmocka_unit_test(test_c7_any_topic_word_names_the_topic),
		cmocka_unit_test(test_c7_value_off_the_topic_passes),
		cmocka_unit_test(test_s1_open_status_costs_two_grades),
		cmocka_unit_test(test_s1_resolved_status_passes),
		cmocka_unit_test(test_s1_customer_says_still_not_working),
		cmocka_unit_test(test_s1_customer_says_thanks_ok_passes),
		cmocka_unit_test(test_s1_unrecognised_status_falls_back_to_the_customers_words),
		cmocka_unit_test(test_s1_complaint_before_the_first_reply_is_no_verdict),
		cmocka_unit_test(test_s1_the_customers_last_word_decides),
		cmocka_unit_test(test_resolution_is_na_with_nothing_to_judge),
		cmocka_unit_test(test_s2_unresolved_without_a_time),
		cmocka_unit_test(test_s2_unresolved_with_a_time_passes),
		cmocka_unit_test(test_s2_promised_follow_up_without_a_time),
		cmocka_unit_test(test_s2_promised_follow_up_with_a_time_passes),
		cmocka_unit_test(test_s3_escalation_asked_and_never_told),
		cmocka_unit_test(test_s3_escalation_told_in_time_passes),
		cmocka_unit_test(test_s3_escalation_told_62s_after_the_request),
		cmocka_unit_test(test_s3_transfer_without_telling),
		cmocka_unit_test(test_s3_transfer_told_in_time_passes),
		cmocka_unit_test(test_s3_takeover_later_than_the_limit_after_telling),
		cmocka_unit_test(test_s3_request_after_a_told_transfer),
		cmocka_unit_test(test_s3_transfer_told_only_by_the_new_agent),
		cmocka_unit_test(test_s4_same_customer_within_24h_marks_the_earlier_session),
		cmocka_unit_test(test_s4_same_customer_30h_later_is_no_repeat),
		cmocka_unit_test(test_s4_another_customer_within_24h_is_no_repeat),
		cmocka_unit_test(test_s4_parallel_session_is_no_repeat),
		cmocka_unit_test(test_s4_window_ends_24h_after_the_last_message),
		cmocka_unit_test(test_s5_csat_2_or_dissatisfied_costs_a_grade),
		cmocka_unit_test(test_s5_csat_3_or_satisfied_passes),
		cmocka_unit_test(test_s5_reads_ratings_on_the_rubric_scale),
		cmocka_unit_test(test_k1_valid_id_number_in_agent_message_is_a_red_line),
		cmocka_unit_test(test_k1_id_number_with_wrong_check_digit_passes),
		cmocka_unit_test(test_k1_luhn_valid_card_in_agent_message_is_a_red_line),
		cmocka_unit_test(test_k1_same_number_after_order_word_passes),
		cmocka_unit_test(test_k1_verification_code_in_agent_message_is_a_red_line),
		cmocka_unit_test(test_k1_phone_number_in_agent_message_is_not_personal_data),
		cmocka_unit_test(test_k2_asking_for_the_code_is_a_red_line),
		cmocka_unit_test(test_k2_warning_not_to_share_the_code_passes),
		cmocka_unit_test(test_k3_customer_id_number_without_a_warning),
		cmocka_unit_test(test_k3_customer_id_number_with_warning_passes),
		cmocka_unit_test(test_k3_customer_phone_number_needs_no_warning),
		cmocka_unit_test(test_k3_second_card_number_after_the_warning),
		cmocka_unit_test(test_k4_miss_today_is_inducement),
		cmocka_unit_test(test_k4_a_shipping_fact_is_not_inducement),
		cmocka_unit_test(test_k5_no_more_allergy_is_a_false_promise),
		cmocka_unit_test(test_k5_100percent_cotton_is_a_fact),
		cmocka_unit_test(test_k6_disparaging_a_rubric_competitor),
		cmocka_unit_test(test_k6_same_words_without_the_name_pass),
		cmocka_unit_test(test_k6_default_rubric_names_no_competitor),
		cmocka_unit_test(test_k7_wealth_product_without_risk_notice),
		cmocka_unit_test(test_k7_wealth_product_with_risk_notice_passes),
		cmocka_unit_test(test_german_session_is_not_judged_on_words),
		cmocka_unit_test(test_english_session_is_judged_on_words),
		cmocka_unit_test(test_k8_asking_for_an_order_number_in_public_costs_a_grade),
		cmocka_unit_test(test_k8_asking_by_direct_message_passes),
		cmocka_unit_test(test_k8_asking_in_a_private_chat_passes),
		cmocka_unit_test(test_k8_customer_posting_a_phone_number_is_moved_to_dm),
		cmocka_unit_test(test_a1_two_distinct_forbidden_phrases_cost_two_grades),
		cmocka_unit_test(test_a1_same_phrase_twice_costs_one_grade),
		cmocka_unit_test(test_a1_phrases_in_harmless_context_pass),
		cmocka_unit_test(test_a1_bushi_buxing_is_no_forbidden_phrase),
		cmocka_unit_test(test_a1_ni_shuo_de_shi_shenme_a_is_forbidden),
		cmocka_unit_test(test_a2_hostile_wording_costs_two_grades),
		cmocka_unit_test(test_a2_one_question_mark_passes),
		cmocka_unit_test(test_a2_cheerful_exclamations_are_not_hostile),
		cmocka_unit_test(test_a2_exclamations_aimed_at_the_customer_are_hostile),
		cmocka_unit_test(test_a3_angry_customer_ignored),
		cmocka_unit_test(test_a3_angry_customer_acknowledged_passes),
		cmocka_unit_test(test_a3_each_ignored_emotion_is_a_finding),
		cmocka_unit_test(test_a3_swearing_emoji_and_fail_tags_show_anger),
		cmocka_unit_test(test_a3_own_dumb_mistake_is_no_anger),
		cmocka_unit_test(test_a3_dm_us_is_not_acknowledgement),
		cmocka_unit_test(test_a3_shouting_in_capitals_shows_anger),
		cmocka_unit_test(test_a3_acronyms_and_shouted_thanks_are_not_anger),
		cmocka_unit_test(test_a3_shouted_word_is_anger_but_not_a_cheer),
		cmocka_unit_test(test_a3_butaicha_is_no_complaint),
		cmocka_unit_test(test_a3_venting_after_an_acknowledgement_needs_none),
		cmocka_unit_test(test_a4_blaming_the_customer_is_a_red_line),
		cmocka_unit_test(test_a4_saying_it_is_not_the_customers_fault_passes),
		cmocka_unit_test(test_english_vague_and_forbidden_words_are_found),
		cmocka_unit_test(test_english_request_for_the_code_is_a_red_line),
		cmocka_unit_test(test_score_of_all_a_is_1000),
		cmocka_unit_test(test_score_weighs_each_dimension),
		cmocka_unit_test(test_na_dimension_shares_out_its_weight),
		cmocka_unit_test(test_score_rounds_half_up),
		cmocka_unit_test(test_no_applicable_weight_scores_minus_one),
		cmocka_unit_test(test_grade_is_nearest_points_with_ties_going_up),
		cmocka_unit_test(test_red_line_sets_only_its_dimension_to_f),
		cmocka_unit_test(test_red_line_fails_the_session_when_the_rubric_says_so),
		cmocka_unit_test(test_red_line_with_penalty_still_gives_f),
		cmocka_unit_test(test_two_red_lines_make_a_c_and_no_quality_session),
		cmocka_unit_test(test_untimed_session_has_no_response_grade),
		cmocka_unit_test(test_untimed_session_scores_on_the_other_four),
		cmocka_unit_test(test_disabled_checkpoint_gives_no_finding),
		cmocka_unit_test(test_dimension_with_every_checkpoint_disabled_is_na),
		cmocka_unit_test(test_rubric_penalty_changes_the_grade),
		cmocka_unit_test(test_rubric_can_make_any_checkpoint_a_red_line),
		cmocka_unit_test(test_zero_weight_dimension_does_not_count),
		cmocka_unit_test(test_quality_grade_comes_from_the_rubric),
		cmocka_unit_test(test_every_lost_grade_has_a_finding),
	};

	return cmocka_run_group_tests(tests, load_phrases, free_phrases);
}
