/* Does a customer message need an answer (docs/CHECKPOINTS.md, "Messages that need an
 * answer")? Thanks, praise, "ok", laughter and goodbyes need none; only messages that need
 * one start or extend a wait, count as follow-ups or can be left unanswered. Both reads ask
 * it the same way, so the population metrics and the checkpoints agree. */
#ifndef NEEDS_ANSWER_H
#define NEEDS_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "phrase_list.h"

/* The phrase list of what needs no answer, in phrase_lists/. */
#define NO_ANSWER_LIST "customer_no_answer"

/* text[0..len) is a customer message and hits[0..count) its matches, sorted by start; list
 * is the number of NO_ANSWER_LIST among them. It needs an answer unless, once the list's
 * matches, punctuation, emoji, @handles and links are taken out, fewer than two letters or
 * digits are left and no question mark. A link alone (a photo) needs one. */
bool message_needs_answer(const char *text, size_t len, const struct phrase_hit *hits, size_t count,
			  unsigned list);

#endif
