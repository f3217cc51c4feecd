/* Communication 沟通质量 (docs/STANDARD.md §4.2):
 * C1 greeting, C2 closing, C3 vague wording, C4 intimate words on B2B channels, C5 absolute
 * promises, C6 politeness points, C7 knowledge accuracy against the rubric's facts. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "regex.h"
#include "score_internal.h"

static void check_greeting(struct view *v)
{
	if (judge(v, RULE_C1) && !has(v, v->first_agent, AL_GREETING))
		fail(v, RULE_C1, -1, v->first_agent, NULL, "first agent message has no greeting");
}

/* C2: a closing in one of the agent's last few messages ("还有其他可以帮您的吗?" may be
 * followed by a "不客气"). */
static void check_closing(struct view *v)
{
	int left = v->rubric->c2_last_agent_messages;

	if (!judge(v, RULE_C2))
		return;
	for (uint32_t m = v->t->count; m-- > 0 && left > 0;) {
		if (!is_role(v, m, ROLE_AGENT))
			continue;
		if (has(v, m, AL_CLOSING))
			return;
		left--;
	}
	fail(v, RULE_C2, -1, v->last_agent, NULL, "no closing in the last agent messages");
}

/* Whether hit h overlaps a forbidden phrase (A1) of message m: 大概是 and 好像是 are A1's, and
 * one word is one deduction (docs/CHECKPOINTS.md C3). */
static bool is_forbidden_too(const struct view *v, uint32_t m, const struct phrase_hit *h)
{
	const struct scanned *s = &v->scan[m];

	if (!has(v, m, AL_FORBIDDEN))
		return false;
	for (uint32_t i = 0; i < s->count; i++) {
		const struct phrase_hit *f = &v->hits[s->first + i];

		if (f->list == AL_FORBIDDEN && f->start < h->end && h->start < f->end)
			return true;
	}
	return false;
}

/* C3: every vague word counts; many of them cost more. */
static void check_vague(struct view *v)
{
	const struct rubric *r = v->rubric;
	const struct phrase_hit *first = NULL;
	uint32_t first_message = NO_MESSAGE;
	int count = 0;

	if (!judge(v, RULE_C3))
		return;
	for (uint32_t m = 0; m < v->t->count; m++) {
		const struct scanned *s = &v->scan[m];

		if (!is_role(v, m, ROLE_AGENT) || !has(v, m, AL_VAGUE))
			continue;
		for (uint32_t i = 0; i < s->count; i++) {
			const struct phrase_hit *h = &v->hits[s->first + i];

			if (h->list != AL_VAGUE || is_forbidden_too(v, m, h))
				continue;
			if (!count++) {
				first = h;
				first_message = m;
			}
		}
	}
	if (count)
		fail(v, RULE_C3, count >= r->c3_many ? r->c3_many_penalty : -1, first_message,
		     first, "%d vague word%s in the agent's answers", count, count > 1 ? "s" : "");
}

static bool is_b2b(const struct view *v)
{
	return v->info->channel != STR_NONE &&
	       rubric_channel_is_b2b(v->rubric,
				     str_table_get(v->ctx->sessions->channels, v->info->channel));
}

static void check_intimate(struct view *v)
{
	if (is_b2b(v))
		check_first_phrase(v, RULE_C4, AL_INTIMATE, "intimate wording on a B2B channel");
	else
		judge(v, RULE_C4);
}

/* C6 point 2: what is left of a thanks (or apology) message once its thanks, @handles, URLs,
 * punctuation and emoji are gone may be this long and still be thanks only (好的谢谢, "Thanks,
 * that worked great"); more, a question or a request word makes it a new request (谢谢，再帮我
 * 查一下; 不好意思，我是说…吗？). */
#define ONLY_MAX_HAN   8
#define ONLY_MAX_WORDS 6

static const char *const request_words[] = {
	"?",      "？",     "吗",      "嗎",      "呢",     "帮我",     "幫我",     "查",
	"请",     "請",     "还有",    "還有",    "哪",     "什么",     "什麼",     "多少",
	"能不能", " can ",  " could ", " would ", " also ", " please ", " need ",   " want ",
	" how ",  " what ", " when ",  " where ", " why ",  " which ",  " do you ", " is there ",
};

/* The rest of message m outside the matches of list: ASCII letters and digits in lower case,
 * other ASCII as spaces, @handles and URLs dropped, other characters kept; padded with
 * spaces. */
static void rest_outside(const struct view *v, uint32_t m, unsigned list, struct buf *out)
{
	const struct message *x = msg(v, m);
	const struct scanned *s = &v->scan[m];
	uint32_t i = 0;

	buf_addch(out, ' ');
	for (size_t at = 0; at < x->len;) {
		const struct phrase_hit *h = i < s->count ? &v->hits[s->first + i] : NULL;
		unsigned char c = (unsigned char)x->text[at];

		if (h && (h->list != list || h->end <= at)) {
			i++;
			continue;
		}
		if (h && h->start <= at) {
			at = h->end;
			continue;
		}
		if (c == '@' || (x->len - at > 4 && !strncmp(x->text + at, "http", 4))) {
			while (at < x->len && x->text[at] != ' ' && x->text[at] != '\n')
				at++;
			continue;
		}
		if (c == '?' || c >= 0x80 || isalnum(c))
			buf_addch(out, (char)(c < 0x80 ? tolower(c) : c));
		else
			buf_addch(out, ' ');
		at++;
	}
	buf_addch(out, ' ');
}

/* Whether customer message m thanks (list CL_THANKS) or apologises (CL_APOLOGY) and does
 * nothing else (§4.0.2): thanks inside a new request is a request, and answering it is
 * enough. */
static bool is_only(const struct view *v, uint32_t m, unsigned list)
{
	struct buf rest = BUF_INIT;
	size_t han = 0, words = 0;
	bool only = true;

	rest_outside(v, m, list, &rest);
	for (size_t k = 0; k < sizeof(request_words) / sizeof(*request_words) && only; k++)
		only = !strstr(rest.data, request_words[k]);
	for (const char *p = rest.data; only && (p = strstr(p, "再")) != NULL; p += 3)
		only = !strncmp(p + 3, "见", 3) || !strncmp(p + 3, "見", 3);
	for (size_t k = 0; only && k < rest.len; k++) {
		unsigned char c = (unsigned char)rest.data[k];

		/* U+3400..U+9FFF are three bytes starting 0xE3 (from 0x90) to 0xE9. */
		if (c >= 0xE3 && c <= 0xE9 && (c > 0xE3 || (unsigned char)rest.data[k + 1] >= 0x90))
			han++;
		else if (c < 0x80 && isalnum(c) && !isalnum((unsigned char)rest.data[k - 1]))
			words++;
	}
	only = only && han <= ONLY_MAX_HAN && words <= ONLY_MAX_WORDS;
	buf_release(&rest);
	return only;
}

/* C6: the first reply slower than the R2 limit with no wait notice before it. */
struct slow_reply {
	int64_t limit_ms;
	uint32_t first;
};

static void find_unannounced_wait(size_t m, const struct reply_wait *wait, void *ctx)
{
	struct slow_reply *slow = ctx;

	if (!wait->announced && wait->waited_ms > slow->limit_ms && slow->first == NO_MESSAGE)
		slow->first = (uint32_t)m;
}

/* C6, four points of politeness, each missed at most once. */
static void check_politeness(struct view *v)
{
	const struct rubric *r = v->rubric;
	uint32_t m, reply;

	if (!judge(v, RULE_C6))
		return;
	/* Asking for information with 请. */
	for (m = 0; m < v->t->count; m++) {
		if (is_role(v, m, ROLE_AGENT) && has(v, m, AL_INFO_REQUEST) &&
		    !has(v, m, AL_POLITE_REQUEST)) {
			fail(v, RULE_C6, -1, m, hit_of(v, m, AL_INFO_REQUEST),
			     "asks for information without 请 (please)");
			break;
		}
	}
	/* Acknowledging the customer's thanks or apology in the next reply. Before the first
	 * reply ("不好意思打扰一下", "thanks in advance") it is only a polite opening. */
	for (m = v->responder == NO_MESSAGE ? v->t->count : v->responder; m < v->t->count; m++) {
		bool customer = is_role(v, m, ROLE_CUSTOMER);
		bool thanks = customer && has(v, m, CL_THANKS) && is_only(v, m, CL_THANKS);
		bool sorry = customer && has(v, m, CL_APOLOGY) && is_only(v, m, CL_APOLOGY);

		if (!thanks && !sorry)
			continue;
		reply = next_agent(v, m);
		if (reply == NO_MESSAGE)
			break;
		if (thanks && !has(v, reply, AL_THANKS_REPLY) && !has(v, reply, AL_CLOSING)) {
			fail(v, RULE_C6, -1, reply, NULL,
			     "does not acknowledge the customer's thanks");
			break;
		}
		if (sorry && !has(v, reply, AL_APOLOGY_REPLY)) {
			fail(v, RULE_C6, -1, reply, NULL,
			     "does not acknowledge the customer's apology");
			break;
		}
	}
	/* 请稍等 before making the customer wait; a reply R2 counts late is R2's alone. */
	if (is_timed(v) && v->responder != NO_MESSAGE && !v->rubric->rules[RULE_R2].enabled) {
		struct slow_reply slow = {(int64_t)r->r2_limit_s * 1000, NO_MESSAGE};

		reply_walk(v->steps, v->t->count, v->responder, find_unannounced_wait, &slow);
		if (slow.first != NO_MESSAGE)
			fail(v, RULE_C6, -1, slow.first, NULL,
			     "made the customer wait without 请稍等 (please wait) first");
	}
	/* An apology when correcting a wrong answer. */
	for (m = 0; m < v->t->count; m++) {
		if (is_role(v, m, ROLE_AGENT) && has(v, m, AL_CORRECTION) &&
		    !has(v, m, AL_APOLOGY)) {
			fail(v, RULE_C6, -1, m, hit_of(v, m, AL_CORRECTION),
			     "corrects an earlier answer without an apology");
			break;
		}
	}
}

/* C7: a message on a fact's topic states a value of the fact's shape that is not the fact. */
static void check_facts(struct view *v)
{
	struct score_context *ctx = v->ctx;
	pcre2_match_data *md;

	if (!judge(v, RULE_C7) || !v->rubric->fact_count)
		return;
	md = pcre2_match_data_create(1, NULL);
	for (uint32_t m = 0; m < v->t->count; m++) {
		const struct message *x = msg(v, m);

		if (x->role != ROLE_AGENT)
			continue;
		for (size_t f = 0; f < v->rubric->fact_count; f++) {
			const struct compiled_fact *fact = &ctx->facts[f];
			PCRE2_SIZE offset = 0;

			if (pcre2_match(fact->topic, (PCRE2_SPTR)x->text, x->len, 0,
					PCRE2_NO_UTF_CHECK, md, NULL) < 0)
				continue;
			while (pcre2_match(fact->shape, (PCRE2_SPTR)x->text, x->len, offset,
					   PCRE2_NO_UTF_CHECK, md, NULL) > 0) {
				PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
				char *said = normalise_value(x->text + ov[0], ov[1] - ov[0]);
				bool wrong = strcmp(said, fact->value) != 0;

				if (wrong) {
					struct phrase_hit hit = {(uint32_t)ov[0], (uint32_t)ov[1],
								 0, 0};

					fail(v, RULE_C7, -1, m, &hit, "states %s; the fact is %s",
					     said, v->rubric->facts[f].value);
				}
				free(said);
				if (wrong)
					goto out;
				offset = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
			}
		}
	}
out:
	pcre2_match_data_free(md);
}

void score_communication(struct view *v)
{
	if (v->first_agent == NO_MESSAGE)
		return;
	check_greeting(v);
	check_closing(v);
	check_vague(v);
	check_intimate(v);
	check_first_phrase(v, RULE_C5, AL_ABSOLUTE_PROMISE, "absolute promise");
	check_politeness(v);
	check_facts(v);
}
