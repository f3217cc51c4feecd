/* Hyperscan's form of a phrase-list pattern (phrase_list.c). Hyperscan need only find a
 * superset of the texts an entry matches, PCRE2 confirming each candidate. What it handles
 * worst is a gap, "." or a negated class repeated, as in hostile.txt's
 * [你您][^。.!！?？\n]{0,20}(?:[?？]{2,}|[!！]{3,}): every 您 (in most agent messages) starts a
 * state machine that lives through the gap, and two such patterns in the agent set made its
 * scan twice as slow. A match of a sequence contains a match of every tail of it, so each
 * top-level alternative is given to Hyperscan from after its last gap. */
#ifndef PREFILTER_H
#define PREFILTER_H

#include "buf.h"

/* Appends the form of the PCRE2 pattern re to out: each top-level alternative from after its
 * last gap; an alternative that ends in one stays whole. A pattern with syntax this does not
 * follow (back references, option settings, verbs, \Q…\E) is appended whole. */
void prefilter_form(const char *re, struct buf *out);

#endif
