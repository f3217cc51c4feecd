/* Resolution 问题解决 (docs/STANDARD.md §4.3): S1 resolved, S2 next step with a time,
 * S3 escalation told and done in time, S4 repeat contact, S5 low CSAT. A session with none
 * of status, resolution words, escalation, customer id or CSAT leaves the dimension N/A. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "score_internal.h"
#include "time_parse.h"
#include "timing.h"

enum resolution { RESOLUTION_UNKNOWN, RESOLUTION_RESOLVED, RESOLUTION_UNRESOLVED };

/* Status values of exports, lower case. */
static const char *const resolved_words[] = {
	"resolved", "solved", "closed", "done", "complete", "completed", "yes",  "y",
	"true",     "1",      "已解决", "解决", "是",       "已解決",    "解決", "已完成",
};
static const char *const unresolved_words[] = {
	"unresolved", "unsolved", "open", "pending", "escalated", "no",     "n",      "false",
	"0",          "未解决",   "否",   "未解決",  "待处理",    "待處理", "处理中", "處理中",
};

static bool word_in(const char *value, const char *const *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (!strcasecmp(value, words[i]))
			return true;
	return false;
}

/* S1 from the status field when the export has one, else from the customer's last two
 * messages (好的谢谢/解决了 against 还是不行/没解决) after the first reply: "still not
 * working" before any agent spoke is the complaint, not a verdict on the help. */
static enum resolution check_resolved(struct view *v)
{
	const char *status = v->t->status;
	uint32_t first_reply = v->t->count && is_role(v, 0, ROLE_AGENT) ? 0 : next_agent(v, 0);
	int seen = 0;

	if (status &&
	    word_in(status, resolved_words, sizeof(resolved_words) / sizeof(*resolved_words))) {
		judge(v, RULE_S1);
		return RESOLUTION_RESOLVED;
	}
	if (status && word_in(status, unresolved_words,
			      sizeof(unresolved_words) / sizeof(*unresolved_words))) {
		if (judge(v, RULE_S1))
			fail(v, RULE_S1, -1, NO_MESSAGE, NULL, "status '%s': not resolved", status);
		return RESOLUTION_UNRESOLVED;
	}
	for (uint32_t m = v->t->count; m-- > first_reply && seen < 2;) {
		if (!is_role(v, m, ROLE_CUSTOMER))
			continue;
		seen++;
		if (has(v, m, CL_UNRESOLVED)) {
			if (judge(v, RULE_S1))
				fail(v, RULE_S1, -1, m, hit_of(v, m, CL_UNRESOLVED),
				     "the customer says the problem is not solved");
			return RESOLUTION_UNRESOLVED;
		}
		if (has(v, m, CL_RESOLVED)) {
			judge(v, RULE_S1);
			return RESOLUTION_RESOLVED;
		}
	}
	return RESOLUTION_UNKNOWN;
}

/* S2: unresolved, or a follow-up promised: the agent must give the next step with a time. On
 * a public channel, moving the talk to a private message is that next step. */
static void check_next_step(struct view *v, enum resolution resolution)
{
	uint32_t follow_up = find_next(v, 0, ROLE_AGENT, AL_FOLLOW_UP);

	if (resolution != RESOLUTION_UNRESOLVED && follow_up == NO_MESSAGE)
		return;
	if (v->channel_class == CLASS_SOCIAL &&
	    find_next(v, 0, ROLE_AGENT, AL_PRIVATE_CHANNEL) != NO_MESSAGE)
		return;
	if (!judge(v, RULE_S2) || find_next(v, 0, ROLE_AGENT, AL_NEXT_STEP_TIME) != NO_MESSAGE)
		return;
	fail(v, RULE_S2, -1, follow_up != NO_MESSAGE ? follow_up : v->last_agent, NULL,
	     "%s, but no next step with a time (今日18点前, 24小时内 ...)",
	     resolution == RESOLUTION_UNRESOLVED ? "not resolved" : "a follow-up is promised");
}

/* S3: escalation told to the customer and done within the limit of being needed (seed 000
 * §3.2). Three ways to fail: the customer asked for it and was not told in time; another
 * agent took over with no earlier agent message telling of it; or the takeover came too
 * long after it was told. */
static void check_escalation(struct view *v)
{
	const struct rubric *r = v->rubric;
	int64_t limit = (int64_t)r->s3_limit_s * 1000;
	uint32_t asked = find_next(v, 0, ROLE_CUSTOMER, CL_ESCALATION_REQUEST);
	uint32_t told =
		asked == NO_MESSAGE ? NO_MESSAGE : find_next(v, asked, ROLE_AGENT, AL_ESCALATION);
	uint32_t takeover = NO_MESSAGE, announced = NO_MESSAGE;
	char took[32], allowed[32];

	for (uint32_t m = v->first_agent; m < v->t->count && takeover == NO_MESSAGE; m++) {
		if (!is_role(v, m, ROLE_AGENT))
			continue;
		if (msg(v, m)->agent != msg(v, v->first_agent)->agent)
			takeover = m;
		else if (has(v, m, AL_ESCALATION))
			announced = m; /* the last telling before any takeover */
	}
	if (asked == NO_MESSAGE && takeover == NO_MESSAGE && announced == NO_MESSAGE)
		return;
	if (!judge(v, RULE_S3))
		return;
	format_duration(allowed, sizeof(allowed), limit);
	if (takeover != NO_MESSAGE && announced == NO_MESSAGE) {
		fail(v, RULE_S3, -1, takeover, NULL,
		     "another agent took over without the customer being told");
		return;
	}
	if (asked != NO_MESSAGE && told == NO_MESSAGE) {
		fail(v, RULE_S3, -1, asked, hit_of(v, asked, CL_ESCALATION_REQUEST),
		     "the customer asked for escalation and was never told of one");
		return;
	}
	if (!is_timed(v))
		return;
	if (asked != NO_MESSAGE && msg(v, told)->time_ms - msg(v, asked)->time_ms > limit) {
		format_duration(took, sizeof(took), msg(v, told)->time_ms - msg(v, asked)->time_ms);
		fail(v, RULE_S3, -1, told, hit_of(v, told, AL_ESCALATION),
		     "escalation told %s after the customer asked (limit %s)", took, allowed);
	} else if (takeover != NO_MESSAGE &&
		   msg(v, takeover)->time_ms - msg(v, announced)->time_ms > limit) {
		format_duration(took, sizeof(took),
				msg(v, takeover)->time_ms - msg(v, announced)->time_ms);
		fail(v, RULE_S3, -1, takeover, NULL, "escalation took %s to happen (limit %s)",
		     took, allowed);
	}
}

/* S4: the same customer opened another session within the window: this one did not solve it
 * (一次性解决率). Their sessions may be in other shards of the audit: score_settle looks. */
static void check_repeat_contact(struct view *v)
{
	v->out->repeat_judged = v->info->customer != STR_NONE && is_timed(v) && judge(v, RULE_S4);
}

/* CSAT words some exports use instead of numbers, as points out of 5. */
static const struct {
	const char *word;
	int points;
} csat_words[] = {
	{"非常满意", 5},   {"满意", 4},     {"一般", 3}, {"不满意", 2},
	{"非常不满意", 1}, {"非常滿意", 5}, {"滿意", 4}, {"不滿意", 2},
	{"非常不滿意", 1}, {"good", 5},     {"bad", 1},
};

/* S5: a CSAT at or below the rubric's maximum on its scale. */
static void check_csat(struct view *v)
{
	const struct rubric *r = v->rubric;
	const char *csat = v->t->csat;
	char *end;
	double value;

	if (!csat)
		return;
	value = strtod(csat, &end);
	if (end == csat || *end) {
		value = -1;
		for (size_t i = 0; i < sizeof(csat_words) / sizeof(*csat_words); i++)
			if (!strcasecmp(csat, csat_words[i].word))
				value = csat_words[i].points * r->s5_csat_scale / 5.0;
	}
	if (value < 0 || value > r->s5_csat_scale || !judge(v, RULE_S5))
		return;
	if (value <= r->s5_max_csat)
		fail(v, RULE_S5, -1, NO_MESSAGE, NULL, "CSAT %s of %d", csat, r->s5_csat_scale);
}

void score_resolution(struct view *v)
{
	enum resolution resolution;

	if (v->first_agent == NO_MESSAGE)
		return;
	resolution = check_resolved(v);
	check_next_step(v, resolution);
	check_escalation(v);
	check_repeat_contact(v);
	check_csat(v);
}
