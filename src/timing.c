/* Timing rules shared by metrics.c and the response and resolution checkpoints (STANDARD.md
 * §4.1 R1 and R2, §4.3 S4, §5). */
#include "timing.h"

/* Seed 000 §1.1: complaints and urgent sessions are answered first. */
bool timing_is_urgent(const struct session_info *s)
{
	return s->category == CATEGORY_COMPLAINT || s->priority == PRIORITY_URGENT;
}

int64_t timing_first_response_limit_ms(const struct rubric *r, const struct session_info *s)
{
	return (int64_t)(timing_is_urgent(s) ? r->r1_urgent_limit_s : r->r1_limit_s) * 1000;
}

int64_t timing_reply_limit_ms(const struct rubric *r, const struct reply_wait *wait)
{
	return (int64_t)(wait->announced ? r->r2_announced_limit_s : r->r2_limit_s) * 1000;
}

bool timing_reply_is_late(const struct rubric *r, const struct reply_wait *wait)
{
	return reply_is_late(wait, (int64_t)r->r2_limit_s * 1000,
			     (int64_t)r->r2_announced_limit_s * 1000);
}

uint32_t timing_repeat_contact(const struct session_index *idx, uint32_t s, const struct rubric *r)
{
	return session_repeat_contact(idx, s, (int64_t)r->s4_window_hours * 3600 * 1000);
}
