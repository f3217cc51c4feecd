/* Which customer messages need an answer: what is left of a message once thanks, praise,
 * "ok" and the like are taken out. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "needs_answer.h"
#include "utf8.h"

static bool is_ascii_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c == '_';
}

/* Letters and digits of any script count; punctuation, symbols and emoji do not. */
static bool is_word_code_point(unsigned cp)
{
	if (cp < 0x80)
		return is_ascii_word((unsigned char)cp) && cp != '_';
	if (cp >= 0x2000 && cp < 0x2E80) /* punctuation, arrows, dingbats, shapes */
		return false;
	if (cp >= 0x3000 && cp < 0x3040) /* CJK punctuation */
		return false;
	if (cp >= 0xFE00 && cp < 0xFE70) /* variation selectors, CJK compatibility forms */
		return false;
	if ((cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
		return false; /* full-width punctuation */
	if (cp >= 0x1F000)    /* emoji and pictographs */
		return false;
	return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7;
}

static bool has_question_mark(const char *text, size_t len)
{
	return memchr(text, '?', len) || memmem(text, len, "\xef\xbc\x9f", 3); /* ？ */
}

bool message_needs_answer(const char *text, size_t len, const struct phrase_hit *hits, size_t count,
			  const struct answer_lists *lists)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, h = 0, covered_to = 0;
	int words = 0;
	bool link = false;

	bool praise = false, problem = false;

	if (!len) /* an empty message (a sticker, a file) asks nothing */
		return false;
	if (has_question_mark(text, len))
		return true;
	for (size_t k = 0; k < count; k++) {
		praise |= hits[k].list == lists->praise;
		problem |= hits[k].list == lists->problem;
		/* What comes before the customer's word that it is solved was settled by it. */
		if (hits[k].list == lists->settled && hits[k].end > covered_to)
			covered_to = hits[k].end;
	}
	if (praise && !problem)
		return false;
	while (i < len) {
		size_t n = utf8_sequence_length(s + i, len - i);

		for (; h < count && hits[h].start <= i; h++)
			if (hits[h].list == lists->no_answer && hits[h].end > covered_to)
				covered_to = hits[h].end;
		if (!n) {
			i++;
			continue;
		}
		if (i < covered_to) {
			i += n;
			continue;
		}
		if (s[i] == '@' && i + 1 < len && is_ascii_word(s[i + 1])) {
			for (i++; i < len && is_ascii_word(s[i]);)
				i++;
			continue;
		}
		if ((len - i >= 7 && !strncmp(text + i, "http://", 7)) ||
		    (len - i >= 8 && !strncmp(text + i, "https://", 8))) {
			link = true;
			while (i < len && s[i] != ' ' && s[i] != '\n' && s[i] != '\t')
				i++;
			continue;
		}
		if (is_word_code_point(utf8_decode(s + i, n)) && ++words >= 2)
			return true;
		i += n;
	}
	/* A link alone is a photo or a page shown: it needs a look. */
	return link && !words && !covered_to;
}
