/* The checkpoint table is complete: every row has its id, dimension, labels and phrase
 * lists, the default rubric gives it a section with the row's penalty, and
 * docs/CHECKPOINTS.md describes it. A checkpoint added in one place only fails here. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "checkpoint.h"
#include "rubric.h"

/* The id's letter names its dimension (docs/STANDARD.md §4.1-§4.5). */
static const char dimension_letter[DIM_COUNT] = {'R', 'C', 'S', 'K', 'A'};

static char *read_text(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct buf text = BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!fp)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&text, chunk, n);
	fclose(fp);
	return buf_detach(&text);
}

static void test_every_row_is_filled_in(void **state)
{
	(void)state;
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct checkpoint *c = &checkpoints[i];

		if (!c->id || strlen(c->id) < 2 || !c->label_zh || !*c->label_zh || !c->label_en ||
		    !*c->label_en || !c->phrase_lists)
			fail_msg("row %d is incomplete", i);
		if ((unsigned)c->dimension >= DIM_COUNT ||
		    c->id[0] != dimension_letter[c->dimension])
			fail_msg("%s: its letter does not name its dimension", c->id);
		if (c->penalty < 0 || c->penalty > 5 || (c->red_line && c->penalty))
			fail_msg("%s: penalty %d (red lines keep 0)", c->id, c->penalty);
		assert_string_equal(rule_name((enum rule)i), c->id);
		assert_int_equal(rule_dimension((enum rule)i), c->dimension);
	}
}

static void test_ids_are_unique_and_grouped_by_dimension(void **state)
{
	(void)state;
	for (int i = 1; i < RULE_COUNT; i++) {
		if (checkpoints[i].dimension < checkpoints[i - 1].dimension)
			fail_msg("%s comes after a later dimension", checkpoints[i].id);
		for (int j = 0; j < i; j++)
			if (!strcmp(checkpoints[i].id, checkpoints[j].id))
				fail_msg("%s twice", checkpoints[i].id);
	}
}

static void test_phrase_lists_named_exist(void **state)
{
	(void)state;
	for (int i = 0; i < RULE_COUNT; i++) {
		char *names = strdup(checkpoints[i].phrase_lists);

		for (char *name = strtok(names, " "); name; name = strtok(NULL, " ")) {
			char path[512];

			snprintf(path, sizeof(path), "%s/phrase_lists/%s.txt", QAUDIT_SOURCE_DIR,
				 name);
			if (access(path, R_OK))
				fail_msg("%s: no phrase list %s", checkpoints[i].id, path);
		}
		free(names);
	}
}

static void test_default_rubric_sets_every_row(void **state)
{
	struct rubric r;
	struct qa_error err = {QA_EXIT_OK, ""};

	(void)state;
	assert_int_equal(rubric_load(&r, NULL, &err), 0);
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct checkpoint *c = &checkpoints[i];
		char section[16];

		snprintf(section, sizeof(section), "\n[%s]\n", c->id);
		if (!strstr(rubric_default_text, section))
			fail_msg("%s: no section in src/rubric_default.ini", c->id);
		if (!r.rules[i].enabled || r.rules[i].penalty != c->penalty ||
		    r.rules[i].red_line != c->red_line)
			fail_msg("%s: the default rubric says enabled %d penalty %d red_line %d",
				 c->id, r.rules[i].enabled, r.rules[i].penalty,
				 r.rules[i].red_line);
	}
	rubric_release(&r);
}

static void test_default_penalties_are_the_standards(void **state)
{
	/* docs/STANDARD.md §4: one grade unless its table says otherwise. */
	static const char *const red_lines = " R3 K1 K2 A4 ", *const two_grades =
								      " C7 S1 K3 K4 K5 A2 ";

	(void)state;
	for (int i = 0; i < RULE_COUNT; i++) {
		char id[8];

		snprintf(id, sizeof(id), " %s ", checkpoints[i].id);
		assert_int_equal(checkpoints[i].red_line, strstr(red_lines, id) != NULL);
		assert_int_equal(checkpoints[i].penalty, checkpoints[i].red_line  ? 0
							 : strstr(two_grades, id) ? 2
										  : 1);
	}
}

static void test_checkpoints_md_describes_every_row(void **state)
{
	char *doc = read_text(QAUDIT_SOURCE_DIR "/docs/CHECKPOINTS.md");

	(void)state;
	for (int i = 0; i < RULE_COUNT; i++) {
		char row[16];

		snprintf(row, sizeof(row), "\n| %s |", checkpoints[i].id);
		if (!strstr(doc, row))
			fail_msg("%s: no row in docs/CHECKPOINTS.md", checkpoints[i].id);
	}
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row_is_filled_in),
		cmocka_unit_test(test_ids_are_unique_and_grouped_by_dimension),
		cmocka_unit_test(test_phrase_lists_named_exist),
		cmocka_unit_test(test_default_rubric_sets_every_row),
		cmocka_unit_test(test_default_penalties_are_the_standards),
		cmocka_unit_test(test_checkpoints_md_describes_every_row),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
