/* Does a customer message need an answer (docs/CHECKPOINTS.md, "Messages that need an
 * answer")? Thanks, praise, "ok", laughter and goodbyes need none; only messages that need
 * one start or extend a wait, count as follow-ups or can be left unanswered. Both reads ask
 * it the same way, so the population metrics and the checkpoints agree. */
#ifndef NEEDS_ANSWER_H
#define NEEDS_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "phrase_list.h"

/* The phrase lists it reads, in phrase_lists/: what needs no answer, and what settles the
 * matter (the customer says it is solved). */
#define NO_ANSWER_LIST "customer_no_answer"
#define SETTLED_LIST   "customer_resolved"

/* text[0..len) is a customer message and hits[0..count) its matches, sorted by start; list
 * and settled are the numbers of NO_ANSWER_LIST and SETTLED_LIST among them. Without a
 * question mark it needs no answer when it settles the matter, or when, once the no-answer
 * matches, punctuation, emoji, @handles and links are taken out, fewer than two letters or
 * digits are left. A link alone (a photo) needs one. */
bool message_needs_answer(const char *text, size_t len, const struct phrase_hit *hits, size_t count,
			  unsigned list, unsigned settled);

#endif
