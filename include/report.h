/* Report stage (STANDARD.md §6): the output files, written atomically into one directory. */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>

#include "ingest.h"
#include "qa_error.h"
#include "sample.h"
#include "session.h"
#include "skip_log.h"

/* Everything a report is made from; all borrowed. */
struct report_input {
	const struct ingest *ingest;
	const struct skip_log *skips;
	const struct session_index *sessions;
	const struct sample_options *sample;
	size_t sampled;
};

/* Writes sessions.csv and summary.json into dir. Either both files are replaced or, on
 * failure (exit 4, err set), neither is. */
int report_write(const char *dir, const struct report_input *in, struct qa_error *err);

#endif
