/* Read stage: open inputs (spooling standard input), detect the format from content,
 * and validate every record before it is handed on. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "ingest_formats.h"
#include "preset.h"
#include "utf8.h"
#include "xalloc.h"

#define SNIFF_BYTES (64 * 1024)
/* The default --spool-max: 20 GiB, or the free space of the spool's directory less a tenth
 * of it (at most 1 GiB of margin), whichever is smaller. */
#define SPOOL_MAX_DEFAULT  (20ull << 30)
#define SPOOL_MARGIN_LIMIT (1ull << 30)

const char *input_format_name(enum input_format format)
{
	static const char *const names[] = {"auto", "csv", "json", "ndjson"};

	return names[format];
}

/* True when p[0..len) may be the start of a sequence cut off by the end of the sample. */
static bool is_cut_off(const unsigned char *p, size_t len)
{
	if (len >= 4 || p[0] < 0xC2 || p[0] > 0xF4)
		return false;
	for (size_t i = 1; i < len; i++)
		if ((p[i] & 0xC0) != 0x80)
			return false;
	return true;
}

static size_t count_invalid_utf8(const unsigned char *p, size_t len, size_t *multibyte)
{
	size_t invalid = 0, i = 0;

	*multibyte = 0;
	while (i < len) {
		size_t n;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_sequence_length(p + i, len - i);
		if (!n && is_cut_off(p + i, len - i))
			break;
		if (n) {
			(*multibyte)++;
			i += n;
		} else {
			invalid++;
			i++;
		}
	}
	return invalid;
}

/* True when the NUL bytes of p[0..len) fall on one side of each pair, as in the ASCII of
 * UTF-16: *little_endian when on the second. */
static bool looks_like_utf16(const unsigned char *p, size_t len, bool *little_endian)
{
	size_t nul[2] = {0, 0};

	for (size_t i = 0; i < len; i++)
		nul[i % 2] += p[i] == 0;
	*little_endian = nul[1] > nul[0];
	return nul[0] * 20 < nul[1] || nul[1] * 20 < nul[0];
}

/* True, with the reason in why, when the first bytes p[0..len) of an input (after any BOM;
 * inflated, if gzip; converted, if another encoding than UTF-8) are no CSV or JSON text: a
 * spreadsheet, a PDF, HTML, binary data, or UTF-16 or another encoding not declared. */
static bool refuse_content(const unsigned char *p, size_t len, char *why, size_t size)
{
	size_t multibyte, invalid, nul = 0, i;
	const char *reason = NULL;
	bool little_endian;

	if (len >= 4 && !memcmp(p, "PK\x03\x04", 4))
		reason = "a zip archive or .xlsx spreadsheet, not an export; save the sheet as "
			 "CSV UTF-8";
	else if (len >= 4 && !memcmp(p, "\xD0\xCF\x11\xE0", 4))
		reason = "an .xls spreadsheet, not an export; save the sheet as CSV UTF-8";
	else if (len >= 4 && !memcmp(p, "%PDF", 4))
		reason = "a PDF document, not an export";
	if (reason) {
		snprintf(why, size, "%s", reason);
		return true;
	}
	for (i = 0; i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n');)
		i++;
	if (i < len && p[i] == '<') {
		snprintf(why, size, "looks like HTML or XML, not CSV or JSON");
		return true;
	}
	for (size_t j = 0; j < len; j++)
		nul += p[j] == 0;
	/* A stray NUL in a message is repaired later; many are binary data, or UTF-16. */
	if (nul * 100 > len && looks_like_utf16(p, len, &little_endian)) {
		snprintf(why, size,
			 "UTF-16 text without a byte-order mark; read it with --encoding %s",
			 little_endian ? "utf-16le" : "utf-16be");
		return true;
	}
	if (nul * 100 > len) {
		snprintf(why, size,
			 "not text: %zu NUL bytes in the first %zu KiB (looks like binary data, "
			 "not a CSV or JSON export)",
			 nul, (len + 1023) / 1024);
		return true;
	}
	invalid = count_invalid_utf8(p, len, &multibyte);
	/* A stray bad byte is repaired later; text that is mostly not UTF-8 is another
	 * encoding. */
	if (invalid >= 4 && invalid * 4 >= multibyte) {
		snprintf(why, size,
			 "not UTF-8 (GBK, GB18030, Big5 or Latin-1 text?); if GBK or GB18030, read "
			 "it with --encoding gb18030 (or convert it with iconv)");
		return true;
	}
	return false;
}

/* refuse_content on the first bytes p[0..len) of an input as ingest_read will read them:
 * after a byte-order mark, converted if another encoding than UTF-8 is declared or marked. */
static bool refuse_start(const unsigned char *p, size_t len, enum encoding declared, char *why,
			 size_t size)
{
	size_t bom, used, bad, room = 3 * len + TRANSCODE_MIN_OUT, n;
	enum encoding encoding = transcode_resolve(declared, p, len, &bom);
	struct transcode *t;
	char *text;
	bool refused;

	if (encoding == ENCODING_UTF8) {
		bom = len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3) ? 3 : 0;
		return refuse_content(p + bom, len - bom, why, size);
	}
	t = transcode_new(encoding);
	if (!t)
		return false; /* the reader will say why */
	text = xmalloc(room);
	n = transcode_convert(t, (const char *)p + bom, len - bom, false, text, room, &used, &bad);
	refused = refuse_content((const unsigned char *)text, n < SNIFF_BYTES ? n : SNIFF_BYTES,
				 why, size);
	free(text);
	transcode_free(t);
	return refused;
}

/* "20 GiB", "500 MiB", "1536 KiB" or "1000 bytes": a size as --spool-max takes it. */
static const char *size_text(uint64_t bytes, char text[32])
{
	static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
	int unit = 0;

	while (unit < 4 && bytes >= 1024 && bytes % 1024 == 0) {
		bytes /= 1024;
		unit++;
	}
	snprintf(text, 32, "%" PRIu64 " %s", bytes, units[unit]);
	return text;
}

/* The default cap on one spooled input (see SPOOL_MAX_DEFAULT). */
static uint64_t spool_max_default(const char *dir, bool *by_free_space)
{
	struct statvfs vfs;
	uint64_t free_bytes, margin;

	*by_free_space = false;
	if (statvfs(dir, &vfs))
		return SPOOL_MAX_DEFAULT;
	free_bytes = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	margin = free_bytes / 10 < SPOOL_MARGIN_LIMIT ? free_bytes / 10 : SPOOL_MARGIN_LIMIT;
	if (free_bytes - margin >= SPOOL_MAX_DEFAULT)
		return SPOOL_MAX_DEFAULT;
	*by_free_space = true;
	return free_bytes - margin;
}

/* Reads up to size bytes, fewer only at the end of the stream. Returns the count, or -1. */
static ssize_t read_full(int fd, char *p, size_t size)
{
	size_t got = 0;

	while (got < size) {
		ssize_t n = read(fd, p + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int write_full(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The cap a spool has passed: names the input and what to do. Returns -1. */
static int spool_too_large(const char *name, uint64_t max, bool by_free_space, const char *dir,
			   struct qa_error *err)
{
	char size[32];

	if (by_free_space)
		return qa_fail(err, QA_EXIT_INPUT,
			       "%s: more than %s, all that the free space of '%s' leaves to copy "
			       "it to (a stream that never ends?); set TMPDIR to a roomier "
			       "directory, give --spool-max, or give a file",
			       name, size_text(max, size), dir);
	return qa_fail(err, QA_EXIT_INPUT,
		       "%s: more than --spool-max %s to copy to '%s' (a stream that never "
		       "ends?); raise --spool-max or give a file",
		       name, size_text(max, size), dir);
}

/*
 * Copies a stream that cannot be read twice (standard input, a pipe, a device) to an
 * unlinked temporary file, at most max bytes (0: the default). Its first 64 KiB must look
 * like an export (or gzip) before anything is written, so /dev/zero or a binary stream is
 * refused at once. Returns the new descriptor, or -1.
 */
static int spool(int fd, const char *name, uint64_t max, enum encoding encoding,
		 struct qa_error *err)
{
	const char *env = getenv("TMPDIR"), *dir = env && *env ? env : "/tmp";
	bool by_free_space = false;
	uint64_t total;
	char path[4096], why[200];
	char *chunk = xmalloc(SNIFF_BYTES);
	const unsigned char *text = (const unsigned char *)chunk;
	ssize_t n = read_full(fd, chunk, SNIFF_BYTES);
	int out = -1;

	if (n < 0) {
		qa_fail(err, QA_EXIT_INPUT, "%s: cannot read: %s", name, strerror(errno));
		goto out;
	}
	/* gzip is looked at once inflated, by detect. */
	if (!(n >= 2 && text[0] == 0x1F && text[1] == 0x8B) &&
	    refuse_start(text, (size_t)n, encoding, why, sizeof(why))) {
		qa_fail(err, QA_EXIT_INPUT, "%s: %s", name, why);
		goto out;
	}
	if (!max)
		max = spool_max_default(dir, &by_free_space);
	snprintf(path, sizeof(path), "%s/qaudit-spool-XXXXXX", dir);
	out = mkstemp(path);
	if (out < 0) {
		qa_fail(err, QA_EXIT_INPUT, "%s: cannot spool to '%s': %s", name, path,
			strerror(errno));
		goto out;
	}
	unlink(path);
	for (total = 0; n > 0; n = read_full(fd, chunk, SNIFF_BYTES)) {
		total += (uint64_t)n;
		if (total > max) {
			spool_too_large(name, max, by_free_space, dir, err);
			break;
		}
		if (write_full(out, chunk, (size_t)n)) {
			qa_fail(err, QA_EXIT_INPUT, "%s: cannot spool to '%s': %s", name, dir,
				strerror(errno));
			break;
		}
	}
	if (n < 0)
		qa_fail(err, QA_EXIT_INPUT, "%s: cannot read: %s", name, strerror(errno));
	if (n != 0) {
		close(out);
		out = -1;
	}
out:
	free(chunk);
	return out;
}

static int open_input(const char *name, uint64_t spool_max, enum encoding encoding,
		      struct qa_error *err)
{
	struct stat st;
	int fd, spooled;

	if (!strcmp(name, "-"))
		return spool(STDIN_FILENO, "standard input", spool_max, encoding, err);
	fd = open(name, O_RDONLY);
	if (fd < 0)
		return qa_fail(err, QA_EXIT_INPUT, "%s: cannot open: %s", name, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return qa_fail(err, QA_EXIT_INPUT, "%s: is a directory", name);
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		return fd;
	spooled = spool(fd, name, spool_max, encoding, err);
	close(fd);
	return spooled;
}

/* Size and modification time, which change when the file is rewritten in place. */
static void identify(struct input_file *f)
{
	struct stat st;

	if (fstat(f->fd, &st) == 0) {
		f->size = (long long)st.st_size;
		f->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	}
}

int ingest_open(struct ingest *in, char *const *names, size_t count, uint64_t spool_max,
		enum encoding encoding, struct qa_error *err)
{
	size_t stdin_uses = 0;

	if (count > UINT16_MAX)
		return qa_fail(err, QA_EXIT_USAGE, "more than %d inputs", UINT16_MAX);
	in->inputs = xcalloc(count, sizeof(*in->inputs));
	in->files = xcalloc(count, sizeof(*in->files));
	in->count = 0;
	for (size_t i = 0; i < count; i++) {
		if (!strcmp(names[i], "-") && ++stdin_uses > 1)
			return qa_fail(err, QA_EXIT_USAGE, "'-' (standard input) given twice");
		in->files[i].fd = open_input(names[i], spool_max, encoding, err);
		if (in->files[i].fd < 0)
			return -1;
		identify(&in->files[i]);
		in->inputs[i].name = strcmp(names[i], "-") ? names[i] : "stdin";
		in->count++;
	}
	return 0;
}

void ingest_close(struct ingest *in)
{
	for (size_t i = 0; i < in->count; i++)
		close(in->files[i].fd);
	for (int p = 0; p < PRESET_COUNT; p++) {
		if (in->preset_state[p])
			preset_ops((enum preset)p)->state_free(in->preset_state[p]);
		in->preset_state[p] = NULL;
	}
	free(in->files);
	free(in->inputs);
	in->files = NULL;
	in->inputs = NULL;
	in->count = 0;
}

/* Settles the input's preset: the one asked for, if it reads this format, or the one the
 * content shows. */
static int check_preset(struct reader *r, enum input_format format, const char *p, size_t len)
{
	enum preset preset = r->opts->preset;
	const struct preset_ops *ops = preset_ops(preset);

	if (format == FORMAT_CSV) { /* the header follows Excel's "sep=," line */
		char delimiter;
		size_t sep_line = csv_sep_line(p, len, &delimiter);

		p += sep_line;
		len -= sep_line;
	}
	if (preset == PRESET_AUTO)
		preset = preset_detect(format, p, len);
	else if (ops && !preset_reads(ops, format))
		return reader_fatal(r, 0, "--preset %s reads %s exports, not %s", ops->name,
				    ops->format == FORMAT_CSV ? "CSV" : "JSON or NDJSON",
				    input_format_name(format));
	r->stats->preset = preset;
	return 0;
}

/* Rejects what is not a transcript export, and picks CSV, JSON or NDJSON from content. */
static int detect(struct reader *r, enum input_format *format)
{
	const unsigned char *p;
	char why[200];
	size_t len, i;

	while (r->end - r->start < SNIFF_BYTES && !r->eof)
		if (reader_fill(r) == FILL_FAILED)
			return -1;
	p = (const unsigned char *)r->data + r->start;
	len = r->end - r->start;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
		r->start += 3;
		r->offset += 3;
		p += 3;
		len -= 3;
	}
	if (refuse_content(p, len < SNIFF_BYTES ? len : SNIFF_BYTES, why, sizeof(why)))
		return reader_fatal(r, 0, "%s", why);
	for (i = 0; i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n');)
		i++;
	if (i == len)
		return reader_fatal(r, 0, "empty input");
	if (*format == FORMAT_AUTO) {
		if (p[i] == '[')
			*format = FORMAT_JSON;
		else if (p[i] == '{')
			*format = json_first_value_on_one_line((const char *)p + i, len - i)
					  ? FORMAT_NDJSON
					  : FORMAT_JSON;
		else
			*format = FORMAT_CSV;
	}
	return check_preset(r, *format, (const char *)p, len);
}

/* What one read of one input is for. */
struct pass {
	const struct ingest_options *opts;
	record_fn *fn;
	void *ctx;
	struct skip_log *log;  /* the first read logs bad records and counts */
	const uint64_t *units; /* a second read: only these (of this input) */
	size_t unit_count;
	enum { READ_RECORDS, READ_DETECT, READ_PREPASS } what;
	struct qa_error *err;
};

/* The end of a read that cut chunks, rc its result: hands on the last chunk (cut short when
 * rc < 0). Returns rc, or the nonzero value that stops the read. */
static int chunk_close(struct reader *r, int rc)
{
	if (!r->chunk)
		return rc;
	if (rc > 0) { /* stopped by a chunk before: this one would not be added */
		ingest_chunk_free(r->chunk);
		r->chunk = NULL;
		return rc;
	}
	/* After an error of the reading thread, the rows before it are still parsed: one of
	 * them may have failed first. */
	r->chunk->last = rc == 0;
	r->chunk->cut = rc < 0;
	if (chunk_hand_on(r) && rc == 0)
		rc = r->stop;
	return rc;
}

/* Reads input index for pass p: detects its format (the first time), then reads its
 * records, or runs its preset's pre-pass. */
static int read_one(struct ingest *in, size_t index, const struct pass *p)
{
	/* Only the pass that logs counts; a later pass counts into a copy. */
	struct input_stats copy = in->inputs[index];
	struct input_stats *stats = p->log || p->what == READ_DETECT ? &in->inputs[index] : &copy;
	struct input_file *file = &in->files[index], now = *file;
	bool first_pass = stats->format == FORMAT_AUTO;
	struct reader r = {.opts = p->opts,
			   .stats = stats,
			   .log = p->log,
			   .fn = p->fn,
			   .ctx = p->ctx,
			   .err = p->err,
			   .line = 1,
			   .scratch = BUF_INIT,
			   .message = BUF_INIT,
			   .input = index,
			   .units = p->units,
			   .unit_count = p->unit_count,
			   .prepass = p->what == READ_PREPASS};
	int fd, rc;

	identify(&now);
	if (now.size != file->size || now.mtime_ns != file->mtime_ns)
		return qa_fail(p->err, QA_EXIT_INPUT, "%s: changed while qaudit was reading it",
			       stats->name);
	fd = dup(file->fd);
	if (fd < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		if (fd >= 0)
			close(fd);
		return qa_fail(p->err, QA_EXIT_INPUT, "%s: cannot read: %s", stats->name,
			       strerror(errno));
	}
	if (reader_init(&r, fd))
		return -1;
	if (first_pass) {
		stats->format = p->opts->format;
		rc = detect(&r, &stats->format);
		stats->gzip = !gzdirect(r.gz);
		stats->encoding = r.encoding;
	} else {
		rc = reader_fill(&r) == FILL_FAILED ? -1 : 0;
		if (rc == 0 && r.end >= 3 && !memcmp(r.data, "\xEF\xBB\xBF", 3))
			reader_advance(&r, 3);
	}
	r.preset = preset_ops(stats->preset);
	r.preset_state = in->preset_state[stats->preset];
	if (rc == 0 && p->what != READ_DETECT)
		rc = stats->format == FORMAT_CSV ? ingest_csv(&r)
						 : ingest_json(&r, stats->format == FORMAT_NDJSON);
	if (p->log && r.transcode) {
		stats->undecodable = transcode_replaced(r.transcode);
		stats->undecodable_line = r.undecodable_line;
	}
	if (rc == 0 && p->what == READ_RECORDS && p->opts->progress)
		reader_progress(&r, r.bytes, true);
	rc = chunk_close(&r, rc);
	reader_release(&r);
	return rc;
}

/* Before the first read: every input's format, and the pre-pass of the presets that have
 * one, whose inputs are read whole before any record, since what a row means may depend on
 * rows anywhere in them. */
static int prepare(struct ingest *in, const struct ingest_options *opts, struct qa_error *err)
{
	struct pass p = {.opts = opts, .what = READ_DETECT, .err = err};

	for (size_t i = 0; i < in->count; i++) {
		struct input_stats *s = &in->inputs[i];

		*s = (struct input_stats){.name = s->name};
		if (read_one(in, i, &p))
			return -1;
	}
	p.what = READ_PREPASS;
	for (size_t i = 0; i < in->count; i++) {
		enum preset preset = in->inputs[i].preset;
		const struct preset_ops *ops = preset_ops(preset);

		if (!ops || !ops->state_new)
			continue;
		if (!in->preset_state[preset])
			in->preset_state[preset] = ops->state_new();
		if (read_one(in, i, &p))
			return -1;
	}
	for (int preset = 0; preset < PRESET_COUNT; preset++)
		if (in->preset_state[preset])
			preset_ops((enum preset)preset)->prepass_done(in->preset_state[preset]);
	return 0;
}

int ingest_read(struct ingest *in, const struct ingest_options *opts, record_fn *fn, void *ctx,
		struct skip_log *log, struct qa_error *err)
{
	struct pass p = {.opts = opts, .fn = fn, .ctx = ctx, .log = log, .err = err};

	if (log && prepare(in, opts, err))
		return -1;
	for (size_t i = 0; i < in->count; i++) {
		int rc = read_one(in, i, &p);

		if (rc)
			return rc;
	}
	return 0;
}

int ingest_read_units(struct ingest *in, const struct ingest_options *opts, const uint64_t *units,
		      size_t count, record_fn *fn, void *ctx, struct qa_error *err)
{
	struct pass p = {.opts = opts, .fn = fn, .ctx = ctx, .err = err};
	size_t from = 0;

	while (from < count) {
		size_t input = units[from] >> UNIT_INPUT_SHIFT, to = from;
		int rc;

		while (to < count && units[to] >> UNIT_INPUT_SHIFT == input)
			to++;
		assert(input < in->count);
		p.units = units + from;
		p.unit_count = to - from;
		rc = read_one(in, input, &p);
		if (rc)
			return rc;
		from = to;
	}
	return 0;
}
