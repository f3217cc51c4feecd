/* Scoring a session: each dimension starts at A, every failed checkpoint lowers it by its
 * penalty, a red line sets it to F, and a dimension with nothing to judge is N/A with its
 * weight shared out (docs/STANDARD.md §4). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "excerpt.h"
#include "regex.h"
#include "score_internal.h"
#include "language.h"
#include "needs_answer.h"
#include "timing.h"
#include "time_parse.h"
#include "xalloc.h"

static const char *const customer_lists[CL_COUNT] = {
	[CL_RESOLVED] = "customer_resolved", [CL_UNRESOLVED] = "customer_unresolved",
	[CL_THANKS] = "customer_thanks",     [CL_APOLOGY] = "customer_apology",
	[CL_EMOTION] = "customer_emotion",   [CL_ESCALATION_REQUEST] = "escalation_request",
	[CL_NO_ANSWER] = NO_ANSWER_LIST,     [CL_PUBLIC_DATA] = "customer_public_data",
	[CL_PRAISE] = PRAISE_LIST,           [CL_PROBLEM] = PROBLEM_LIST,
};

static const char *const agent_lists[AL_COUNT] = {
	[AL_GREETING] = "greeting",
	[AL_CLOSING] = "closing",
	[AL_VAGUE] = "vague",
	[AL_INTIMATE] = "intimate",
	[AL_ABSOLUTE_PROMISE] = "absolute_promise",
	[AL_INFO_REQUEST] = "info_request",
	[AL_POLITE_REQUEST] = "polite_request",
	[AL_THANKS_REPLY] = "thanks_reply",
	[AL_APOLOGY_REPLY] = "apology_reply",
	[AL_CORRECTION] = "correction",
	[AL_APOLOGY] = "apology",
	[AL_WAIT_NOTICE] = "wait_notice",
	[AL_WAIT_THANKS] = "wait_thanks",
	[AL_NEXT_STEP_TIME] = "next_step_time",
	[AL_FOLLOW_UP] = "follow_up",
	[AL_ESCALATION] = "escalation",
	[AL_SECRET_REQUEST] = "secret_request",
	[AL_SECURE_CHANNEL] = "secure_channel",
	[AL_INDUCEMENT] = "inducement",
	[AL_FALSE_PROMISE] = "false_promise",
	[AL_DISPARAGE] = "disparage",
	[AL_RISK_PRODUCT] = "risk_product",
	[AL_RISK_NOTICE] = "risk_notice",
	[AL_FORBIDDEN] = "forbidden",
	[AL_HOSTILE] = "hostile",
	[AL_EMPATHY] = "empathy",
	[AL_INSULT] = "insult",
	[AL_ORDER_REFERENCE] = "order_reference",
	[AL_PRIVATE_CHANNEL] = "private_channel",
	[AL_PERSONAL_DATA_REQUEST] = "personal_data_request",
};

/* The dimension scorers, in dimension order. */
static void (*const scorers[DIM_COUNT])(struct view *) = {
	score_response, score_communication, score_resolution, score_compliance, score_attitude,
};

/* ---- The context ---- */

static void *compile(const char *pattern)
{
	int code;
	PCRE2_SIZE offset;
	pcre2_code *re =
		regex_compile(pattern, PCRE2_ZERO_TERMINATED, PCRE2_CASELESS, &code, &offset);

	regex_jit(re);
	return re;
}

static void add_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\^$.|?*+()[]{}", *s))
			buf_addch(b, '\\');
		buf_addch(b, *s);
	}
}

/* C7: "1-3个工作日" is shaped \d+\s*[-~至到]\s*\d+个工作日: another value of the same kind. */
static void add_shape(struct buf *b, const char *value)
{
	for (const char *p = value; *p;) {
		if (*p >= '0' && *p <= '9') {
			buf_addstr(b, "\\d+(?:\\.\\d+)?");
			while ((*p >= '0' && *p <= '9') || *p == '.')
				p++;
		} else if (*p == '-' || *p == '~') {
			buf_addstr(b, "\\s*(?:-|~|～|—|–|至|到)\\s*");
			p++;
		} else if (*p == ' ') {
			buf_addstr(b, "\\s*");
			p++;
		} else {
			char one[2] = {*p++, '\0'};

			add_escaped(b, one);
		}
	}
}

char *normalise_value(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < len;) {
		static const char *const dashes[] = {"～", "—", "–", "至", "到"};
		bool dash = false;

		for (size_t d = 0; d < sizeof(dashes) / sizeof(*dashes) && !dash; d++) {
			size_t n = strlen(dashes[d]);

			if (len - i >= n && !memcmp(s + i, dashes[d], n)) {
				dash = true;
				i += n;
			}
		}
		if (dash || s[i] == '~') {
			buf_addch(&b, '-');
			i += !dash;
		} else if (s[i] == ' ' || s[i] == '\t') {
			i++;
		} else {
			buf_addch(&b, s[i++]);
		}
	}
	return buf_detach(&b);
}

static void compile_facts(struct score_context *ctx)
{
	const struct rubric *r = ctx->rubric;

	ctx->facts = xcalloc(r->fact_count ? r->fact_count : 1, sizeof(*ctx->facts));
	for (size_t i = 0; i < r->fact_count; i++) {
		struct buf topic = BUF_INIT, shape = BUF_INIT;

		for (size_t t = 0; t < r->facts[i].topic_count; t++) {
			if (t)
				buf_addch(&topic, '|');
			add_escaped(&topic, r->facts[i].topics[t]);
		}
		add_shape(&shape, r->facts[i].value);
		ctx->facts[i].topic = compile(topic.data);
		ctx->facts[i].shape = compile(shape.data);
		ctx->facts[i].value = normalise_value(r->facts[i].value, strlen(r->facts[i].value));
		buf_release(&topic);
		buf_release(&shape);
	}
}

static void compile_competitors(struct score_context *ctx)
{
	const struct rubric *r = ctx->rubric;
	struct buf names = BUF_INIT;

	for (size_t i = 0; i < r->competitor_count; i++) {
		if (i)
			buf_addch(&names, '|');
		add_escaped(&names, r->competitors[i]);
	}
	ctx->competitors = r->competitor_count ? compile(names.data) : NULL;
	buf_release(&names);
}

int score_context_new(struct score_context **out, const struct rubric *rubric,
		      const struct phrase_lists *lists, const struct session_index *sessions,
		      struct qa_error *err)
{
	struct score_context *ctx = xcalloc(1, sizeof(*ctx));

	*out = NULL;
	ctx->rubric = rubric;
	ctx->sessions = sessions;
	if (phrase_set_new(&ctx->customer_set, lists, customer_lists, CL_COUNT, err) ||
	    phrase_set_new(&ctx->agent_set, lists, agent_lists, AL_COUNT, err)) {
		score_context_free(ctx);
		return -1;
	}
	compile_facts(ctx);
	compile_competitors(ctx);
	*out = ctx;
	return 0;
}

struct score_context *score_context_share(const struct score_context *ctx)
{
	struct score_context *copy = xcalloc(1, sizeof(*copy));

	*copy = *ctx;
	copy->hits = (struct phrase_hits)PHRASE_HITS_INIT;
	copy->shared = true;
	return copy;
}

void score_context_use(struct score_context *ctx, const struct session_index *sessions)
{
	ctx->sessions = sessions;
}

void score_context_free(struct score_context *ctx)
{
	if (!ctx)
		return;
	phrase_hits_release(&ctx->hits);
	if (ctx->shared) {
		free(ctx);
		return;
	}
	phrase_set_free(ctx->customer_set);
	phrase_set_free(ctx->agent_set);
	for (size_t i = 0; ctx->facts && i < ctx->rubric->fact_count; i++) {
		pcre2_code_free(ctx->facts[i].topic);
		pcre2_code_free(ctx->facts[i].shape);
		free(ctx->facts[i].value);
	}
	free(ctx->facts);
	pcre2_code_free(ctx->competitors);
	free(ctx);
}

/* ---- Helpers for the dimension scorers ---- */

const struct phrase_hit *hit_of(const struct view *v, uint32_t m, unsigned list)
{
	const struct scanned *s = &v->scan[m];

	if (!(s->lists >> list & 1))
		return NULL;
	for (uint32_t i = 0; i < s->count; i++)
		if (v->hits[s->first + i].list == list)
			return &v->hits[s->first + i];
	return NULL;
}

uint32_t find_next(const struct view *v, uint32_t from, enum role role, unsigned list)
{
	for (uint32_t m = from; m < v->t->count; m++)
		if (is_role(v, m, role) && has(v, m, list))
			return m;
	return NO_MESSAGE;
}

uint32_t next_agent(const struct view *v, uint32_t m)
{
	while (++m < v->t->count)
		if (is_role(v, m, ROLE_AGENT))
			return m;
	return NO_MESSAGE;
}

void check_first_phrase(struct view *v, enum rule rule, unsigned list, const char *what)
{
	uint32_t m;

	if (!judge(v, rule))
		return;
	m = find_next(v, 0, ROLE_AGENT, list);
	if (m != NO_MESSAGE)
		fail(v, rule, -1, m, hit_of(v, m, list), "%s", what);
}

bool judge(struct view *v, enum rule rule)
{
	if (!v->rubric->rules[rule].enabled)
		return false;
	/* Words of a language the lists lack prove nothing either way. */
	if (v->out->language_not_covered && checkpoints[rule].by_words)
		return false;
	v->out->judged |= 1u << rule;
	return true;
}

/* Records a failed checkpoint (see fail) in s, by the settings of rubric r. */
static void add_finding_v(struct session_score *s, const struct rubric *r, enum rule rule,
			  int penalty, uint32_t m, const struct phrase_hit *hit, const char *fmt,
			  va_list ap)
{
	const struct rule_setting *setting = &r->rules[rule];
	char text[512];

	if (!setting->enabled)
		return;
	s->judged |= 1u << rule;
	vsnprintf(text, sizeof(text), fmt, ap);
	ALLOC_GROW(s->findings, s->count + 1, s->capacity);
	s->findings[s->count++] = (struct finding){rule,
						   setting->red_line,
						   penalty >= 0 ? penalty : setting->penalty,
						   m,
						   hit ? hit->start : 0,
						   hit ? hit->end : 0,
						   xstrdup(text),
						   TIME_NONE,
						   STR_NONE,
						   NULL};
}

static void add_finding(struct session_score *s, const struct rubric *r, enum rule rule,
			int penalty, uint32_t m, const struct phrase_hit *hit, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_finding_v(s, r, rule, penalty, m, hit, fmt, ap);
	va_end(ap);
}

void fail(struct view *v, enum rule rule, int penalty, uint32_t m, const struct phrase_hit *hit,
	  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_finding_v(v->out, v->rubric, rule, penalty, m, hit, fmt, ap);
	va_end(ap);
}

void format_duration(char *out, size_t size, int64_t ms)
{
	long long s = (ms + 500) / 1000, tenths = (ms + 50) / 100;

	if (s >= 3600)
		snprintf(out, size, "%lld h %lld min", s / 3600, s / 60 % 60);
	else if (s >= 60 && s % 60)
		snprintf(out, size, "%lld min %lld s", s / 60, s % 60);
	else if (s >= 60)
		snprintf(out, size, "%lld min", s / 60);
	else if (tenths % 10)
		snprintf(out, size, "%lld.%lld s", tenths / 10, tenths % 10);
	else
		snprintf(out, size, "%lld s", tenths / 10);
}

/* ---- Preparing a transcript ---- */

static const struct answer_lists answer_lists = {CL_NO_ANSWER, CL_RESOLVED, CL_PRAISE, CL_PROBLEM};

/* What the session is written in: whether the phrase lists cover it, and how Chinese it is. */
static void count_scripts(const struct transcript *t, struct session_score *out)
{
	struct script_counts counts = {0};

	for (uint32_t m = 0; m < t->count; m++)
		if (t->messages[m].role == ROLE_CUSTOMER || t->messages[m].role == ROLE_AGENT)
			script_counts_add(&counts, t->messages[m].text, t->messages[m].len);
	out->language_not_covered = !script_counts_covered(&counts);
	out->han = counts.han;
	out->latin_words = counts.latin_words;
}

static void scan_messages(struct view *v)
{
	struct score_context *ctx = v->ctx;

	v->scan = xcalloc(v->t->count ? v->t->count : 1, sizeof(*v->scan));
	v->steps = xcalloc(v->t->count ? v->t->count : 1, sizeof(*v->steps));
	for (uint32_t m = 0; m < v->t->count; m++) {
		const struct message *x = &v->t->messages[m];
		const struct phrase_set *set = x->role == ROLE_CUSTOMER ? ctx->customer_set
					       : x->role == ROLE_AGENT  ? ctx->agent_set
									: NULL;

		v->steps[m] = (struct reply_step){x->time_ms, x->role, false, false};
		if (!set)
			continue;
		phrase_set_scan(set, x->text, x->len, &ctx->hits);
		v->scan[m] = (struct scanned){
			ctx->hits.lists, (uint32_t)v->hit_count, (uint32_t)ctx->hits.count,
			x->role == ROLE_CUSTOMER &&
				message_needs_answer(x->text, x->len, ctx->hits.items,
						     ctx->hits.count, &answer_lists)};
		v->steps[m].needs_answer = v->scan[m].needs_answer;
		v->steps[m].wait_notice = x->role == ROLE_AGENT && has(v, m, AL_WAIT_NOTICE);
		for (size_t i = 0; i < ctx->hits.count; i++) {
			ALLOC_GROW(v->hits, v->hit_count + 1, v->hit_capacity);
			v->hits[v->hit_count++] = ctx->hits.items[i];
		}
	}
}

/* The landmarks of §2: the customer's first message and the first agent reply after it. */
static void find_landmarks(struct view *v)
{
	v->first_customer = v->responder = v->first_agent = v->last_agent = NO_MESSAGE;
	for (uint32_t m = 0; m < v->t->count; m++) {
		if (is_role(v, m, ROLE_CUSTOMER) && v->first_customer == NO_MESSAGE)
			v->first_customer = m;
		if (!is_role(v, m, ROLE_AGENT))
			continue;
		if (v->first_agent == NO_MESSAGE)
			v->first_agent = m;
		if (v->first_customer != NO_MESSAGE && v->responder == NO_MESSAGE)
			v->responder = m;
		v->last_agent = m;
	}
}

/* ---- Grades ---- */

int score_tenths(const struct dimension_score *dim, const int *weight)
{
	long long weighted = 0, total = 0;

	for (int d = 0; d < DIM_COUNT; d++) {
		if (!dim[d].applicable)
			continue;
		weighted += (long long)weight[d] * dim[d].grade;
		total += weight[d];
	}
	if (!total)
		return -1;
	/* 1000 x weighted / (5 x total), rounded half up, in integers so no platform differs. */
	return (int)((400 * weighted + total) / (2 * total));
}

enum grade grade_from_score(int tenths)
{
	/* Nearest points to score/20, ties up: floor(score/20 + 1/2) = floor((tenths + 100) / 200).
	 */
	int points = (tenths + 100) / 200;

	return (enum grade)(points > GRADE_A ? GRADE_A : points);
}

static int by_rule_then_message(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;

	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	if (x->message != y->message)
		return x->message < y->message ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->detail, y->detail);
}

static void grade_dimensions(struct session_score *out, const struct rubric *r)
{
	int lost[DIM_COUNT] = {0};
	bool red[DIM_COUNT] = {false};

	for (size_t i = 0; i < out->count; i++) {
		enum dimension d = rule_dimension(out->findings[i].rule);

		lost[d] += out->findings[i].penalty;
		if (out->findings[i].red_line) {
			red[d] = true;
			out->red_lines++;
		}
	}
	for (int rule = 0; rule < RULE_COUNT; rule++)
		if (out->judged & 1u << rule)
			out->dim[rule_dimension((enum rule)rule)].applicable = true;
	for (int d = 0; d < DIM_COUNT; d++) {
		int points = GRADE_A - lost[d];

		out->dim[d].grade = red[d] || points < GRADE_F ? GRADE_F : (enum grade)points;
	}
	out->score_tenths = score_tenths(out->dim, r->weight);
	if (out->red_lines && r->red_line_fails_session && out->score_tenths > 0)
		out->score_tenths = 0;
	out->grade = out->score_tenths < 0 ? GRADE_F : grade_from_score(out->score_tenths);
	/* A red line is never a quality session (优质会话), whatever the score. */
	out->quality = out->score_tenths >= 0 && out->grade >= r->quality_grade && !out->red_lines;
}

static void keep_evidence(const struct transcript *t, struct session_score *out)
{
	for (size_t i = 0; i < out->count; i++) {
		struct finding *f = &out->findings[i];
		struct buf excerpt = BUF_INIT;
		const struct message *m, *answered;

		if (f->message == NO_MESSAGE)
			continue;
		m = &t->messages[f->message];
		answered = transcript_answered(t, f->message);
		f->time_ms = m->time_ms;
		f->agent = m->agent;
		excerpt_write(m->text, m->len, answered ? answered->text : NULL,
			      answered ? answered->len : 0, f->start, &excerpt);
		f->excerpt = buf_detach(&excerpt);
	}
}

void score_draft(struct score_context *ctx, const struct transcript *t, struct session_score *out)
{
	const struct session_info *info = &ctx->sessions->sessions[t->session];
	enum channel_class cls = session_channel_class(ctx->rubric, ctx->sessions, info);
	struct view v = {.ctx = ctx,
			 .rubric = rubric_for_class(ctx->rubric, cls),
			 .channel_class = cls,
			 .t = t,
			 .info = info,
			 .out = out};

	memset(out, 0, sizeof(*out));
	out->channel_class = cls;
	out->last_question_due_ms = TIME_NONE;
	count_scripts(t, out);
	scan_messages(&v);
	find_landmarks(&v);
	for (int d = 0; d < DIM_COUNT; d++)
		scorers[d](&v);
	keep_evidence(t, out);
	free(v.scan);
	free(v.steps);
	free(v.hits);
}

static void drop_finding(struct session_score *s, enum rule rule)
{
	for (size_t i = 0; i < s->count; i++) {
		if (s->findings[i].rule != rule)
			continue;
		free(s->findings[i].detail);
		free(s->findings[i].excerpt);
		s->findings[i--] = s->findings[--s->count];
	}
	s->judged &= ~(1u << rule);
}

void score_settle(const struct rubric *rubric, const struct session_index *idx, uint32_t session,
		  struct session_score *s)
{
	const struct rubric *r = rubric_for_class(rubric, s->channel_class);
	const struct session_info *info = &idx->sessions[session];

	/* A question asked shortly before the export was taken still had time. */
	if (s->last_question_due_ms != TIME_NONE && s->last_question_due_ms > idx->last_ms)
		drop_finding(s, RULE_R5);
	s->last_question_due_ms = TIME_NONE;
	if (s->repeat_judged) {
		uint32_t next = timing_repeat_contact(idx, session, r);

		if (next != STR_NONE) {
			int64_t gap = idx->sessions[next].first_ms - info->last_ms;
			char after[32];

			format_duration(after, sizeof(after), gap > 0 ? gap : 0);
			add_finding(s, r, RULE_S4, -1, NO_MESSAGE, NULL,
				    "the customer came back %s later in session %s", after,
				    str_table_get(idx->ids, next));
		}
		s->repeat_judged = false;
	}
	/* A finding on an N/A dimension cannot happen: fail() follows judge(). */
	if (s->count > 1)
		qsort(s->findings, s->count, sizeof(*s->findings), by_rule_then_message);
	grade_dimensions(s, r);
}

void score_session(struct score_context *ctx, const struct transcript *t, struct session_score *out)
{
	score_draft(ctx, t, out);
	score_settle(ctx->rubric, ctx->sessions, t->session, out);
}

void session_score_release(struct session_score *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->findings[i].detail);
		free(s->findings[i].excerpt);
	}
	free(s->findings);
	memset(s, 0, sizeof(*s));
}
