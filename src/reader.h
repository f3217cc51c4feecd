/* Private to ingest: one pass over one input, as a window of unread bytes that the CSV and
 * JSON parsers consume, and the validation every record passes before it is handed on. */
#ifndef READER_H
#define READER_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"
#include "qa_error.h"
#include "skip_log.h"
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

/* A progress report made while an input is cut into chunks: given on in input order, with
 * the chunk it falls in, unless a failure before it ends the read (ingest_chunk_add). */
struct progress_event {
	uint64_t at; /* the window start's offset when it was made */
	uint64_t bytes;
	bool done;
};

struct csv_header;

/*
 * A run of whole rows of a CSV input or whole lines of an NDJSON one, cut by the reading
 * thread (ingest_csv, ingest_json) and parsed by any thread (ingest_csv_chunk,
 * ingest_json_chunk) with a reader of its own over these bytes alone. What the parse finds
 * (counts, bad records, a failure) stays here until the chunk is added in input order; so
 * the output is the one a single thread gives.
 */
struct ingest_chunk {
	const struct ingest_options *opts;
	struct csv_header *header; /* a CSV's columns, shared by its chunks; NULL: none */
	bool lines;                /* NDJSON lines (no header) */
	size_t input;
	struct buf data; /* the rows as read, from line `line` at byte `offset` */
	long line;
	uint64_t offset;
	bool last; /* the end of the input: a row left open is ended as there */
	bool cut;  /* read up to an error of the reading thread: a row left open is dropped */
	/* A row or line over MAX_RECORD_BYTES that follows data, read past by the reading
	 * thread: its line (0: none), and whether a quoted field of it never closed. */
	long long_row;
	bool long_row_quoted;
	struct progress_event *events;
	size_t event_count, event_capacity;
	/* The parse's: counts of this chunk alone, its bad records, its failure if any. */
	struct input_stats counts;
	struct skip_log log;
	struct qa_error err;
	bool failed;
	uint64_t failed_at; /* offset of the line that failed; UINT64_MAX past the last */
};

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
	/* While the input is cut into chunks (ingest_options.chunk): the one being filled. */
	struct ingest_chunk *chunk;
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

/* Reports progress (bytes of the input read, or done), or keeps the report in r->chunk. */
void reader_progress(struct reader *r, uint64_t bytes, bool done);

/* Cutting into chunks. chunk_open starts r->chunk at the window start, or moves the open
 * one there while it holds no row; chunk_hand_on gives it to ingest_options.chunk (r->chunk
 * is NULL after) and returns the nonzero value that stops the read, or 0. */
void chunk_open(struct reader *r);
int chunk_hand_on(struct reader *r);
/* Waits until every chunk handed on is added, before r is read on this thread. Returns 0,
 * or the nonzero value that stops the read (r->stop set). */
int reader_wait_chunks(struct reader *r);

/* The parse of one chunk, on any thread, by the reader made for it. */
void ingest_csv_chunk(struct reader *r, struct ingest_chunk *c);
void ingest_json_chunk(struct reader *r, struct ingest_chunk *c);
/* A header is shared by the chunks of its input: csv_header_get adds a reference and returns
 * h, csv_header_put drops one and frees it with the last. Both accept NULL. */
struct csv_header *csv_header_get(struct csv_header *h);
void csv_header_put(struct csv_header *h);

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
