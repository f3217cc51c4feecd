/* Phrase lists (the .txt files of phrase_lists/): one literal phrase or one "re:" PCRE2 pattern per line,
 * each list compiled into one JIT pattern so a message is scanned once per list. */
#ifndef PHRASE_LIST_H
#define PHRASE_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "qa_error.h"

struct phrase_entry {
	char *text; /* the line as written, "re:" prefix removed */
	int line;
	bool is_regex;
};

struct phrase_list {
	char *name; /* file name without ".txt" */
	struct phrase_entry *entries;
	size_t count, capacity;
	void *code; /* the compiled pcre2_code */
};

struct phrase_lists {
	char *dir;
	struct phrase_list *items; /* sorted by name */
	size_t count, capacity;
};

#define PHRASE_LISTS_INIT {NULL, NULL, 0, 0}

struct phrase_match {
	size_t start, end; /* byte offsets in the text */
	size_t entry;      /* index into the list's entries */
};

/* Finds the directory of the lists: dir_override if given, else the installed share
 * directory, else the source tree's phrase_lists/ (running from a build directory).
 * The result is the caller's to free(); NULL (with err) if none exists. */
char *phrase_lists_locate(const char *dir_override, struct qa_error *err);

/* Loads every *.txt file of dir. Errors name FILE:LINE (exit 2). */
int phrase_lists_load(struct phrase_lists *lists, const char *dir, struct qa_error *err);
void phrase_lists_release(struct phrase_lists *lists);

/* The list called name, or NULL. */
const struct phrase_list *phrase_lists_get(const struct phrase_lists *lists, const char *name);

/* Finds the first match in text[offset..len) (valid UTF-8). */
bool phrase_list_find(const struct phrase_list *list, const char *text, size_t len,
		      size_t offset, struct phrase_match *match);

#endif
