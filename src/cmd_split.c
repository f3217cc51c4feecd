/* qaudit split: every session, whole, into one of N part files of canonical NDJSON, so that a
 * large audit can run in shards (README "Splitting a large audit"). */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include "atomic_file.h"
#include "buf.h"
#include "commands.h"
#include "ingest.h"
#include "options.h"
#include "output_dir.h"
#include "read_log.h"
#include "time_parse.h"
#include "xalloc.h"

/* Parts open at once: each read of the inputs writes up to this many, so that a split into
 * thousands of parts needs neither thousands of descriptors nor of gzip streams (256 KiB of
 * deflate state each); the inputs are read once per group of parts. */
#define PARTS_PER_READ 256

/* The keys of a written record, as docs/FORMATS.md names the canonical fields. */
static const char *const keys[FIELD_COUNT] = {
	[FIELD_SESSION] = "session_id",
	[FIELD_TIME] = "time",
	[FIELD_ROLE] = "role",
	[FIELD_TEXT] = "text",
	[FIELD_AGENT] = "agent_id",
	[FIELD_CHANNEL] = "channel",
	[FIELD_CUSTOMER] = "customer_id",
	[FIELD_STATUS] = "status",
	[FIELD_CSAT] = "csat",
};
/* In the order of the canonical columns. */
static const enum field key_order[] = {FIELD_SESSION,  FIELD_TIME,   FIELD_ROLE,
				       FIELD_AGENT,    FIELD_TEXT,   FIELD_CHANNEL,
				       FIELD_CUSTOMER, FIELD_STATUS, FIELD_CSAT};

struct part {
	FILE *fp;
	gzFile gz; /* with --gzip, writing to a copy of fp's descriptor */
	size_t records;
};

struct split {
	const struct audit_options *opts;
	struct output_dir *out;
	char **names;           /* opts->parts file names */
	struct part *parts;     /* opts->parts, open from first to first + open - 1 */
	unsigned first, open;   /* the parts this read writes */
	struct buf value, line; /* one field's text; one record's line */
	const char *phase;      /* for progress lines */
	struct qa_error *err;
};

/* "part-007.ndjson": three digits, or as many as the last part's number needs. */
static char **part_names(unsigned count, bool gzip)
{
	char **names = xcalloc(count, sizeof(*names));
	int digits = 3;
	struct buf name = BUF_INIT;

	for (unsigned n = count - 1; n >= 1000; n /= 10)
		digits++;
	for (unsigned i = 0; i < count; i++) {
		buf_reset(&name);
		buf_addf(&name, "part-%0*u.ndjson%s", digits, i, gzip ? ".gz" : "");
		names[i] = xstrdup(buf_str(&name));
	}
	buf_release(&name);
	return names;
}

static void free_names(char **names, unsigned count)
{
	for (unsigned i = 0; names && i < count; i++)
		free(names[i]);
	free(names);
}

/* The part a session goes to (docs/FORMATS.md, so that other tools can route alike). */
static unsigned part_of(struct span session, unsigned parts)
{
	return (unsigned)(XXH3_64bits(session.ptr, session.len) % parts);
}

static void add_span(struct split *s, cJSON *obj, const char *key, struct span value)
{
	buf_reset(&s->value);
	buf_add(&s->value, value.ptr, value.len);
	cJSON_AddStringToObject(obj, key, buf_str(&s->value));
}

/* The record's time as the reader reads it back: with the zone the input named, as an epoch
 * number when the input wrote one (an instant whatever --tz), else as the naive wall clock it
 * was, which the audit of the parts reads in its own --tz, as it would the input. */
static void add_time(struct split *s, cJSON *obj, const struct record *rec)
{
	struct span given = rec->field[FIELD_TIME];
	char text[TIME_MS_SIZE > TIME_EPOCH_SIZE ? TIME_MS_SIZE : TIME_EPOCH_SIZE];

	if (rec->time_ms == TIME_NONE)
		return; /* the input has no time field: none is written */
	if (rec->zoned)
		time_format_ms(rec->time_ms, rec->zone_min, true, text);
	else if (time_is_epoch(given.ptr, given.len, &s->opts->time_format))
		time_format_epoch(rec->time_ms, text);
	else
		time_format_ms(rec->time_ms, s->opts->tz_offset_min, false, text);
	cJSON_AddStringToObject(obj, keys[FIELD_TIME], text);
}

/* One record as one line of canonical NDJSON in s->line. Returns 0, or -1 with s->err. */
static int format_record(struct split *s, const struct record *rec)
{
	cJSON *obj = cJSON_CreateObject();
	char *text;

	for (size_t i = 0; i < sizeof(key_order) / sizeof(*key_order); i++) {
		enum field f = key_order[i];

		if (f == FIELD_TIME)
			add_time(s, obj, rec);
		else if (f == FIELD_ROLE)
			cJSON_AddStringToObject(obj, keys[f], role_name(rec->role));
		else if (rec->field[f].len || f == FIELD_TEXT)
			add_span(s, obj, keys[f], rec->field[f]);
	}
	if (rec->handoff)
		cJSON_AddTrueToObject(obj, "handoff");
	text = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (!text)
		return qa_fail(s->err, QA_EXIT_OUTPUT, "out of memory (writing a record)");
	buf_reset(&s->line);
	buf_addstr(&s->line, text);
	buf_addch(&s->line, '\n');
	free(text);
	return 0;
}

static int write_failed(struct split *s, unsigned part)
{
	return qa_fail(s->err, QA_EXIT_OUTPUT, "%s/%s: cannot write: %s", s->opts->out_dir,
		       s->names[part], strerror(errno ? errno : EIO));
}

/* A record_fn: the record, if its part is open in this read, to its part. */
static int write_record(const struct record *rec, void *ctx)
{
	struct split *s = ctx;
	unsigned part = part_of(rec->field[FIELD_SESSION], s->opts->parts);
	struct part *p = &s->parts[part];

	if (part < s->first || part >= s->first + s->open)
		return 0;
	if (format_record(s, rec))
		return -1;
	errno = 0;
	if (p->gz ? gzwrite(p->gz, s->line.data, (unsigned)s->line.len) != (int)s->line.len
		  : fwrite(s->line.data, 1, s->line.len, p->fp) != s->line.len)
		return write_failed(s, part);
	p->records++;
	return 0;
}

/* Opens parts first to first + count - 1 of this run. */
static int open_parts(struct split *s, unsigned first, unsigned count)
{
	s->first = first;
	s->open = 0;
	for (unsigned i = first; i < first + count; i++) {
		struct part *p = &s->parts[i];
		int fd;

		p->fp = output_dir_create(s->out, s->names[i], s->err);
		if (!p->fp)
			return -1;
		s->open++;
		if (!s->opts->gzip)
			continue;
		fd = dup(fileno(p->fp));
		p->gz = fd < 0 ? NULL : gzdopen(fd, "wb");
		if (!p->gz) {
			if (fd >= 0)
				close(fd);
			return write_failed(s, i);
		}
	}
	return 0;
}

/* Closes the open parts; after a failure (failed) only closes them, the run being lost. A
 * part no session fell in holds an empty JSON array, which qaudit reads as no records (a
 * quiet night): an empty file would be an error. */
static int close_parts(struct split *s, bool failed)
{
	static const char empty[] = "[]\n";
	int rc = failed ? -1 : 0;

	for (unsigned i = s->first; i < s->first + s->open; i++) {
		struct part *p = &s->parts[i];

		errno = 0;
		if (!rc && !p->records &&
		    (p->gz ? gzputs(p->gz, empty) < 0 : fputs(empty, p->fp) == EOF))
			rc = write_failed(s, i);
		if (p->gz && gzclose(p->gz) != Z_OK && !rc)
			rc = write_failed(s, i);
		p->gz = NULL;
		if (output_dir_finish(s->out, p->fp, s->names[i], rc ? NULL : s->err) && !rc)
			rc = -1;
		p->fp = NULL;
	}
	s->open = 0;
	return rc;
}

/* Reads the inputs once per group of PARTS_PER_READ parts; the first read logs the bad
 * records, which are then warned about and held to --max-bad, as by the audit. */
static int split_inputs(struct split *s, struct ingest *in, struct skip_log *skips)
{
	struct ingest_options io =
		read_log_ingest_options(s->opts, s->opts->tz_offset_min, &s->phase);
	unsigned parts = s->opts->parts;

	s->phase = "reading";
	for (unsigned first = 0; first < parts; first += PARTS_PER_READ) {
		unsigned count = parts - first < PARTS_PER_READ ? parts - first : PARTS_PER_READ;
		int rc = open_parts(s, first, count);

		if (!rc)
			rc = ingest_read(in, &io, write_record, s, first ? NULL : skips, s->err);
		read_log_progress_end(s->opts);
		if (close_parts(s, rc != 0))
			return -1;
		if (first)
			continue;
		if (!s->opts->quiet) {
			read_log_inputs(in, s->opts->agent_default, stderr);
			read_log_skips(skips, NULL, stderr);
		}
		if (read_log_check_bad(in, skips, s->opts, s->err))
			return -1;
	}
	return 0;
}

static size_t total_records(const struct split *s, size_t *largest)
{
	size_t total = 0;

	*largest = 0;
	for (unsigned i = 0; i < s->opts->parts; i++) {
		total += s->parts[i].records;
		if (s->parts[i].records > *largest)
			*largest = s->parts[i].records;
	}
	return total;
}

int cmd_split(int argc, char **argv)
{
	struct audit_options opts;
	struct qa_error err = {0};
	struct output_dir out = {0};
	struct ingest in = {0};
	struct skip_log skips = SKIP_LOG_INIT;
	struct split s = {.out = &out, .value = BUF_INIT, .line = BUF_INIT, .err = &err};
	int status = QA_EXIT_OK;

	if (options_parse(argc, argv, COMMAND_SPLIT, &opts, &err)) {
		options_release(&opts);
		return options_usage_error("split", "%s", err.message);
	}
	if (opts.help) {
		fputs(options_usage(COMMAND_SPLIT), stdout);
		options_release(&opts);
		return QA_EXIT_OK;
	}
	s.opts = &opts;
	s.names = part_names(opts.parts, opts.gzip);
	s.parts = xcalloc(opts.parts, sizeof(*s.parts));
	atomic_file_clean_up_on_signals();
	/* One run per directory at a time, from before the inputs are read, as the audit. */
	if (output_dir_open(&out, opts.out_dir, (const char *const *)s.names, opts.parts,
			    !opts.no_wait, opts.quiet, &err) ||
	    ingest_open(&in, opts.inputs, opts.input_count, opts.spool_max, opts.encoding, &err) ||
	    split_inputs(&s, &in, &skips) || output_dir_commit(&out, &err)) {
		qa_error_print(&err);
		status = (int)err.status;
	} else if (!opts.quiet) {
		size_t largest, total = total_records(&s, &largest);

		printf("qaudit: %zu record%s in %u part%s (the largest %zu); parts in %s/\n", total,
		       total == 1 ? "" : "s", opts.parts, opts.parts == 1 ? "" : "s", largest,
		       opts.out_dir);
	}
	output_dir_close(&out);
	ingest_close(&in);
	skip_log_release(&skips);
	buf_release(&s.value);
	buf_release(&s.line);
	free(s.parts);
	free_names(s.names, opts.parts);
	options_release(&opts);
	return status;
}
