/* The log of skipped records. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mask.h"
#include "skip_log.h"
#include "xalloc.h"

static const char *const keys[SKIP_REASON_COUNT] = {
	[SKIP_BROKEN_QUOTING] = "broken_quoting",
	[SKIP_RAGGED_ROW] = "wrong_field_count",
	[SKIP_INVALID_JSON] = "invalid_json",
	[SKIP_WRONG_TYPE] = "wrong_type",
	[SKIP_TOO_LARGE] = "too_large",
	[SKIP_MISSING_SESSION] = "missing_session_id",
	[SKIP_MISSING_ROLE] = "missing_role",
	[SKIP_UNKNOWN_ROLE] = "unknown_role",
	[SKIP_MISSING_AGENT] = "missing_agent_id",
	[SKIP_MISSING_TIME] = "missing_time",
	[SKIP_UNPARSABLE_TIME] = "unparsable_time",
	[SKIP_TIME_OUT_OF_RANGE] = "time_out_of_range",
	[SKIP_INVALID_UTF8] = "invalid_utf8",
};

const char *skip_reason_key(enum skip_reason reason)
{
	return keys[reason];
}

/* The message is kept as a warning prints it: one line, masked, no control characters,
 * whatever the record quoted in it held. */
void skip_log_add(struct skip_log *log, enum skip_reason reason, const char *message)
{
	struct buf line = BUF_INIT;

	log->count[reason]++;
	log->total++;
	if (log->entry_count >= SKIP_LOG_KEEP)
		return;
	mask_line(message, strlen(message), &line);
	ALLOC_GROW(log->entries, log->entry_count + 1, log->entry_capacity);
	log->entries[log->entry_count++] = (struct skip_entry){reason, buf_detach(&line)};
}

void skip_log_release(struct skip_log *log)
{
	for (size_t i = 0; i < log->entry_count; i++)
		free(log->entries[i].message);
	free(log->entries);
	*log = (struct skip_log)SKIP_LOG_INIT;
}
