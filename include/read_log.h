/* What a read of the inputs tells the user on stderr, alike for every command that reads them:
 * the progress line, the warnings of the first read and the --max-bad limit (docs/STANDARD.md
 * §7). */
#ifndef READ_LOG_H
#define READ_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ingest.h"
#include "options.h"
#include "qa_error.h"
#include "skip_log.h"

/* An ingest_options.progress: "qaudit: PHASE NAME: N MB", rewritten in place on a terminal, a
 * line per 256 MB and per input elsewhere (--progress into a log). ctx points to the phase
 * ("reading"), a const char * that may change between reads. */
void read_log_progress(const char *name, uint64_t bytes, bool done, void *ctx);
/* The options of a read of the inputs, as the command line gives them: times without a zone
 * in tz_offset_min, progress lines (when asked for) naming *phase. */
struct ingest_options read_log_ingest_options(const struct audit_options *opts, int tz_offset_min,
					      const char **phase);
/* Whether opts ask for progress lines: --progress, or a terminal and no --quiet. */
bool read_log_wants_progress(const struct audit_options *opts);
/* Clears a progress line left on a terminal. */
void read_log_progress_end(const struct audit_options *opts);

/* The warnings about each input of a first read (ingest_read with a skip log): no records,
 * no times, the default agent, undecodable bytes, repaired text. */
void read_log_inputs(const struct ingest *in, const char *agent_default, FILE *out);
/* The bad records skipped: those kept word for word, then how many more (counted in the file
 * named counted_in, "summary.json", or NULL for none). */
void read_log_skips(const struct skip_log *log, const char *counted_in, FILE *out);
/* §7: more bad records than --max-bad allows is fatal (3), naming a typical one. Returns 0,
 * or -1 with err set. */
int read_log_check_bad(const struct ingest *in, const struct skip_log *log,
		       const struct audit_options *opts, struct qa_error *err);

#endif
