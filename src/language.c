/* Telling the languages the phrase lists cover from those they do not, by script and, for
 * Latin letters, by the share of common English words. */
#include <stdlib.h>
#include <string.h>

#include "language.h"
#include "utf8.h"

/* Words so common that English text of any length is full of them, and other languages in
 * Latin letters (German, Spanish, Malay, ...) seldom use. In strcmp order: is_english
 * searches them by halves. */
static const char *const english[] = {
	"a",      "an",  "and",   "are",   "at",     "be",   "been", "but",  "by",    "can", "cant",
	"could",  "did", "do",    "does",  "dont",   "for",  "from", "get",  "got",   "had", "has",
	"have",   "he",  "hello", "help",  "hi",     "how",  "i",    "if",   "im",    "in",  "is",
	"it",     "its", "just",  "me",    "my",     "no",   "not",  "of",   "on",    "or",  "our",
	"please", "she", "so",    "thank", "thanks", "that", "the",  "they", "this",  "to",  "us",
	"was",    "we",  "were",  "what",  "when",   "why",  "will", "with", "would", "you", "your",
};

struct word {
	const char *text;
	size_t len; /* the text holds no NUL */
};

static int by_text(const void *key, const void *entry)
{
	const struct word *w = key;
	const char *e = *(const char *const *)entry;
	int c = strncmp(w->text, e, w->len);

	/* Equal over the word's length: the same word, or one it begins (which sorts after). */
	return c ? c : -(e[w->len] != '\0');
}

static bool is_english(const char *text, size_t len)
{
	struct word w = {text, len};

	return bsearch(&w, english, sizeof(english) / sizeof(*english), sizeof(*english),
		       by_text) != NULL;
}

static void count_letter(struct script_counts *c, unsigned cp)
{
	if ((cp >= 0x4E00 && cp < 0xA000) || (cp >= 0x3400 && cp < 0x4DC0))
		c->han++;
	else if (cp >= 0x3040 && cp < 0x3100)
		c->kana++;
	else if (cp >= 0xAC00 && cp < 0xD7B0)
		c->hangul++;
	else if ((cp >= 0x0370 && cp < 0x2000) || (cp >= 0xA000 && cp < 0xAC00))
		c->other_letters++; /* Greek, Cyrillic, Hebrew, Arabic, Indic, Thai, ... */
}

void script_counts_add(struct script_counts *c, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	char word[16];
	size_t i = 0, w = 0;
	bool in_word = false, link = false;

	while (i <= len) {
		size_t n = i < len ? utf8_sequence_length(s + i, len - i) : 0;
		unsigned cp = n ? utf8_decode(s + i, n) : ' ';
		bool latin = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
			     (cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7);

		if (latin || cp == '\'') {
			if (!in_word) {
				in_word = true;
				w = 0;
				link = i >= 1 &&
				       (s[i - 1] == '@' || s[i - 1] == '#' || s[i - 1] == '/');
			}
			if (cp != '\'' && w < sizeof(word))
				word[w++] = (char)(cp < 0x80 ? cp | 0x20 : '_');
		} else {
			if (in_word && !link && w) {
				c->latin_words++;
				c->english_words += w < sizeof(word) && is_english(word, w);
			}
			in_word = false;
			if (cp == ':' && i + 2 < len && s[i + 1] == '/' && s[i + 2] == '/') {
				while (i < len && s[i] != ' ' && s[i] != '\n')
					i++; /* a link is no word */
				continue;
			}
			count_letter(c, cp);
		}
		i += n ? n : 1;
	}
}

bool script_counts_covered(const struct script_counts *c)
{
	uint32_t cjk = c->han + c->kana + c->hangul;
	uint32_t letters = cjk + c->other_letters + c->latin_words * 4;

	if (letters < 20)
		return true; /* too little to tell: judge it as usual */
	if (c->kana * 10 > cjk && c->kana >= 5)
		return false; /* Japanese: kana among the kanji */
	if (c->hangul * 5 > letters || c->other_letters * 2 > letters)
		return false;
	if (c->han * 3 >= letters)
		return true;
	/* Mostly Latin letters: English is full of its small words. */
	return c->latin_words < 8 || c->english_words * 8 >= c->latin_words;
}
