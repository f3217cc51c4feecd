/* Phrase matching: what a QA lead writes in a list is what gets found, whether the prefilter
 * takes the entry or the entry falls back to PCRE2 alone. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "phrase_list.h"

static char dir[] = "/tmp/qaudit-test-phrases-XXXXXX";
static struct phrase_lists lists = PHRASE_LISTS_INIT;

static void write_list(const char *name, const char *lines)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s.txt", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(lines, fp);
	fclose(fp);
}

static int setup(void **state)
{
	struct qa_error err = {0};

	(void)state;
	/* Every set is compiled here, not read from a cache another run left. */
	setenv("QAUDIT_CACHE_DIR", "", 1);
	if (!mkdtemp(dir))
		return -1;
	write_list("sorry", "sorry\n抱歉\n对不起\n");
	write_list("refuse", "no\nre:不(能|可以)\n");
	write_list("cased", "ÄRGER\nＯＫ\n");
	/* Hyperscan takes neither recursion nor \G, and only approximates a backreference. */
	write_list("unusual", "re:\\((?:[^()]|(?R))*\\)\nre:(哈)\\1\\1\nre:\\Gok\n");
	write_list("overlap", "re:啊啊\n");
	return phrase_lists_load(&lists, dir, &err);
}

static int teardown(void **state)
{
	const char *names[] = {"sorry", "refuse", "cased", "unusual", "overlap"};
	char path[128];

	(void)state;
	phrase_lists_release(&lists);
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		snprintf(path, sizeof(path), "%s/%s.txt", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return 0;
}

/* Scans text with a set of the named lists and returns the hits. */
static void scan(const char *const *names, size_t count, const char *text, struct phrase_hits *hits)
{
	struct phrase_set *set = NULL;
	struct qa_error err = {0};

	assert_int_equal(phrase_set_new(&set, &lists, names, count, &err), 0);
	phrase_set_scan(set, text, strlen(text), hits);
	phrase_set_free(set);
}

static void assert_hit(const struct phrase_hits *hits, size_t i, uint32_t start, uint32_t end,
		       uint16_t list, uint16_t entry)
{
	assert_true(i < hits->count);
	assert_int_equal(hits->items[i].start, start);
	assert_int_equal(hits->items[i].end, end);
	assert_int_equal(hits->items[i].list, list);
	assert_int_equal(hits->items[i].entry, entry);
}

static void test_every_match_of_every_list_in_order(void **state)
{
	const char *names[] = {"sorry", "refuse"};
	/* "对不起" holds 不 but neither 不能 nor 不可以; "抱歉" comes twice. */
	const char *text = "抱歉，对不起，不能退，抱歉";
	struct phrase_hits hits = PHRASE_HITS_INIT;

	(void)state;
	scan(names, 2, text, &hits);
	assert_int_equal(hits.count, 4);
	assert_hit(&hits, 0, 0, 6, 0, 1);
	assert_hit(&hits, 1, 9, 18, 0, 2);
	assert_hit(&hits, 2, 21, 27, 1, 1);
	assert_hit(&hits, 3, 33, 39, 0, 1);
	assert_true(hits.lists == 3);
	phrase_hits_release(&hits);
}

static void test_english_phrases_match_whole_words_in_any_case(void **state)
{
	const char *names[] = {"sorry", "refuse"};
	struct phrase_hits hits = PHRASE_HITS_INIT;

	(void)state;
	scan(names, 2, "I know, nobody is SORRY; No.", &hits);
	assert_int_equal(hits.count, 2);
	assert_hit(&hits, 0, 18, 23, 0, 0);
	assert_hit(&hits, 1, 25, 27, 1, 0);
	/* Chinese next to an English word is still a word edge. */
	scan(names, 2, "好no好", &hits);
	assert_int_equal(hits.count, 1);
	assert_hit(&hits, 0, 3, 5, 1, 0);
	phrase_hits_release(&hits);
}

static void test_case_folds_beyond_ascii(void **state)
{
	const char *names[] = {"cased"};
	struct phrase_hits hits = PHRASE_HITS_INIT;

	(void)state;
	scan(names, 1, "so ärger, ｏｋ", &hits);
	assert_int_equal(hits.count, 2);
	assert_hit(&hits, 0, 3, 9, 0, 0);
	assert_hit(&hits, 1, 11, 17, 0, 1);
	phrase_hits_release(&hits);
}

static void test_patterns_the_prefilter_refuses_still_match(void **state)
{
	const char *names[] = {"sorry", "unusual"};
	struct phrase_hits hits = PHRASE_HITS_INIT;

	(void)state;
	scan(names, 2, "ok (a(b)) 哈哈哈 抱歉", &hits);
	assert_int_equal(hits.count, 5);
	assert_hit(&hits, 0, 0, 2, 1, 2); /* \Gok at the start only */
	assert_hit(&hits, 1, 3, 9, 1, 0); /* the balanced group */
	assert_hit(&hits, 2, 5, 8, 1, 0); /* and the one inside it */
	assert_hit(&hits, 3, 10, 19, 1, 1);
	assert_hit(&hits, 4, 20, 26, 0, 1);
	phrase_hits_release(&hits);
}

static void test_overlapping_matches_are_all_found(void **state)
{
	const char *names[] = {"overlap"};
	struct phrase_hits hits = PHRASE_HITS_INIT;

	(void)state;
	scan(names, 1, "啊啊啊", &hits);
	assert_int_equal(hits.count, 2);
	assert_hit(&hits, 0, 0, 6, 0, 0);
	assert_hit(&hits, 1, 3, 9, 0, 0);
	scan(names, 1, "", &hits);
	assert_int_equal(hits.count, 0);
	assert_true(hits.lists == 0);
	phrase_hits_release(&hits);
}

static void test_a_missing_list_is_a_usage_error(void **state)
{
	const char *names[] = {"sorry", "no_such_list"};
	struct phrase_set *set = NULL;
	struct qa_error err = {0};

	(void)state;
	assert_int_equal(phrase_set_new(&set, &lists, names, 2, &err), -1);
	assert_null(set);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	assert_non_null(strstr(err.message, "no_such_list"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_match_of_every_list_in_order),
		cmocka_unit_test(test_english_phrases_match_whole_words_in_any_case),
		cmocka_unit_test(test_case_folds_beyond_ascii),
		cmocka_unit_test(test_patterns_the_prefilter_refuses_still_match),
		cmocka_unit_test(test_overlapping_matches_are_all_found),
		cmocka_unit_test(test_a_missing_list_is_a_usage_error),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
