/* Hyperscan's form of a pattern: the tail after the last gap of each alternative, or the
 * pattern whole where cutting it could change what it matches. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "prefilter.h"
#include "regex.h"

static void assert_form(const char *re, const char *want)
{
	struct buf out = BUF_INIT;

	buf_addstr(&out, "#"); /* the form is appended */
	prefilter_form(re, &out);
	assert_string_equal(buf_str(&out) + 1, want);
	assert_int_equal(out.data[0], '#');
	buf_release(&out);
}

static void test_each_alternative_from_after_its_last_gap(void **state)
{
	(void)state;
	assert_form("[你您][^。.!！?？\\n]{0,20}(?:[?？]{2,}|[!！]{3,})",
		    "(?:[?？]{2,}|[!！]{3,})");
	assert_form("a.*b|c", "b|c");
	assert_form("a[^b]{0,5}c[^d]*e", "e");
	assert_form("x.+(?<!z)y", "(?<!z)y");
	assert_form("\\x{4e00}.*b", "b");
	assert_form("祝.{0,6}愉快", "愉快");
}

static void test_what_has_no_tail_stays_whole(void **state)
{
	(void)state;
	assert_form("a.*", "a.*");             /* the gap ends it */
	assert_form("a.?b", "a.?b");           /* at most one character: no gap */
	assert_form("(?:a.*b)c", "(?:a.*b)c"); /* gaps inside a group are the group's */
	assert_form("ab|c.*", "ab|c.*");
}

static void test_syntax_it_does_not_follow_stays_whole(void **state)
{
	(void)state;
	assert_form("(?i)x.*y", "(?i)x.*y");         /* an option setting for what follows */
	assert_form("(a).*\\1", "(a).*\\1");         /* a back reference */
	assert_form("\\Qa.*\\E.*b", "\\Qa.*\\E.*b"); /* quoting */
	assert_form("a.*\\x41", "a.*\\x41");         /* digits an escape takes */
	assert_form("a.*(*SKIP)b", "a.*(*SKIP)b");   /* a verb */
	assert_form("a.*[b", "a.*[b");               /* a class never closed */
}

/* Whatever the pattern matches, its form matches too (PCRE2 confirms the rest). */
static void test_form_matches_whatever_the_pattern_does(void **state)
{
	static const char *const patterns[] = {
		"[你您](?!好)[^。.!！?？\\n]{0,20}(?:[?？]{2,}|[!！]{3,})",
		"\\b(?:can|could) you.{0,30}\\b(?:send|share)\\b",
		"祝[您你].{0,6}愉快|再见",
	};
	static const char *const texts[] = {
		"您到底想怎么样??", "你们这是什么服务!!!", "Could you please send it",
		"祝您生活愉快",     "好的，再见",          "您好",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(patterns) / sizeof(*patterns); i++) {
		struct buf form = BUF_INIT;
		int code;
		PCRE2_SIZE offset;
		pcre2_code *re = regex_compile(patterns[i], strlen(patterns[i]), PCRE2_CASELESS,
					       &code, &offset);
		pcre2_code *cut;
		pcre2_match_data *md = pcre2_match_data_create(1, NULL);

		prefilter_form(patterns[i], &form);
		assert_string_not_equal(buf_str(&form), patterns[i]);
		cut = regex_compile(form.data, form.len, PCRE2_CASELESS, &code, &offset);
		assert_non_null(re);
		assert_non_null(cut);
		for (size_t t = 0; t < sizeof(texts) / sizeof(*texts); t++)
			if (pcre2_match(re, (PCRE2_SPTR)texts[t], strlen(texts[t]), 0, 0, md,
					NULL) >= 0)
				assert_true(pcre2_match(cut, (PCRE2_SPTR)texts[t], strlen(texts[t]),
							0, 0, md, NULL) >= 0);
		pcre2_match_data_free(md);
		pcre2_code_free(re);
		pcre2_code_free(cut);
		buf_release(&form);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_alternative_from_after_its_last_gap),
		cmocka_unit_test(test_what_has_no_tail_stays_whole),
		cmocka_unit_test(test_syntax_it_does_not_follow_stays_whole),
		cmocka_unit_test(test_form_matches_whatever_the_pattern_does),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
