/* One message as ingest hands it on: validated, with the place it came from. */
#ifndef RECORD_H
#define RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Who wrote a message (docs/STANDARD.md §1). */
enum role {
	ROLE_CUSTOMER,
	ROLE_AGENT, /* a human agent */
	ROLE_BOT,
	ROLE_SYSTEM, /* events such as "chat started" */
	ROLE_NOTE,   /* internal notes: kept out of scoring */
	ROLE_COUNT
};

/* The canonical fields of docs/STANDARD.md §1. */
enum field {
	FIELD_SESSION,
	FIELD_TIME,
	FIELD_ROLE,
	FIELD_TEXT,
	FIELD_AGENT,
	FIELD_CHANNEL,
	FIELD_CUSTOMER,
	FIELD_STATUS,
	FIELD_CSAT,
	FIELD_COUNT
};

/* Bytes borrowed from a reader's buffer; not NUL-terminated. */
struct span {
	const char *ptr;
	size_t len;
};

struct record {
	const char *file; /* the input's display name */
	long line;        /* 1-based line where the record starts */
	long item;        /* message number inside a JSON session object, 0 otherwise */
	int64_t time_ms;  /* UTC milliseconds, or TIME_NONE when the input has no time field */
	bool zoned;       /* the time names its zone: zone_min minutes east of UTC */
	int zone_min;
	enum role role;
	/* Trimmed, valid UTF-8. Empty when the input does not have the field. */
	struct span field[FIELD_COUNT];
	/* Where the record can be read again: the input's number (in the top 16 bits) and the
	 * byte offset of the row, line or JSON element that holds it (see ingest_read_units). */
	uint64_t unit;
	/* A system event that hands the customer to a human (a transfer, an assignment from a
	 * bot): the first-response clock starts there, as at a bot's last message. */
	bool handoff;
};

#define UNIT_INPUT_SHIFT 48
#define UNIT_OFFSET_MASK ((UINT64_C(1) << UNIT_INPUT_SHIFT) - 1)

/* Called once per good record; the record and its spans are valid only during the call.
 * A nonzero return stops the reader, which then returns that value. */
typedef int record_fn(const struct record *rec, void *ctx);

const char *role_name(enum role role);

#endif
