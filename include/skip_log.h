/* Bad records (docs/STANDARD.md §7): skipped, counted by reason, the first few kept for
 * warnings. */
#ifndef SKIP_LOG_H
#define SKIP_LOG_H

#include <stddef.h>

enum skip_reason {
	SKIP_BROKEN_QUOTING,
	SKIP_RAGGED_ROW,
	SKIP_INVALID_JSON,
	SKIP_WRONG_TYPE,
	SKIP_TOO_LARGE,
	SKIP_MISSING_SESSION,
	SKIP_MISSING_ROLE,
	SKIP_UNKNOWN_ROLE,
	SKIP_MISSING_AGENT,
	SKIP_MISSING_TIME,
	SKIP_UNPARSABLE_TIME,
	SKIP_TIME_OUT_OF_RANGE,
	SKIP_INVALID_UTF8,
	SKIP_REASON_COUNT
};

/* Warnings kept word for word; the rest are only counted. */
#define SKIP_LOG_KEEP 100

struct skip_entry {
	enum skip_reason reason;
	char *message; /* "FILE:LINE: what is wrong", personal data masked */
};

struct skip_log {
	size_t count[SKIP_REASON_COUNT];
	size_t total;
	size_t repaired; /* records kept after invalid UTF-8 in their text was replaced */
	struct skip_entry *entries;
	size_t entry_count, entry_capacity;
};

#define SKIP_LOG_INIT                                                                              \
	{                                                                                          \
		{0}, 0, 0, NULL, 0, 0                                                              \
	}

/* Counts one bad record; keeps a copy of message while fewer than SKIP_LOG_KEEP are kept. */
void skip_log_add(struct skip_log *log, enum skip_reason reason, const char *message);
void skip_log_release(struct skip_log *log);

/* Stable snake_case key of a reason, as written in summary.json ("unknown_role"). */
const char *skip_reason_key(enum skip_reason reason);

#endif
