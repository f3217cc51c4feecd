/* Private to ingest: the reader that the CSV and JSON parsers share. */
#ifndef INGEST_FORMATS_H
#define INGEST_FORMATS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <zlib.h>

#include "buf.h"
#include "ingest.h"

/* Resource limits (see README "Limits"). */
#define MAX_FIELD_BYTES  (1u << 20)  /* one field or message text */
#define MAX_RECORD_BYTES (16u << 20) /* one CSV row, NDJSON line or JSON session object */
#define MAX_JSON_DEPTH   64          /* nesting of one JSON session or message */

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
	long line;             /* line number of data[start] */
	uint64_t bytes;        /* read so far, for progress reports */
	size_t input;          /* index of the input in struct ingest */
	uint64_t offset;       /* byte offset in the input of data[start] */
	uint64_t unit;         /* record.unit of the records being read */
	const uint64_t *units; /* ingest_read_units: the units still to read, else NULL */
	size_t unit_count;
	int stop;                  /* fn's nonzero return, or -1 after a fatal error */
	struct reply_links *links; /* twcs: filled by a links-only read, then used */
	bool links_only;           /* only collect reply links; hand on no record */
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
	bool has[FIELD_COUNT]; /* the input carries the field, even if this record leaves it empty
				*/
	long line, item;
	bool handoff; /* record.handoff */
};

/* A record built from JSON values: spans borrow the values' strings; numbers are written
 * out into numbers[]. */
struct json_fields {
	struct raw_record raw;
	char numbers[FIELD_COUNT][32];
	bool session_from_id;
};

/* Stores a scalar JSON value (text, number, boolean; null clears) as field f. Returns 0,
 * 1 if it has the wrong type, or 2 for a number too large to have been read exactly. */
int json_put_field(struct json_fields *jf, enum field f, const cJSON *v);
/* Stores fixed text (a role word, a joined text kept alive by the caller) as field f. */
void json_put_text(struct json_fields *jf, enum field f, const char *text, size_t len);
/* The value at a dotted path of exact key names and array indexes ("author.id",
 * "message_parts.0.text.content"), or NULL. */
const cJSON *json_get(const cJSON *v, const char *path);
/* The text at path, or NULL when it is missing or not text. */
const char *json_string(const cJSON *v, const char *path);
/* Emits jf's record, first storing role; returns 0, or -1 to stop. */
int json_emit(struct reader *r, struct json_fields *jf, enum role role);

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
int reader_skip(struct reader *r, long line, long item, enum skip_reason reason, const char *fmt,
		...) __attribute__((format(printf, 5, 6)));
/* Fails the whole input: sets r->err (exit 3) and returns -1. */
int reader_fatal(struct reader *r, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int ingest_csv(struct reader *r);
int ingest_json(struct reader *r, bool ndjson);

/* ---- Presets (docs/FORMATS.md) ---- */

/* twcs: reply links between tweets, gathered from every input before the first read, so
 * that each tweet's conversation is known when its row is read. */
struct reply_links *reply_links_new(void);
void reply_links_free(struct reply_links *links); /* accepts NULL */
/* Settles every tweet's root once all links are in. */
void reply_links_resolve(struct reply_links *links);

/* The twcs columns, found in the header. */
struct twcs_columns {
	int tweet, author, inbound, created, text, parent; /* -1: missing */
};

/* Finds the columns; fatal if one is missing. */
int twcs_header(struct reader *r, const struct span *cells, size_t count, long line,
		struct twcs_columns *columns);
/* One row: a reply link (links_only) or a record. Returns as reader_emit. */
int twcs_row(struct reader *r, const struct twcs_columns *columns, const struct span *cells,
	     long line);

/* The preset whose layout the start of an input shows, or PRESET_NONE. */
enum preset preset_detect(enum input_format format, const char *sample, size_t len);
/* One chat, conversation or message of a JSON preset. Returns 0, or -1 to stop. */
int read_zendesk_chat(struct reader *r, const cJSON *chat, long line);
int read_intercom(struct reader *r, const cJSON *conversation, long line);
int read_livechat(struct reader *r, const cJSON *chat, long line);
int read_freshchat(struct reader *r, const cJSON *value, long line);
/* True when the window starts with one JSON value that ends on its first line. */
bool json_first_value_on_one_line(const char *data, size_t len);

#endif
