/* Small CSV files read with libcsv, a row at a time. */
#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv_rows.h"
#include "xalloc.h"

static void on_cell(void *data, size_t len, void *ctx)
{
	struct csv_rows *r = ctx;

	for (size_t i = 0; data && i < len; i++)
		r->newlines += ((const char *)data)[i] == '\n';
	if (r->count < CSV_ROWS_MAX_CELLS) {
		buf_reset(&r->cells[r->count]);
		buf_add(&r->cells[r->count], data ? data : "", data ? len : 0);
	}
	r->count++;
}

/* The cell as its writer meant it; trailing spaces are cut in the buffer. */
static const char *clean(struct csv_rows *r, size_t col)
{
	char *s;
	size_t len;

	buf_grow(&r->cells[col], 1); /* never NULL */
	s = r->cells[col].data;
	if (r->row == 0 && !strncmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	s += strspn(s, " \t");
	if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]))
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		s[--len] = '\0';
	return s;
}

static void on_row(int c, void *ctx)
{
	struct csv_rows *r = ctx;

	(void)c;
	for (size_t i = 0; i < r->count && i < CSV_ROWS_MAX_CELLS; i++)
		r->text[i] = clean(r, i);
	r->on_row(r, r->ctx);
	r->row++;
	r->count = 0;
	r->line += 1 + (long)r->newlines;
	r->newlines = 0;
}

int csv_rows_read(FILE *fp, void (*fn)(const struct csv_rows *rows, void *ctx), void *ctx)
{
	struct csv_rows *r = xcalloc(1, sizeof(*r));
	struct csv_parser parser;
	char chunk[65536];
	size_t n;
	int rc;

	if (csv_init(&parser, 0))
		abort(); /* libcsv fails only for an unknown option */
	r->line = 1;
	r->on_row = fn;
	r->ctx = ctx;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		csv_parse(&parser, chunk, n, on_cell, on_row, r);
	csv_fini(&parser, on_cell, on_row, r);
	csv_free(&parser);
	rc = ferror(fp) ? -1 : 0;
	for (size_t i = 0; i < CSV_ROWS_MAX_CELLS; i++)
		buf_release(&r->cells[i]);
	free(r);
	return rc;
}

const char *csv_rows_cell(const struct csv_rows *rows, int col)
{
	if (col < 0 || (size_t)col >= rows->count || col >= CSV_ROWS_MAX_CELLS)
		return "";
	return rows->text[col];
}

int csv_rows_column(const struct csv_rows *rows, const char *const *names, size_t count)
{
	for (size_t i = 0; i < rows->count && i < CSV_ROWS_MAX_CELLS; i++)
		for (size_t n = 0; n < count; n++)
			if (!strcasecmp(rows->text[i], names[n]))
				return (int)i;
	return -1;
}
