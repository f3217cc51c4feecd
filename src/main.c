/* qaudit: audit customer-service chat transcripts.
 * read -> group into sessions -> sample -> report, as STANDARD.md lays it out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "options.h"
#include "phrase_list.h"
#include "report.h"
#include "sample.h"
#include "session.h"
#include "skip_log.h"

static const char usage[] =
	"Usage: qaudit COMMAND [OPTIONS]\n"
	"Audit customer-service chat transcripts (Chinese and English): group messages\n"
	"into sessions, sample each agent's sessions, write the report.\n"
	"\n"
	"Commands:\n"
	"  audit INPUT...   read exports, sample sessions, write the report\n"
	"\n"
	"  qaudit COMMAND --help   help on one command\n"
	"  qaudit --version        print the version\n"
	"\n"
	"Example:\n"
	"  qaudit audit --seed 20261120 -o report/ chats.csv\n";

static int usage_error(const char *message, const char *command)
{
	fprintf(stderr, "qaudit: %s\nTry 'qaudit%s%s --help'.\n", message, command ? " " : "",
		command ? command : "");
	return QA_EXIT_USAGE;
}

static int fail(const struct qa_error *err)
{
	fprintf(stderr, "qaudit: %s\n", err->message);
	return (int)err->status;
}

static void warn_inputs(const struct ingest *in, const struct audit_options *opts)
{
	for (size_t i = 0; i < in->count; i++) {
		const struct input_stats *s = &in->inputs[i];

		if (s->untimed && s->untimed == s->records)
			fprintf(stderr,
				"qaudit: warning: %s: no time field; messages keep their input "
				"order and timing checks are N/A\n",
				s->name);
		else if (s->untimed)
			fprintf(stderr, "qaudit: warning: %s: %zu messages without a time\n",
				s->name, s->untimed);
		if (s->default_agent)
			fprintf(stderr,
				"qaudit: warning: %s: no agent field; %zu agent messages counted "
				"under '%s'\n",
				s->name, s->default_agent, opts->agent_default);
		if (s->repaired)
			fprintf(stderr,
				"qaudit: warning: %s: %zu messages had invalid UTF-8, replaced "
				"with U+FFFD\n",
				s->name, s->repaired);
	}
}

static void warn_skips(const struct skip_log *log)
{
	for (size_t i = 0; i < log->entry_count; i++)
		fprintf(stderr, "qaudit: warning: %s (skipped)\n", log->entries[i].message);
	if (log->total > log->entry_count)
		fprintf(stderr, "qaudit: warning: %zu more bad records skipped (counted in "
				"summary.json)\n",
			log->total - log->entry_count);
}

/* §7: more than --max-bad bad records is fatal. */
static int check_max_bad(const struct ingest *in, const struct skip_log *log,
			 const struct audit_options *opts, struct qa_error *err)
{
	size_t read = log->total;

	for (size_t i = 0; i < in->count; i++)
		read += in->inputs[i].records;
	if (opts->max_bad_is_rate ? (uint64_t)log->total * RATE_ONE >
					    (uint64_t)opts->max_bad_ppm * read
				  : log->total > opts->max_bad_count)
		return qa_fail(err, QA_EXIT_INPUT,
			       "%zu of %zu records are bad, more than --max-bad allows; nothing "
			       "written",
			       log->total, read);
	return 0;
}

static int audit(const struct audit_options *opts, struct qa_error *err)
{
	struct phrase_lists phrases = PHRASE_LISTS_INIT;
	struct phrase_set *keywords = NULL;
	struct ingest in = {0};
	struct session_index sessions = {0};
	struct skip_log skips = SKIP_LOG_INIT;
	const struct ingest_options ingest_opts = {opts->format, &opts->map, opts->tz_offset_min,
						   opts->agent_default, opts->strict};
	struct report_input report;
	char *phrase_dir = phrase_lists_locate(opts->phrases_dir, err);
	int rc = -1;

	if (!phrase_dir || phrase_lists_load(&phrases, phrase_dir, err) ||
	    session_keywords_new(&keywords, &phrases, err))
		goto out;
	session_index_init(&sessions, keywords);
	if (ingest_open(&in, opts->inputs, opts->input_count, err) ||
	    ingest_read(&in, &ingest_opts, session_index_add, &sessions, &skips, err))
		goto out;
	if (!opts->quiet) {
		warn_inputs(&in, opts);
		warn_skips(&skips);
	}
	if (check_max_bad(&in, &skips, opts, err))
		goto out;
	session_index_finish(&sessions);
	report = (struct report_input){&in, &skips, &sessions, &opts->sample, 0};
	report.sampled = sample_select(&sessions, &opts->sample);
	if (report_write(opts->out_dir, &report, err))
		goto out;
	if (!opts->quiet)
		printf("qaudit: %u sessions, %zu sampled; report in %s/\n", session_count(&sessions),
		       report.sampled, opts->out_dir);
	rc = 0;
out:
	free(phrase_dir);
	skip_log_release(&skips);
	session_index_release(&sessions);
	ingest_close(&in);
	phrase_set_free(keywords);
	phrase_lists_release(&phrases);
	return rc;
}

static int cmd_audit(int argc, char **argv)
{
	struct audit_options opts;
	struct qa_error err = {0};
	int status = QA_EXIT_OK;

	if (options_parse(argc, argv, &opts, &err)) {
		status = usage_error(err.message, "audit");
	} else if (opts.help) {
		fputs(options_audit_usage, stdout);
	} else if (audit(&opts, &err)) {
		status = fail(&err);
	}
	options_release(&opts);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("no command given", NULL);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return QA_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("qaudit %s\n", QAUDIT_VERSION);
		return QA_EXIT_OK;
	}
	if (!strcmp(argv[1], "audit"))
		return cmd_audit(argc - 1, argv + 1);
	{
		char message[300];

		snprintf(message, sizeof(message), "unknown command '%s'", argv[1]);
		return usage_error(message, NULL);
	}
}
