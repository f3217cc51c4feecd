/* Phrase lists: loading, validation with FILE:LINE errors, and matching. Literal phrases
 * match case-insensitively; an English phrase only at word boundaries ("no" not in
 * "know"). Entries are joined into one alternation with a (*MARK) per entry, so one
 * scan finds the phrase and tells which entry it was. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "phrase_list.h"
#include "utf8.h"
#include "xalloc.h"

#define COMPILE_OPTIONS (PCRE2_UTF | PCRE2_CASELESS)

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

static pcre2_code *compile(const char *pattern, size_t len, int *code, PCRE2_SIZE *offset)
{
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len, COMPILE_OPTIONS, code, offset,
				       NULL);

	if (re)
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
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

/* Checks every entry alone (for an error that names its line), then joins them. */
static int compile_list(struct phrase_list *list, const char *path, struct qa_error *err)
{
	struct buf pattern = BUF_INIT;
	int code;
	PCRE2_SIZE offset;

	for (size_t i = 0; i < list->count; i++) {
		const struct phrase_entry *e = &list->entries[i];

		if (e->is_regex) {
			pcre2_code *alone = compile(e->text, strlen(e->text), &code, &offset);

			if (!alone) {
				buf_release(&pattern);
				return regex_error(path, e->line, code, offset, err);
			}
			code = matches_empty(alone);
			pcre2_code_free(alone);
			if (code) {
				buf_release(&pattern);
				return qa_fail(err, QA_EXIT_USAGE,
					       "%s:%d: pattern matches empty text", path, e->line);
			}
		}
		buf_addf(&pattern, "%s(*MARK:%zu)(?:", i ? "|" : "", i);
		if (e->is_regex)
			buf_addstr(&pattern, e->text);
		else
			add_literal(&pattern, e->text);
		buf_addch(&pattern, ')');
	}
	if (!list->count)
		buf_addstr(&pattern, "(*FAIL)");
	list->code = compile(pattern.data, pattern.len, &code, &offset);
	buf_release(&pattern);
	if (!list->code)
		return qa_fail(err, QA_EXIT_USAGE, "%s: the patterns do not combine: error %d",
			       path, code);
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
	return rc ? rc : compile_list(list, path, err);
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
		*list = (struct phrase_list){xmemdup(de->d_name, len - 4), NULL, 0, 0, NULL};
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
		pcre2_code_free(list->code);
	}
	free(lists->items);
	free(lists->dir);
	*lists = (struct phrase_lists)PHRASE_LISTS_INIT;
}

const struct phrase_list *phrase_lists_get(const struct phrase_lists *lists, const char *name)
{
	struct phrase_list key = {.name = (char *)name};

	if (!lists->count)
		return NULL;
	return bsearch(&key, lists->items, lists->count, sizeof(*lists->items), by_name);
}

bool phrase_list_find(const struct phrase_list *list, const char *text, size_t len,
		      size_t offset, struct phrase_match *match)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int rc = pcre2_match(list->code, (PCRE2_SPTR)text, len, offset, PCRE2_NO_UTF_CHECK, md,
			     NULL);

	if (rc > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		PCRE2_SPTR mark = pcre2_get_mark(md);

		match->start = ov[0];
		match->end = ov[1];
		match->entry = mark ? strtoul((const char *)mark, NULL, 10) : 0;
	}
	pcre2_match_data_free(md);
	return rc > 0;
}
