/* CSV cells: what csv_out writes, libcsv reads back as the same text, and a cell that a
 * spreadsheet would run as a formula reads back as text (OWASP: a leading apostrophe). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_out.h"

struct cells {
	char *items[16];
	size_t count;
};

static void on_cell(void *data, size_t len, void *ctx)
{
	struct cells *c = ctx;

	assert_true(c->count < 16);
	c->items[c->count++] = strndup(data ? data : "", len);
}

static void on_row(int terminator, void *ctx)
{
	(void)terminator;
	(void)ctx;
}

/* Writes the cells as one row, parses it back, and returns what libcsv read. */
static void round_trip(const char *const *in, size_t n, struct cells *out)
{
	char *text = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&text, &size);
	struct csv_parser p;

	for (size_t i = 0; i < n; i++)
		csv_out_text(fp, in[i], strlen(in[i]), i == 0);
	csv_out_end(fp);
	fclose(fp);
	memset(out, 0, sizeof(*out));
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	assert_int_equal(csv_parse(&p, text, size, on_cell, on_row, out), size);
	assert_int_equal(csv_fini(&p, on_cell, on_row, out), 0);
	csv_free(&p);
	free(text);
}

static void release(struct cells *c)
{
	for (size_t i = 0; i < c->count; i++)
		free(c->items[i]);
}

static void test_quotes_commas_newlines_and_chinese_survive(void **state)
{
	static const char *const in[] = {
		"plain",      "a, b",     "say \"hi\"", "line one\nline two", "回车\r\n换行",
		"中文，逗号", " padded ", "",           "會話「測試」",
	};
	struct cells out;

	(void)state;
	round_trip(in, sizeof(in) / sizeof(*in), &out);
	assert_int_equal(out.count, sizeof(in) / sizeof(*in));
	for (size_t i = 0; i < out.count; i++)
		assert_string_equal(out.items[i], in[i]);
	release(&out);
}

static void test_formula_cells_read_back_as_text(void **state)
{
	static const char *const in[] = {
		"=SUM(A1:A9)", "+86 138", "-Becky", "@user", "\tcmd", "\rx", "=HYPERLINK(\"a,b\")",
	};
	static const char *const want[] = {
		"'=SUM(A1:A9)",         "'+86 138", "'-Becky", "'@user", "'\tcmd", "'\rx",
		"'=HYPERLINK(\"a,b\")",
	};
	struct cells out;

	(void)state;
	round_trip(in, sizeof(in) / sizeof(*in), &out);
	assert_int_equal(out.count, sizeof(in) / sizeof(*in));
	for (size_t i = 0; i < out.count; i++)
		assert_string_equal(out.items[i], want[i]);
	release(&out);
}

static void test_cells_that_need_nothing_are_written_bare(void **state)
{
	char *text = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&text, &size);

	(void)state;
	csv_out_str(fp, "KF1001", 1);
	csv_out_str(fp, "会话", 0);
	csv_out_raw(fp, "-3.5", 0); /* a number stays a number */
	csv_out_str(fp, "a\"b", 0);
	csv_out_end(fp);
	fclose(fp);
	assert_string_equal(text, "KF1001,会话,-3.5,\"a\"\"b\"\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotes_commas_newlines_and_chinese_survive),
		cmocka_unit_test(test_formula_cells_read_back_as_text),
		cmocka_unit_test(test_cells_that_need_nothing_are_written_bare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
