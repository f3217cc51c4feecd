/* Writing CSV cells for people and spreadsheets: RFC 4180 quoting (through libcsv) and
 * neutralised formulas (a text cell starting with = + - @ tab or CR gets a leading '). */
#ifndef CSV_OUT_H
#define CSV_OUT_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Writes a text cell, preceded by a comma unless it is the first of its row. */
void csv_out_text(FILE *fp, const char *s, size_t len, int first);
static inline void csv_out_str(FILE *fp, const char *s, int first)
{
	csv_out_text(fp, s, strlen(s), first);
}
/* Writes a cell holding a number or other text that is never a formula, as it is. */
void csv_out_raw(FILE *fp, const char *s, int first);
/* Ends the row. */
void csv_out_end(FILE *fp);

#endif
