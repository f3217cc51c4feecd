/* Does a customer message need an answer (docs/CHECKPOINTS.md, "Messages that need an
 * answer")? Thanks, praise, "ok", laughter and goodbyes need none; only messages that need
 * one start or extend a wait, count as follow-ups or can be left unanswered. Both reads ask
 * it the same way, so the population metrics and the checkpoints agree. */
#ifndef NEEDS_ANSWER_H
#define NEEDS_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "phrase_list.h"

/* The phrase lists it reads, in phrase_lists/: what needs no answer, what settles the matter
 * (the customer says it is solved), praise, and words that name a problem. */
#define NO_ANSWER_LIST "customer_no_answer"
#define SETTLED_LIST   "customer_resolved"
#define PRAISE_LIST    "customer_praise"
#define PROBLEM_LIST   "customer_problem"

/* The numbers of those lists among a scan's matches. */
struct answer_lists {
	unsigned no_answer, settled, praise, problem;
};

/* text[0..len) is a customer message and hits[0..count) its matches, sorted by start. A
 * question mark always needs an answer. Otherwise it needs none when it praises and names no
 * problem, or when, once what the customer's word that it is solved settles, the no-answer
 * matches, punctuation, emoji, @handles and links are taken out, fewer than two letters or
 * digits are left. A link alone (a photo) needs one. */
bool message_needs_answer(const char *text, size_t len, const struct phrase_hit *hits, size_t count,
			  const struct answer_lists *lists);

#endif
