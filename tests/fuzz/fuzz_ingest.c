/* Fuzz target: one input file through the whole pipeline (read, group, sample everything,
 * read again, score). Built as CSV (FUZZ_CSV), with the format detected from content (JSON,
 * NDJSON), or so and declared GB18030 or UTF-16 (FUZZ_ENCODING). Anything but a crash, a
 * hang, a leak or undefined behaviour is fine. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "ingest.h"
#include "rubric.h"
#include "sample.h"
#include "score.h"
#include "session.h"
#include "transcript.h"

static struct score_context *scorer; /* compiled once: only the sessions change */

/* Each session the second read completes must hold every message the first one kept. */
static void score_whole(const struct transcript *t, size_t index, void *ctx)
{
	const struct session_index *idx = ctx;
	struct session_score score;

	(void)index;
	if (t->count != idx->sessions[t->session].count)
		abort();
	score_session(scorer, t, &score);
	session_score_release(&score);
}

/* JSON inputs are also read through the --map paths of docs/FORMATS.md, picked by the
 * input's length so the bytes themselves stay free for the fuzzer. */
static const char *const maps[][2] = {
	{NULL, NULL},
	{"session=@key,agent=sys-usr.0", "agent=sys,customer=usr"},
	{"session=convo_id,messages=original,role=0,text=1,agent=meta.who.0", "system=action"},
};

static int run(const char *path, enum input_format format, size_t variant, enum encoding encoding)
{
	static struct session_keywords *keywords;
	static struct rubric rubric;
	static int ready;
	struct field_map map = FIELD_MAP_INIT;
	struct ingest_options opts = {.format = format,
				      .encoding = encoding,
				      .map = &map,
				      .tz_offset_min = 480,
				      .agent_default = "agent"};
	struct skip_log log = SKIP_LOG_INIT;
	struct ingest in = {0};
	struct session_index idx = {0};
	struct transcript_set set = {0};
	struct sample_options sample = {0, RATE_ONE, 1};
	struct qa_error err = {0};
	char *names[] = {(char *)path};
	uint64_t *units;
	size_t count;
	int rc;

	if (maps[variant][0] && (field_map_parse_map(&map, maps[variant][0], &err) ||
				 field_map_parse_roles(&map, maps[variant][1], &err)))
		abort();
	if (!ready) {
		if (session_keywords_new(&keywords, fuzz_phrase_lists(), &err) ||
		    rubric_load(&rubric, NULL, &err) ||
		    score_context_new(&scorer, &rubric, fuzz_phrase_lists(), NULL, &err))
			abort();
		ready = 1;
	}
	session_index_init(&idx, keywords);
	if (ingest_open(&in, names, 1, 0, encoding, &err) ||
	    ingest_read(&in, &opts, session_index_add, &idx, &log, &err))
		goto out;
	session_index_finish(&idx);
	sample_select(&idx, &sample);
	score_context_use(scorer, &idx);
	transcript_set_init(&set, &idx, score_whole, &idx, false);
	count = session_sampled_units(&idx, NULL, &units);
	rc = ingest_read_units(&in, &opts, units, count, transcript_set_add, &set, &err);
	free(units);
	if (rc)
		goto out;
	transcript_set_finish(&set);
out:
	transcript_set_release(&set);
	session_index_release(&idx);
	skip_log_release(&log);
	ingest_close(&in);
	field_map_release(&map);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#if defined(FUZZ_CSV)
	return run(fuzz_memory_file(data, size), FORMAT_CSV, 0, ENCODING_UTF8);
#elif defined(FUZZ_ENCODING)
	/* GB18030, UTF-16 (byte order guessed), UTF-16LE or UTF-16BE, picked by the length */
	return run(fuzz_memory_file(data, size), FORMAT_AUTO, size % 3,
		   (enum encoding)(ENCODING_GB18030 + size / 3 % 4));
#else
	return run(fuzz_memory_file(data, size), FORMAT_AUTO, size % 3, ENCODING_UTF8);
#endif
}
