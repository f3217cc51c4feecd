/* Timing rules shared by metrics.c and the response and resolution checkpoints (docs/STANDARD.md
 * §4.1 R1 and R2, §4.3 S4, §5). */
#include "timing.h"

/* Seed 000 §1.1: complaints and urgent sessions are answered first. */
bool timing_is_urgent(const struct session_info *s)
{
	return s->category == CATEGORY_COMPLAINT || s->priority == PRIORITY_URGENT;
}

enum channel_class session_channel_class(const struct rubric *r, const struct session_index *idx,
					 const struct session_info *s)
{
	return rubric_channel_class(
		r, s->channel == STR_NONE ? NULL : str_table_get(idx->channels, s->channel));
}

int64_t timing_first_response_limit_ms(const struct rubric *r, const struct session_info *s)
{
	int limit_s = r->r1_limit_s;

	if (timing_is_urgent(s))
		limit_s = r->r1_urgent_limit_s;
	else if (s->category == CATEGORY_TECHNICAL)
		limit_s = r->r1_technical_limit_s;
	else if (s->category == CATEGORY_SUGGESTION)
		limit_s = r->r1_suggestion_limit_s;
	return (int64_t)limit_s * 1000;
}

int64_t timing_reply_limit_ms(const struct rubric *r, const struct session_info *s,
			      const struct reply_wait *wait)
{
	if (r->r2_same_as_first)
		return timing_first_response_limit_ms(r, s);
	return (int64_t)(wait->announced ? r->r2_announced_limit_s : r->r2_limit_s) * 1000;
}

bool timing_reply_is_late(const struct rubric *r, const struct session_info *s,
			  const struct reply_wait *wait)
{
	/* One limit for both: a wait notice does not stretch a reply on e-mail or social. */
	if (r->r2_same_as_first) {
		int64_t first_ms = timing_first_response_limit_ms(r, s);

		return reply_is_late(wait, first_ms, first_ms);
	}
	return reply_is_late(wait, (int64_t)r->r2_limit_s * 1000,
			     (int64_t)r->r2_announced_limit_s * 1000);
}

uint32_t timing_repeat_contact(const struct session_index *idx, uint32_t s, const struct rubric *r)
{
	return session_repeat_contact(idx, s, (int64_t)r->s4_window_hours * 3600 * 1000,
				      (int64_t)r->s4_min_gap_minutes * 60 * 1000);
}
