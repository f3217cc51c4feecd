/* Read stage: the inputs of one audit (files, gzip, stdin) turned into records (STANDARD.md §1). */
#ifndef INGEST_H
#define INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "field_map.h"
#include "qa_error.h"
#include "record.h"
#include "skip_log.h"
#include "transcode.h"

struct time_format;
struct ingest_chunk;

enum input_format { FORMAT_AUTO, FORMAT_CSV, FORMAT_JSON, FORMAT_NDJSON };

/* The exports of platforms whose layout is read as it is (docs/FORMATS.md). */
enum preset {
	PRESET_AUTO, /* detected from the content; PRESET_NONE when it matches none */
	PRESET_NONE, /* the generic layout of STANDARD.md §1, with --map */
	PRESET_ZENDESK_CHAT,
	PRESET_INTERCOM,
	PRESET_LIVECHAT,
	PRESET_FRESHCHAT,
	PRESET_TWCS,
	PRESET_COUNT
};

const char *preset_name(enum preset preset);
/* Reads "zendesk-chat", "none", "auto", ...; -1 for an unknown name. */
int preset_parse(const char *name, enum preset *preset);

struct ingest_options {
	enum input_format format;    /* FORMAT_AUTO: detected from each input's content */
	enum preset preset;          /* PRESET_AUTO: detected from each input's content */
	enum encoding encoding;      /* --encoding; a byte-order mark overrides it */
	bool signoff_agents;         /* a reply's sign-off names its agent (--signoff-agents) */
	const struct field_map *map; /* column names and role values */
	int tz_offset_min;           /* zone of times written without an offset */
	const struct time_format *time_format; /* day-first dates and patterns (--time-format) */
	const char *agent_default; /* agent of agent messages when the input has no agent field */
	bool strict;               /* the first bad record is fatal */
	/* Called now and then with the bytes read so far of an input (uncompressed), and once
	 * more at its end; NULL for none. */
	void (*progress)(const char *name, uint64_t bytes, bool done, void *ctx);
	void *progress_ctx;
	/* Set: the first read cuts a CSV or NDJSON input without a preset into chunks of whole
	 * rows or lines, of about chunk_bytes, and hands each to chunk, in input order, instead of
	 * parsing it on the reading thread; chunk(NULL, ctx) waits until every chunk handed on is
	 * added (before an input read whole). A nonzero return stops the read, as fn's does. */
	int (*chunk)(struct ingest_chunk *chunk, void *ctx);
	void *chunk_ctx;
	size_t chunk_bytes;
};

/* What the first pass learned about one input. */
struct input_stats {
	const char *name; /* as given on the command line; "stdin" for "-" */
	enum input_format format;
	enum preset preset; /* never PRESET_AUTO once read */
	bool gzip;
	enum encoding encoding; /* the one it was read in (never ENCODING_UTF16) */
	size_t undecodable;     /* invalid sequences of that encoding replaced with U+FFFD */
	long undecodable_line;  /* the line of the first, or 0 */
	size_t records;         /* good records handed on */
	size_t bad;             /* records skipped */
	size_t repaired;        /* records whose text had invalid UTF-8 replaced */
	size_t untimed;         /* records without a time */
	size_t default_agent;   /* agent records that got agent_default */
	char delimiter;         /* CSV only */
};

/* An open input, and what it looked like when opened, to notice it changing. */
struct input_file {
	int fd; /* standard input and pipes are spooled to a temporary file */
	long long size;
	long long mtime_ns;
};

struct ingest {
	struct input_stats *inputs;
	struct input_file *files;
	size_t count;
	/* Per preset, the state its inputs share (what its pre-pass gathered), or NULL. */
	void *preset_state[PRESET_COUNT];
};

/* Opens every input (a path, or "-" for standard input, which, like a pipe or a device, is
 * copied to an unlinked temporary file in $TMPDIR so it can be read twice: at most
 * spool_max bytes, 0 for the default of --spool-max, and only after its first 64 KiB, read in
 * encoding as ingest_read will, look like an export). names must outlive in. Returns 0, or -1
 * with err set (exit 3). */
int ingest_open(struct ingest *in, char *const *names, size_t count, uint64_t spool_max,
		enum encoding encoding, struct qa_error *err);

/*
 * Reads every input once, in order, calling fn for each good record. The first call detects
 * each input's format and fills in->inputs; later calls reuse it. Bad records are logged to
 * log (with --strict the first one fails); pass log = NULL to skip them silently on a
 * second pass. Returns 0, fn's nonzero value, or -1 with err set (exit 3) for whole-file
 * problems: empty input, no required field, unreadable encoding, corrupt gzip or JSON.
 */
int ingest_read(struct ingest *in, const struct ingest_options *opts, record_fn *fn, void *ctx,
		struct skip_log *log, struct qa_error *err);

/*
 * Reads again only the records at units[0..count), the `unit` values of records that a
 * first ingest_read handed on, sorted and without repeats: the rows, lines or JSON elements
 * in between are skipped unparsed. Bad records are skipped silently. Returns as
 * ingest_read; an input that changed since the first read is an error (exit 3).
 */
int ingest_read_units(struct ingest *in, const struct ingest_options *opts, const uint64_t *units,
		      size_t count, record_fn *fn, void *ctx, struct qa_error *err);

void ingest_close(struct ingest *in);

/* Parses a chunk that ingest_options.chunk was given, on any thread: fn gets its good records
 * in order. Its counts, bad records, progress and failure wait in it for ingest_chunk_add. */
void ingest_chunk_parse(struct ingest_chunk *chunk, record_fn *fn, void *ctx);
/* In input order, each chunk once parsed: its progress reports, its counts into in->inputs,
 * its bad records into log. Returns 0, or -1 with err set when it failed (exit 3): the read
 * ends there. */
int ingest_chunk_add(struct ingest *in, struct ingest_chunk *chunk, struct skip_log *log,
		     struct qa_error *err);
/* Frees a chunk, added or not. */
void ingest_chunk_free(struct ingest_chunk *chunk);

const char *input_format_name(enum input_format format);

#endif
