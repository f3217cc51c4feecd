/* Phrase lists: loading, validation with FILE:LINE errors, and matching. Literal phrases
 * match case-insensitively; an English phrase only at word boundaries ("no" not in
 * "know"). A set scans a text once with Hyperscan for candidates and confirms them with
 * each entry's own PCRE2 pattern (see struct phrase_set). */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hs.h>
#include <xxhash.h>

#include "atomic_file.h"
#include "buf.h"
#include "phrase_list.h"
#include "prefilter.h"
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
		"no phrase_lists directory found (looked in %s and %s); give one with --phrases "
		"DIR",
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

/* Phrases match case-insensitively, whatever the script. */
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
			return qa_fail(err, QA_EXIT_USAGE, "%s:%d: pattern matches empty text",
				       path, e->line);
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
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
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

/* One entry of a set, with its own pattern: the exact test of what the prefilter found. */
struct set_entry {
	uint16_t list, entry;
	pcre2_code *re;
};

/*
 * A set finds its candidates with one Hyperscan (Vectorscan) scan of the whole text: every
 * entry is in one database, literals as they are and patterns in prefilter mode (which
 * approximates lookarounds, never missing a match). Only the entries it reports, a few per
 * message at most, are then matched exactly with PCRE2 to get every match and its bounds.
 * An entry Hyperscan cannot take at all is matched with PCRE2 on every text.
 */
struct phrase_set {
	const struct phrase_list **lists;
	size_t count;
	struct set_entry *entries;
	size_t entry_count;
	hs_database_t *db; /* NULL when no entry is in it */
	uint32_t *always;  /* entries outside the database */
	size_t always_count;
};

/* The PCRE2 form of an entry: a pattern as written, a literal escaped, with \b on ASCII
 * word edges. */
static void entry_pattern(const struct phrase_entry *e, struct buf *pattern)
{
	buf_reset(pattern);
	if (e->is_regex)
		buf_addstr(pattern, e->text);
	else
		add_literal(pattern, e->text);
}

static bool accepted(const char *expression, unsigned flags)
{
	hs_expr_info_t *info = NULL;
	hs_compile_error_t *error = NULL;

	if (hs_expression_info(expression, flags, &info, &error) != HS_SUCCESS) {
		hs_free_compile_error(error);
		return false;
	}
	free(info);
	return true;
}

/* What Hyperscan is given for e, in out: a literal as entry_pattern writes it, a pattern in
 * its prefilter form, or whole when Hyperscan refuses that form (a tail that can match empty
 * text, say). False when it refuses the whole pattern too: PCRE2 alone matches it then.
 * Checking a pattern alone is cheap; a failed build costs a whole one. */
static bool hyperscan_form(const struct phrase_entry *e, unsigned flags, struct buf *out)
{
	if (!e->is_regex) {
		entry_pattern(e, out);
		return true;
	}
	buf_reset(out);
	prefilter_form(e->text, out);
	if (accepted(out->data, flags))
		return true;
	if (!strcmp(out->data, e->text))
		return false;
	entry_pattern(e, out);
	return accepted(out->data, flags);
}

/* Builds the Hyperscan database of every entry not in skip; an entry it rejects is added to
 * skip and the build tried again. */
static hs_database_t *build_database(struct phrase_set *set, bool *skip)
{
	struct buf *patterns = xcalloc(set->entry_count ? set->entry_count : 1, sizeof(*patterns));
	const char **expressions = xcalloc(set->entry_count ? set->entry_count : 1, sizeof(char *));
	unsigned *flags = xcalloc(set->entry_count ? set->entry_count : 1, sizeof(unsigned));
	unsigned *ids = xcalloc(set->entry_count ? set->entry_count : 1, sizeof(unsigned));
	hs_database_t *db = NULL;

	for (;;) {
		hs_compile_error_t *error = NULL;
		unsigned n = 0;

		for (size_t i = 0; i < set->entry_count; i++) {
			const struct phrase_entry *e =
				&set->lists[set->entries[i].list]->entries[set->entries[i].entry];

			if (skip[i])
				continue;
			flags[n] = HS_FLAG_CASELESS | HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH |
				   (e->is_regex ? HS_FLAG_PREFILTER : 0);
			if (!hyperscan_form(e, flags[n], &patterns[i])) {
				skip[i] = true;
				continue;
			}
			expressions[n] = patterns[i].data;
			ids[n++] = (unsigned)i;
		}
		if (!n)
			break;
		if (hs_compile_multi(expressions, flags, ids, n, HS_MODE_BLOCK, NULL, &db,
				     &error) == HS_SUCCESS)
			break;
		/* A whole-database error names no expression: give up on the prefilter. */
		if (error->expression < 0) {
			for (size_t i = 0; i < set->entry_count; i++)
				skip[i] = true;
		} else {
			skip[ids[error->expression]] = true;
		}
		hs_free_compile_error(error);
		db = NULL;
	}
	for (size_t i = 0; i < set->entry_count; i++)
		buf_release(&patterns[i]);
	free(patterns);
	free(expressions);
	free(flags);
	free(ids);
	return db;
}

/* ---- A cache of compiled databases ----
 *
 * Compiling the databases takes about a second, which a nightly run does not notice but a
 * QA lead trying a rubric does. A compiled database is kept in the cache directory under
 * the hash of everything it was built from, and loaded instead while nothing changed.
 * QAUDIT_CACHE_DIR sets the directory (empty: no cache); else $XDG_CACHE_HOME/qaudit or
 * ~/.cache/qaudit. Any problem with the cache means compiling, never a failure. */

#define CACHE_MAGIC "qaudit-hs-3\n"

/* The file: CACHE_MAGIC, the XXH64 of the rest, one skip flag per entry, the database. */

static char *cache_path(const struct phrase_set *set)
{
	const char *env = getenv("QAUDIT_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	struct buf key = BUF_INIT, path = BUF_INIT;
	XXH128_hash_t hash;

	/* The magic too: a database of another version's patterns is not this one's. */
	buf_addf(&key, "%s%s\n", CACHE_MAGIC, hs_version());
	for (size_t i = 0; i < set->entry_count; i++) {
		const struct phrase_entry *e =
			&set->lists[set->entries[i].list]->entries[set->entries[i].entry];

		buf_addf(&key, "%d%s", e->is_regex, e->text);
		buf_addch(&key, '\0');
	}
	hash = XXH3_128bits(key.data, key.len);
	buf_release(&key);
	if (env)
		buf_addstr(&path, env);
	else if (xdg && *xdg)
		buf_addf(&path, "%s/qaudit", xdg);
	else if (home && *home)
		buf_addf(&path, "%s/.cache/qaudit", home);
	if (!path.len) {
		buf_release(&path);
		return NULL;
	}
	buf_addf(&path, "/phrases-%016llx%016llx.hsdb", (unsigned long long)hash.high64,
		 (unsigned long long)hash.low64);
	return buf_detach(&path);
}

/* A cache file is a database of the phrase lists, a megabyte or two: anything far larger, or
 * not a regular file (a FIFO, a symlink to /dev/zero), is not one and is never read. */
#define CACHE_MAX_BYTES (64u << 20)

/* Reads the whole cache file at path into bytes, if it is a regular file of a sane size. */
static bool read_cache_file(const char *path, struct buf *bytes)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	bool ok;

	if (fd < 0)
		return false;
	ok = !fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size <= (off_t)CACHE_MAX_BYTES &&
	     !buf_read_fd(bytes, fd, (size_t)st.st_size, CACHE_MAX_BYTES);
	close(fd);
	return ok;
}

static hs_database_t *load_cached(const char *path, bool *skip, size_t entries)
{
	struct buf bytes = BUF_INIT;
	size_t head = sizeof(CACHE_MAGIC) - 1 + sizeof(uint64_t);
	hs_database_t *db = NULL;
	uint64_t sum;

	/* A torn or foreign file fails the hash; Hyperscan itself refuses other versions. */
	if (read_cache_file(path, &bytes) && bytes.len > head + entries &&
	    !memcmp(bytes.data, CACHE_MAGIC, sizeof(CACHE_MAGIC) - 1)) {
		memcpy(&sum, bytes.data + head - sizeof(sum), sizeof(sum));
		if (sum == XXH64(bytes.data + head, bytes.len - head, 0)) {
			for (size_t i = 0; i < entries; i++)
				skip[i] = bytes.data[head + i] != 0;
			if (hs_deserialize_database(bytes.data + head + entries,
						    bytes.len - head - entries, &db) != HS_SUCCESS)
				db = NULL;
		}
	}
	buf_release(&bytes);
	for (size_t i = 0; !db && i < entries; i++)
		skip[i] = false;
	return db;
}

/* Written through atomic_file, so a reader never sees half a file. */
static void save_cached(const char *path, const hs_database_t *db, const bool *skip, size_t entries)
{
	size_t size = 0, head = sizeof(CACHE_MAGIC) - 1 + sizeof(uint64_t);
	char *bytes = NULL, *dir, *name;
	struct buf file = BUF_INIT;
	struct atomic_file out;
	struct qa_error ignored;
	uint64_t sum;

	if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS)
		return;
	buf_add(&file, CACHE_MAGIC, sizeof(CACHE_MAGIC) - 1);
	buf_add(&file, "\0\0\0\0\0\0\0\0", sizeof(sum));
	for (size_t i = 0; i < entries; i++)
		buf_addch(&file, skip[i] ? 1 : 0);
	buf_add(&file, bytes, size);
	free(bytes);
	sum = XXH64(file.data + head, file.len - head, 0);
	memcpy(file.data + head - sizeof(sum), &sum, sizeof(sum));

	dir = xstrdup(path);
	name = strrchr(dir, '/');
	*name++ = '\0';
	if (atomic_file_open(&out, dir, name, &ignored) == 0 &&
	    (fwrite(file.data, 1, file.len, out.fp) != file.len ||
	     atomic_file_commit(&out, &ignored) != 0))
		atomic_file_abort(&out);
	free(dir);
	buf_release(&file);
}

static hs_database_t *cached_database(struct phrase_set *set, bool *skip)
{
	char *path = set->entry_count ? cache_path(set) : NULL;
	hs_database_t *db = path ? load_cached(path, skip, set->entry_count) : NULL;

	if (!db) {
		db = build_database(set, skip);
		if (db && path)
			save_cached(path, db, skip, set->entry_count);
	}
	free(path);
	return db;
}

int phrase_set_new(struct phrase_set **out, const struct phrase_lists *lists,
		   const char *const *names, size_t count, struct qa_error *err)
{
	struct phrase_set *set = xcalloc(1, sizeof(*set));
	struct buf pattern = BUF_INIT;
	size_t entries = 0;
	bool *skip;

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
		entries += set->lists[l]->count;
	}
	set->entries = xcalloc(entries ? entries : 1, sizeof(*set->entries));
	for (size_t l = 0; l < count; l++) {
		for (size_t i = 0; i < set->lists[l]->count; i++) {
			struct set_entry *se = &set->entries[set->entry_count++];
			int code;
			PCRE2_SIZE offset;

			entry_pattern(&set->lists[l]->entries[i], &pattern);
			*se = (struct set_entry){
				(uint16_t)l, (uint16_t)i,
				compile(pattern.data, pattern.len, &code, &offset)};
			if (!se->re) {
				int line = set->lists[l]->entries[i].line;

				buf_release(&pattern);
				phrase_set_free(set);
				return regex_error(names[l], line, code, offset, err);
			}
			regex_jit(se->re);
		}
	}
	buf_release(&pattern);
	skip = xcalloc(set->entry_count ? set->entry_count : 1, sizeof(*skip));
	set->db = cached_database(set, skip);
	set->always = xcalloc(set->entry_count ? set->entry_count : 1, sizeof(*set->always));
	for (size_t i = 0; i < set->entry_count; i++)
		if (skip[i])
			set->always[set->always_count++] = (uint32_t)i;
	free(skip);
	*out = set;
	return 0;
}

void phrase_set_free(struct phrase_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->entry_count; i++)
		pcre2_code_free(set->entries[i].re);
	free(set->entries);
	hs_free_database(set->db);
	free(set->always);
	free(set->lists);
	free(set);
}

/* Scratch kept in phrase_hits between scans. */
#define SIZED_FOR_MAX 8

struct scan_scratch {
	hs_scratch_t *hs;
	const hs_database_t *sized_for[SIZED_FOR_MAX]; /* databases the scratch is big enough for */
	size_t sized_count;
	pcre2_match_data *md;
	uint32_t *candidates;
	size_t candidate_count, candidate_capacity;
};

static int on_candidate(unsigned int id, unsigned long long from, unsigned long long to,
			unsigned int flags, void *ctx)
{
	struct scan_scratch *sc = ctx;

	(void)from;
	(void)to;
	(void)flags;
	ALLOC_GROW(sc->candidates, sc->candidate_count + 1, sc->candidate_capacity);
	sc->candidates[sc->candidate_count++] = id;
	return 0;
}

/* Every match of one entry, overlapping ones included: after a match at s the search goes
 * on from the next character after s. Only the whole match is wanted, so pcre2_match
 * returns 0 ("no room for the groups") for a pattern with groups. */
static void confirm(const struct phrase_set *set, uint32_t id, const char *text, size_t len,
		    struct phrase_hits *hits, pcre2_match_data *md)
{
	const struct set_entry *se = &set->entries[id];
	PCRE2_SIZE offset = 0;

	while (offset <= len && pcre2_match(se->re, (PCRE2_SPTR)text, len, offset,
					    PCRE2_NO_UTF_CHECK, md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

		ALLOC_GROW(hits->items, hits->count + 1, hits->capacity);
		hits->items[hits->count++] =
			(struct phrase_hit){(uint32_t)ov[0], (uint32_t)ov[1], se->list, se->entry};
		hits->lists |= 1ull << se->list;
		offset = ov[0] + 1;
		while (offset < len && ((unsigned char)text[offset] & 0xC0) == 0x80)
			offset++;
	}
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
	struct scan_scratch *sc = hits->scratch;

	hits->count = 0;
	hits->lists = 0;
	if (!sc) {
		sc = hits->scratch = xcalloc(1, sizeof(*sc));
		sc->md = pcre2_match_data_create(1, NULL);
	}
	sc->candidate_count = 0;
	if (set->db) {
		size_t i = 0;

		/* hs_alloc_scratch grows one scratch to fit every database it is given; it is
		 * costly, so each database is given once. */
		while (i < sc->sized_count && sc->sized_for[i] != set->db)
			i++;
		if (i == sc->sized_count) {
			if (hs_alloc_scratch(set->db, &sc->hs) != HS_SUCCESS)
				abort();
			if (sc->sized_count < SIZED_FOR_MAX)
				sc->sized_for[sc->sized_count++] = set->db;
		}
		hs_scan(set->db, text ? text : "", (unsigned)len, 0, sc->hs, on_candidate, sc);
	}
	for (size_t i = 0; i < set->always_count; i++)
		on_candidate(set->always[i], 0, 0, 0, sc);
	for (size_t i = 0; i < sc->candidate_count; i++)
		confirm(set, sc->candidates[i], text, len, hits, sc->md);
	if (hits->count > 1)
		qsort(hits->items, hits->count, sizeof(*hits->items), by_position);
}

void phrase_hits_release(struct phrase_hits *hits)
{
	struct scan_scratch *sc = hits->scratch;

	if (sc) {
		hs_free_scratch(sc->hs);
		pcre2_match_data_free(sc->md);
		free(sc->candidates);
		free(sc);
	}
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
