/* The progress line, the warnings of the first read and --max-bad (include/read_log.h). */
#include <inttypes.h>
#include <unistd.h>

#include "read_log.h"
#include "transcode.h"

void read_log_progress(const char *name, uint64_t bytes, bool done, void *ctx)
{
	const char *phase = *(const char *const *)ctx;

	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\rqaudit: %s %s: %" PRIu64 " MB\033[K", phase, name, bytes >> 20);
	else if (done || (bytes >> 20) % 256 < 16)
		fprintf(stderr, "qaudit: %s %s: %" PRIu64 " MB%s\n", phase, name, bytes >> 20,
			done ? ", done" : "");
}

struct ingest_options read_log_ingest_options(const struct audit_options *opts, int tz_offset_min,
					      const char **phase)
{
	return (struct ingest_options){
		.format = opts->format,
		.preset = opts->preset,
		.encoding = opts->encoding,
		.signoff_agents = opts->signoff_agents,
		.map = &opts->map,
		.tz_offset_min = tz_offset_min,
		.time_format = &opts->time_format,
		.agent_default = opts->agent_default,
		.strict = opts->strict,
		.progress = read_log_wants_progress(opts) ? read_log_progress : NULL,
		.progress_ctx = phase,
	};
}

bool read_log_wants_progress(const struct audit_options *opts)
{
	return opts->progress || (!opts->quiet && isatty(STDERR_FILENO));
}

void read_log_progress_end(const struct audit_options *opts)
{
	if ((opts->progress || !opts->quiet) && isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
}

void read_log_inputs(const struct ingest *in, const char *agent_default, FILE *out)
{
	for (size_t i = 0; i < in->count; i++) {
		const struct input_stats *s = &in->inputs[i];

		if (!s->records && !s->bad)
			fprintf(out, "qaudit: warning: %s: no records (a quiet night?)\n", s->name);
		if (s->untimed && s->untimed == s->records)
			fprintf(out,
				"qaudit: warning: %s: no time field; messages keep their input "
				"order and timing checks are N/A\n",
				s->name);
		else if (s->untimed)
			fprintf(out, "qaudit: warning: %s: %zu message%s without a time\n", s->name,
				s->untimed, s->untimed > 1 ? "s" : "");
		if (s->default_agent)
			fprintf(out,
				"qaudit: warning: %s: no agent field; %zu agent message%s counted "
				"under '%s'\n",
				s->name, s->default_agent, s->default_agent > 1 ? "s" : "",
				agent_default);
		if (s->undecodable)
			fprintf(out,
				"qaudit: warning: %s:%ld: invalid %s replaced with U+FFFD (%zu "
				"sequence%s in the file, the first here)\n",
				s->name, s->undecodable_line, transcode_name(s->encoding),
				s->undecodable, s->undecodable > 1 ? "s" : "");
		if (s->repaired)
			fprintf(out,
				"qaudit: warning: %s: %zu message%s had invalid UTF-8, replaced "
				"with U+FFFD\n",
				s->name, s->repaired, s->repaired > 1 ? "s" : "");
	}
}

void read_log_skips(const struct skip_log *log, const char *counted_in, FILE *out)
{
	for (size_t i = 0; i < log->entry_count; i++)
		fprintf(out, "qaudit: warning: %s (skipped)\n", log->entries[i].message);
	if (log->total > log->entry_count)
		fprintf(out, "qaudit: warning: %zu more bad records skipped%s%s%s\n",
			log->total - log->entry_count, counted_in ? " (counted in " : "",
			counted_in ? counted_in : "", counted_in ? ")" : "");
}

/* The first kept warning of the commonest reason: under -q it is the only hint of the cause. */
static const char *most_common_skip(const struct skip_log *log)
{
	int most = 0;

	for (int i = 1; i < SKIP_REASON_COUNT; i++)
		if (log->count[i] > log->count[most])
			most = i;
	for (size_t i = 0; i < log->entry_count; i++)
		if (log->entries[i].reason == (enum skip_reason)most)
			return log->entries[i].message;
	return NULL;
}

int read_log_check_bad(const struct ingest *in, const struct skip_log *log,
		       const struct audit_options *opts, struct qa_error *err)
{
	size_t bad = log->total, read = bad;

	for (size_t i = 0; i < in->count; i++)
		read += in->inputs[i].records;
	if (opts->max_bad_is_rate ? (uint64_t)bad * RATE_ONE > (uint64_t)opts->max_bad_ppm * read
				  : bad > opts->max_bad_count) {
		const char *example = most_common_skip(log);

		return qa_fail(err, QA_EXIT_INPUT,
			       "%zu of %zu records are bad, more than --max-bad allows; nothing "
			       "written%s%s",
			       bad, read, example ? "; most are like " : "",
			       example ? example : "");
	}
	return 0;
}
