/* Excerpts: the message is masked whole first, so that a number cut by the window's edge is
 * never left half visible, then a window of characters is taken around the point. */
#include <stdbool.h>

#include "buf.h"
#include "excerpt.h"
#include "mask.h"
#include "utf8.h"

/* Characters of context kept before the point when the message is too long. */
#define LEAD_CHARS 20

/* Byte offset of character number `chars` of s. */
static size_t char_offset(const char *s, size_t len, size_t chars)
{
	size_t i = 0, seen = 0;

	for (; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && seen++ == chars)
			break;
	return i;
}

static void add_flat(struct buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf_addch(out, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
}

void excerpt_write(const char *text, size_t len, const char *previous, size_t previous_len,
		   size_t point, struct buf *out)
{
	struct buf masked = BUF_INIT;
	size_t total, from, to;
	bool lead, trail;

	mask_text_after(text, len, previous, previous_len, &masked);
	total = utf8_length(masked.data, masked.len);
	if (total <= EXCERPT_CHARS) {
		add_flat(out, masked.data, masked.len);
		buf_release(&masked);
		return;
	}
	/* Masking keeps most lengths, so the point's character index carries over. */
	point = utf8_length(text, point < len ? point : len);
	from = point > LEAD_CHARS ? point - LEAD_CHARS : 0;
	if (from + EXCERPT_CHARS > total)
		from = total - EXCERPT_CHARS;
	to = from + EXCERPT_CHARS;
	lead = from > 0;
	trail = to < total;
	/* Each ellipsis takes the place of one character. */
	from += lead;
	to -= trail;
	if (lead)
		buf_addstr(out, "…");
	from = char_offset(masked.data, masked.len, from);
	to = char_offset(masked.data, masked.len, to);
	add_flat(out, masked.data + from, to - from);
	if (trail)
		buf_addstr(out, "…");
	buf_release(&masked);
}
