/* Phrase lists (the .txt files of phrase_lists/): one literal phrase or one "re:" PCRE2
 * pattern per line. Lists are joined into phrase sets, so a message is scanned once per set
 * and every match of every list in it is found. */
#ifndef PHRASE_LIST_H
#define PHRASE_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
};

struct phrase_lists {
	char *dir;
	struct phrase_list *items; /* sorted by name */
	size_t count, capacity;
};

#define PHRASE_LISTS_INIT                                                                          \
	{                                                                                          \
		NULL, NULL, 0, 0                                                                   \
	}

/* Finds the directory of the lists: dir_override if given, else the installed share
 * directory, else the source tree's phrase_lists/ (running from a build directory).
 * The result is the caller's to free(); NULL (with err) if none exists. */
char *phrase_lists_locate(const char *dir_override, struct qa_error *err);

/* Loads every *.txt file of dir; each "re:" line is compiled alone to check it.
 * Errors name FILE:LINE (exit 2). */
int phrase_lists_load(struct phrase_lists *lists, const char *dir, struct qa_error *err);
void phrase_lists_release(struct phrase_lists *lists);

/* Appends every list and entry to out in a fixed order, for the digest of a run. */
struct buf;
void phrase_lists_canonical(const struct phrase_lists *lists, struct buf *out);

/* The list called name, or NULL. */
const struct phrase_list *phrase_lists_get(const struct phrase_lists *lists, const char *name);

/* ---- Phrase sets ---- */

#define PHRASE_SET_MAX 64

struct phrase_set;

/* One match: bytes [start, end) of the text matched entry `entry` of the set's list `list`. */
struct phrase_hit {
	uint32_t start, end;
	uint16_t list, entry;
};

/* The matches of one scan, in order of start. Reused from scan to scan. */
struct phrase_hits {
	struct phrase_hit *items;
	size_t count, capacity;
	uint64_t lists; /* bit i: list i matched */
	void *scratch;  /* matching state kept from scan to scan (one per thread) */
};

#define PHRASE_HITS_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0, 0, NULL                                                                \
	}

/* Joins the lists called names[0..count) (at most PHRASE_SET_MAX) into one set; list i of
 * the set is names[i]. The lists must outlive the set. Returns 0, or -1 (exit 2) if a list
 * is missing. */
int phrase_set_new(struct phrase_set **set, const struct phrase_lists *lists,
		   const char *const *names, size_t count, struct qa_error *err);
void phrase_set_free(struct phrase_set *set); /* accepts NULL */

/* Finds every match of every list in valid UTF-8 text; overlapping matches included. */
void phrase_set_scan(const struct phrase_set *set, const char *text, size_t len,
		     struct phrase_hits *hits);
void phrase_hits_release(struct phrase_hits *hits);

static inline bool phrase_hits_has(const struct phrase_hits *hits, unsigned list)
{
	return hits->lists >> list & 1;
}

/* The first match of list, or NULL. */
const struct phrase_hit *phrase_hits_first(const struct phrase_hits *hits, unsigned list);

/* The entry a hit matched, as written in its list. */
const struct phrase_entry *phrase_set_entry(const struct phrase_set *set,
					    const struct phrase_hit *hit);

#endif
