/* Excerpts of messages for findings: masked (docs/STANDARD.md §6), on one line, at most
 * EXCERPT_CHARS characters around the words a finding points at. */
#ifndef EXCERPT_H
#define EXCERPT_H

#include <stddef.h>

#define EXCERPT_CHARS 80

struct buf;

/* Appends the excerpt of text around byte `point` to out. previous is the message text
 * answers (NULL: none): a bare code given for a code it asked for is masked too. */
void excerpt_write(const char *text, size_t len, const char *previous, size_t previous_len,
		   size_t point, struct buf *out);

#endif
