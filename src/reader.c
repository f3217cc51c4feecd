/* The reader of one input: its window of bytes (gunzipped by zlib), line and unit
 * positions, the replay of chosen units, and the validation of every record. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mask.h"
#include "reader.h"
#include "time_parse.h"
#include "utf8.h"
#include "xalloc.h"

#define READ_CHUNK    (256 * 1024)
#define RAW_CHUNK     (READ_CHUNK / 2) /* read at a time to be converted into the window */
#define DETAIL_CHARS  40
#define PROGRESS_STEP (16u << 20)

int reader_init(struct reader *r, int fd)
{
	r->gz = gzdopen(fd, "rb");
	if (!r->gz) {
		close(fd);
		return qa_fail(r->err, QA_EXIT_INPUT, "%s: cannot read", r->stats->name);
	}
	gzbuffer(r->gz, READ_CHUNK);
	return 0;
}

void reader_release(struct reader *r)
{
	if (r->gz)
		gzclose(r->gz);
	r->gz = NULL;
	free(r->data);
	r->data = NULL;
	transcode_free(r->transcode);
	r->transcode = NULL;
	free(r->raw);
	r->raw = NULL;
	buf_release(&r->scratch);
	buf_release(&r->message);
}

/* Reads up to size bytes of the input (inflated, if gzip) into p. Returns the count, 0 at
 * its end, or -1. */
static int read_input(struct reader *r, char *p, size_t size)
{
	int n = gzread(r->gz, p, (unsigned)size), code;

	if (n < 0 || (n == 0 && !gzeof(r->gz))) {
		const char *why = gzerror(r->gz, &code);

		/* zlib names the stream "<fd:N>", which says nothing to the user. */
		if (!strncmp(why, "<fd:", 4) && strstr(why, ">: "))
			why = strstr(why, ">: ") + 3;
		return reader_fatal(r, 0, "corrupt gzip data (%s)", why);
	}
	if (n == 0) {
		gzerror(r->gz, &code);
		if (code == Z_BUF_ERROR)
			return reader_fatal(r, 0, "truncated gzip data (unexpected end of file)");
		return 0;
	}
	if (r->opts->progress &&
	    (r->bytes + (uint64_t)n) / PROGRESS_STEP != r->bytes / PROGRESS_STEP)
		reader_progress(r, r->bytes + (uint64_t)n, false);
	r->bytes += (uint64_t)n;
	return n;
}

/* The line of data[at], at or after the window start. */
static long line_at(const struct reader *r, size_t at)
{
	const char *p = r->data + r->start, *end = r->data + at;
	long line = r->line;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

/* Converts raw bytes into the window's free room, reading more when they run out. Returns
 * the bytes added to the window, 0 at the end of the input, or -1. */
static int read_decoded(struct reader *r, size_t room)
{
	for (;;) {
		size_t used, bad, n;

		if (r->raw_start == r->raw_end && !r->raw_eof) {
			int got = read_input(r, r->raw, r->raw_capacity);

			if (got < 0)
				return -1;
			r->raw_start = 0;
			r->raw_end = (size_t)got;
			r->raw_eof = got == 0;
		}
		n = transcode_convert(r->transcode, r->raw + r->raw_start,
				      r->raw_end - r->raw_start, r->raw_eof, r->data + r->end, room,
				      &used, &bad);
		r->raw_start += used;
		if (bad != SIZE_MAX && !r->undecodable_line)
			r->undecodable_line = line_at(r, r->end + bad);
		if (n || r->raw_eof)
			return (int)n;
	}
}

/* Settles the encoding from the first n bytes read, at data[end..end + n): UTF-8 stays in
 * the window as it is; another moves to raw, to be converted into it. Returns the bytes now
 * in the window, or -1. */
static int start_decoding(struct reader *r, int n, size_t room)
{
	const char *p = r->data + r->end;
	size_t bom;

	r->started = true;
	r->encoding =
		transcode_resolve(r->opts->encoding, (const unsigned char *)p, (size_t)n, &bom);
	if (r->encoding == ENCODING_UTF8)
		return n;
	r->transcode = transcode_new(r->encoding);
	if (!r->transcode)
		return reader_fatal(r, 0, "cannot read %s: iconv has no converter for it",
				    transcode_name(r->encoding));
	r->raw_capacity = (size_t)n > RAW_CHUNK ? (size_t)n : RAW_CHUNK;
	r->raw = xmalloc(r->raw_capacity);
	memcpy(r->raw, p + bom, (size_t)n - bom);
	r->raw_end = (size_t)n - bom;
	return read_decoded(r, room);
}

enum fill_result reader_fill(struct reader *r)
{
	size_t room;
	int n;

	if (r->eof)
		return FILL_END;
	if (r->start > 0) {
		memmove(r->data, r->data + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->capacity - r->end < READ_CHUNK) {
		r->capacity = r->capacity ? r->capacity * 2 : 2 * READ_CHUNK;
		r->data = xrealloc(r->data, r->capacity);
	}
	room = r->capacity - r->end - 1;
	if (r->transcode) {
		n = read_decoded(r, room);
	} else {
		n = read_input(r, r->data + r->end, room);
		if (n > 0 && !r->started)
			n = start_decoding(r, n, room);
	}
	if (n < 0)
		return FILL_FAILED;
	if (n == 0) {
		r->eof = true;
		return FILL_END;
	}
	r->end += (size_t)n;
	r->data[r->end] = '\0';
	return FILL_MORE;
}

enum unit_result reader_next_unit(struct reader *r)
{
	uint64_t target;

	if (!r->unit_count)
		return UNIT_NONE_LEFT;
	target = *r->units++ & UNIT_OFFSET_MASK;
	r->unit_count--;
	if (r->offset > target) {
		reader_fatal(r, 0, "changed while qaudit was reading it");
		return UNIT_FAILED;
	}
	while (r->offset < target) {
		size_t n = r->end - r->start;
		enum fill_result got;

		if (n) {
			reader_advance(r,
				       n < target - r->offset ? n : (size_t)(target - r->offset));
			continue;
		}
		got = reader_fill(r);
		if (got == FILL_END)
			reader_fatal(r, 0, "changed while qaudit was reading it");
		if (got != FILL_MORE)
			return UNIT_FAILED;
	}
	return UNIT_FOUND;
}

void chunk_open(struct reader *r)
{
	struct ingest_chunk *c = r->chunk;

	if (!c) {
		c = xcalloc(1, sizeof(*c));
		c->opts = r->opts;
		c->input = r->input;
		c->data = (struct buf)BUF_INIT;
		c->log = (struct skip_log)SKIP_LOG_INIT;
		r->chunk = c;
	}
	c->line = r->line;
	c->offset = r->offset;
}

int chunk_hand_on(struct reader *r)
{
	struct ingest_chunk *c = r->chunk;
	int rc;

	r->chunk = NULL;
	c->counts.name = r->stats->name;
	c->counts.format = r->stats->format;
	c->counts.delimiter = r->stats->delimiter;
	rc = r->opts->chunk(c, r->opts->chunk_ctx);
	if (rc)
		r->stop = rc;
	return rc;
}

int reader_wait_chunks(struct reader *r)
{
	int rc;

	if (!r->opts->chunk || !r->log)
		return 0;
	rc = r->opts->chunk(NULL, r->opts->chunk_ctx);
	if (rc)
		r->stop = rc;
	return rc;
}

void reader_progress(struct reader *r, uint64_t bytes, bool done)
{
	struct ingest_chunk *c = r->chunk;

	if (!c) {
		r->opts->progress(r->stats->name, bytes, done, r->opts->progress_ctx);
		return;
	}
	ALLOC_GROW(c->events, c->event_count + 1, c->event_capacity);
	c->events[c->event_count++] = (struct progress_event){r->offset, bytes, done};
}

/* Formats "FILE:LINE: " (or "FILE: " without a line) into r->message. */
static void locate(struct reader *r, long line, long item)
{
	buf_reset(&r->message);
	buf_addstr(&r->message, r->stats->name);
	if (line > 0)
		buf_addf(&r->message, ":%ld", line);
	if (item > 0)
		buf_addf(&r->message, ": message %ld", item);
	buf_addstr(&r->message, ": ");
}

int reader_fatal(struct reader *r, long line, const char *fmt, ...)
{
	va_list ap;

	locate(r, line, 0);
	va_start(ap, fmt);
	{
		char text[900];

		vsnprintf(text, sizeof(text), fmt, ap);
		buf_addstr(&r->message, text);
	}
	va_end(ap);
	r->stop = -1;
	return qa_fail(r->err, QA_EXIT_INPUT, "%s", buf_str(&r->message));
}

int reader_skip(struct reader *r, long line, long item, enum skip_reason reason, const char *fmt,
		...)
{
	char text[400];
	va_list ap;

	r->stats->bad++;
	if (!r->log)
		return 0;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	locate(r, line, item);
	buf_addstr(&r->message, text);
	if (r->opts->strict) {
		r->stop = -1;
		return qa_fail(r->err, QA_EXIT_INPUT, "%s (--strict)", buf_str(&r->message));
	}
	skip_log_add(r->log, reason, buf_str(&r->message));
	return 0;
}

/* A value quoted for a message: masked, one line, at most DETAIL_CHARS characters. */
static const char *detail(struct reader *r, struct span s)
{
	struct buf masked = BUF_INIT;
	size_t chars = 0, i;

	mask_text(s.ptr, s.len, &masked);
	buf_reset(&r->scratch);
	for (i = 0; i < masked.len && chars < DETAIL_CHARS; i++) {
		unsigned char c = (unsigned char)masked.data[i];

		if ((c & 0xC0) != 0x80)
			chars++;
		buf_addch(&r->scratch, c < 0x20 ? ' ' : (char)c);
	}
	while (i < masked.len && ((unsigned char)masked.data[i] & 0xC0) == 0x80)
		buf_addch(&r->scratch, masked.data[i++]);
	if (i < masked.len)
		buf_addstr(&r->scratch, "...");
	buf_release(&masked);
	return buf_str(&r->scratch);
}

static struct span trim(struct span s)
{
	while (s.len && (unsigned char)s.ptr[0] <= ' ' && s.ptr[0] != '\0') {
		s.ptr++;
		s.len--;
	}
	while (s.len && (unsigned char)s.ptr[s.len - 1] <= ' ' && s.ptr[s.len - 1] != '\0')
		s.len--;
	return s;
}

/* What validate found a record to be. */
enum verdict {
	RECORD_FATAL = -1, /* bad, and --strict made that fatal */
	RECORD_GOOD = 0,
	RECORD_SKIPPED, /* bad: logged and left out */
};

/* The verdict on a bad record, from reader_skip's result. */
static enum verdict skipped(int rc)
{
	return rc < 0 ? RECORD_FATAL : RECORD_SKIPPED;
}

static enum verdict check_time(struct reader *r, const struct raw_record *raw, struct record *rec)
{
	struct span t = rec->field[FIELD_TIME];
	enum time_status status;

	if (!raw->has[FIELD_TIME]) {
		rec->time_ms = TIME_NONE;
		r->stats->untimed++;
		return RECORD_GOOD;
	}
	if (!t.len)
		return skipped(reader_skip(r, raw->line, raw->item, SKIP_MISSING_TIME, "no time"));
	status = time_parse_as(t.ptr, t.len, r->opts->tz_offset_min, r->opts->time_format,
			       &rec->time_ms, &rec->zone_min);
	switch (status) {
	case TIME_OK:
		rec->zoned = rec->zone_min != TIME_ZONE_NONE;
		return RECORD_GOOD;
	case TIME_OUT_OF_RANGE:
		return skipped(reader_skip(r, raw->line, raw->item, SKIP_TIME_OUT_OF_RANGE,
					   "time out of range '%s' (not a day from 1970 to 2100)",
					   detail(r, t)));
	case TIME_DAY_MONTH:
		return skipped(reader_skip(r, raw->line, raw->item, SKIP_UNPARSABLE_TIME,
					   "day or month first in '%s'? say which with "
					   "--time-format dmy or mdy",
					   detail(r, t)));
	default:
		return skipped(
			reader_skip(r, raw->line, raw->item, SKIP_UNPARSABLE_TIME,
				    "unparsable time '%s' (qaudit reads " TIME_FORMATS_ACCEPTED
				    "; others with --time-format)",
				    detail(r, t)));
	}
}

/* field_map_role, remembering the answer for the first few values. */
static bool role_of(struct reader *r, struct span value, enum role *role)
{
	struct seen_role *seen;

	for (size_t i = 0; i < r->role_count; i++) {
		seen = &r->roles[i];
		if (seen->len == value.len && !memcmp(seen->value, value.ptr, value.len)) {
			*role = seen->role;
			return true;
		}
	}
	if (!field_map_role(r->opts->map, value.ptr, value.len, role))
		return false;
	if (r->role_count < sizeof(r->roles) / sizeof(*r->roles) &&
	    value.len <= sizeof(seen->value)) {
		seen = &r->roles[r->role_count++];
		memcpy(seen->value, value.ptr, value.len);
		seen->len = value.len;
		seen->role = *role;
	}
	return true;
}

static enum verdict validate(struct reader *r, const struct raw_record *raw, struct record *rec)
{
	struct span *f = rec->field;

	for (int i = 0; i < FIELD_COUNT; i++) {
		f[i] = trim(raw->field[i]);
		if (f[i].len > MAX_FIELD_BYTES)
			return skipped(reader_skip(r, raw->line, raw->item, SKIP_TOO_LARGE,
						   "%s field over %u bytes",
						   field_name((enum field)i), MAX_FIELD_BYTES));
		if (i != FIELD_TEXT && !utf8_is_valid(f[i].ptr, f[i].len))
			return skipped(reader_skip(r, raw->line, raw->item, SKIP_INVALID_UTF8,
						   "invalid UTF-8 in %s '%s'",
						   field_name((enum field)i), detail(r, f[i])));
	}
	if (!f[FIELD_SESSION].len)
		return skipped(reader_skip(r, raw->line, raw->item, SKIP_MISSING_SESSION,
					   "no session id%s",
					   r->session_hint ? r->session_hint : ""));
	if (!f[FIELD_ROLE].len)
		return skipped(reader_skip(r, raw->line, raw->item, SKIP_MISSING_ROLE, "no role"));
	if (!role_of(r, f[FIELD_ROLE], &rec->role))
		return skipped(reader_skip(r, raw->line, raw->item, SKIP_UNKNOWN_ROLE,
					   "unknown role '%s' (use --roles to name it)",
					   detail(r, f[FIELD_ROLE])));
	if (rec->role == ROLE_AGENT && !f[FIELD_AGENT].len) {
		if (raw->has[FIELD_AGENT])
			return skipped(reader_skip(r, raw->line, raw->item, SKIP_MISSING_AGENT,
						   "agent message without an agent id"));
		f[FIELD_AGENT] =
			(struct span){r->opts->agent_default, strlen(r->opts->agent_default)};
		r->stats->default_agent++;
	}
	return check_time(r, raw, rec);
}

int reader_emit(struct reader *r, const struct raw_record *raw)
{
	struct record rec = {.file = r->stats->name,
			     .line = raw->line,
			     .item = raw->item,
			     .role = ROLE_CUSTOMER,
			     .unit = r->unit,
			     .handoff = raw->handoff};
	struct span *text = &rec.field[FIELD_TEXT];
	enum verdict verdict = validate(r, raw, &rec);

	if (verdict != RECORD_GOOD)
		return verdict == RECORD_FATAL ? -1 : 0;
	if (!utf8_is_valid(text->ptr, text->len)) {
		buf_reset(&r->scratch);
		utf8_repair(text->ptr, text->len, &r->scratch);
		*text = (struct span){r->scratch.data, r->scratch.len};
		r->stats->repaired++;
	}
	r->stats->records++;
	r->stop = r->fn(&rec, r->ctx);
	return r->stop ? -1 : 0;
}
