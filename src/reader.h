/* Private to ingest: one pass over one input, as a window of unread bytes that the CSV and
 * JSON parsers consume, and the validation every record passes before it is handed on. */
#ifndef READER_H
#define READER_H

#include <stdbool.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"
#include "ingest.h"
#include "transcode.h"

/* Resource limits (see README "Limits"). A record over them is bad: skipped and counted. */
#define MAX_RECORD_BYTES (16u << 20)      /* one CSV row, NDJSON line or JSON session object */
#define MAX_FIELD_BYTES  MAX_RECORD_BYTES /* one field: a pasted log is a message too */
#define MAX_JSON_DEPTH   64               /* nesting of one JSON session or message */

/*
 * Results: a function that can only succeed or fail returns 0 or -1 (r->err set, r->stop
 * -1). One with a third answer returns a named enum whose failure is -1 and whose plain
 * success is 0.
 */

struct preset_ops;

/* One pass over one input. The window data[start..end) holds unread bytes. */
struct reader {
	const struct ingest_options *opts;
	struct input_stats *stats;
	struct skip_log *log; /* NULL on a second pass: bad records were counted already */
	record_fn *fn;
	void *ctx;
	struct qa_error *err;
	gzFile gz;
	char *data;
	size_t start, end, capacity;
	bool eof;
	/* The encoding, settled by the first bytes read. Another than UTF-8 is converted as it
	 * is read: data then holds UTF-8, and raw[raw_start..raw_end) the bytes read from gz
	 * and not converted yet. Offsets and lines count the UTF-8. */
	bool started;
	enum encoding encoding;
	struct transcode *transcode; /* NULL for UTF-8, read as it is */
	char *raw;
	size_t raw_start, raw_end, raw_capacity;
	bool raw_eof;
	long undecodable_line; /* the line of the first invalid sequence replaced, or 0 */
	long line;             /* line number of data[start] */
	uint64_t bytes;        /* read so far, for progress reports */
	size_t input;          /* index of the input in struct ingest */
	uint64_t offset;       /* byte offset in the input of data[start] */
	uint64_t unit;         /* record.unit of the records being read */
	/* The replay of ingest_read_units: the units still to read, else NULL. */
	const uint64_t *units;
	size_t unit_count;
	int stop;                        /* fn's nonzero return, or -1 after a fatal error */
	const struct preset_ops *preset; /* the input's preset (see preset.h), or NULL */
	/* The preset's state, shared by every input (what its pre-pass gathered). */
	void *preset_state;
	bool prepass;       /* the preset's pre-pass: read, but hand on no record */
	void *format_state; /* the parser's own, private to its file */
	struct buf scratch, message;
	/* The role values met so far: an export writes the same few on every row. */
	struct seen_role {
		char value[24];
		size_t len;
		enum role role;
	} roles[8];
	size_t role_count;
	/* Said with "no session id": what the input looks like it needs, or NULL. */
	const char *session_hint;
};

/* Raw fields of one record before validation. */
struct raw_record {
	struct span field[FIELD_COUNT];
	bool has[FIELD_COUNT]; /* the input carries the field, even if this record leaves it empty
				*/
	long line, item;
	bool handoff; /* record.handoff */
};

/* Starts a pass over the input open on fd, which the reader takes (gzip or plain). r's
 * other members are set by the caller before. Returns 0, or -1 with r->err set. */
int reader_init(struct reader *r, int fd);
/* Closes the input and frees the window; accepts a reader that reader_init failed. */
void reader_release(struct reader *r);

enum fill_result {
	FILL_FAILED = -1,
	FILL_MORE = 0, /* bytes were added to the window */
	FILL_END,      /* the input has ended: nothing more will come */
};
/* Reads more input into the window. */
enum fill_result reader_fill(struct reader *r);

/* Moves the window start forward by n bytes, counting lines. */
static inline void reader_advance(struct reader *r, size_t n)
{
	const char *p = r->data + r->start, *end = p + n;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		r->line++;
		p++;
	}
	r->start += n;
	r->offset += n;
}

/* reader_advance for n bytes known to hold lines line ends. */
static inline void reader_advance_lines(struct reader *r, size_t n, long lines)
{
	r->line += lines;
	r->start += n;
	r->offset += n;
}

/* Marks the window start as the start of the row, line or element being read. */
static inline void reader_unit_starts(struct reader *r)
{
	r->unit = (uint64_t)r->input << UNIT_INPUT_SHIFT | r->offset;
}

enum unit_result {
	UNIT_FAILED = -1,
	UNIT_FOUND = 0, /* the window starts at the next unit */
	UNIT_NONE_LEFT,
};
/* With r->units: skips to the next unit to read again. */
enum unit_result reader_next_unit(struct reader *r);

/* Validates raw and hands the record to r->fn. Returns 0 to go on, or -1 to stop: a fatal
 * error, or r->fn's nonzero return, which is left in r->stop. */
int reader_emit(struct reader *r, const struct raw_record *raw);
/* Logs a bad record (masked); returns 0 to go on, -1 when --strict makes it fatal. */
int reader_skip(struct reader *r, long line, long item, enum skip_reason reason, const char *fmt,
		...) __attribute__((format(printf, 5, 6)));
/* Fails the whole input: sets r->err (exit 3) and returns -1. */
int reader_fatal(struct reader *r, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
