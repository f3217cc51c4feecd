/* The grades file: long format, in English or Chinese. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "csv_rows.h"
#include "grades.h"
#include "rubric.h"
#include "str_table.h"
#include "xalloc.h"

#define GRADES_WARNINGS_KEPT 10

enum column { COL_SESSION, COL_GRADER, COL_ITEM, COL_VALUE, COL_COMMENT, COL_COUNT };

/* Each column's names, English first. */
static const char *const column_names[COL_COUNT][3] = {
	[COL_SESSION] = {"session_id", "会话ID", "會話ID"},
	[COL_GRADER] = {"grader", "质检员", "質檢員"},
	[COL_ITEM] = {"item", "项目", "項目"},
	[COL_VALUE] = {"value", "结果", "結果"},
	[COL_COMMENT] = {"comment", "备注", "備註"},
};

/* A dimension's names in the grades file, besides dimension_name's. */
static const char *const dimension_names_zh[DIM_COUNT] = {"响应时效", "沟通质量", "问题解决",
							  "合规服务", "服务态度"};

static const struct {
	const char *name;
	enum verdict verdict;
} verdict_names[] = {
	{"pass", VERDICT_PASS},   {"fail", VERDICT_FAIL},   {"na", VERDICT_NA},
	{"n/a", VERDICT_NA},      {"通过", VERDICT_PASS},   {"通過", VERDICT_PASS},
	{"不通过", VERDICT_FAIL}, {"不通過", VERDICT_FAIL}, {"不适用", VERDICT_NA},
	{"不適用", VERDICT_NA},
};

struct reader {
	struct grades *g;
	size_t file; /* index in g->paths */
	const char *path;
	int col[COL_COUNT]; /* column of each, -1 if absent */
};

const char *verdict_name(enum verdict v)
{
	static const char *const names[] = {"pass", "fail", "na"};

	return (unsigned)v < VERDICT_COUNT ? names[v] : "?";
}

const char *item_name(int item)
{
	if (item < RULE_COUNT)
		return rule_name((enum rule)item);
	if (item < ITEM_OVERALL)
		return dimension_name((enum dimension)(item - RULE_COUNT));
	return "overall";
}

/* A row left out: counted, and the first few kept as "FILE:LINE: what". */
static void warn(struct grades *g, const char *path, long line, const char *what, const char *value)
{
	struct buf text = BUF_INIT;

	g->bad++;
	if (g->warning_count >= GRADES_WARNINGS_KEPT)
		return;
	buf_addf(&text, "%s:%ld: %s", path, line, what);
	if (value)
		buf_addf(&text, " '%s'", value);
	g->warnings = xreallocarray(g->warnings, g->warning_count + 1, sizeof(*g->warnings));
	g->warnings[g->warning_count++] = buf_detach(&text);
}

static void read_header(struct reader *r, const struct csv_rows *rows)
{
	for (int c = 0; c < COL_COUNT; c++)
		r->col[c] = csv_rows_column(rows, column_names[c], 3);
}

static int item_of(const char *s)
{
	for (int i = 0; i < RULE_COUNT; i++)
		if (!strcasecmp(s, rule_name((enum rule)i)))
			return i;
	for (int d = 0; d < DIM_COUNT; d++)
		if (!strcasecmp(s, dimension_name((enum dimension)d)) ||
		    !strcmp(s, dimension_names_zh[d]))
			return ITEM_DIMENSION(d);
	if (!strcasecmp(s, "overall") || !strcmp(s, "总分") || !strcmp(s, "總分"))
		return ITEM_OVERALL;
	return -1;
}

/* A grade letter A-F, any case: its enum grade, or -1. */
static int grade_of(const char *s)
{
	int c = s[0] & ~0x20;

	return c >= 'A' && c <= 'F' && !s[1] ? GRADE_A - (c - 'A') : -1;
}

/* A score from 0 to 100 with at most one decimal: tenths, or -1. */
static int score_of(const char *s)
{
	char *end;
	double v;

	if (!*s || strspn(s, "0123456789.") != strlen(s))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || v < 0 || v > 100)
		return -1;
	return (int)lround(v * 10);
}

/* The value of a row for item: false when it is not one the item takes. */
static bool value_of(int item, const char *s, struct grade_row *row)
{
	row->is_score = false;
	if (item < RULE_COUNT) {
		for (size_t i = 0; i < sizeof(verdict_names) / sizeof(*verdict_names); i++)
			if (!strcasecmp(s, verdict_names[i].name)) {
				row->value = verdict_names[i].verdict;
				return true;
			}
		return false;
	}
	row->value = grade_of(s);
	if (row->value >= 0 || item != ITEM_OVERALL)
		return row->value >= 0;
	row->value = score_of(s);
	row->is_score = true;
	return row->value >= 0;
}

static void read_row(struct reader *r, const struct csv_rows *rows)
{
	struct grades *g = r->g;
	const char *session = csv_rows_cell(rows, r->col[COL_SESSION]);
	const char *grader = csv_rows_cell(rows, r->col[COL_GRADER]);
	const char *item_text = csv_rows_cell(rows, r->col[COL_ITEM]);
	const char *value = csv_rows_cell(rows, r->col[COL_VALUE]);
	struct grade_row row = {.file = r->file, .line = rows->line};

	if (!*session && !*grader && !*item_text && !*value)
		return; /* an empty line */
	if (!*value || !*grader) {
		g->blank++; /* a template row nobody has filled in yet */
		return;
	}
	if (!*session)
		return warn(g, r->path, rows->line, "no session id", NULL);
	row.item = item_of(item_text);
	if (row.item < 0)
		return warn(g, r->path, rows->line,
			    "not a checkpoint (R1-A4), dimension or overall:", item_text);
	if (!value_of(row.item, value, &row))
		return warn(g, r->path, rows->line,
			    row.item < RULE_COUNT      ? "not pass, fail or na:"
			    : row.item == ITEM_OVERALL ? "not a grade A-F or a score 0-100:"
						       : "not a grade A-F:",
			    value);
	if (!strcasecmp(grader, GRADES_GOLD) || !strcasecmp(grader, "@gold") ||
	    !strcmp(grader, "金标准") || !strcmp(grader, "金標準"))
		grader = GRADES_GOLD;
	row.session = str_table_intern(g->sessions, session, strlen(session));
	row.grader = str_table_intern(g->graders, grader, strlen(grader));
	row.comment = xstrdup(csv_rows_cell(rows, r->col[COL_COMMENT]));
	ALLOC_GROW(g->rows, g->count + 1, g->capacity);
	g->rows[g->count++] = row;
}

static bool has_columns(const struct reader *r)
{
	return r->col[COL_SESSION] >= 0 && r->col[COL_GRADER] >= 0 && r->col[COL_ITEM] >= 0 &&
	       r->col[COL_VALUE] >= 0;
}

static void on_row(const struct csv_rows *rows, void *ctx)
{
	struct reader *r = ctx;

	if (rows->row == 0)
		read_header(r, rows);
	else if (has_columns(r))
		read_row(r, rows);
}

static int by_key_then_line(const void *a, const void *b)
{
	const struct grade_row *x = a, *y = b;

	if (x->session != y->session)
		return x->session < y->session ? -1 : 1;
	if (x->grader != y->grader)
		return x->grader < y->grader ? -1 : 1;
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* A session, grader and item given twice: the first row counts, the later ones are bad. */
static void drop_repeats(struct grades *g)
{
	size_t kept = 0;

	qsort(g->rows, g->count, sizeof(*g->rows), by_key_then_line);
	for (size_t i = 0; i < g->count; i++) {
		struct grade_row *x = &g->rows[i];

		if (kept && x->session == g->rows[kept - 1].session &&
		    x->grader == g->rows[kept - 1].grader && x->item == g->rows[kept - 1].item) {
			struct buf what = BUF_INIT;

			buf_addf(&what, "the same session, grader and item as %s:%ld",
				 g->paths[g->rows[kept - 1].file], g->rows[kept - 1].line);
			warn(g, g->paths[x->file], x->line, buf_str(&what), NULL);
			buf_release(&what);
			free(x->comment);
			continue;
		}
		g->rows[kept++] = *x;
	}
	g->count = kept;
}

/* Reads one file's rows into g. */
static int load_file(struct grades *g, size_t file, struct qa_error *err)
{
	const char *path = g->paths[file];
	/* An empty file has no header: no columns either. */
	struct reader r = {.g = g, .file = file, .path = path, .col = {-1, -1, -1, -1, -1}};
	FILE *fp = fopen(path, "rb");
	int rc = 0;

	if (!fp)
		return qa_fail(err, QA_EXIT_INPUT, "--grades: %s: cannot open: %s", path,
			       strerror(errno));
	if (csv_rows_read(fp, on_row, &r))
		rc = qa_fail(err, QA_EXIT_INPUT, "--grades: %s: cannot read: %s", path,
			     strerror(errno));
	else if (!has_columns(&r))
		rc = qa_fail(err, QA_EXIT_INPUT,
			     "--grades: %s:1: expected the columns session_id, grader, item, "
			     "value (or 会话ID, 质检员, 项目, 结果)",
			     path);
	fclose(fp);
	return rc;
}

int grades_load(struct grades *g, const char *const *paths, size_t count, struct qa_error *err)
{
	memset(g, 0, sizeof(*g));
	g->paths = paths;
	g->path_count = count;
	g->sessions = str_table_new();
	g->graders = str_table_new();
	g->gold = STR_NONE;
	for (size_t i = 0; i < count; i++)
		if (load_file(g, i, err))
			return -1;
	if (!g->count)
		return qa_fail(err, QA_EXIT_INPUT,
			       "--grades: %s: no graded row (%zu bad, %zu empty)", paths[count - 1],
			       g->bad, g->blank);
	drop_repeats(g);
	g->gold = str_table_find(g->graders, GRADES_GOLD, strlen(GRADES_GOLD));
	return 0;
}

void grades_release(struct grades *g)
{
	for (size_t i = 0; i < g->count; i++)
		free(g->rows[i].comment);
	free(g->rows);
	for (size_t i = 0; i < g->warning_count; i++)
		free(g->warnings[i]);
	free(g->warnings);
	str_table_free(g->sessions);
	str_table_free(g->graders);
	memset(g, 0, sizeof(*g));
}
