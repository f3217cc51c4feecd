/* Attitude 服务态度 (docs/STANDARD.md §4.5 禁用规范): A1 forbidden
 * phrases, A2 hostile wording, A3 unacknowledged emotion, A4 insult or blame (red line). */
#include <ctype.h>
#include <string.h>

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

/* A3 shouting: at least this many ASCII letters, and this share of them in capitals. A few
 * capitalised words or an acronym are not shouting; a message mostly in capitals is. */
#define SHOUT_MIN_LETTERS   12
#define SHOUT_UPPER_PERCENT 70

/* The length of the @handle, URL or HTML entity at p, or 0: their letters are not the
 * customer's voice (a handle's or a short link's case is nobody's shouting). */
static size_t skip_token(const char *p, const char *end)
{
	const char *q = p;

	if (*p == '@' || (end - p > 4 && !strncmp(p, "http", 4))) {
		while (q < end && *q != ' ' && *q != '\t' && *q != '\n')
			q++;
	} else if (*p == '&') {
		while (++q < end && q - p < 8 && isalnum((unsigned char)*q))
			;
		if (q == end || *q != ';')
			return 0;
		q++;
	}
	return (size_t)(q - p);
}

/* Whether a message is shouted: mostly in capitals, counting ASCII letters only. */
static bool is_shouting(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t letters = 0, upper = 0;

	while (p < end) {
		size_t skip = skip_token(p, end);

		if (skip) {
			p += skip;
			continue;
		}
		if (*p >= 'A' && *p <= 'Z')
			upper++;
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			letters++;
		p++;
	}
	return letters >= SHOUT_MIN_LETTERS && upper * 100 >= letters * SHOUT_UPPER_PERCENT;
}

/* A3: after the customer shows anger or disappointment (customer_emotion, or shouting in
 * capitals), the agent's next message must acknowledge it (理解您/非常抱歉/给您带来不便).
 * Once it has, more venting in the same session needs no new acknowledgement. */
static void check_emotion(struct view *v)
{
	bool acknowledged = false;

	if (!judge(v, RULE_A3))
		return;
	for (uint32_t m = 0; m < v->t->count; m++) {
		uint32_t reply;

		if (!is_role(v, m, ROLE_CUSTOMER))
			continue;
		/* "THANK YOU!!! YOU ARE THE BEST" is shouted joy, not anger. */
		if (!has(v, m, CL_EMOTION) &&
		    (has(v, m, CL_THANKS) || !is_shouting(msg(v, m)->text, msg(v, m)->len)))
			continue;
		reply = next_agent(v, m);
		if (reply == NO_MESSAGE || acknowledged)
			return;
		acknowledged = has(v, reply, AL_EMPATHY) || has(v, reply, AL_APOLOGY);
		if (!acknowledged)
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
