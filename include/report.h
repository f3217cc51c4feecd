/* Report stage (STANDARD.md §6): the output files, written atomically into one directory. */
#ifndef REPORT_H
#define REPORT_H

#include "audit.h"

/* Writes sessions.csv, findings.csv and summary.json into a->opts->out_dir. Either every
 * file is replaced or, on failure (exit 4, err set), none is. */
int report_write(const struct audit *a, struct qa_error *err);

#endif
