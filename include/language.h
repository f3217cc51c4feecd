/* Whether a session is written in a language the phrase lists cover (Chinese, Simplified or
 * Traditional, and English). A session mostly in German or Japanese is not failed by the
 * checkpoints that rest on words; they are N/A for it (docs/CHECKPOINTS.md). */
#ifndef LANGUAGE_H
#define LANGUAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a session's texts are written in, added up message by message. */
struct script_counts {
	uint32_t han;           /* Chinese characters */
	uint32_t kana, hangul;  /* Japanese and Korean letters */
	uint32_t other_letters; /* Cyrillic, Arabic, Thai, ... */
	uint32_t latin_words;   /* words in Latin letters */
	uint32_t english_words; /* of them, common English words (the, you, is, ...) */
};

/* Adds the letters and words of valid UTF-8 text[0..len) to c. */
void script_counts_add(struct script_counts *c, const char *text, size_t len);

/* Chinese, English, or too little text to tell: the phrase lists can judge it. */
bool script_counts_covered(const struct script_counts *c);

#endif
