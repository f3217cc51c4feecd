/* Report stage (STANDARD.md §6): the output files, written atomically into one directory
 * from a report_view. */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "qa_error.h"
#include "report_view.h"

/* Each output, written from the view alone (v->cards set) to fp, which stays the caller's. */
void report_write_agents_csv(FILE *fp, const struct report_view *v);
void report_write_sessions_csv(FILE *fp, const struct report_view *v);
void report_write_findings_csv(FILE *fp, const struct report_view *v);
void report_write_timeliness_csv(FILE *fp, const struct report_view *v);
void report_write_summary_json(FILE *fp, const struct report_view *v);
void report_write_html(FILE *fp, const struct report_view *v);

/* Writes agents.csv, sessions.csv, findings.csv, timeliness.csv, summary.json and
 * report.html into dir, the CSV files after a UTF-8 BOM when excel_bom is set. Either every
 * file is replaced or, on failure (exit 4, err set), none is. */
int report_write_dir(const struct report_view *v, const char *dir, bool excel_bom,
		     struct qa_error *err);

#endif
