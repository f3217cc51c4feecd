/* Response 响应时效 (docs/STANDARD.md §4.1): R1 first response, R2 each
 * reply, R3 follow-ups left unanswered, R4 thanks or apology after a long wait, R5 the last
 * question left unanswered. Timing is measured on human agent messages only; an untimed
 * session is judged on R5 alone. */
#include "score_internal.h"
#include "timing.h"

/* R4: a reply after more than wait_seconds (or, where the class says so, a reply over its
 * own limit) should thank for or apologise for the wait. */
static void check_long_wait(struct view *v, uint32_t reply, int64_t waited_ms, bool late)
{
	char waited[32];

	if (v->rubric->r4_wait_is_limit ? !late : waited_ms <= (int64_t)v->rubric->r4_wait_s * 1000)
		return;
	if (!judge(v, RULE_R4))
		return;
	/* Thanks or an apology for the wait itself: sorry for the problem is no apology for it. */
	if (has(v, reply, AL_WAIT_THANKS))
		return;
	format_duration(waited, sizeof(waited), waited_ms);
	fail(v, RULE_R4, -1, reply, NULL, "reply after %s without thanks or apology for the wait",
	     waited);
}

static void check_first_response(struct view *v)
{
	const struct rubric *r = v->rubric;
	bool urgent = timing_is_urgent(v->info);
	int64_t limit = timing_first_response_limit_ms(r, v->info);
	int64_t delay = v->info->first_response_ms;
	char took[32], allowed[32];

	/* Thanks or praise answered late kept nobody waiting: no first response to time. */
	if (v->responder != NO_MESSAGE && delay < 0)
		return;
	if (!judge(v, RULE_R1))
		return;
	format_duration(allowed, sizeof(allowed), limit);
	if (v->responder == NO_MESSAGE) {
		fail(v, RULE_R1, r->r1_severe_penalty, v->first_customer, NULL,
		     "no human reply to the customer's first message (limit %s)", allowed);
		return;
	}
	check_long_wait(v, v->responder, delay, delay > limit);
	if (delay <= limit)
		return;
	format_duration(took, sizeof(took), delay);
	fail(v, RULE_R1, delay > limit * r->r1_severe_factor ? r->r1_severe_penalty : -1,
	     v->responder, NULL, "first reply after %s (limit %s%s)", took, allowed,
	     urgent ? " for a complaint or urgent case" : "");
}

/* R2 and R4 for one reply after the first (reply_walk in session.c says which). */
static void check_reply(size_t m, const struct reply_wait *wait, void *ctx)
{
	struct view *v = ctx;

	bool late = timing_reply_is_late(v->rubric, v->info, wait);

	if (late) {
		char took[32], allowed[32];

		format_duration(took, sizeof(took), wait->waited_ms);
		format_duration(allowed, sizeof(allowed),
				timing_reply_limit_ms(v->rubric, v->info, wait));
		fail(v, RULE_R2, -1, (uint32_t)m, NULL, "reply after %s (limit %s%s)", took,
		     allowed, wait->announced ? " after a wait notice" : "");
	}
	check_long_wait(v, (uint32_t)m, reply_wait_ms(wait), late);
}

/* R5: the customer's last word needs an answer and none came. A question asked shortly before
 * the export was taken still had time: it counts once the input goes on past its limit; and
 * after the agent moved the talk to a private message, it goes on there. One fault, one
 * deduction: no reply at all is R1's, two or more unanswered are R3's. */
static void check_last_question(struct view *v, bool followups_failed)
{
	uint32_t last = NO_MESSAGE;

	if (followups_failed || v->responder == NO_MESSAGE)
		return;
	for (uint32_t m = v->t->count; m-- > v->responder;) {
		/* After a move to a private message the talk goes on there. */
		if (is_role(v, m, ROLE_AGENT) && has(v, m, AL_PRIVATE_CHANNEL))
			return;
		if (is_role(v, m, ROLE_AGENT))
			break;
		if (is_role(v, m, ROLE_CUSTOMER) && v->scan[m].needs_answer && last == NO_MESSAGE)
			last = m;
	}
	/* Judged only when a question is left: an untimed session's response stays N/A. */
	if (last == NO_MESSAGE || !judge(v, RULE_R5))
		return;
	fail(v, RULE_R5, -1, last, NULL, "the customer's last message got no answer");
	/* Whether the data goes on past its limit is the whole audit's to say (score_settle). */
	if (is_timed(v))
		v->out->last_question_due_ms =
			msg(v, last)->time_ms + timing_first_response_limit_ms(v->rubric, v->info);
}

/* R3: the customer follows up again and again with no human reply (多次追问无回复). A
 * message counts as a follow-up when it comes gap_seconds or more after the customer's
 * previous one: quicker ones are one question typed in pieces. */
static bool check_followups(struct view *v)
{
	const struct rubric *r = v->rubric;
	int64_t previous = NOT_WAITING, gap_ms = (int64_t)r->r3_gap_s * 1000;
	int followups = 0;

	if (!judge(v, RULE_R3))
		return false;
	for (uint32_t m = v->first_customer; m < v->t->count; m++) {
		const struct message *x = msg(v, m);

		if (x->role == ROLE_AGENT) {
			previous = NOT_WAITING;
			followups = 0;
		} else if (x->role == ROLE_CUSTOMER && x->time_ms >= v->info->start_ms &&
			   v->scan[m].needs_answer) {
			if (previous != NOT_WAITING && x->time_ms - previous >= gap_ms &&
			    ++followups >= r->r3_followups) {
				fail(v, RULE_R3, -1, m, NULL,
				     "the customer followed up %d times without a reply",
				     followups);
				return true;
			}
			previous = x->time_ms;
		}
	}
	return false;
}

void score_response(struct view *v)
{
	if (v->first_customer == NO_MESSAGE)
		return;
	if (!is_timed(v)) {
		/* Without times only the order of messages can be judged. */
		check_last_question(v, false);
		return;
	}
	check_first_response(v);
	if (v->responder != NO_MESSAGE && judge(v, RULE_R2))
		reply_walk(v->steps, v->t->count, v->responder, check_reply, v);
	check_last_question(v, check_followups(v));
}
