/* The timing rules that the population metrics and the checkpoints must apply alike, so a
 * timeout or a repeat contact counts the same in metrics.c and in the findings. */
#ifndef TIMING_H
#define TIMING_H

#include <stdbool.h>
#include <stdint.h>

#include "rubric.h"
#include "session.h"

/* Whether a session gets R1's shorter limit: a complaint or an urgent case. */
bool timing_is_urgent(const struct session_info *s);

/* The channel class of session s, from its channel's name (rubric [channels]). Every rule
 * below takes the settings of that class: rubric_for_class(r, session_channel_class(...)). */
enum channel_class session_channel_class(const struct rubric *r, const struct session_index *idx,
					 const struct session_info *s);

/* The R1 limit of the first response of session s, in ms: by its category and priority. */
int64_t timing_first_response_limit_ms(const struct rubric *r, const struct session_info *s);

/* R2: the limit of a reply after the first response, in ms: the longer one when the wait
 * began with a wait notice; the first response's where the class says so (e-mail, social). */
int64_t timing_reply_limit_ms(const struct rubric *r, const struct session_info *s,
			      const struct reply_wait *wait);

/* R2: whether the reply came too late (reply_is_late with the limits above). */
bool timing_reply_is_late(const struct rubric *r, const struct session_info *s,
			  const struct reply_wait *wait);

/* S4: the session in which the customer of session s came back within the rubric's window
 * after s ended, or STR_NONE (also when s has no customer id or no times, and when the next
 * session opened less than [S4] min_gap_minutes after s ended: it continues s). */
uint32_t timing_repeat_contact(const struct session_index *idx, uint32_t s, const struct rubric *r);

#endif
