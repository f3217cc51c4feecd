/* Reading a small CSV file that people may have edited in a spreadsheet (an earlier report's
 * agents.csv, a calibration grades file): each row's cells as the writer meant them. */
#ifndef CSV_ROWS_H
#define CSV_ROWS_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

#define CSV_ROWS_MAX_CELLS 64 /* cells past it are counted, not kept */

struct csv_rows {
	struct buf cells[CSV_ROWS_MAX_CELLS];
	const char *text[CSV_ROWS_MAX_CELLS]; /* each cell, cleaned (csv_rows_cell) */
	size_t count;                         /* cells in the row */
	long row;                             /* 0 for the header */
	long line;                            /* the line the row starts on */
	size_t newlines;                      /* in the cells of the row being read */
	void (*on_row)(const struct csv_rows *rows, void *ctx);
	void *ctx;
};

/* Reads fp to its end, calling on_row for every row. Returns 0, or -1 when reading failed
 * (errno says why). */
int csv_rows_read(FILE *fp, void (*on_row)(const struct csv_rows *rows, void *ctx), void *ctx);

/* Cell col of the row without a spreadsheet's BOM (header row), the apostrophe that kept a
 * formula from running ('=…) or surrounding spaces; "" when the row has no such cell. */
const char *csv_rows_cell(const struct csv_rows *rows, int col);

/* The column of the header cell equal to one of names[0..count) in any case, or -1. */
int csv_rows_column(const struct csv_rows *rows, const char *const *names, size_t count);

#endif
