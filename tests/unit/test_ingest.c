/* Ingest: every input format, detection, header aliases, line numbers of bad records. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "ingest.h"
#include "time_parse.h"

struct seen {
	char *field[FIELD_COUNT];
	enum role role;
	int64_t time_ms;
	long line, item;
	uint64_t unit;
	bool handoff;
};

struct sink {
	struct seen items[64];
	size_t count;
};

static int collect(const struct record *rec, void *ctx)
{
	struct sink *sink = ctx;
	struct seen *s;

	assert_true(sink->count < 64);
	s = &sink->items[sink->count++];
	for (int f = 0; f < FIELD_COUNT; f++)
		s->field[f] =
			strndup(rec->field[f].ptr ? rec->field[f].ptr : "", rec->field[f].len);
	s->role = rec->role;
	s->time_ms = rec->time_ms;
	s->line = rec->line;
	s->item = rec->item;
	s->unit = rec->unit;
	s->handoff = rec->handoff;
	return 0;
}

/* One ingest run over one file holding content. */
struct run {
	struct field_map map;
	struct ingest_options opts;
	struct sink sink;
	struct skip_log log;
	struct qa_error err;
	struct input_stats stats;
	int rc;
};

static void run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->opts = (struct ingest_options){.format = FORMAT_AUTO,
					  .map = &r->map,
					  .tz_offset_min = 8 * 60,
					  .agent_default = "agent"};
	r->log = (struct skip_log)SKIP_LOG_INIT;
}

static char *write_temp(const void *content, size_t len)
{
	char *path = strdup("/tmp/qaudit-test-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
	return path;
}

static void run_bytes(struct run *r, const void *content, size_t len)
{
	char *path = write_temp(content, len);
	struct ingest in = {0};

	r->rc = ingest_open(&in, &path, 1, 0, r->opts.encoding, &r->err);
	if (!r->rc)
		r->rc = ingest_read(&in, &r->opts, collect, &r->sink, &r->log, &r->err);
	if (in.inputs)
		r->stats = in.inputs[0];
	ingest_close(&in);
	unlink(path);
	free(path);
}

static void run_text(struct run *r, const char *content)
{
	run_bytes(r, content, strlen(content));
}

static void run_release(struct run *r)
{
	for (size_t i = 0; i < r->sink.count; i++)
		for (int f = 0; f < FIELD_COUNT; f++)
			free(r->sink.items[i].field[f]);
	skip_log_release(&r->log);
	field_map_release(&r->map);
}

static const char *field(const struct run *r, size_t i, enum field f)
{
	assert_true(i < r->sink.count);
	return r->sink.items[i].field[f];
}

/* 2026-11-20 09:00:00 +08:00 */
#define T0 1795136400000LL

static void test_csv_chinese_headers_bom_and_crlf(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "\xEF\xBB\xBF会话ID,消息时间,发送方,客服工号,消息内容,渠道,客户ID\r\n"
		     "s1,2026-11-20 09:00:00,客户,,你好,网页,C1\r\n"
		     "s1,2026-11-20 09:00:04,客服,KF1,您好,网页,C1\r\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_string_equal(field(&r, 0, FIELD_SESSION), "s1");
	assert_int_equal(r.sink.items[0].role, ROLE_CUSTOMER);
	assert_int_equal(r.sink.items[0].time_ms, T0);
	assert_string_equal(field(&r, 0, FIELD_TEXT), "你好");
	assert_string_equal(field(&r, 0, FIELD_CHANNEL), "网页");
	assert_string_equal(field(&r, 0, FIELD_CUSTOMER), "C1");
	assert_int_equal(r.sink.items[1].role, ROLE_AGENT);
	assert_string_equal(field(&r, 1, FIELD_AGENT), "KF1");
	assert_int_equal(r.sink.items[1].time_ms, T0 + 4000);
	assert_int_equal(r.sink.items[1].line, 3);
	assert_int_equal(r.stats.format, FORMAT_CSV);
	assert_false(r.stats.gzip);
	run_release(&r);
}

static void test_csv_english_aliases_any_spelling(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "Conversation ID,Created At,Sender Type,Agent Name,Body,Source,Visitor ID\n"
		     "c9,2026-11-20T01:00:00Z,Visitor,,hi,web,v1\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 1);
	assert_string_equal(field(&r, 0, FIELD_SESSION), "c9");
	assert_string_equal(field(&r, 0, FIELD_TEXT), "hi");
	assert_string_equal(field(&r, 0, FIELD_CUSTOMER), "v1");
	assert_int_equal(r.sink.items[0].time_ms, T0);
	run_release(&r);
}

static void test_csv_quoted_newline_keeps_row_start_line(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text\n"
		     "s1,2026-11-20 09:00:00,customer,\"line one\nline two, with \"\"quotes\"\"\"\n"
		     "s1,2026-11-20 09:00:01,customer,after\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_string_equal(field(&r, 0, FIELD_TEXT), "line one\nline two, with \"quotes\"");
	assert_int_equal(r.sink.items[0].line, 2);
	assert_int_equal(r.sink.items[1].line, 4);
	run_release(&r);
}

static void test_csv_cr_only_line_ends(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text\r"
		     "s1,2026-11-20 09:00:00,customer,a\r"
		     "s1,bad,customer,b\r");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 1);
	assert_int_equal(r.log.count[SKIP_UNPARSABLE_TIME], 1);
	assert_non_null(strstr(r.log.entries[0].message, ":3: unparsable time 'bad'"));
	run_release(&r);
}

/* twcs tweet 3399: bare CRs inside an unquoted field of an LF file are data, not line ends;
 * the CR of a CRLF end is still trimmed, and a CR-only file may end a row with an empty cell. */
static void test_csv_stray_cr_in_lf_file_is_data(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text,agent\n"
		     "s1,2026-11-20 09:00:00,customer,one\r\rtwo,\n"
		     "s1,2026-11-20 09:00:01,agent,three,A1\r\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_int_equal(r.log.total, 0);
	assert_string_equal(field(&r, 0, FIELD_TEXT), "one\r\rtwo");
	assert_string_equal(field(&r, 1, FIELD_AGENT), "A1");
	assert_int_equal(r.sink.items[1].line, 3);
	run_release(&r);

	run_init(&r);
	run_text(&r, "session_id,time,role,text,agent\r"
		     "s1,2026-11-20 09:00:00,customer,one,\r");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 1);
	assert_string_equal(field(&r, 0, FIELD_AGENT), "");
	run_release(&r);
}

static void test_csv_bad_records_counted_with_their_lines(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,agent_id,text\n"         /* 1 */
		     "s1,2026-11-20 09:00:00,customer,,ok\n"        /* 2 */
		     "s1,2026-13-20 09:00:00,customer,,bad month\n" /* 3 */
		     "s1,2026-11-20 09:00:01,martian,,who\n"        /* 4 */
		     ",2026-11-20 09:00:02,customer,,no session\n"  /* 5 */
		     "s1,2026-11-20 09:00:03,agent,,no agent id\n"  /* 6 */
		     "s1,2026-11-20 09:00:04,customer\n"            /* 7 */
		     "s1,,customer,,no time\n"                      /* 8 */
		     "s1,1969-12-31 23:00:00,customer,,too early\n" /* 9 */
		     "s1,2026-11-20 09:00:05,agent,KF1,fine\n");    /* 10 */
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_int_equal(r.sink.items[1].line, 10);
	assert_int_equal(r.log.total, 7);
	assert_int_equal(r.stats.bad, 7);
	assert_int_equal(r.log.count[SKIP_UNPARSABLE_TIME], 1);
	assert_int_equal(r.log.count[SKIP_UNKNOWN_ROLE], 1);
	assert_int_equal(r.log.count[SKIP_MISSING_SESSION], 1);
	assert_int_equal(r.log.count[SKIP_MISSING_AGENT], 1);
	assert_int_equal(r.log.count[SKIP_RAGGED_ROW], 1);
	assert_int_equal(r.log.count[SKIP_MISSING_TIME], 1);
	assert_int_equal(r.log.count[SKIP_TIME_OUT_OF_RANGE], 1);
	assert_non_null(
		strstr(r.log.entries[0].message, ":3: unparsable time '2026-13-20 09:00:00'"));
	assert_non_null(strstr(r.log.entries[1].message, ":4: unknown role 'martian'"));
	assert_non_null(strstr(r.log.entries[2].message, ":5: no session id"));
	assert_non_null(strstr(r.log.entries[3].message, ":6: agent message without an agent id"));
	assert_non_null(strstr(r.log.entries[4].message, ":7: 3 fields, header has 5"));
	assert_non_null(strstr(r.log.entries[5].message, ":8: no time"));
	assert_non_null(strstr(r.log.entries[6].message, ":9: time out of range"));
	run_release(&r);
}

static void test_csv_strict_makes_first_bad_record_fatal(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	r.opts.strict = true;
	run_text(&r, "session_id,time,role,text\n"
		     "s1,2026-11-20 09:00:00,customer,a\n"
		     "s1,2026-11-20 09:00:00,martian,b\n"
		     "s1,2026-11-20 09:00:00,customer,c\n");
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.err.status, QA_EXIT_INPUT);
	assert_non_null(strstr(r.err.message, ":3: unknown role 'martian'"));
	assert_int_equal(r.sink.count, 1);
	run_release(&r);
}

static void test_csv_repeated_header_dropped_not_counted(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text\n"
		     "s1,2026-11-20 09:00:00,customer,a\n"
		     "session_id,time,role,text\n"
		     "s2,2026-11-20 09:00:00,customer,b\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_int_equal(r.log.total, 0);
	assert_int_equal(r.sink.items[1].line, 4);
	run_release(&r);
}

static void test_csv_unterminated_quote_on_last_line_is_a_bad_record(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text\n"
		     "s1,2026-11-20 09:00:00,customer,a\n"
		     "s1,2026-11-20 09:00:01,customer,\"never closed\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 1);
	assert_int_equal(r.log.count[SKIP_BROKEN_QUOTING], 1);
	assert_non_null(strstr(r.log.entries[0].message, ":3: quoted field never closed"));
	run_release(&r);
}

/* An earlier message whose quoted text held a line that looks like a row closed its quote:
 * it says nothing of the last row, whose quote alone is open. */
static void test_csv_quote_open_after_a_closed_multiline_row_is_a_bad_record(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text\n"
		     "s1,2026-11-20 09:00:00,customer,\"see:\na,b,c,d\nthanks\"\n"
		     "s1,2026-11-20 09:00:01,customer,b\n"
		     "s1,2026-11-20 09:00:02,customer,\"never closed\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_int_equal(r.log.count[SKIP_BROKEN_QUOTING], 1);
	assert_non_null(strstr(r.log.entries[0].message, ":6: quoted field never closed"));
	run_release(&r);
}

static void test_csv_unterminated_quote_cut_without_line_end_is_a_bad_record(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text\n"
		     "s1,2026-11-20 09:00:00,customer,a\n"
		     "s1,2026-11-20 09:00:01,customer,\"cut mid-\nmessage, so");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 1);
	assert_int_equal(r.stats.bad, 1);
	assert_int_equal(r.log.count[SKIP_BROKEN_QUOTING], 1);
	assert_non_null(strstr(r.log.entries[0].message, ":3: quoted field never closed"));
	run_release(&r);
}

static void test_csv_last_row_without_line_end_is_read(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text\n"
		     "s1,2026-11-20 09:00:00,customer,a\n"
		     "s1,2026-11-20 09:00:01,customer,\"quoted \"\"and\"\" closed\"");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_string_equal(field(&r, 1, FIELD_TEXT), "quoted \"and\" closed");
	assert_int_equal(r.log.total, 0);
	run_release(&r);
}

static void test_csv_header_only_is_a_quiet_night(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text\r\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 0);
	assert_int_equal(r.stats.records, 0);
	assert_int_equal(r.log.total, 0);
	run_release(&r);
}

static void test_csv_excel_sep_line_names_the_delimiter(void **state)
{
	static const char *const files[] = {
		"sep=;\r\nsession_id;time;role;text\r\ns1;2026-11-20 09:00:00;customer;a,b,c\r\n",
		"sep=\t\nsession_id\ttime\trole\ttext\ns1\t2026-11-20 09:00:00\tcustomer\ta;b\n",
		/* after a BOM */
		("\xEF\xBB\xBFsep=|\nsession_id|time|role|text\n"
		 "s1|2026-11-20 09:00:00|customer|a;b\n"),
	};
	static const char delimiters[] = ";\t|";

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		struct run r;

		run_init(&r);
		run_text(&r, files[i]);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.stats.delimiter, delimiters[i]);
		assert_int_equal(r.sink.count, 1);
		assert_int_equal(r.sink.items[0].line, 3);
		assert_string_equal(field(&r, 0, FIELD_TEXT), i ? "a;b" : "a,b,c");
		run_release(&r);
	}
}

static void test_csv_over_wide_row_is_a_bad_record(void **state)
{
	struct buf csv = BUF_INIT;
	struct run r;

	(void)state;
	buf_addstr(&csv, "session_id,time,role,text\n");
	for (int i = 0; i < 100000; i++)
		buf_addch(&csv, ',');
	buf_addstr(&csv, "\n,,,\ns1,2026-11-20 09:00:00,customer,a\n");
	run_init(&r);
	run_bytes(&r, csv.data, csv.len);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 1);
	assert_int_equal(r.log.count[SKIP_RAGGED_ROW], 1); /* not the empty row ",,," */
	assert_non_null(strstr(r.log.entries[0].message, ":2: 100001 fields, header has 4"));
	run_release(&r);
	buf_release(&csv);
}

/* A text of len bytes of 'x' in a row of session id, framed by good rows. */
static void long_row_csv(struct buf *csv, const char *id, size_t len, const char *quote)
{
	buf_addstr(csv, "session_id,time,role,text\ns0,2026-11-20 09:00:00,customer,a\n");
	buf_addf(csv, "%s,2026-11-20 09:00:01,customer,%s", id, quote);
	for (size_t i = 0; i < len; i++)
		buf_addch(csv, i % 1000 == 999 && *quote ? '\n' : 'x');
	buf_addf(csv, "%s\ns2,2026-11-20 09:00:02,customer,c\n", quote);
}

static void test_csv_megabyte_field_is_read(void **state)
{
	struct buf csv = BUF_INIT;
	struct run r;

	(void)state;
	long_row_csv(&csv, "s1", 3u << 20, "\"");
	run_init(&r);
	run_bytes(&r, csv.data, csv.len);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 3);
	assert_int_equal(strlen(field(&r, 1, FIELD_TEXT)), 3u << 20);
	assert_int_equal(r.sink.items[2].line, 4 + (3 << 20) / 1000);
	run_release(&r);
	buf_release(&csv);
}

static void test_csv_row_over_the_limit_is_skipped_and_counted(void **state)
{
	static const char *const quotes[] = {"", "\""};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct buf csv = BUF_INIT;
		struct run r;

		long_row_csv(&csv, "s1", 17u << 20, quotes[i]);
		run_init(&r);
		run_bytes(&r, csv.data, csv.len);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.sink.count, 2);
		assert_string_equal(field(&r, 1, FIELD_SESSION), "s2");
		assert_int_equal(r.sink.items[1].line, i ? 4 + (17 << 20) / 1000 : 4);
		assert_int_equal(r.log.count[SKIP_TOO_LARGE], 1);
		assert_non_null(strstr(r.log.entries[0].message, ":3: row longer than 16 MiB"));
		run_release(&r);
		buf_release(&csv);
	}
}

/* A line over 16 MiB is one bad record however much of it the read window holds: just over
 * the limit (its end read with it) or far over it. */
static void test_ndjson_line_over_the_limit_is_skipped_whole(void **state)
{
	static const size_t sizes[] = {(16u << 20) + 100, 40u << 20};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct buf text = BUF_INIT;
		struct run r;

		buf_addstr(&text,
			   "{\"session_id\": \"s1\", \"role\": \"customer\", \"text\": \"a\"}\n"
			   "{\"session_id\": \"s2\", \"role\": \"customer\", \"text\": \"");
		for (size_t n = 0; n < sizes[i]; n++)
			buf_addch(&text, 'x');
		buf_addstr(
			&text,
			"\"}\n{\"session_id\": \"s3\", \"role\": \"customer\", \"text\": \"b\"}\n");
		run_init(&r);
		run_bytes(&r, text.data, text.len);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.sink.count, 2);
		assert_string_equal(field(&r, 1, FIELD_SESSION), "s3");
		assert_int_equal(r.sink.items[1].line, 3);
		assert_int_equal(r.log.count[SKIP_TOO_LARGE], 1);
		assert_non_null(
			strstr(r.log.entries[0].message, ":2: line longer than 16777216 bytes"));
		run_release(&r);
		buf_release(&text);
	}
}

static void test_csv_unterminated_quote_swallowing_the_file_is_fatal(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text\n"
		     "s1,2026-11-20 09:00:00,customer,\"never closed\n"
		     "s1,2026-11-20 09:00:01,customer,b\n"
		     "s1,2026-11-20 09:00:02,customer,c\n");
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.err.status, QA_EXIT_INPUT);
	assert_non_null(strstr(r.err.message, ":2: quoted field never closed"));
	run_release(&r);
}

static void test_csv_missing_required_column_is_fatal(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,text\ns1,2026-11-20 09:00:00,a\n");
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.err.status, QA_EXIT_INPUT);
	assert_non_null(
		strstr(r.err.message, ":1: no role column in the header 'session_id,time,text'"));
	assert_non_null(strstr(r.err.message, "--map role=COLUMN (looked for role: role,"));
	run_release(&r);
}

/* A user renaming an export's columns wants every missing one at once, not one per run. */
static void test_csv_every_missing_column_is_named_at_once(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "id,when,who,body\n1,2026-11-20 09:00:00,customer,a\n");
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.err.message, "no session or role column in the header "
					      "'id,when,who,body'; name them with --map "
					      "session=COLUMN,role=COLUMN"));
	assert_non_null(strstr(r.err.message, "session: session_id,"));
	run_release(&r);
}

/* An object of sessions keyed by their ids is read as one session without an id: the
 * warning says which --map fixes it. */
static void test_json_sessions_keyed_by_id_suggest_map_at_key(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "{\"S1001\": {\"messages\": [{\"time\": \"2026-11-20 09:00:00\", "
		     "\"role\": \"customer\", \"text\": \"hi\"}]},\n"
		     " \"S1002\": {\"messages\": []}}\n");
	assert_int_equal(r.log.count[SKIP_MISSING_SESSION], 1);
	assert_non_null(
		strstr(r.log.entries[0].message, "no session id (sessions keyed by their id"));
	assert_non_null(strstr(r.log.entries[0].message, "add --map session=@key)"));
	run_release(&r);
}

/* In NDJSON the hint belongs to the line that looks keyed: a later line that only lacks its
 * id is told no more (and lines read apart by threads say the same). */
static void test_ndjson_keyed_hint_is_the_lines_own(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r,
		 "{\"S1\": {\"role\": \"customer\", \"text\": \"hi\"}}\n"
		 "{\"time\": \"2026-11-20 09:00:00\", \"role\": \"customer\", \"text\": \"hi\"}\n");
	assert_int_equal(r.log.count[SKIP_MISSING_SESSION], 2);
	assert_non_null(strstr(r.log.entries[0].message, ":1: no session id (sessions keyed"));
	assert_non_null(strstr(r.log.entries[1].message, ":2: no session id"));
	assert_null(strstr(r.log.entries[1].message, "keyed"));
	run_release(&r);
}

static void test_csv_two_columns_for_one_field_fatal_unless_mapped(void **state)
{
	static const char csv[] = "session_id,time,role,message,content\n"
				  "s1,2026-11-20 09:00:00,customer,from message,from content\n";
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, csv);
	assert_int_equal(r.rc, -1);
	assert_non_null(
		strstr(r.err.message, "columns 'message' and 'content' both hold the text"));
	run_release(&r);

	run_init(&r);
	assert_int_equal(field_map_parse_map(&r.map, "text=content", &r.err), 0);
	run_text(&r, csv);
	assert_int_equal(r.rc, 0);
	assert_string_equal(field(&r, 0, FIELD_TEXT), "from content");
	run_release(&r);
}

static void test_csv_without_time_or_agent_column(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,role,text\ns1,customer,a\ns1,agent,b\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_true(r.sink.items[0].time_ms == TIME_NONE);
	assert_string_equal(field(&r, 1, FIELD_AGENT), "agent");
	assert_int_equal(r.stats.untimed, 2);
	assert_int_equal(r.stats.default_agent, 1);
	run_release(&r);
}

static void test_csv_tab_and_semicolon_delimiters_detected(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id\ttime\trole\ttext\ns1\t2026-11-20 09:00:00\tcustomer\ta, b\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.stats.delimiter, '\t');
	assert_string_equal(field(&r, 0, FIELD_TEXT), "a, b");
	run_release(&r);

	run_init(&r);
	run_text(&r, "session_id;time;role;text\ns1;2026-11-20 09:00:00;customer;x,y\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.stats.delimiter, ';');
	assert_string_equal(field(&r, 0, FIELD_TEXT), "x,y");
	run_release(&r);
}

static void test_invalid_utf8_text_repaired_but_id_rejected(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text\n"
		     "s1,2026-11-20 09:00:00,customer,caf\xE9 ok\n"
		     "s\xFF,2026-11-20 09:00:00,customer,fine\n"
		     "s2,2026-11-20 09:00:00,customer,one two three four five six seven\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_string_equal(field(&r, 0, FIELD_TEXT), "caf\xEF\xBF\xBD ok");
	assert_int_equal(r.stats.repaired, 1);
	assert_int_equal(r.log.count[SKIP_INVALID_UTF8], 1);
	assert_non_null(strstr(r.log.entries[0].message, ":3: invalid UTF-8 in session"));
	run_release(&r);
}

static void test_personal_data_masked_in_warnings(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "session_id,time,role,text\n"
		     "s1,13812345678,customer,a\n"
		     "s1,2026-11-20 09:00:00,customer,b\n");
	assert_int_equal(r.log.total, 1);
	assert_null(strstr(r.log.entries[0].message, "13812345678"));
	assert_non_null(strstr(r.log.entries[0].message, "*******5678"));
	run_release(&r);
}

static void test_json_array_of_sessions(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "[\n"
		     " {\"session_id\": \"j1\", \"channel\": \"web\", \"customer_id\": 42,\n"
		     "  \"messages\": [\n"
		     "   {\"role\": \"customer\", \"time\": \"2026-11-20T01:00:00Z\", \"text\": "
		     "\"hi\"},\n"
		     "   {\"role\": \"agent\", \"agent_id\": \"maria\", \"time\": 1795136405, "
		     "\"text\": \"hello\"}\n"
		     "  ]},\n"
		     " {\"id\": 7, \"messages\": [{\"role\": \"customer\", \"time\": "
		     "1795136400000, \"text\": \"x\"}]}\n"
		     "]\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.stats.format, FORMAT_JSON);
	assert_int_equal(r.sink.count, 3);
	assert_string_equal(field(&r, 0, FIELD_SESSION), "j1");
	assert_string_equal(field(&r, 0, FIELD_CHANNEL), "web");
	assert_string_equal(field(&r, 0, FIELD_CUSTOMER), "42");
	assert_int_equal(r.sink.items[0].time_ms, T0);
	assert_int_equal(r.sink.items[0].line, 2);
	assert_int_equal(r.sink.items[0].item, 1);
	assert_string_equal(field(&r, 1, FIELD_AGENT), "maria");
	assert_int_equal(r.sink.items[1].time_ms, T0 + 5000);
	assert_int_equal(r.sink.items[1].item, 2);
	assert_string_equal(field(&r, 2, FIELD_SESSION), "7");
	assert_int_equal(r.sink.items[2].line, 7);
	assert_int_equal(r.sink.items[2].time_ms, T0);
	run_release(&r);
}

static void test_json_wrapped_array_after_metadata(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "{\"export\": {\"note\": \"a } and ] in a string\", \"n\": [1, {\"x\": 2}]},\n"
		     " \"Conversations\": [\n"
		     "  {\"conversation_id\": \"w1\", \"messages\": [\n"
		     "    {\"sender_type\": \"visitor\", \"sent_at\": \"2026-11-20 09:00:00\", "
		     "\"body\": \"q\"}]}\n"
		     " ],\n"
		     " \"total\": 1}\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 1);
	assert_string_equal(field(&r, 0, FIELD_SESSION), "w1");
	assert_int_equal(r.sink.items[0].line, 3);
	run_release(&r);
}

static void test_json_flat_array_of_messages(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r,
		 "[{\"chat_id\": \"f1\", \"ts\": 1795136400, \"from\": \"user\", \"msg\": \"a\"},\n"
		 " {\"chat_id\": \"f1\", \"ts\": 1795136401, \"from\": \"staff\", \"operator\": "
		 "\"op\", \"msg\": \"b\"}]\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_int_equal(r.sink.items[1].role, ROLE_AGENT);
	assert_string_equal(field(&r, 1, FIELD_AGENT), "op");
	assert_int_equal(r.sink.items[1].line, 2);
	run_release(&r);
}

static void test_json_broken_documents_are_fatal(void **state)
{
	static const struct {
		const char *json, *message;
	} cases[] = {
		{"[{\"session_id\": \"a\", \"messages\": []}] trailing",
		 ":1: unexpected data after"},
		{"[{\"session_id\": \"a\",\n \"messages\": [", ":1: JSON ends early"},
		{"[1 2]", ":1: invalid JSON: expected ',' or ']'"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct run r;

		run_init(&r);
		run_text(&r, cases[i].json);
		assert_int_equal(r.rc, -1);
		assert_int_equal(r.err.status, QA_EXIT_INPUT);
		if (!strstr(r.err.message, cases[i].message))
			fail_msg("case %zu: '%s' lacks '%s'", i, r.err.message, cases[i].message);
		run_release(&r);
	}
}

static void test_json_broken_element_costs_only_that_element(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "[{\"session_id\": \"a\" \"messages\": []},\n"
		     " {\"session_id\": \"b\", \"role\": \"customer\", \"time\": 1795136400,\n"
		     "  \"text\": \"lone \\ud800 surrogate\"},\n"
		     " {\"session_id\": 1.2345678901234567e19, \"role\": \"customer\", \"time\": "
		     "1795136400,"
		     " \"text\": \"x\"},\n"
		     " {\"session_id\": \"c\", \"role\": \"customer\", \"time\": 1795136400, "
		     "\"text\": \"ok\"}]\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 1);
	assert_string_equal(field(&r, 0, FIELD_SESSION), "c");
	assert_int_equal(r.log.count[SKIP_INVALID_JSON], 2);
	assert_int_equal(r.log.count[SKIP_WRONG_TYPE], 1);
	assert_non_null(strstr(r.log.entries[0].message, ":1: invalid JSON in this element"));
	assert_non_null(strstr(r.log.entries[1].message, ":2: invalid JSON in this element"));
	assert_non_null(
		strstr(r.log.entries[2].message, ":4: session 'session_id' is a number too large"));
	run_release(&r);
}

static void test_json_wrong_types_are_bad_records(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "[{\"session_id\": \"a\", \"messages\": \"none\"},\n"
		     " {\"session_id\": \"b\", \"messages\": [\"text only\",\n"
		     "   {\"role\": \"customer\", \"time\": \"2026-11-20 09:00:00\", \"text\": "
		     "{\"x\": 1}},\n"
		     "   {\"role\": \"customer\", \"time\": null, \"text\": \"null time\"}]},\n"
		     " 5]\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.log.count[SKIP_WRONG_TYPE], 4);
	assert_non_null(strstr(r.log.entries[0].message, ":1: 'messages' is not an array"));
	assert_non_null(
		strstr(r.log.entries[1].message, ":2: message 1: message is not an object"));
	assert_non_null(
		strstr(r.log.entries[2].message, ":2: message 2: text 'text' is an object"));
	assert_int_equal(r.sink.count, 1);
	assert_true(r.sink.items[0].time_ms == TIME_NONE);
	run_release(&r);
}

static void test_json_snowflake_ids_keep_every_digit(void **state)
{
	static const char *const inputs[] = {
		"[{\"session_id\": 1234567890123456789, \"customer_id\": 9007199254740993,\n"
		"  \"messages\": [{\"role\": \"agent\", \"agent_id\": 1234567890123456788,\n"
		"    \"time\": 1795136400000, \"text\": \"id 12345678901234567890 \\\" 1\"}]},\n"
		" {\"session_id\": 1234567890123456788, \"messages\": [{\"role\": \"agent\",\n"
		"    \"agent_id\": -1234567890123456789, \"time\": 1795136400000, \"text\": "
		"\"b\"}]}]\n",
		"{\"session_id\": 1234567890123456789, \"customer_id\": 9007199254740993, "
		"\"role\": "
		"\"agent\", \"agent_id\": 1234567890123456788, \"time\": 1795136400000, \"text\": "
		"\"id 12345678901234567890 \\\" 1\"}\n"
		"{\"session_id\": 1234567890123456788, \"role\": \"agent\", \"agent_id\": "
		"-1234567890123456789, \"time\": 1795136400000, \"text\": \"b\"}\n",
	};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct run r;

		run_init(&r);
		run_text(&r, inputs[i]);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.stats.format, i ? FORMAT_NDJSON : FORMAT_JSON);
		assert_int_equal(r.sink.count, 2);
		assert_string_equal(field(&r, 0, FIELD_SESSION), "1234567890123456789");
		assert_string_equal(field(&r, 0, FIELD_CUSTOMER), "9007199254740993");
		assert_string_equal(field(&r, 0, FIELD_AGENT), "1234567890123456788");
		assert_string_equal(field(&r, 0, FIELD_TEXT), "id 12345678901234567890 \" 1");
		assert_int_equal(r.sink.items[0].time_ms, T0);
		assert_string_equal(field(&r, 1, FIELD_SESSION), "1234567890123456788");
		assert_string_equal(field(&r, 1, FIELD_AGENT), "-1234567890123456789");
		run_release(&r);
	}
}

static void test_ndjson_by_message_and_by_session(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r,
		 "{\"chat_id\":\"n1\",\"ts\":1795136400123,\"from\":\"客戶\",\"text\":\"你好\"}\n"
		 "\n"
		 "{\"session_id\":\"n2\",\"messages\":[{\"role\":\"bot\",\"time\":1795136400,"
		 "\"text\":\"hi\"},"
		 "{\"role\":\"customer\",\"time\":1795136401,\"text\":\"q\"}]}\n"
		 "{not json\n"
		 "{\"chat_id\":\"n1\",\"ts\":1795136409123,\"from\":\"客服\",\"staff_id\":\"A1\","
		 "\"text\":\"您好\"}");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.stats.format, FORMAT_NDJSON);
	assert_int_equal(r.sink.count, 4);
	assert_int_equal(r.sink.items[0].time_ms, T0 + 123);
	assert_int_equal(r.sink.items[1].role, ROLE_BOT);
	assert_int_equal(r.sink.items[1].line, 3);
	assert_int_equal(r.sink.items[2].item, 2);
	assert_int_equal(r.sink.items[3].line, 5);
	assert_string_equal(field(&r, 3, FIELD_AGENT), "A1");
	assert_int_equal(r.log.count[SKIP_INVALID_JSON], 1);
	assert_non_null(strstr(r.log.entries[0].message, ":4: invalid JSON line"));
	run_release(&r);
}

/* A message's "handoff": true is a hand-off, as a preset's transfer event is; any other
 * value is none, and a session object's own "handoff" is no message's. */
static void test_json_handoff_key_marks_a_handoff(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, "{\"session_id\":\"h1\",\"time\":1795136400,\"role\":\"system\","
		     "\"text\":\"to Li\",\"handoff\":true}\n"
		     "{\"session_id\":\"h1\",\"time\":1795136401,\"role\":\"system\","
		     "\"text\":\"x\",\"handoff\":\"true\"}\n"
		     "{\"session_id\":\"h2\",\"handoff\":true,\"messages\":[{\"role\":\"bot\","
		     "\"time\":1795136400,\"text\":\"hi\"},{\"role\":\"system\","
		     "\"time\":1795136401,\"text\":\"to Li\",\"Hand-Off\":true}]}\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 4);
	assert_true(r.sink.items[0].handoff);
	assert_false(r.sink.items[1].handoff);
	assert_false(r.sink.items[2].handoff);
	assert_true(r.sink.items[3].handoff);
	assert_int_equal(r.log.total, 0);
	run_release(&r);
}

static void test_gzip_detected_by_magic_bytes(void **state)
{
	static const char csv[] = "session_id,time,role,text\ns1,2026-11-20 09:00:00,customer,a\n";
	char path[] = "/tmp/qaudit-gz-XXXXXX";
	char *name = path;
	int fd = mkstemp(path);
	gzFile gz = gzdopen(fd, "wb");
	struct run r;
	struct ingest in = {0};

	(void)state;
	assert_int_equal(gzwrite(gz, csv, sizeof(csv) - 1), (int)sizeof(csv) - 1);
	gzclose(gz);
	run_init(&r);
	assert_int_equal(ingest_open(&in, &name, 1, 0, ENCODING_UTF8, &r.err), 0);
	assert_int_equal(ingest_read(&in, &r.opts, collect, &r.sink, &r.log, &r.err), 0);
	assert_true(in.inputs[0].gzip);
	assert_int_equal(in.inputs[0].format, FORMAT_CSV);
	assert_int_equal(r.sink.count, 1);
	/* A second pass reads the same records, logs nothing and counts nothing. */
	assert_int_equal(ingest_read(&in, &r.opts, collect, &r.sink, NULL, &r.err), 0);
	assert_int_equal(r.sink.count, 2);
	assert_int_equal(in.inputs[0].records, 1);
	assert_string_equal(field(&r, 1, FIELD_TEXT), "a");
	ingest_close(&in);
	unlink(path);
	run_release(&r);
}

static void test_what_is_not_an_export_is_refused(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *message;
	} cases[] = {
		{"", 0, ": empty input"},
		{"  \n\r\n", 5, ": empty input"},
		{"PK\x03\x04rest", 8, ".xlsx spreadsheet"},
		{"\xD0\xCF\x11\xE0more", 8, ".xls spreadsheet"},
		{"<!DOCTYPE html><html>", 21, "looks like HTML"},
		/* UTF-16 with a BOM is read; without one, and without --encoding, it is not */
		{"s\0e\0s\0s\0i\0o\0n\0", 14,
		 "UTF-16 text without a byte-order mark; read it "
		 "with --encoding utf-16le"},
		/* GBK for 会话ID,内容 */
		{"\xBB\xE1\xBB\xB0ID,\xC4\xDA\xC8\xDD\n", 12, "--encoding gb18030"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct run r;

		run_init(&r);
		run_bytes(&r, cases[i].bytes, cases[i].len);
		assert_int_equal(r.rc, -1);
		assert_int_equal(r.err.status, QA_EXIT_INPUT);
		if (!strstr(r.err.message, cases[i].message))
			fail_msg("case %zu: '%s' lacks '%s'", i, r.err.message, cases[i].message);
		run_release(&r);
	}
}

static void test_roles_option_reads_numeric_codes(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	assert_int_equal(field_map_parse_roles(&r.map, "customer=2,agent=1,bot=3", &r.err), 0);
	run_text(&r, "session_id,time,role,agent,text\n"
		     "s1,2017-8-23 13:12:23,2,,q\n"
		     "s1,2017-8-23 13:12:30,1,kf_01,a\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_int_equal(r.sink.items[0].role, ROLE_CUSTOMER);
	assert_int_equal(r.sink.items[1].role, ROLE_AGENT);
	assert_int_equal(r.sink.items[1].time_ms - r.sink.items[0].time_ms, 7000);
	run_release(&r);
}

/* Reads content, then reads again only the units of the records whose text starts with
 * "keep": the second read must give exactly those records, in the same order. */
static void check_second_read(const char *content, size_t expect_kept, bool gzip)
{
	char *path = write_temp("", 0);
	struct ingest in = {0};
	struct run first, second;
	uint64_t units[64];
	size_t count = 0, kept = 0;

	if (gzip) {
		gzFile gz = gzopen(path, "wb");

		gzwrite(gz, content, (unsigned)strlen(content));
		gzclose(gz);
	} else {
		FILE *fp = fopen(path, "wb");

		fputs(content, fp);
		fclose(fp);
	}
	run_init(&first);
	run_init(&second);
	assert_int_equal(ingest_open(&in, &path, 1, 0, ENCODING_UTF8, &first.err), 0);
	assert_int_equal(
		ingest_read(&in, &first.opts, collect, &first.sink, &first.log, &first.err), 0);
	for (size_t i = 0; i < first.sink.count; i++) {
		uint64_t unit = first.sink.items[i].unit;

		if (!strncmp(field(&first, i, FIELD_TEXT), "keep", 4) &&
		    (!count || units[count - 1] != unit))
			units[count++] = unit;
	}
	assert_int_equal(ingest_read_units(&in, &second.opts, units, count, collect, &second.sink,
					   &second.err),
			 0);
	for (size_t i = 0; i < first.sink.count; i++) {
		const struct seen *a = &first.sink.items[i];
		bool wanted = false;

		for (size_t u = 0; u < count; u++)
			wanted |= units[u] == a->unit;
		if (!wanted)
			continue;
		assert_true(kept < second.sink.count);
		for (int f = 0; f < FIELD_COUNT; f++)
			assert_string_equal(second.sink.items[kept].field[f], a->field[f]);
		assert_int_equal(second.sink.items[kept].time_ms, a->time_ms);
		assert_int_equal(second.sink.items[kept].unit, a->unit);
		kept++;
	}
	assert_int_equal(second.sink.count, kept);
	assert_int_equal(kept, expect_kept);
	ingest_close(&in);
	unlink(path);
	free(path);
	run_release(&first);
	run_release(&second);
}

static void test_second_read_gives_back_exactly_the_units_asked_for(void **state)
{
	(void)state;
	/* CSV: a row over two lines, blank lines, a repeated header, a bad row, no final
	 * line end. */
	check_second_read("\xEF\xBB\xBFsession_id,time,role,text\n"
			  "s1,2026-11-20 09:00:00,customer,skip\n"
			  "s1,2026-11-20 09:00:01,agent,\"keep\nover two lines\"\n"
			  "\n"
			  "session_id,time,role,text\n"
			  "s2,2026-11-20 09:00:02,customer,\"keep, \"\"quoted\"\"\"\n"
			  "s2,2026-11-20 09:00:03,nobody,keep but bad\n"
			  "s2,2026-11-20 09:00:04,customer,skip\n"
			  "s3,2026-11-20 09:00:05,customer,keep last",
			  3, false);
	check_second_read("session_id;time;role;text\r\n"
			  "s1;2026-11-20 09:00:00;customer;keep\r\n"
			  "s1;2026-11-20 09:00:01;agent;skip\r\n"
			  "s1;2026-11-20 09:00:02;agent;keep\r\n",
			  2, true);
	/* NDJSON: a message per line and a session per line (its messages share a unit). */
	check_second_read(
		"{\"session_id\":\"n1\",\"role\":\"customer\",\"text\":\"skip\"}\n"
		"{\"session_id\":\"n2\",\"messages\":[{\"role\":\"customer\",\"text\":\"keep\"},"
		"{\"role\":\"agent\",\"text\":\"also read: same line\"}]}\n"
		"\n"
		"{broken\n"
		"{\"session_id\":\"n1\",\"role\":\"agent\",\"text\":\"keep\"}",
		3, false);
	/* JSON: an array of sessions, a wrapped array, one session object. */
	check_second_read("[{\"session_id\":\"j1\",\"messages\":[{\"role\":\"customer\",\"text\":"
			  "\"skip\"}]},\n"
			  " {\"session_id\":\"j2\",\"messages\":[{\"role\":\"customer\",\"text\":"
			  "\"keep\"}]},\n"
			  " {\"session_id\":\"j3\",\"role\":\"agent\",\"text\":\"keep [\\\"]\"}]",
			  2, false);
	check_second_read(
		"{\"meta\":{\"x\":[1,2]},\"sessions\":[\n"
		"{\"session_id\":\"w1\",\"messages\":[{\"role\":\"customer\",\"text\":\"skip\"}]},"
		"{\"session_id\":\"w2\",\"messages\":[{\"role\":\"customer\",\"text\":\"keep\"}]}]"
		"}",
		1, false);
	check_second_read(
		"{\"session_id\":\"o1\",\"channel\":\"web\",\"messages\":["
		"{\"role\":\"customer\",\"text\":\"keep\"},{\"role\":\"agent\",\"text\":\"x\"}]}",
		2, false);
}

static void test_input_changed_between_reads_is_an_error(void **state)
{
	static const char csv[] = "session_id,role,text\ns1,customer,a\ns1,agent,b\n";
	char *path = write_temp(csv, sizeof(csv) - 1);
	struct ingest in = {0};
	struct run r;
	FILE *fp;

	(void)state;
	run_init(&r);
	assert_int_equal(ingest_open(&in, &path, 1, 0, ENCODING_UTF8, &r.err), 0);
	assert_int_equal(ingest_read(&in, &r.opts, collect, &r.sink, &r.log, &r.err), 0);
	fp = fopen(path, "w");
	fputs("session_id,role,text\ns1,customer,changed\n", fp);
	fclose(fp);
	assert_int_equal(
		ingest_read_units(&in, &r.opts, &r.sink.items[1].unit, 1, collect, &r.sink, &r.err),
		-1);
	assert_int_equal(r.err.status, QA_EXIT_INPUT);
	assert_non_null(strstr(r.err.message, "changed while qaudit was reading it"));
	ingest_close(&in);
	unlink(path);
	free(path);
	run_release(&r);
}

static int count_records(const struct record *rec, void *ctx)
{
	(void)rec;
	++*(size_t *)ctx;
	return 0;
}

static void test_minified_json_longer_than_the_sniff_is_a_document(void **state)
{
	struct buf doc = BUF_INIT;
	char *path;
	struct ingest in = {0};
	size_t records = 0;
	struct run r;

	(void)state;
	buf_addstr(&doc, "{\"conversations\": [");
	for (int i = 0; i < 20000; i++)
		buf_addf(&doc,
			 "%s{\"session_id\":\"m%d\",\"messages\":[{\"role\":\"customer\","
			 "\"text\":\"a question long enough to fill the sample\"}]}",
			 i ? "," : "", i);
	buf_addstr(&doc, "]}");
	assert_true(doc.len > 1024 * 1024); /* more than the first read holds */
	path = write_temp(doc.data, doc.len);
	run_init(&r);
	assert_int_equal(ingest_open(&in, &path, 1, 0, ENCODING_UTF8, &r.err), 0);
	assert_int_equal(ingest_read(&in, &r.opts, count_records, &records, &r.log, &r.err), 0);
	assert_int_equal(in.inputs[0].format, FORMAT_JSON);
	assert_int_equal(records, 20000);
	ingest_close(&in);
	unlink(path);
	free(path);
	buf_release(&doc);
	run_release(&r);
}

/* ---- Presets ---- */

/* Expects record i to be session/role/agent (agent NULL: none). */
static void expect_record(const struct run *r, size_t i, const char *session, enum role role,
			  const char *agent)
{
	assert_string_equal(field(r, i, FIELD_SESSION), session);
	assert_int_equal(r->sink.items[i].role, role);
	if (agent)
		assert_string_equal(field(r, i, FIELD_AGENT), agent);
}

/* Rows out of order, a branch (two answers to one tweet) and a parent missing from the
 * file: every tweet lands in the session of the topmost tweet present above it. */
static const char twcs_rows[] =
	"tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
	"3,Brand,False,Tue Oct 31 22:12:00 +0000 2017,@9 Sorry! Fixed now. ^JK,,2\n"
	"1,9,True,Tue Oct 31 22:10:00 +0000 2017,@Brand my order is late,2,\n"
	"2,Brand,False,Tue Oct 31 22:11:00 +0000 2017,@9 Hi! DM us please -Becky,\"3,4\",1\n"
	"4,9,True,Tue Oct 31 22:11:30 +0000 2017,@Brand done,,2.0\n"
	"8,7,True,Tue Oct 31 23:00:00 +0000 2017,@Brand still broken,9,5\n"
	"9,Brand,False,Tue Oct 31 23:05:00 +0000 2017,@7 On it.,,8\n";

static void test_twcs_reply_chains_become_sessions(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, twcs_rows);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.stats.preset, PRESET_TWCS);
	assert_int_equal(r.sink.count, 6);
	expect_record(&r, 0, "1", ROLE_AGENT, "Brand");
	expect_record(&r, 1, "1", ROLE_CUSTOMER, NULL);
	assert_string_equal(field(&r, 1, FIELD_CUSTOMER), "9");
	assert_int_equal(r.sink.items[1].time_ms, 1509487800000LL);
	expect_record(&r, 2, "1", ROLE_AGENT, "Brand");
	expect_record(&r, 3, "1", ROLE_CUSTOMER, NULL);
	expect_record(&r, 4, "8", ROLE_CUSTOMER, NULL); /* its parent 5 is not in the file */
	expect_record(&r, 5, "8", ROLE_AGENT, "Brand");
	run_release(&r);

	run_init(&r);
	r.opts.signoff_agents = true;
	run_text(&r, twcs_rows);
	assert_int_equal(r.rc, 0);
	assert_string_equal(field(&r, 0, FIELD_AGENT), "Brand/JK");
	assert_string_equal(field(&r, 2, FIELD_AGENT), "Brand/Becky");
	assert_string_equal(field(&r, 5, FIELD_AGENT), "Brand"); /* no sign-off */
	run_release(&r);

	/* A thread under another account's post: the post is context, the customer is the one
	 * the company answers, and the clock starts at their tweet. */
	run_init(&r);
	run_text(&r, "tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
		     "in_response_to_tweet_id\n"
		     "20,300,True,Tue Oct 31 10:00:00 +0000 2017,Big sale tomorrow!,21,\n"
		     "21,5,True,Tue Oct 31 22:00:00 +0000 2017,@Brand my order never came,22,20\n"
		     "22,Brand,False,Tue Oct 31 22:05:00 +0000 2017,@5 Sorry! DM us.,,21\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 3);
	expect_record(&r, 0, "20", ROLE_SYSTEM, NULL);
	assert_string_equal(field(&r, 0, FIELD_CUSTOMER), "");
	expect_record(&r, 1, "20", ROLE_CUSTOMER, NULL);
	assert_string_equal(field(&r, 1, FIELD_CUSTOMER), "5");
	expect_record(&r, 2, "20", ROLE_AGENT, "Brand");
	run_release(&r);
}

#define TWCS_HEADER                                                                                \
	"tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"

/* twcs has no channel of its own: every record is on twitter, a social channel. An export
 * with a channel column keeps its own. */
static void test_twcs_records_are_on_twitter(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, twcs_rows);
	assert_int_equal(r.rc, 0);
	for (size_t i = 0; i < r.sink.count; i++)
		assert_string_equal(field(&r, i, FIELD_CHANNEL), "twitter");
	run_release(&r);

	run_init(&r);
	run_text(&r, "tweet_id,author_id,inbound,created_at,text,in_response_to_tweet_id,channel\n"
		     "1,9,True,Tue Oct 31 22:10:00 +0000 2017,@Brand hi,,weibo\n"
		     "2,Brand,False,Tue Oct 31 22:11:00 +0000 2017,@9 hello,1,\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	assert_string_equal(field(&r, 0, FIELD_CHANNEL), "weibo");
	assert_string_equal(field(&r, 1, FIELD_CHANNEL), "twitter"); /* its cell is empty */
	run_release(&r);
}

/* A brand's promotion with three accounts replying: the first to address the brand is the
 * customer, even when the brand answers a later one; the others are context. */
static void test_twcs_promotion_has_one_customer(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, TWCS_HEADER
		 "50,Brand,False,Tue Oct 31 10:00:00 +0000 2017,New flavours today!,\"51,52,53\",\n"
		 "53,303,True,Tue Oct 31 10:20:00 +0000 2017,@Brand mine came cold,54,50\n"
		 "51,301,True,Tue Oct 31 10:05:00 +0000 2017,@Brand where is my store?,55,50\n"
		 "52,302,True,Tue Oct 31 10:10:00 +0000 2017,@Brand yum,,50\n"
		 "54,Brand,False,Tue Oct 31 10:30:00 +0000 2017,@303 Sorry! DM us.,,53\n"
		 "55,Brand,False,Tue Oct 31 10:40:00 +0000 2017,@301 Use the store finder.,56,51\n"
		 "56,303,True,Tue Oct 31 10:45:00 +0000 2017,@Brand @301 me too,,55\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 7);
	expect_record(&r, 0, "50", ROLE_AGENT, "Brand");
	expect_record(&r, 1, "50", ROLE_SYSTEM, NULL); /* answered, but not the opener */
	assert_string_equal(field(&r, 1, FIELD_CUSTOMER), "");
	expect_record(&r, 2, "50", ROLE_CUSTOMER, NULL);
	assert_string_equal(field(&r, 2, FIELD_CUSTOMER), "301");
	expect_record(&r, 3, "50", ROLE_SYSTEM, NULL);
	expect_record(&r, 4, "50", ROLE_AGENT, "Brand");
	expect_record(&r, 5, "50", ROLE_AGENT, "Brand");
	expect_record(&r, 6, "50", ROLE_SYSTEM, NULL);
	run_release(&r);
}

/* A customer's own thread that a second account joins, even one the brand answers: the
 * second account is context. */
static void test_twcs_second_account_in_a_thread_is_context(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, TWCS_HEADER
		 "60,401,True,Tue Oct 31 09:00:00 +0000 2017,@Brand app keeps crashing,61,\n"
		 "61,Brand,False,Tue Oct 31 09:30:00 +0000 2017,@401 Which version?,\"62,63\",60\n"
		 "62,402,True,Tue Oct 31 09:35:00 +0000 2017,@Brand @401 same here!!,64,61\n"
		 "63,401,True,Tue Oct 31 09:36:00 +0000 2017,@Brand 4.2,,61\n"
		 "64,Brand,False,Tue Oct 31 09:40:00 +0000 2017,@402 Sorry! DM us.,,62\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 5);
	expect_record(&r, 0, "60", ROLE_CUSTOMER, NULL);
	assert_string_equal(field(&r, 0, FIELD_CUSTOMER), "401");
	expect_record(&r, 2, "60", ROLE_SYSTEM, NULL);
	assert_string_equal(field(&r, 2, FIELD_CUSTOMER), "");
	expect_record(&r, 3, "60", ROLE_CUSTOMER, NULL);
	assert_string_equal(field(&r, 3, FIELD_CUSTOMER), "401");
	run_release(&r);
}

/* Same-second tweets (§4.0.7): the records keep the export's order, and when two accounts
 * answer a promotion in the same second, the lower tweet id came first and is the
 * customer, whatever the row order. */
static void test_twcs_same_second_goes_by_tweet_id(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r, TWCS_HEADER
		 "70,Brand,False,Tue Oct 31 11:00:00 +0000 2017,Win a trip!,\"72,71\",\n"
		 "72,502,True,Tue Oct 31 11:01:00 +0000 2017,@Brand count me in,,70\n"
		 "71,501,True,Tue Oct 31 11:01:00 +0000 2017,@Brand my entry failed,73,70\n"
		 "73,Brand,False,Tue Oct 31 11:05:00 +0000 2017,@501 Sorry! (1/2),,71\n"
		 "74,Brand,False,Tue Oct 31 11:05:00 +0000 2017,@501 Try again now. (2/2),,71\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 5);
	expect_record(&r, 1, "70", ROLE_SYSTEM, NULL);
	expect_record(&r, 2, "70", ROLE_CUSTOMER, NULL);
	assert_string_equal(field(&r, 2, FIELD_CUSTOMER), "501");

	/* The two-part reply in the export's order, tweet 73 then 74, with one time: grouping
	 * keeps equal times in input order (test_session). */
	assert_int_equal(r.sink.items[3].time_ms, r.sink.items[4].time_ms);
	assert_true(strstr(field(&r, 3, FIELD_TEXT), "(1/2)") != NULL);
	assert_true(strstr(field(&r, 4, FIELD_TEXT), "(2/2)") != NULL);
	run_release(&r);
}

/* A LiveChat chat: authors resolved through users, agents named, a note, a transfer. */
static void test_livechat_users_give_roles_and_agents(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r,
		 "{\"chats\": [{\"id\": \"C1\",\n"
		 " \"users\": [{\"id\": \"c-1\", \"type\": \"customer\"},\n"
		 "           {\"id\": \"a@x.example\", \"type\": \"agent\", \"name\": \"Ann\"},\n"
		 "           {\"id\": \"b@x.example\", \"type\": \"agent\", \"name\": \"Bo\"}],\n"
		 " \"threads\": [{\"id\": \"T1\", \"events\": [\n"
		 "  {\"type\": \"message\", \"author_id\": \"c-1\", \"visibility\": \"all\", "
		 "\"text\": \"hi\",\n"
		 "   \"created_at\": \"2026-11-20T01:00:00.250000Z\"},\n"
		 "  {\"type\": \"message\", \"author_id\": \"a@x.example\", \"visibility\": "
		 "\"agents\",\n"
		 "   \"text\": \"psst\", \"created_at\": \"2026-11-20T01:00:01Z\"},\n"
		 "  {\"type\": \"system_message\", \"system_message_type\": \"chat_transferred\",\n"
		 "   \"visibility\": \"all\", \"text\": \"moved\", \"created_at\": "
		 "\"2026-11-20T01:00:02Z\"},\n"
		 "  {\"type\": \"message\", \"author_id\": \"b@x.example\", \"visibility\": "
		 "\"all\",\n"
		 "   \"text\": \"hello\", \"created_at\": \"2026-11-20T01:00:03Z\"}]},\n"
		 "  {\"id\": \"T2\", \"events\": [{\"type\": \"message\", \"author_id\": \"c-1\",\n"
		 "   \"visibility\": \"all\", \"text\": \"again\", \"created_at\": "
		 "\"2026-11-20T02:00:00Z\"}]}]}]}\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.stats.preset, PRESET_LIVECHAT);
	assert_int_equal(r.sink.count, 5);
	expect_record(&r, 0, "T1", ROLE_CUSTOMER, NULL);
	assert_string_equal(field(&r, 0, FIELD_CUSTOMER), "c-1");
	assert_int_equal(r.sink.items[0].time_ms, T0 + 250);
	expect_record(&r, 1, "T1", ROLE_NOTE, NULL);
	expect_record(&r, 2, "T1", ROLE_SYSTEM, NULL);
	assert_true(r.sink.items[2].handoff);
	expect_record(&r, 3, "T1", ROLE_AGENT, "Bo");
	assert_false(r.sink.items[3].handoff);
	expect_record(&r, 4, "T2", ROLE_CUSTOMER, NULL);
	run_release(&r);

	run_init(&r); /* an author missing from users: a bad record, not a guess */
	run_text(&r, "{\"chats\": [{\"id\": \"C2\", \"users\": [{\"id\": \"c-1\", \"type\": "
		     "\"customer\"}],\n"
		     " \"thread\": {\"id\": \"T3\", \"events\": [\n"
		     "  {\"type\": \"message\", \"author_id\": \"c-1\", \"visibility\": \"all\", "
		     "\"text\": \"hi\",\n"
		     "   \"created_at\": \"2026-11-20T01:00:00Z\"},\n"
		     "  {\"type\": \"message\", \"author_id\": \"x-9\", \"visibility\": \"all\", "
		     "\"text\": \"?\",\n"
		     "   \"created_at\": \"2026-11-20T01:00:01Z\"}]}}]}\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 1);
	assert_int_equal(r.log.count[SKIP_UNKNOWN_ROLE], 1);
	assert_non_null(strstr(r.log.entries[0].message, "message 2: event author not among"));
	run_release(&r);
}

/* Intercom: HTML bodies as text, the note, the bot, the assignment as a hand-off. */
static void test_intercom_parts(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	run_text(&r,
		 "[{\"id\": \"ic1\", \"created_at\": 1795136400, \"state\": \"closed\",\n"
		 "  \"source\": {\"body\": \"<p>Hi &amp; hello</p>\", \"author\": {\"type\": "
		 "\"user\", \"id\": \"u1\"}},\n"
		 "  \"conversation_parts\": {\"conversation_parts\": [\n"
		 "   {\"part_type\": \"comment\", \"created_at\": 1795136401, \"body\": "
		 "\"<p>Auto</p>\",\n"
		 "    \"author\": {\"type\": \"bot\", \"id\": \"b\"}},\n"
		 "   {\"part_type\": \"assignment\", \"created_at\": 1795136402, \"body\": null,\n"
		 "    \"author\": {\"type\": \"bot\", \"id\": \"b\"}},\n"
		 "   {\"part_type\": \"note\", \"created_at\": 1795136403, \"body\": "
		 "\"<p>secret</p>\",\n"
		 "    \"author\": {\"type\": \"admin\", \"id\": \"77\"}},\n"
		 "   {\"part_type\": \"comment\", \"created_at\": 1795136404,\n"
		 "    \"body\": \"<p>One</p><p>Two<br>three</p>\", \"author\": {\"type\": "
		 "\"admin\", \"id\": 77}}]}}]\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.stats.preset, PRESET_INTERCOM);
	assert_int_equal(r.sink.count, 5);
	expect_record(&r, 0, "ic1", ROLE_CUSTOMER, NULL);
	assert_string_equal(field(&r, 0, FIELD_TEXT), "Hi & hello");
	assert_string_equal(field(&r, 0, FIELD_CUSTOMER), "u1");
	assert_string_equal(field(&r, 0, FIELD_STATUS), "closed");
	assert_int_equal(r.sink.items[0].time_ms, T0);
	expect_record(&r, 1, "ic1", ROLE_BOT, NULL);
	expect_record(&r, 2, "ic1", ROLE_SYSTEM, NULL);
	assert_true(r.sink.items[2].handoff);
	expect_record(&r, 3, "ic1", ROLE_NOTE, NULL);
	expect_record(&r, 4, "ic1", ROLE_AGENT, "77");
	assert_string_equal(field(&r, 4, FIELD_TEXT), "One\nTwo\nthree");
	assert_int_equal(r.sink.items[4].time_ms, T0 + 4000);
	run_release(&r);

	run_init(&r); /* API 1.x calls the source conversation_message */
	run_text(
		&r,
		"[{\"id\": \"ic2\", \"created_at\": 1795136400, \"conversation_message\":\n"
		"  {\"body\": \"<p>Old</p>\", \"author\": {\"type\": \"user\", \"id\": \"u2\"}},\n"
		"  \"conversation_parts\": {\"conversation_parts\": [{\"part_type\": \"comment\",\n"
		"   \"created_at\": 1795136401, \"body\": \"Hi\", \"author\": {\"type\": "
		"\"admin\", \"id\": 9}}]}}]\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sink.count, 2);
	expect_record(&r, 0, "ic2", ROLE_CUSTOMER, NULL);
	assert_string_equal(field(&r, 0, FIELD_TEXT), "Old");
	run_release(&r);
}

/* A preset is detected only when all its marks are there, and a named one must fit. */
static void test_presets_are_detected_only_when_unambiguous(void **state)
{
	struct run r;

	(void)state;
	run_init(&r); /* "history" alone is a plain message key */
	run_text(&r, "[{\"session_id\": \"h\", \"history\": [{\"role\": \"customer\", "
		     "\"time\": 1795136400, \"text\": \"x\"}]}]\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.stats.preset, PRESET_NONE);
	assert_int_equal(r.sink.count, 1);
	run_release(&r);

	run_init(&r); /* tweet_id without the reply columns is no twcs */
	run_text(&r, "session_id,tweet_id,time,role,text\ns,1,2026-11-20 09:00:00,customer,x\n");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.stats.preset, PRESET_NONE);
	run_release(&r);

	run_init(&r);
	r.opts.preset = PRESET_INTERCOM;
	run_text(&r, "session_id,time,role,text\ns,2026-11-20 09:00:00,customer,x\n");
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.err.status, QA_EXIT_INPUT);
	assert_non_null(strstr(r.err.message, "--preset intercom reads JSON or NDJSON exports"));
	run_release(&r);
}

/* The preset table gives every preset a name that --preset reads back. */
static void test_every_preset_name_reads_back(void **state)
{
	(void)state;
	for (int p = 0; p < PRESET_COUNT; p++) {
		enum preset back = PRESET_COUNT;

		assert_non_null(preset_name((enum preset)p));
		assert_int_equal(preset_parse(preset_name((enum preset)p), &back), 0);
		assert_int_equal(back, p);
	}
	assert_int_equal(preset_parse("twitter", &(enum preset){PRESET_AUTO}), -1);
}

/* A CSV preset asked for on JSON is refused as a JSON preset on CSV is. */
static void test_csv_preset_on_json_is_refused(void **state)
{
	struct run r;

	(void)state;
	run_init(&r);
	r.opts.preset = PRESET_TWCS;
	run_text(&r, "[{\"session_id\": \"s\", \"role\": \"customer\", \"text\": \"x\"}]\n");
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.err.status, QA_EXIT_INPUT);
	assert_non_null(strstr(r.err.message, "--preset twcs reads CSV exports, not json"));
	run_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_chinese_headers_bom_and_crlf),
		cmocka_unit_test(test_csv_english_aliases_any_spelling),
		cmocka_unit_test(test_csv_quoted_newline_keeps_row_start_line),
		cmocka_unit_test(test_csv_cr_only_line_ends),
		cmocka_unit_test(test_csv_stray_cr_in_lf_file_is_data),
		cmocka_unit_test(test_csv_bad_records_counted_with_their_lines),
		cmocka_unit_test(test_csv_strict_makes_first_bad_record_fatal),
		cmocka_unit_test(test_csv_repeated_header_dropped_not_counted),
		cmocka_unit_test(test_csv_unterminated_quote_on_last_line_is_a_bad_record),
		cmocka_unit_test(test_csv_quote_open_after_a_closed_multiline_row_is_a_bad_record),
		cmocka_unit_test(test_csv_unterminated_quote_cut_without_line_end_is_a_bad_record),
		cmocka_unit_test(test_csv_last_row_without_line_end_is_read),
		cmocka_unit_test(test_csv_header_only_is_a_quiet_night),
		cmocka_unit_test(test_csv_excel_sep_line_names_the_delimiter),
		cmocka_unit_test(test_csv_over_wide_row_is_a_bad_record),
		cmocka_unit_test(test_csv_megabyte_field_is_read),
		cmocka_unit_test(test_csv_row_over_the_limit_is_skipped_and_counted),
		cmocka_unit_test(test_csv_unterminated_quote_swallowing_the_file_is_fatal),
		cmocka_unit_test(test_ndjson_line_over_the_limit_is_skipped_whole),
		cmocka_unit_test(test_csv_missing_required_column_is_fatal),
		cmocka_unit_test(test_csv_every_missing_column_is_named_at_once),
		cmocka_unit_test(test_json_sessions_keyed_by_id_suggest_map_at_key),
		cmocka_unit_test(test_ndjson_keyed_hint_is_the_lines_own),
		cmocka_unit_test(test_csv_two_columns_for_one_field_fatal_unless_mapped),
		cmocka_unit_test(test_csv_without_time_or_agent_column),
		cmocka_unit_test(test_csv_tab_and_semicolon_delimiters_detected),
		cmocka_unit_test(test_invalid_utf8_text_repaired_but_id_rejected),
		cmocka_unit_test(test_personal_data_masked_in_warnings),
		cmocka_unit_test(test_json_array_of_sessions),
		cmocka_unit_test(test_json_wrapped_array_after_metadata),
		cmocka_unit_test(test_json_flat_array_of_messages),
		cmocka_unit_test(test_json_broken_documents_are_fatal),
		cmocka_unit_test(test_json_broken_element_costs_only_that_element),
		cmocka_unit_test(test_json_wrong_types_are_bad_records),
		cmocka_unit_test(test_json_snowflake_ids_keep_every_digit),
		cmocka_unit_test(test_ndjson_by_message_and_by_session),
		cmocka_unit_test(test_json_handoff_key_marks_a_handoff),
		cmocka_unit_test(test_gzip_detected_by_magic_bytes),
		cmocka_unit_test(test_what_is_not_an_export_is_refused),
		cmocka_unit_test(test_roles_option_reads_numeric_codes),
		cmocka_unit_test(test_second_read_gives_back_exactly_the_units_asked_for),
		cmocka_unit_test(test_input_changed_between_reads_is_an_error),
		cmocka_unit_test(test_minified_json_longer_than_the_sniff_is_a_document),
		cmocka_unit_test(test_twcs_reply_chains_become_sessions),
		cmocka_unit_test(test_twcs_records_are_on_twitter),
		cmocka_unit_test(test_twcs_promotion_has_one_customer),
		cmocka_unit_test(test_twcs_second_account_in_a_thread_is_context),
		cmocka_unit_test(test_twcs_same_second_goes_by_tweet_id),
		cmocka_unit_test(test_livechat_users_give_roles_and_agents),
		cmocka_unit_test(test_intercom_parts),
		cmocka_unit_test(test_presets_are_detected_only_when_unambiguous),
		cmocka_unit_test(test_every_preset_name_reads_back),
		cmocka_unit_test(test_csv_preset_on_json_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
