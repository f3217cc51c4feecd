/* Report stage (STANDARD.md §6): the output files, written atomically into one directory. */
#ifndef REPORT_H
#define REPORT_H

#include "audit.h"
#include "scorecard.h"

/* Writes agents.csv, sessions.csv, findings.csv, timeliness.csv, summary.json and
 * report.html into a->opts->out_dir. Either every file is replaced or, on failure (exit 4,
 * err set), none is. */
int report_write(const struct audit *a, const struct scorecards *cards, struct qa_error *err);

#endif
