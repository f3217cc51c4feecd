/* Report stage (docs/STANDARD.md §6): the output files, written atomically into one directory
 * from a report_view. */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "output_dir.h"
#include "qa_error.h"
#include "report_view.h"

/* Each output, written from the view alone (v->cards set) to fp, which stays the caller's. */
void report_write_agents_csv(FILE *fp, const struct report_view *v);
void report_write_sessions_csv(FILE *fp, const struct report_view *v);
void report_write_findings_csv(FILE *fp, const struct report_view *v);
void report_write_timeliness_csv(FILE *fp, const struct report_view *v);
void report_write_summary_json(FILE *fp, const struct report_view *v);
void report_write_html(FILE *fp, const struct report_view *v);

/* Locks dir for one run's report (output_dir_open with the report's file names): waits for
 * another run writing there, saying so unless quiet, or without wait fails. */
int report_open_dir(struct output_dir *out, const char *dir, bool wait, bool quiet,
		    struct qa_error *err);
/* Writes agents.csv, sessions.csv, findings.csv, timeliness.csv, summary.json and
 * report.html into out, the CSV files after a UTF-8 BOM when excel_bom is set, and switches
 * them in. Either the whole set is replaced or, on failure (exit 4, err set), none is; the
 * caller then closes out, which removes what this run wrote. */
int report_write_dir(const struct report_view *v, struct output_dir *out, bool excel_bom,
		     struct qa_error *err);

#endif
