/* Chunks of a CSV or NDJSON input (reader.h), cut and handed on by the reading thread
 * (ingest_csv.c, ingest_json.c, reader.c): parsed by any thread, added in input order, so that
 * every count, warning and progress line is the one a single thread gives. */
#include <stdlib.h>
#include <string.h>

#include "ingest_formats.h"
#include "xalloc.h"

void ingest_chunk_parse(struct ingest_chunk *c, record_fn *fn, void *ctx)
{
	struct reader r = {.opts = c->opts,
			   .stats = &c->counts,
			   .log = &c->log,
			   .fn = fn,
			   .ctx = ctx,
			   .err = &c->err,
			   .eof = true,
			   .started = true,
			   .line = c->line,
			   .input = c->input,
			   .offset = c->offset,
			   .scratch = BUF_INIT,
			   .message = BUF_INIT};

	c->failed_at = UINT64_MAX;
	/* Before a CSV's header, the chunk holds only progress reports. */
	if (!c->header && !c->lines)
		return;
	/* data is never NULL, and ends in a NUL as a window does */
	buf_grow(&c->data, 1);
	r.data = c->data.data;
	r.end = c->data.len;
	r.capacity = c->data.capacity;
	if (c->lines)
		ingest_json_chunk(&r, c);
	else
		ingest_csv_chunk(&r, c);
	c->failed = r.stop < 0;
	buf_release(&r.scratch);
	buf_release(&r.message);
}

/* Moves src's counts and kept messages to the end of dst, as if added there one by one. */
static void skip_log_move(struct skip_log *dst, struct skip_log *src)
{
	for (int i = 0; i < SKIP_REASON_COUNT; i++)
		dst->count[i] += src->count[i];
	dst->total += src->total;
	dst->repaired += src->repaired;
	for (size_t i = 0; i < src->entry_count; i++) {
		if (dst->entry_count < SKIP_LOG_KEEP) {
			ALLOC_GROW(dst->entries, dst->entry_count + 1, dst->entry_capacity);
			dst->entries[dst->entry_count++] = src->entries[i];
		} else {
			free(src->entries[i].message);
		}
	}
	src->entry_count = 0;
	skip_log_release(src);
}

int ingest_chunk_add(struct ingest *in, struct ingest_chunk *c, struct skip_log *log,
		     struct qa_error *err)
{
	struct input_stats *stats = &in->inputs[c->input];
	const struct ingest_options *opts = c->opts;

	for (size_t i = 0; i < c->event_count; i++)
		if (c->events[i].at <= c->failed_at || !c->failed)
			opts->progress(stats->name, c->events[i].bytes, c->events[i].done,
				       opts->progress_ctx);
	stats->records += c->counts.records;
	stats->bad += c->counts.bad;
	stats->repaired += c->counts.repaired;
	stats->untimed += c->counts.untimed;
	stats->default_agent += c->counts.default_agent;
	skip_log_move(log, &c->log);
	if (!c->failed)
		return 0;
	*err = c->err;
	return -1;
}

void ingest_chunk_free(struct ingest_chunk *c)
{
	if (!c)
		return;
	csv_header_put(c->header);
	buf_release(&c->data);
	skip_log_release(&c->log);
	free(c->events);
	free(c);
}
