/* Phrase lists: loading, validation with FILE:LINE errors, and matching. Literal phrases
 * match case-insensitively; an English phrase only at word boundaries ("no" not in
 * "know"). A set joins its lists' entries into one alternation in which every entry ends
 * in a callout that records the match and then fails: the engine backtracks into the
 * next entry and the next start position, so one pcre2_match call finds every match of
 * every entry, overlapping ones included, and tells which entry each was. */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "phrase_list.h"
#include "regex.h"
#include "utf8.h"
#include "xalloc.h"


static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

char *phrase_lists_locate(const char *dir_override, struct qa_error *err)
{
	char exe[PATH_MAX];
	ssize_t n;

	if (dir_override) {
		if (!is_dir(dir_override)) {
			qa_fail(err, QA_EXIT_USAGE, "--phrases: '%s' is not a directory",
				dir_override);
			return NULL;
		}
		return xstrdup(dir_override);
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		struct buf path = BUF_INIT;
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		/* An installed binary: BINDIR/../share/qaudit/phrase_lists. */
		buf_addf(&path, "%s/../share/qaudit/phrase_lists", exe);
		if (is_dir(path.data))
			return buf_detach(&path);
		buf_release(&path);
		/* A binary in the build tree uses the source tree, never an older install. */
		if (!strncmp(exe, QAUDIT_BUILD_DIR, strlen(QAUDIT_BUILD_DIR)) &&
		    is_dir(QAUDIT_SOURCE_PHRASES))
			return xstrdup(QAUDIT_SOURCE_PHRASES);
	}
	if (is_dir(QAUDIT_INSTALL_PHRASES))
		return xstrdup(QAUDIT_INSTALL_PHRASES);
	if (is_dir(QAUDIT_SOURCE_PHRASES))
		return xstrdup(QAUDIT_SOURCE_PHRASES);
	qa_fail(err, QA_EXIT_USAGE,
		"no phrase_lists directory found (looked in %s and %s); give one with --phrases DIR",
		QAUDIT_INSTALL_PHRASES, QAUDIT_SOURCE_PHRASES);
	return NULL;
}

static void add_literal(struct buf *pattern, const char *s)
{
	size_t len = strlen(s);

	if (is_word_char(s[0]))
		buf_addstr(pattern, "\\b");
	for (const char *p = s; *p; p++) {
		if (strchr("\\^$.|?*+()[]{}", *p))
			buf_addch(pattern, '\\');
		buf_addch(pattern, *p);
	}
	if (is_word_char(s[len - 1]))
		buf_addstr(pattern, "\\b");
}

/* Compiles without JIT: only the chunks that are kept are worth JIT-compiling. */
static pcre2_code *compile(const char *pattern, size_t len, int *code, PCRE2_SIZE *offset)
{
	return regex_compile(pattern, len, PCRE2_CASELESS, code, offset);
}

static int regex_error(const char *path, int line, int code, PCRE2_SIZE offset,
		       struct qa_error *err)
{
	PCRE2_UCHAR why[256];

	pcre2_get_error_message(code, why, sizeof(why));
	return qa_fail(err, QA_EXIT_USAGE, "%s:%d: bad pattern at character %zu: %s", path, line,
		       (size_t)offset, (const char *)why);
}

static bool matches_empty(const pcre2_code *re)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR) "", 0, 0, 0, md, NULL);

	pcre2_match_data_free(md);
	return rc >= 0;
}

/* Compiles each pattern alone, so an error names its line. */
static int check_list(const struct phrase_list *list, const char *path, struct qa_error *err)
{
	for (size_t i = 0; i < list->count; i++) {
		const struct phrase_entry *e = &list->entries[i];
		pcre2_code *alone;
		int code;
		PCRE2_SIZE offset;
		bool empty;

		if (!e->is_regex)
			continue;
		alone = compile(e->text, strlen(e->text), &code, &offset);
		if (!alone)
			return regex_error(path, e->line, code, offset, err);
		empty = matches_empty(alone);
		pcre2_code_free(alone);
		if (empty)
			return qa_fail(err, QA_EXIT_USAGE, "%s:%d: pattern matches empty text", path,
				       e->line);
	}
	if (list->count > UINT16_MAX)
		return qa_fail(err, QA_EXIT_USAGE, "%s: more than %d entries", path, UINT16_MAX);
	return 0;
}

static char *trim(char *s)
{
	char *end = s + strlen(s);

	while (*s == ' ' || *s == '\t')
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
			   end[-1] == '\r'))
		end--;
	*end = '\0';
	return s;
}

static int load_list(struct phrase_list *list, const char *path, struct qa_error *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t capacity = 0;
	ssize_t n;
	int number = 0, rc = 0;

	if (!fp)
		return qa_fail(err, QA_EXIT_USAGE, "%s: cannot open: %s", path, strerror(errno));
	while ((n = getline(&line, &capacity, fp)) >= 0) {
		char *s;
		bool is_regex;

		number++;
		if (!utf8_is_valid(line, (size_t)n)) {
			rc = qa_fail(err, QA_EXIT_USAGE, "%s:%d: not valid UTF-8", path, number);
			break;
		}
		s = trim(line);
		if (number == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
			s += 3;
		if (!*s || *s == '#')
			continue;
		is_regex = !strncmp(s, "re:", 3);
		if (is_regex && !*trim(s + 3)) {
			rc = qa_fail(err, QA_EXIT_USAGE, "%s:%d: empty pattern after 're:'", path,
				     number);
			break;
		}
		ALLOC_GROW(list->entries, list->count + 1, list->capacity);
		list->entries[list->count++] = (struct phrase_entry){
			xstrdup(is_regex ? trim(s + 3) : s), number, is_regex};
	}
	free(line);
	fclose(fp);
	return rc ? rc : check_list(list, path, err);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct phrase_list *)a)->name, ((const struct phrase_list *)b)->name);
}

int phrase_lists_load(struct phrase_lists *lists, const char *dir, struct qa_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct buf path = BUF_INIT;
	int rc = 0;

	if (!d)
		return qa_fail(err, QA_EXIT_USAGE, "%s: cannot open: %s", dir, strerror(errno));
	lists->dir = xstrdup(dir);
	while (!rc && (de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		struct phrase_list *list;

		if (len <= 4 || strcmp(de->d_name + len - 4, ".txt") || de->d_name[0] == '.')
			continue;
		ALLOC_GROW(lists->items, lists->count + 1, lists->capacity);
		list = &lists->items[lists->count++];
		*list = (struct phrase_list){xmemdup(de->d_name, len - 4), NULL, 0, 0};
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, de->d_name);
		rc = load_list(list, path.data, err);
	}
	closedir(d);
	buf_release(&path);
	if (lists->count > 1)
		qsort(lists->items, lists->count, sizeof(*lists->items), by_name);
	return rc;
}

void phrase_lists_release(struct phrase_lists *lists)
{
	for (size_t i = 0; i < lists->count; i++) {
		struct phrase_list *list = &lists->items[i];

		for (size_t j = 0; j < list->count; j++)
			free(list->entries[j].text);
		free(list->entries);
		free(list->name);
	}
	free(lists->items);
	free(lists->dir);
	*lists = (struct phrase_lists)PHRASE_LISTS_INIT;
}

void phrase_lists_canonical(const struct phrase_lists *lists, struct buf *out)
{
	for (size_t i = 0; i < lists->count; i++) {
		const struct phrase_list *list = &lists->items[i];

		buf_addf(out, "[%s]\n", list->name);
		for (size_t j = 0; j < list->count; j++)
			buf_addf(out, "%s%s\n", list->entries[j].is_regex ? "re:" : "",
				 list->entries[j].text);
	}
}

const struct phrase_list *phrase_lists_get(const struct phrase_lists *lists, const char *name)
{
	struct phrase_list key = {.name = (char *)name};

	if (!lists->count)
		return NULL;
	return bsearch(&key, lists->items, lists->count, sizeof(*lists->items), by_name);
}

/* ---- Phrase sets ---- */

/* The lists' entries joined into as few patterns as fit (a compiled PCRE2 pattern is at
 * most 64 KiB here); each chunk holds whole lists. */
struct phrase_set {
	const struct phrase_list **lists;
	size_t count;
	pcre2_code **chunks;
	size_t chunk_count;
};

/* The pattern of lists [from, to) of the set; every entry ends in a callout naming it. */
static void chunk_pattern(const struct phrase_set *set, size_t from, size_t to,
			  struct buf *pattern)
{
	bool empty = true;

	buf_reset(pattern);
	buf_addstr(pattern, "(?:");
	for (size_t l = from; l < to; l++) {
		for (size_t i = 0; i < set->lists[l]->count; i++) {
			const struct phrase_entry *e = &set->lists[l]->entries[i];

			buf_addstr(pattern, empty ? "(?:" : "|(?:");
			empty = false;
			if (e->is_regex)
				buf_addstr(pattern, e->text);
			else
				add_literal(pattern, e->text);
			buf_addf(pattern, ")(?C{%zu.%zu})", l, i);
		}
	}
	buf_addstr(pattern, empty ? "(*FAIL))" : ")");
}

/* Compiles lists [from, to) as one chunk, or NULL with the PCRE2 error code. */
static pcre2_code *compile_chunk(const struct phrase_set *set, size_t from, size_t to, int *code)
{
	struct buf pattern = BUF_INIT;
	PCRE2_SIZE offset;
	pcre2_code *re;

	chunk_pattern(set, from, to, &pattern);
	re = compile(pattern.data, pattern.len, code, &offset);
	buf_release(&pattern);
	return re;
}

static void add_chunk(struct phrase_set *set, pcre2_code *re)
{
	regex_jit(re);
	set->chunks = xreallocarray(set->chunks, set->chunk_count + 1, sizeof(*set->chunks));
	set->chunks[set->chunk_count++] = re;
}

/* Compiles lists [from, to) as one chunk, or, when that is too large for PCRE2, each half
 * apart. Most sets fit in one pattern and compile once. */
static int build_chunks(struct phrase_set *set, size_t from, size_t to, struct qa_error *err)
{
	int code = 0;
	pcre2_code *re = compile_chunk(set, from, to, &code);

	if (re) {
		add_chunk(set, re);
		return 0;
	}
	if (code == PCRE2_ERROR_PATTERN_TOO_LARGE && to - from > 1)
		return build_chunks(set, from, from + (to - from) / 2, err) ||
		       build_chunks(set, from + (to - from) / 2, to, err);
	return qa_fail(err, QA_EXIT_USAGE, "phrase list '%s.txt' %s (PCRE2 error %d)",
		       set->lists[from]->name,
		       code == PCRE2_ERROR_PATTERN_TOO_LARGE ? "is too large" : "does not compile",
		       code);
}

int phrase_set_new(struct phrase_set **out, const struct phrase_lists *lists,
		   const char *const *names, size_t count, struct qa_error *err)
{
	struct phrase_set *set = xcalloc(1, sizeof(*set));

	*out = NULL;
	assert(count <= PHRASE_SET_MAX);
	set->lists = xcalloc(count ? count : 1, sizeof(*set->lists));
	set->count = count;
	for (size_t l = 0; l < count; l++) {
		set->lists[l] = phrase_lists_get(lists, names[l]);
		if (!set->lists[l]) {
			qa_fail(err, QA_EXIT_USAGE, "%s: missing phrase list '%s.txt'",
				lists->dir ? lists->dir : "phrase_lists", names[l]);
			phrase_set_free(set);
			return -1;
		}
	}
	if (build_chunks(set, 0, count, err)) {
		phrase_set_free(set);
		return -1;
	}
	*out = set;
	return 0;
}

void phrase_set_free(struct phrase_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->chunk_count; i++)
		pcre2_code_free(set->chunks[i]);
	free(set->chunks);
	free(set->lists);
	free(set);
}

/* Records a match, then fails so that matching goes on. */
static int record_hit(pcre2_callout_block *block, void *data)
{
	struct phrase_hits *hits = data;
	char *dot;
	unsigned long list = strtoul((const char *)block->callout_string, &dot, 10);
	unsigned long entry = strtoul(dot + 1, NULL, 10);
	struct phrase_hit hit = {(uint32_t)block->start_match, (uint32_t)block->current_position,
				 (uint16_t)list, (uint16_t)entry};

	/* A pattern with several ways to match at one place reports each: keep the first. */
	for (size_t i = hits->count; i-- > 0 && hits->items[i].start == hit.start;)
		if (hits->items[i].list == hit.list && hits->items[i].entry == hit.entry)
			return 1;
	ALLOC_GROW(hits->items, hits->count + 1, hits->capacity);
	hits->items[hits->count++] = hit;
	hits->lists |= 1ull << list;
	return 1;
}

static int by_position(const void *a, const void *b)
{
	const struct phrase_hit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->list != y->list)
		return x->list < y->list ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

void phrase_set_scan(const struct phrase_set *set, const char *text, size_t len,
		     struct phrase_hits *hits)
{
	hits->count = 0;
	hits->lists = 0;
	if (!hits->match_data) {
		hits->match_data = pcre2_match_data_create(1, NULL);
		hits->match_context = pcre2_match_context_create(NULL);
		pcre2_set_callout(hits->match_context, record_hit, hits);
	}
	for (size_t i = 0; i < set->chunk_count; i++)
		pcre2_match(set->chunks[i], (PCRE2_SPTR)text, len, 0, PCRE2_NO_UTF_CHECK,
			    hits->match_data, hits->match_context);
	/* Each chunk reports in order of position; several chunks need merging. */
	if (set->chunk_count > 1 && hits->count > 1)
		qsort(hits->items, hits->count, sizeof(*hits->items), by_position);
}

void phrase_hits_release(struct phrase_hits *hits)
{
	pcre2_match_data_free(hits->match_data);
	pcre2_match_context_free(hits->match_context);
	free(hits->items);
	*hits = (struct phrase_hits)PHRASE_HITS_INIT;
}

const struct phrase_hit *phrase_hits_first(const struct phrase_hits *hits, unsigned list)
{
	if (!phrase_hits_has(hits, list))
		return NULL;
	for (size_t i = 0; i < hits->count; i++)
		if (hits->items[i].list == list)
			return &hits->items[i];
	return NULL;
}

const struct phrase_entry *phrase_set_entry(const struct phrase_set *set,
					    const struct phrase_hit *hit)
{
	return &set->lists[hit->list]->entries[hit->entry];
}
