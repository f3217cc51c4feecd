/* Attitude 服务态度 (STANDARD.md §4.5; seed 000 §5, seed 001 §三.5(4)④ 禁用规范): A1 forbidden
 * phrases, A2 hostile wording, A3 unacknowledged emotion, A4 insult or blame (red line). */
#include "score_internal.h"

/* A1: each distinct forbidden phrase costs a grade, however often it is said. */
static void check_forbidden(struct view *v)
{
	uint16_t seen[64];
	size_t seen_count = 0;

	if (!judge(v, RULE_A1))
		return;
	for (uint32_t m = 0; m < v->t->count; m++) {
		const struct scanned *s = &v->scan[m];

		if (!is_role(v, m, ROLE_AGENT) || !has(v, m, AL_FORBIDDEN))
			continue;
		for (uint32_t i = 0; i < s->count; i++) {
			const struct phrase_hit *h = &v->hits[s->first + i];
			size_t k = 0;

			if (h->list != AL_FORBIDDEN)
				continue;
			while (k < seen_count && seen[k] != h->entry)
				k++;
			/* Past 64 distinct phrases the dimension is long at F. */
			if (k < seen_count || seen_count == 64)
				continue;
			seen[seen_count++] = h->entry;
			fail(v, RULE_A1, -1, m, h, "forbidden phrase '%.*s'",
			     (int)(h->end - h->start), msg(v, m)->text + h->start);
		}
	}
}

/* A3: after the customer shows anger or disappointment, the agent's next message must
 * acknowledge it (理解您/非常抱歉/给您带来不便). */
static void check_emotion(struct view *v)
{
	if (!judge(v, RULE_A3))
		return;
	for (uint32_t m = 0; m < v->t->count; m++) {
		uint32_t reply;

		if (!is_role(v, m, ROLE_CUSTOMER) || !has(v, m, CL_EMOTION))
			continue;
		reply = next_agent(v, m);
		if (reply == NO_MESSAGE)
			return;
		if (!has(v, reply, AL_EMPATHY) && !has(v, reply, AL_APOLOGY))
			fail(v, RULE_A3, -1, reply, NULL,
			     "does not acknowledge the customer's feelings (message %u)", m + 1);
		m = reply; /* one check per reply */
	}
}

void score_attitude(struct view *v)
{
	if (v->first_agent == NO_MESSAGE)
		return;
	check_forbidden(v);
	check_first_phrase(v, RULE_A2, AL_HOSTILE, "hostile wording");
	check_emotion(v);
	check_first_phrase(v, RULE_A4, AL_INSULT, "blames or insults the customer");
}
