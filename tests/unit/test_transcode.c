/* transcode: GB18030 and UTF-16 to UTF-8 a chunk at a time (sequences cut by a chunk's end,
 * invalid ones, a full output), and ingest reading them as it reads UTF-8. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <iconv.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "ingest.h"
#include "transcode.h"

/* "会话, café 😀 ¥€\n你好": two-byte and four-byte GB18030, a surrogate pair in UTF-16. */
static const char sample[] = "\xE4\xBC\x9A\xE8\xAF\x9D, caf\xC3\xA9 \xF0\x9F\x98\x80 "
			     "\xC2\xA5\xE2\x82\xAC\n\xE4\xBD\xA0\xE5\xA5\xBD";

/* utf8[0..len) in encoding (a glibc iconv name), into out; returns its length. */
static size_t encode(const char *encoding, const char *utf8, size_t len, struct buf *out)
{
	iconv_t cd = iconv_open(encoding, "UTF-8");
	char *in = (char *)utf8, *at;
	size_t left = len, room = 4 * len + 16;

	assert_true(cd != (iconv_t)-1);
	buf_reset(out);
	buf_grow(out, room);
	at = out->data;
	assert_true(iconv(cd, &in, &left, &at, &room) != (size_t)-1);
	out->len = (size_t)(at - out->data);
	iconv_close(cd);
	return out->len;
}

/* Converts in[0..len) in pieces of the given lengths (the last takes the rest), each into
 * an output of room bytes at most, and appends the UTF-8 to out. Returns the replacements. */
static size_t convert_pieces(enum encoding encoding, const char *in, size_t len,
			     const size_t *pieces, size_t piece_count, size_t room, struct buf *out)
{
	struct transcode *t = transcode_new(encoding);
	size_t at = 0, replaced;
	char *chunk = malloc(room);

	assert_non_null(t);
	for (size_t i = 0; i <= piece_count; i++) {
		size_t end = i < piece_count && pieces[i] < len ? pieces[i] : len;
		bool last = end == len;

		do {
			size_t used, bad,
				n = transcode_convert(t, in + at, end - at, last, chunk, room,
						      &used, &bad);

			buf_add(out, chunk, n);
			at += used;
			assert_true(n || used || at == end);
		} while (at < end);
		if (last) {
			size_t used, bad;

			assert_int_equal(
				transcode_convert(t, "", 0, true, chunk, room, &used, &bad), 0);
			break;
		}
	}
	replaced = transcode_replaced(t);
	transcode_free(t);
	free(chunk);
	return replaced;
}

/* Every split of the encoded sample in two, and one byte at a time, gives the sample back. */
static void check_every_split(const char *iconv_name, enum encoding encoding)
{
	struct buf encoded = BUF_INIT, out = BUF_INIT;
	size_t len = encode(iconv_name, sample, sizeof(sample) - 1, &encoded);
	size_t *bytes = calloc(len, sizeof(*bytes));

	for (size_t split = 0; split <= len; split++) {
		buf_reset(&out);
		assert_int_equal(convert_pieces(encoding, encoded.data, len, &split, 1, 64, &out),
				 0);
		assert_int_equal(out.len, sizeof(sample) - 1);
		assert_memory_equal(out.data, sample, out.len);
	}
	for (size_t i = 0; i < len; i++)
		bytes[i] = i + 1;
	buf_reset(&out);
	assert_int_equal(convert_pieces(encoding, encoded.data, len, bytes, len, 64, &out), 0);
	assert_string_equal(buf_str(&out), sample);
	free(bytes);
	buf_release(&encoded);
	buf_release(&out);
}

static void test_gb18030_character_split_across_chunks_is_whole(void **state)
{
	struct buf encoded = BUF_INIT;

	(void)state;
	/* two-byte (会话你好é€) and four-byte (😀¥) sequences */
	assert_int_equal(encode("GB18030", sample, sizeof(sample) - 1, &encoded), 28);
	buf_release(&encoded);
	check_every_split("GB18030", ENCODING_GB18030);
}

static void test_utf16_surrogate_pair_split_across_chunks_is_whole(void **state)
{
	(void)state;
	check_every_split("UTF-16LE", ENCODING_UTF16LE);
	check_every_split("UTF-16BE", ENCODING_UTF16BE);
}

/* With a output room of TRANSCODE_MIN_OUT, conversion stops and resumes where it stopped. */
static void test_full_output_resumes_where_it_stopped(void **state)
{
	struct buf encoded = BUF_INIT, out = BUF_INIT;
	size_t len = encode("GB18030", sample, sizeof(sample) - 1, &encoded);

	(void)state;
	assert_int_equal(convert_pieces(ENCODING_GB18030, encoded.data, len, NULL, 0,
					TRANSCODE_MIN_OUT, &out),
			 0);
	assert_string_equal(buf_str(&out), sample);
	buf_release(&encoded);
	buf_release(&out);
}

static void check_invalid(enum encoding encoding, const char *in, size_t len, size_t split,
			  const char *expect, size_t expect_replaced)
{
	struct buf out = BUF_INIT;

	assert_int_equal(convert_pieces(encoding, in, len, &split, 1, 64, &out), expect_replaced);
	assert_string_equal(buf_str(&out), expect);
	buf_release(&out);
}

#define FFFD "\xEF\xBF\xBD"

static void test_invalid_sequences_become_u_fffd(void **state)
{
	(void)state;
	for (size_t split = 0; split <= 6; split++) {
		/* a lead byte without its trail: the comma after it stays */
		check_invalid(ENCODING_GB18030, "a\x81,\xC4\xE3", 5, split,
			      "a" FFFD ",\xE4\xBD\xA0", 1);
		/* a byte GB18030 never uses */
		check_invalid(ENCODING_GB18030, "\xFF\xC4\xE3", 3, split, FFFD "\xE4\xBD\xA0", 1);
		/* a lone surrogate, then "A" */
		check_invalid(ENCODING_UTF16LE,
			      "\x00\xD8"
			      "A\x00",
			      4, split, FFFD "A", 1);
		check_invalid(ENCODING_UTF16BE,
			      "\xDC\x00\x00"
			      "A",
			      4, split, FFFD "A", 1);
	}
}

/* The input ends inside a sequence: one U+FFFD, whatever the chunks. */
static void test_sequence_cut_off_at_the_end_is_replaced(void **state)
{
	(void)state;
	for (size_t split = 0; split <= 4; split++) {
		check_invalid(ENCODING_GB18030, "a\x81\x30\x81", 4, split, "a" FFFD, 1);
		check_invalid(ENCODING_UTF16LE, "A\x00\x3D\xD8", 4, split, "A" FFFD, 1);
		check_invalid(ENCODING_UTF16LE, "A\x00\x3D", 3, split, "A" FFFD, 1);
	}
}

static void test_first_bad_is_the_offset_of_the_first_replacement(void **state)
{
	struct transcode *t = transcode_new(ENCODING_GB18030);
	char out[64];
	size_t used, bad;

	(void)state;
	assert_int_equal(transcode_convert(t, "ab", 2, false, out, sizeof(out), &used, &bad), 2);
	assert_int_equal(bad, (size_t)-1);
	assert_int_equal(
		transcode_convert(t, "\xC4\xE3\xFFz\xFF", 5, true, out, sizeof(out), &used, &bad),
		10);
	assert_int_equal(used, 5);
	assert_int_equal(bad, 3);
	assert_int_equal(transcode_replaced(t), 2);
	transcode_free(t);
}

static void test_byte_order_mark_decides_the_encoding(void **state)
{
	size_t bom;

	(void)state;
	assert_int_equal(
		transcode_resolve(ENCODING_UTF8, (const unsigned char *)"\xFF\xFEs\x00", 4, &bom),
		ENCODING_UTF16LE);
	assert_int_equal(bom, 2);
	assert_int_equal(transcode_resolve(ENCODING_GB18030, (const unsigned char *)"\xFE\xFF\x00s",
					   4, &bom),
			 ENCODING_UTF16BE);
	assert_int_equal(bom, 2);
	/* a UTF-8 BOM wins over --encoding gb18030; the reader drops it as for any UTF-8 */
	assert_int_equal(transcode_resolve(ENCODING_GB18030,
					   (const unsigned char *)"\xEF\xBB\xBFs,t", 6, &bom),
			 ENCODING_UTF8);
	assert_int_equal(bom, 0);
	assert_int_equal(transcode_resolve(ENCODING_GB18030, (const unsigned char *)"s,t", 3, &bom),
			 ENCODING_GB18030);
	/* UTF-16 without a BOM: the side of the NUL bytes */
	assert_int_equal(transcode_resolve(ENCODING_UTF16, (const unsigned char *)"\x00s\x00,\x00t",
					   6, &bom),
			 ENCODING_UTF16BE);
	assert_int_equal(transcode_resolve(ENCODING_UTF16, (const unsigned char *)"s\x00,\x00t\x00",
					   6, &bom),
			 ENCODING_UTF16LE);
	assert_int_equal(bom, 0);
}

static void test_encoding_names(void **state)
{
	static const struct {
		const char *name;
		enum encoding encoding;
	} names[] = {{"utf-8", ENCODING_UTF8},       {"UTF8", ENCODING_UTF8},
		     {"gb18030", ENCODING_GB18030},  {"gbk", ENCODING_GB18030},
		     {"GBK", ENCODING_GB18030},      {"utf-16", ENCODING_UTF16},
		     {"utf-16le", ENCODING_UTF16LE}, {"UTF-16BE", ENCODING_UTF16BE}};
	enum encoding encoding;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		assert_int_equal(transcode_parse(names[i].name, &encoding), 0);
		assert_int_equal(encoding, names[i].encoding);
	}
	assert_int_equal(transcode_parse("latin1", &encoding), -1);
	assert_int_equal(transcode_parse("utf-16l", &encoding), -1);
	assert_int_equal(transcode_parse("", &encoding), -1);
	assert_string_equal(transcode_name(ENCODING_GB18030), "GB18030");
}

/* Every record, with its line and unit, each ended by RS (the text may hold line ends). */
static int serialize(const struct record *rec, void *ctx)
{
	struct buf *b = ctx;

	for (int f = 0; f < FIELD_COUNT; f++) {
		buf_add(b, rec->field[f].ptr ? rec->field[f].ptr : "", rec->field[f].len);
		buf_addch(b, '|');
	}
	buf_addf(b, "%ld|%" PRIu64 "\x1E", rec->line, rec->unit);
	return 0;
}

/* A CSV of a few MiB in Chinese, so that the reader's chunks end inside characters. */
static void make_csv(struct buf *csv)
{
	buf_addstr(csv, "\xE4\xBC\x9A\xE8\xAF\x9D"
			"ID,time,role,agent,text\n");
	for (int i = 0; i < 30000; i++) {
		buf_addf(csv, "S%05d,2026-11-20 09:%02d:%02d,%s,%s,\"", i / 4, i / 60 % 60, i % 60,
			 i % 2 ? "agent" : "customer", i % 2 ? "KF1" : "");
		for (int j = 0; j < i % 37; j++)
			buf_addstr(csv, "\xE4\xBD\xA0\xF0\x9F\x98\x80"); /* 你😀 */
		buf_addstr(csv, i % 11 ? "\xE8\xAE\xA2\xE5\x8D\x95\"\n" : "two\nlines\"\n");
	}
}

/* Reads content (in encoding), then again only every seventh unit; appends both reads to
 * out. Returns the warnings' invalid count. */
static size_t read_csv(const struct buf *content, enum encoding encoding, struct buf *out)
{
	char path[] = "/tmp/qaudit-transcode-XXXXXX";
	char *name = path;
	int fd = mkstemp(path);
	struct field_map map = FIELD_MAP_INIT;
	struct ingest_options opts = {.format = FORMAT_AUTO,
				      .encoding = encoding,
				      .map = &map,
				      .tz_offset_min = 480,
				      .agent_default = "agent"};
	struct skip_log log = SKIP_LOG_INIT;
	struct ingest in = {0};
	struct qa_error err = {0};
	struct buf first = BUF_INIT;
	uint64_t *units = malloc(30000 * sizeof(*units));
	size_t count = 0, undecodable;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content->data, content->len), (ssize_t)content->len);
	close(fd);
	assert_int_equal(ingest_open(&in, &name, 1, 0, encoding, &err), 0);
	assert_int_equal(ingest_read(&in, &opts, serialize, &first, &log, &err), 0);
	for (const char *p = buf_str(&first); (p = strchr(p, '\x1E')) != NULL; p++) {
		const char *unit = p;

		while (unit[-1] != '|')
			unit--;
		if (!count || strtoull(unit, NULL, 10) != units[count - 1])
			units[count++] = strtoull(unit, NULL, 10);
	}
	for (size_t i = 0; i < count; i += 7)
		units[i / 7] = units[i];
	buf_add(out, first.data, first.len);
	assert_int_equal(
		ingest_read_units(&in, &opts, units, (count + 6) / 7, serialize, out, &err), 0);
	undecodable = in.inputs[0].undecodable;
	assert_int_equal(in.inputs[0].bad, 0);
	ingest_close(&in);
	unlink(path);
	free(units);
	buf_release(&first);
	skip_log_release(&log);
	field_map_release(&map);
	return undecodable;
}

/* Both reads of a GB18030 or UTF-16 export give the records, lines and units of its UTF-8
 * original. */
static void test_exports_in_other_encodings_read_as_their_utf8(void **state)
{
	struct buf csv = BUF_INIT, encoded = BUF_INIT, expect = BUF_INIT, got = BUF_INIT;

	(void)state;
	make_csv(&csv);
	assert_int_equal(read_csv(&csv, ENCODING_UTF8, &expect), 0);
	assert_true(expect.len > 3 * 1024 * 1024);

	encode("GB18030", csv.data, csv.len, &encoded);
	assert_int_equal(read_csv(&encoded, ENCODING_GB18030, &got), 0);
	assert_int_equal(got.len, expect.len);
	assert_memory_equal(got.data, expect.data, expect.len);

	encode("UTF-16", csv.data, csv.len, &encoded); /* with a BOM, no --encoding */
	buf_reset(&got);
	assert_int_equal(read_csv(&encoded, ENCODING_UTF8, &got), 0);
	assert_int_equal(got.len, expect.len);
	assert_memory_equal(got.data, expect.data, expect.len);

	encode("UTF-16BE", csv.data, csv.len, &encoded); /* no BOM: the byte order is guessed */
	buf_reset(&got);
	assert_int_equal(read_csv(&encoded, ENCODING_UTF16, &got), 0);
	assert_int_equal(got.len, expect.len);
	assert_memory_equal(got.data, expect.data, expect.len);

	buf_release(&csv);
	buf_release(&encoded);
	buf_release(&expect);
	buf_release(&got);
}

/* An invalid byte is counted once, on the line it is on, by the first read only. */
static void test_invalid_byte_is_counted_with_its_line(void **state)
{
	static const char csv[] = "session_id,time,role,text\n"
				  "s1,2026-11-20 09:00:00,customer,ok\n"
				  "s1,2026-11-20 09:00:01,customer,\"two\nlines\"\n"
				  "s1,2026-11-20 09:00:02,customer,b\xFF"
				  "d\xFF\n";
	char path[] = "/tmp/qaudit-transcode-XXXXXX";
	char *name = path;
	int fd = mkstemp(path);
	struct field_map map = FIELD_MAP_INIT;
	struct ingest_options opts = {
		.encoding = ENCODING_GB18030, .map = &map, .agent_default = "agent"};
	struct skip_log log = SKIP_LOG_INIT;
	struct ingest in = {0};
	struct qa_error err = {0};
	struct buf out = BUF_INIT;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, csv, sizeof(csv) - 1), (ssize_t)sizeof(csv) - 1);
	close(fd);
	assert_int_equal(ingest_open(&in, &name, 1, 0, ENCODING_GB18030, &err), 0);
	assert_int_equal(ingest_read(&in, &opts, serialize, &out, &log, &err), 0);
	assert_int_equal(in.inputs[0].encoding, ENCODING_GB18030);
	assert_int_equal(in.inputs[0].undecodable, 2);
	assert_int_equal(in.inputs[0].undecodable_line, 5);
	assert_non_null(strstr(buf_str(&out), "b" FFFD "d" FFFD "|"));
	ingest_close(&in);
	unlink(path);
	buf_release(&out);
	skip_log_release(&log);
	field_map_release(&map);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gb18030_character_split_across_chunks_is_whole),
		cmocka_unit_test(test_utf16_surrogate_pair_split_across_chunks_is_whole),
		cmocka_unit_test(test_full_output_resumes_where_it_stopped),
		cmocka_unit_test(test_invalid_sequences_become_u_fffd),
		cmocka_unit_test(test_sequence_cut_off_at_the_end_is_replaced),
		cmocka_unit_test(test_first_bad_is_the_offset_of_the_first_replacement),
		cmocka_unit_test(test_byte_order_mark_decides_the_encoding),
		cmocka_unit_test(test_encoding_names),
		cmocka_unit_test(test_exports_in_other_encodings_read_as_their_utf8),
		cmocka_unit_test(test_invalid_byte_is_counted_with_its_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
