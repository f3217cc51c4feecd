/* CSV input (RFC 4180) through libcsv. The input is fed to libcsv one line at a time so
 * that every row knows the line it started on. */
#include <csv.h>
#include <ctype.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_formats.h"
#include "preset.h"
#include "xalloc.h"

/* Cells kept of one row: a row wider than this is bad whatever its header, and only counted. */
#define MAX_ROW_FIELDS 10000
/* The step by which libcsv grows its buffer of the field being read. */
#define CSV_BLOCK_BYTES (256u << 10)

/* The columns of an input, as its chunks read them. */
struct csv_header {
	atomic_size_t references;
	char **cells;
	size_t columns;
	int column_of[FIELD_COUNT];
};

struct csv_state {
	struct reader *r;
	struct csv_parser parser;
	struct buf row; /* the fields of the current row, end to end */
	struct cell_ref {
		size_t start, len;
	} * cells;
	size_t count, capacity;
	/* header */
	bool have_header;
	char **header; /* copies of the header cells, to spot a repeated header row */
	bool shared;   /* header is a csv_header's, not to be freed here */
	size_t columns;
	int column_of[FIELD_COUNT]; /* -1: the input has no such column */
	struct span *spans;         /* the current row's cells, for a preset */
	size_t span_capacity;
	/* row position */
	bool pending;  /* a row has been fed but not ended */
	long row_line; /* line the pending row started on */
	size_t pending_bytes;
	/* The continuation lines of the pending row that hold a row's worth of delimiters:
	 * when its quote never closes, they were records swallowed by it. Counted per row. */
	size_t swallowed_rows;
	uint64_t fed_at; /* offset of the line fed last */
};

static void on_field(void *field, size_t len, void *data)
{
	struct csv_state *st = data;

	if (st->count >= MAX_ROW_FIELDS) {
		st->count++; /* too wide to be a record: counted, not kept */
		return;
	}
	ALLOC_GROW(st->cells, st->count + 1, st->capacity);
	st->cells[st->count++] = (struct cell_ref){st->row.len, len};
	buf_add(&st->row, field ? field : "", field ? len : 0);
}

static const char *cell(const struct csv_state *st, size_t i)
{
	return st->row.data + st->cells[i].start;
}

/* A row of empty cells no wider than the header (a spreadsheet's empty row); a wider one is
 * a ragged row, counted. */
static bool is_blank_row(const struct csv_state *st)
{
	if (st->have_header && st->count > st->columns)
		return false;
	if (st->count > MAX_ROW_FIELDS)
		return false;
	for (size_t i = 0; i < st->count; i++)
		if (st->cells[i].len)
			return false;
	return true;
}

static bool is_header_again(const struct csv_state *st)
{
	if (st->count != st->columns)
		return false;
	for (size_t i = 0; i < st->count; i++)
		if (st->cells[i].len != strlen(st->header[i]) ||
		    memcmp(cell(st, i), st->header[i], st->cells[i].len))
			return false;
	return true;
}

/* The current row's cells as spans. */
static const struct span *row_spans(struct csv_state *st)
{
	ALLOC_GROW(st->spans, st->count + 1, st->span_capacity);
	for (size_t i = 0; i < st->count; i++)
		st->spans[i] = (struct span){cell(st, i), st->cells[i].len};
	return st->spans;
}

/* Every required column the header lacks, in one message with the header as found: a
 * user fixing an export's names wants them all at once. */
static int missing_columns(struct csv_state *st, const enum field *required, size_t count)
{
	struct buf names = BUF_INIT, maps = BUF_INIT, looked = BUF_INIT, header = BUF_INIT;
	enum field lacking[FIELD_COUNT];
	size_t missing = 0;
	int rc = 0;

	for (size_t i = 0; i < count; i++)
		if (st->column_of[required[i]] < 0)
			lacking[missing++] = required[i];
	for (size_t i = 0; i < missing; i++) {
		enum field f = lacking[i];

		buf_addf(&names, "%s%s", !i ? "" : i + 1 == missing ? " or " : ", ", field_name(f));
		buf_addf(&maps, "%s%s=COLUMN", i ? "," : "", field_name(f));
		buf_addf(&looked, "%s%s: %s", i ? "; " : "", field_name(f), field_aliases(f));
	}
	for (size_t i = 0; missing && i < st->count && header.len < 120; i++)
		buf_addf(&header, "%s%s", i ? "," : "", st->header[i]);
	if (missing)
		rc = reader_fatal(st->r, st->row_line,
				  "no %s column in the header '%s%s'; name %s with --map %s "
				  "(looked for %s)",
				  names.data, header.data, header.len >= 120 ? "..." : "",
				  missing > 1 ? "them" : "it", maps.data, looked.data);
	buf_release(&names);
	buf_release(&maps);
	buf_release(&looked);
	buf_release(&header);
	return rc;
}

static int read_header(struct csv_state *st)
{
	struct reader *r = st->r;
	static const enum field required[] = {FIELD_SESSION, FIELD_ROLE, FIELD_TEXT};

	if (st->count > MAX_ROW_FIELDS)
		return reader_fatal(r, st->row_line, "header of %zu columns (more than %d)",
				    st->count, MAX_ROW_FIELDS);
	st->columns = st->count;
	st->header = xcalloc(st->count, sizeof(*st->header));
	if (r->preset) {
		for (size_t i = 0; i < st->count; i++)
			st->header[i] = xmemdup(cell(st, i), st->cells[i].len);
		if (r->preset->read_header(r, row_spans(st), st->count, st->row_line))
			return -1;
		st->have_header = true;
		return 0;
	}
	for (int f = 0; f < FIELD_COUNT; f++)
		st->column_of[f] = -1;
	for (size_t i = 0; i < st->count; i++) {
		enum field f = field_map_lookup(r->opts->map, cell(st, i), st->cells[i].len);

		st->header[i] = xmemdup(cell(st, i), st->cells[i].len);
		if (f == FIELD_COUNT)
			continue;
		if (st->column_of[f] >= 0)
			return reader_fatal(r, st->row_line,
					    "columns '%s' and '%s' both hold the %s; pick one with "
					    "--map %s=COLUMN",
					    st->header[st->column_of[f]], st->header[i],
					    field_name(f), field_name(f));
		st->column_of[f] = (int)i;
	}
	if (missing_columns(st, required, sizeof(required) / sizeof(*required)))
		return -1;
	st->have_header = true;
	return 0;
}

static int read_row(struct csv_state *st)
{
	struct reader *r = st->r;
	struct raw_record raw = {.line = st->row_line};

	if (is_header_again(st))
		return 0; /* concatenated exports repeat their header: not a record */
	if (st->count != st->columns) {
		if (r->line > st->row_line + 1)
			return reader_skip(
				r, st->row_line, 0, SKIP_BROKEN_QUOTING,
				"row runs over %ld lines with %zu fields (header has %zu); "
				"unbalanced quote?",
				r->line - st->row_line, st->count, st->columns);
		return reader_skip(r, st->row_line, 0, SKIP_RAGGED_ROW,
				   "%zu fields, header has %zu", st->count, st->columns);
	}
	if (r->preset)
		return r->preset->read_row(r, row_spans(st), st->row_line);
	for (int f = 0; f < FIELD_COUNT; f++) {
		int col = st->column_of[f];

		raw.has[f] = col >= 0;
		if (col >= 0)
			raw.field[f] = (struct span){cell(st, (size_t)col), st->cells[col].len};
	}
	return reader_emit(r, &raw);
}

static void on_row(int terminator, void *data)
{
	struct csv_state *st = data;
	struct reader *r = st->r;

	(void)terminator;
	st->pending = false;
	st->pending_bytes = 0;
	if (r->stop || is_blank_row(st))
		goto out;
	if (!st->have_header) {
		if (read_header(st))
			r->stop = -1;
	} else if (read_row(st) && !r->stop) {
		r->stop = -1;
	}
out:
	st->count = 0;
	buf_reset(&st->row);
}

size_t csv_sep_line(const char *p, size_t len, char *delimiter)
{
	unsigned char c;
	size_t n = 5;

	if (len < 5 || (memcmp(p, "sep=", 4) && memcmp(p, "SEP=", 4)))
		return 0;
	c = (unsigned char)p[4];
	if (c != '\t' && (!ispunct(c) || c == '"'))
		return 0;
	if (n < len && p[n] == '\r')
		n++;
	if (n < len && p[n] == '\n')
		n++;
	if (n < len && n == 5)
		return 0; /* more on the line: a header that happens to start so */
	*delimiter = (char)c;
	return n;
}

/* Picks the delimiter that splits the first line most: ',', tab, ';' or '|'. */
static unsigned char guess_delimiter(const char *p, size_t len)
{
	static const char candidates[] = ",\t;|";
	size_t counts[4] = {0};
	bool quoted = false;
	int best = 0;

	for (size_t i = 0; i < len && (quoted || (p[i] != '\n' && p[i] != '\r')); i++) {
		const char *c;

		if (p[i] == '"')
			quoted = !quoted;
		else if (!quoted && (c = strchr(candidates, p[i])) != NULL && *c)
			counts[c - candidates]++;
	}
	for (int i = 1; i < 4; i++)
		if (counts[i] > counts[best])
			best = i;
	return (unsigned char)candidates[best];
}

/* libcsv ends a row at CR or LF and trims spaces and tabs, with inline tests unless told
 * otherwise through a callback per byte, which costs a quarter of the read. So the callbacks
 * are set only for a TSV (a tab is data there) and for the rare line of an LF file with a CR
 * inside (seen in real exports): there the CR is data, or trimmed like a space, not a row end. */
static int is_tsv_space(unsigned char c)
{
	return c == ' ';
}

static int is_csv_space_or_cr(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int is_tsv_space_or_cr(unsigned char c)
{
	return c == ' ' || c == '\r';
}

static int is_lf(unsigned char c)
{
	return c == '\n';
}

/* True when a line of an LF or CRLF file holds a CR before its line end. */
static bool has_stray_cr(const char *line, size_t len)
{
	if (len && line[len - 1] == '\n')
		len--;
	if (len && line[len - 1] == '\r')
		len--;
	return memchr(line, '\r', len) != NULL;
}

enum line_result {
	LINE_FAILED = -1,
	LINE_FOUND = 0, /* *len bytes, up to and including the terminator if it has one */
	LINE_END,       /* no line is left */
};

/* Finds the end of the next line (after its terminator). */
static enum line_result next_line(struct reader *r, char terminator, size_t *len, bool *terminated)
{
	for (;;) {
		const char *p = r->data + r->start;
		const char *nl = memchr(p, terminator, r->end - r->start);
		enum fill_result got;

		if (nl) {
			*len = (size_t)(nl - p) + 1;
			*terminated = true;
			return LINE_FOUND;
		}
		if (r->end - r->start > MAX_RECORD_BYTES) {
			*len = r->end - r->start;
			*terminated = false;
			return LINE_FOUND;
		}
		got = reader_fill(r);
		if (got == FILL_FAILED)
			return LINE_FAILED;
		if (got == FILL_END) {
			*len = r->end - r->start;
			if (*len)
				*terminated = false;
			return *len > 0 ? LINE_FOUND : LINE_END;
		}
	}
}

static bool is_blank_line(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != '\r' && p[i] != '\n' && p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

static void release(struct csv_state *st)
{
	csv_free(&st->parser);
	buf_release(&st->row);
	free(st->cells);
	free(st->spans);
	if (st->shared)
		return;
	for (size_t i = 0; i < st->columns; i++)
		free(st->header[i]);
	free(st->header);
}

/* Starts libcsv afresh, with the input's delimiter. Returns 0, or -1 when fatal. */
static int parser_start(struct csv_state *st)
{
	struct reader *r = st->r;

	if (csv_init(&st->parser, 0))
		return reader_fatal(r, 0, "out of memory");
	/* libcsv grows a field's buffer by this much at a time: by its default 128 bytes, a
	 * field of megabytes would be copied over and over. */
	csv_set_blk_size(&st->parser, CSV_BLOCK_BYTES);
	csv_set_delim(&st->parser, (unsigned char)r->stats->delimiter);
	if (r->stats->delimiter == '\t')
		csv_set_space_func(&st->parser, is_tsv_space);
	return 0;
}

/* Forgets the pending row, as if it had never been fed. */
static int drop_pending_row(struct csv_state *st)
{
	st->count = 0;
	buf_reset(&st->row);
	st->pending = false;
	st->pending_bytes = 0;
	csv_free(&st->parser);
	return parser_start(st);
}

/* True when a continuation line of the pending row holds as many delimiters as a row. */
static bool holds_a_row(const struct csv_state *st, const char *line, size_t len)
{
	size_t delimiters = 0;
	const char *p = line, *end = line + len;

	while (st->columns > 1 && (p = memchr(p, st->r->stats->delimiter, (size_t)(end - p)))) {
		if (++delimiters >= st->columns - 1)
			return true;
		p++;
	}
	return false;
}

static long count_byte(const char *p, size_t len, char c)
{
	long n = 0;
	const char *end = p + len;

	while ((p = memchr(p, c, (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* Where a row's quoting stands, followed as libcsv (not strict) follows it. */
enum quoting { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED };

/* Scans p[0..len) of a row from state *q: sets *used to the length up to and including the
 * row's terminator and returns true, or to len when the row goes on. */
static bool scan_row(const char *p, size_t len, char terminator, char delimiter, enum quoting *q,
		     size_t *used)
{
	for (size_t i = 0; i < len; i++) {
		char c = p[i];

		if (*q == QUOTED) {
			if (c == '"')
				*q = QUOTE_IN_QUOTED;
		} else if (c == terminator) {
			*q = FIELD_START;
			*used = i + 1;
			return true;
		} else if (c == delimiter) {
			*q = FIELD_START;
		} else if (c == '"') {
			*q = *q == UNQUOTED ? UNQUOTED : QUOTED;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			*q = *q == FIELD_START ? UNQUOTED : *q == QUOTE_IN_QUOTED ? QUOTED : *q;
		}
	}
	*used = len;
	return false;
}

/* Reads past the rest of a row longer than MAX_RECORD_BYTES from the window start, however
 * long, in quoting state *q. Returns 0, or -1 when reading failed. */
static int read_past_long_row(struct reader *r, char terminator, enum quoting *q)
{
	for (;;) {
		const char *p = r->data + r->start;
		size_t used;
		bool ended =
			scan_row(p, r->end - r->start, terminator, r->stats->delimiter, q, &used);
		enum fill_result got;

		reader_advance_lines(r, used, count_byte(p, used, terminator));
		if (ended)
			return 0;
		got = reader_fill(r);
		if (got == FILL_FAILED)
			return -1;
		if (got == FILL_END)
			return 0;
	}
}

/* A row longer than MAX_RECORD_BYTES, from line on: one bad record, or the end of the input
 * when its quoted field never closed. Returns 0, or -1 when fatal. */
static int long_row(struct reader *r, long line, bool quoted)
{
	if (quoted)
		return reader_fatal(r, line,
				    "row longer than %u MiB whose quoted field never closes; the "
				    "rest of the file is inside it",
				    MAX_RECORD_BYTES >> 20);
	return reader_skip(r, line, 0, SKIP_TOO_LARGE, "row longer than %u MiB",
			   MAX_RECORD_BYTES >> 20);
}

/* A row longer than MAX_RECORD_BYTES (a pasted log, a runaway quote): read to its end
 * without keeping it, however long, and count it as one bad record. Every line fed of it so
 * far ended, so a pending row is inside a quoted field. Returns 0, or -1 when fatal. */
static int skip_long_row(struct csv_state *st, char terminator)
{
	struct reader *r = st->r;
	enum quoting q = st->pending ? QUOTED : FIELD_START;
	long line = st->pending ? st->row_line : r->line;

	if (drop_pending_row(st) || read_past_long_row(r, terminator, &q))
		return -1;
	return long_row(r, line, q == QUOTED);
}

/* Feeds the line of len bytes at the window start to libcsv. Returns 0, or -1 when fatal. */
static int feed_line(struct csv_state *st, char terminator, size_t len)
{
	struct reader *r = st->r;
	const char *line = r->data + r->start;
	bool stray_cr = terminator == '\n' && has_stray_cr(line, len);
	bool tsv = r->stats->delimiter == '\t';
	size_t parsed;

	st->fed_at = r->offset;
	if (!st->pending) {
		st->row_line = r->line;
		st->swallowed_rows = 0;
		reader_unit_starts(r);
	} else if (holds_a_row(st, line, len)) {
		st->swallowed_rows++;
	}
	if (st->pending_bytes + len > MAX_RECORD_BYTES)
		return skip_long_row(st, terminator);
	st->pending = true;
	st->pending_bytes += len;
	if (stray_cr) {
		csv_set_term_func(&st->parser, is_lf);
		csv_set_space_func(&st->parser, tsv ? is_tsv_space_or_cr : is_csv_space_or_cr);
	}
	parsed = csv_parse(&st->parser, line, len, on_field, on_row, st);
	if (stray_cr) {
		csv_set_term_func(&st->parser, NULL);
		csv_set_space_func(&st->parser, tsv ? is_tsv_space : NULL);
	}
	if (parsed != len)
		return reader_fatal(r, r->line, "%s", csv_strerror(csv_error(&st->parser)));
	/* The line holds one line end, if any: no need to count them. A CR-only file counts
	 * CRs as lines. */
	reader_advance_lines(r, len, line[len - 1] == terminator);
	return 0;
}

/* At the end of the input with a row still open: ends it as a line end would, unless a
 * quote never closed (an export cut mid-message). That row is bad; and when the open field
 * swallowed lines that look like rows, the file is broken from there on. */
static void finish_last_row(struct csv_state *st, char terminator)
{
	struct reader *r = st->r;

	csv_parse(&st->parser, &terminator, 1, on_field, on_row, st);
	if (r->stop || !st->pending)
		return;
	if (st->swallowed_rows)
		reader_fatal(r, st->row_line,
			     "quoted field never closed; the rest of the file is inside it");
	else
		reader_skip(r, st->row_line, 0, SKIP_BROKEN_QUOTING,
			    "quoted field never closed (file cut short?)");
	st->pending = false;
}

/* The second read: only the rows at r->units, each known to be whole and good. */
static void read_units(struct csv_state *st, char terminator)
{
	struct reader *r = st->r;
	bool terminated;
	size_t len;

	while (!r->stop && reader_next_unit(r) == UNIT_FOUND) {
		while (!r->stop && next_line(r, terminator, &len, &terminated) == LINE_FOUND &&
		       !feed_line(st, terminator, len) && st->pending)
			;
		if (!r->stop && st->pending) /* the last row, without a line end */
			csv_fini(&st->parser, on_field, on_row, st);
	}
}

struct csv_header *csv_header_get(struct csv_header *h)
{
	if (h)
		atomic_fetch_add(&h->references, 1);
	return h;
}

void csv_header_put(struct csv_header *h)
{
	if (!h || atomic_fetch_sub(&h->references, 1) > 1)
		return;
	for (size_t i = 0; i < h->columns; i++)
		free(h->cells[i]);
	free(h->cells);
	free(h);
}

/* The header st read, for the chunks of its input (one reference, the caller's). */
static struct csv_header *share_header(const struct csv_state *st)
{
	struct csv_header *h = xcalloc(1, sizeof(*h));

	atomic_init(&h->references, 1);
	h->columns = st->columns;
	h->cells = xcalloc(st->columns + 1, sizeof(*h->cells));
	for (size_t i = 0; i < st->columns; i++)
		h->cells[i] = xstrdup(st->header[i]);
	memcpy(h->column_of, st->column_of, sizeof(h->column_of));
	return h;
}

/* Opens r->chunk for the rows from the window start on. */
static void open_chunk(struct csv_state *st, struct csv_header *header)
{
	chunk_open(st->r);
	st->r->chunk->header = csv_header_get(header);
}

/* Where libcsv stands in a row, as far as where the row ends goes: in a field's leading
 * spaces, in an unquoted field, in a quoted one, or just past a quote of a quoted one
 * (which may close it), with spaces since or not. */
enum row_state { ROW_FIELD_START, ROW_UNQUOTED, ROW_QUOTED, ROW_QUOTE, ROW_QUOTE_SPACES };

/* Follows p[0..len), a line without its LF, from state s as libcsv (not strict) would: a
 * quote opens a field only at its start, "" in a quoted field is a quote, and a quote
 * after spaces past a closing one is data. A CR is a space: inside a line it is one (the
 * stray CR of feed_line), and at its end it ends the row just as the LF after it would.
 * The LF after the line ends the row unless the state is ROW_QUOTED. */
static enum row_state follow_row(const char *p, size_t len, char delimiter, bool tsv,
				 enum row_state s)
{
	const char *end = p + len;

	if (s != ROW_QUOTED && !memchr(p, '"', len))
		return ROW_UNQUOTED; /* most lines: no quote, so the row ends with the line */
	while (p < end) {
		unsigned char c;

		if (s == ROW_QUOTED) { /* only a quote ends it: to the next at memchr's speed */
			p = memchr(p, '"', (size_t)(end - p));
			if (!p)
				return s;
			p++;
			s = ROW_QUOTE;
			continue;
		}
		if (s == ROW_UNQUOTED) { /* only a delimiter ends it */
			p = memchr(p, delimiter, (size_t)(end - p));
			if (!p)
				return s;
			p++;
			s = ROW_FIELD_START;
			continue;
		}
		c = (unsigned char)*p++;
		if (c == (unsigned char)delimiter)
			s = ROW_FIELD_START;
		else if (c == ' ' || c == '\r' || (c == '\t' && !tsv))
			s = s == ROW_FIELD_START ? s : ROW_QUOTE_SPACES;
		else if (s == ROW_FIELD_START)
			s = c == '"' ? ROW_QUOTED : ROW_UNQUOTED;
		else if (c == '"') /* after a quote: "" is one; after spaces, data */
			s = s == ROW_QUOTE ? ROW_QUOTED : ROW_QUOTE;
		else
			s = ROW_QUOTED;
	}
	return s;
}

/*
 * The reading thread's part of an input cut into chunks, once its header is read: finds
 * where each row ends as feed_line and libcsv would, line by line in the same window, and
 * hands on the lines of whole rows about every chunk_bytes. A row over MAX_RECORD_BYTES is
 * read past here, as skip_long_row would, its verdict handed on after the rows before it.
 * Returns 0, or -1 (r->stop set).
 */
static int cut_rows(struct csv_state *st)
{
	struct reader *r = st->r;
	struct csv_header *header = share_header(st);
	size_t pending = 0, row_start = 0, limit = r->opts->chunk_bytes;
	enum row_state s = ROW_FIELD_START;
	bool tsv = r->stats->delimiter == '\t';
	long row_line = 0;
	size_t len;
	bool terminated;

	open_chunk(st, header);
	while (!r->stop && next_line(r, '\n', &len, &terminated) == LINE_FOUND) {
		const char *line = r->data + r->start;
		struct ingest_chunk *c = r->chunk;

		if (!pending && is_blank_line(line, len)) {
			buf_add(&c->data, line, len);
			reader_advance(r, len);
			continue;
		}
		if (pending + len > MAX_RECORD_BYTES) {
			enum quoting q = pending ? QUOTED : FIELD_START;
			long at = pending ? row_line : r->line;

			if (pending) { /* the open row is dropped */
				c->data.len = row_start;
				c->data.data[row_start] = '\0';
			}
			if (read_past_long_row(r, '\n', &q))
				break;
			c->long_row = at;
			c->long_row_quoted = q == QUOTED;
			if (chunk_hand_on(r) || q == QUOTED) {
				r->stop = r->stop ? r->stop : 1; /* the chunk fails the read */
				break;
			}
			open_chunk(st, header);
			pending = 0;
			continue;
		}
		if (!pending) {
			row_line = r->line;
			row_start = c->data.len;
			s = ROW_FIELD_START;
		}
		pending += len;
		s = follow_row(line, len - terminated, r->stats->delimiter, tsv, s);
		buf_add(&c->data, line, len);
		reader_advance_lines(r, len, terminated);
		if (!terminated || s == ROW_QUOTED)
			continue;
		pending = 0;
		if (c->data.len >= limit && chunk_hand_on(r) == 0)
			open_chunk(st, header);
	}
	csv_header_put(header);
	return r->stop < 0 ? -1 : 0;
}

void ingest_csv_chunk(struct reader *r, struct ingest_chunk *c)
{
	struct csv_state st = {.r = r, .have_header = true, .shared = true};
	bool terminated;
	size_t len;

	st.header = c->header->cells;
	st.columns = c->header->columns;
	memcpy(st.column_of, c->header->column_of, sizeof(st.column_of));
	if (parser_start(&st))
		goto out;
	while (!r->stop && next_line(r, '\n', &len, &terminated) == LINE_FOUND) {
		if (!st.pending && is_blank_line(r->data + r->start, len))
			reader_advance(r, len);
		else if (feed_line(&st, '\n', len))
			break;
	}
	if (!r->stop && st.pending && !c->cut) {
		st.fed_at = UINT64_MAX;
		if (c->last)
			finish_last_row(&st, '\n');
		else /* cut_rows and libcsv disagree on where a row ends */
			reader_fatal(r, st.row_line, "internal error: a chunk ends inside a row");
	}
	if (!r->stop && c->long_row) {
		st.fed_at = UINT64_MAX;
		long_row(r, c->long_row, c->long_row_quoted);
	}
	c->failed_at = st.fed_at;
out:
	release(&st);
}

int ingest_csv(struct reader *r)
{
	struct csv_state st = {.r = r};
	const char *p = r->data + r->start;
	size_t sniff = r->end - r->start;
	/* LF and CRLF files split on LF; files with CR alone split on CR. */
	char terminator = memchr(p, '\n', sniff) || !memchr(p, '\r', sniff) ? '\n' : '\r';
	/* The first read of an input without a preset can be cut into chunks of rows; a file
	 * split on CR ends rows at an LF too, which cut_rows does not follow. */
	bool cut = r->opts->chunk && r->log && !r->units && !r->preset && terminator == '\n';
	bool terminated = true;
	size_t len;

	char sep;
	size_t sep_line = csv_sep_line(p, sniff, &sep);

	if (cut)
		chunk_open(r); /* for the progress of the reads before the header */
	else if (reader_wait_chunks(r))
		return r->stop;
	if (sep_line) { /* Excel's "sep=;" names the delimiter; it is no row */
		reader_advance(r, sep_line);
		p += sep_line;
		sniff -= sep_line;
	}
	if (!r->units)
		r->stats->delimiter = sep_line ? sep : (char)guess_delimiter(p, sniff);
	if (parser_start(&st))
		return -1;
	while (!r->stop && !(r->units && st.have_header) &&
	       next_line(r, terminator, &len, &terminated) == LINE_FOUND) {
		if (!st.pending && is_blank_line(r->data + r->start, len))
			reader_advance(r, len);
		else if (feed_line(&st, terminator, len))
			break;
		if (cut && st.have_header && !st.pending && !r->stop) {
			int rc = cut_rows(&st);

			release(&st);
			return rc ? rc : r->stop;
		}
	}
	if (r->units) {
		if (!r->stop && st.have_header)
			read_units(&st, terminator);
		release(&st);
		return r->stop < 0 ? -1 : r->stop;
	}
	if (!r->stop && st.pending)
		finish_last_row(&st, terminator);
	/* A header and no record is a quiet night, not an error: the audit warns of it. */
	if (!r->stop && !st.have_header)
		reader_fatal(r, 0, "empty input");
	release(&st);
	return r->stop < 0 ? -1 : r->stop;
}
