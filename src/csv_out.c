/* CSV cells. */
#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv_out.h"
#include "xalloc.h"

static bool needs_quotes(const char *s, size_t len)
{
	if (len && (s[0] == ' ' || s[len - 1] == ' '))
		return true;
	for (size_t i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return true;
	return false;
}

void csv_out_text(FILE *fp, const char *s, size_t len, int first)
{
	/* OWASP's advice against CSV injection: a cell that a spreadsheet would run as a
	 * formula gets a leading apostrophe and stays text. */
	bool formula = len && strchr("=+-@\t\r", s[0]) != NULL;
	struct buf cell = BUF_INIT;
	char *quoted;
	size_t size;

	if (!first)
		fputc(',', fp);
	if (!needs_quotes(s, len)) {
		if (formula)
			fputc('\'', fp);
		fwrite(s, 1, len, fp);
		return;
	}
	if (formula)
		buf_addch(&cell, '\'');
	buf_add(&cell, s, len);
	size = cell.len * 2 + 2;
	quoted = xmalloc(size);
	fwrite(quoted, 1, csv_write(quoted, size, cell.data, cell.len), fp);
	free(quoted);
	buf_release(&cell);
}

void csv_out_raw(FILE *fp, const char *s, int first)
{
	if (!first)
		fputc(',', fp);
	fputs(s, fp);
}

void csv_out_end(FILE *fp)
{
	fputc('\n', fp);
}
