/* Private to ingest: the reader that the CSV and JSON parsers share. */
#ifndef INGEST_FORMATS_H
#define INGEST_FORMATS_H

#include <stdbool.h>
#include <zlib.h>

#include "buf.h"
#include "ingest.h"

/* Resource limits (see README "Limits"). */
#define MAX_FIELD_BYTES (1u << 20)   /* one field or message text */
#define MAX_RECORD_BYTES (16u << 20) /* one CSV row, NDJSON line or JSON session object */
#define MAX_JSON_DEPTH 64            /* nesting of one JSON session or message */

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
	long line; /* line number of data[start] */
	uint64_t bytes; /* read so far, for progress reports */
	size_t input;         /* index of the input in struct ingest */
	uint64_t offset;      /* byte offset in the input of data[start] */
	uint64_t unit;        /* record.unit of the records being read */
	const uint64_t *units; /* ingest_read_units: the units still to read, else NULL */
	size_t unit_count;
	int stop;  /* fn's nonzero return, or -1 after a fatal error */
	struct buf scratch, message;
	/* The role values met so far: an export writes the same few on every row. */
	struct seen_role {
		char value[24];
		size_t len;
		enum role role;
	} roles[8];
	size_t role_count;
	/* The JSON keys met so far and what they name (see ingest_json.c). */
	struct json_key {
		char name[32];
		size_t len;
		int field;      /* enum field, or FIELD_COUNT */
		unsigned kinds; /* KEY_* bits */
	} keys[32], key_scratch;
	size_t key_count, key_next;
};

/* Raw fields of one record before validation. */
struct raw_record {
	struct span field[FIELD_COUNT];
	bool has[FIELD_COUNT]; /* the input carries the field, even if this record leaves it empty */
	long line, item;
};

/* Reads more input into the window; returns the number of bytes added (0 at the end),
 * or -1 with r->err set. */
long reader_fill(struct reader *r);
/* Moves the window start forward by n bytes, counting lines. */
void reader_advance(struct reader *r, size_t n);
/* reader_advance for n bytes known to hold lines line ends. */
void reader_advance_lines(struct reader *r, size_t n, long lines);
/* Marks the window start as the start of the row, line or element being read. */
void reader_unit_starts(struct reader *r);
/* With r->units: skips to the next unit and returns true; false when none is left or the
 * input ended first (then fatal). */
bool reader_next_unit(struct reader *r);

/* Validates raw and hands the record to r->fn. Returns 0 to go on, nonzero to stop. */
int reader_emit(struct reader *r, const struct raw_record *raw);
/* Logs a bad record (masked); returns 0 to go on, -1 when --strict makes it fatal. */
int reader_skip(struct reader *r, long line, long item, enum skip_reason reason,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Fails the whole input: sets r->err (exit 3) and returns -1. */
int reader_fatal(struct reader *r, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int ingest_csv(struct reader *r);
int ingest_json(struct reader *r, bool ndjson);
/* True when the window starts with one JSON value that ends on its first line. */
bool json_first_value_on_one_line(const char *data, size_t len);

#endif
