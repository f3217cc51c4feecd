/* qaudit audit, the nightly run, and qaudit merge, the same audit from its shards' partials:
 * both write the audit report. */
#include <stdio.h>
#include <stdlib.h>

#include "atomic_file.h"
#include "audit.h"
#include "commands.h"
#include "merge.h"
#include "report.h"
#include "sample.h"
#include "scorecard.h"
#include "xalloc.h"

/* The --fail gates, checked after the report is written: exit 1 tells cron to alert. */
static int check_gates(const struct audit_options *opts, const struct scorecards *cards)
{
	const struct score_summary *team = &cards->team;
	int status = QA_EXIT_OK;

	if (opts->fail_under_tenths >= 0 && team->mean_tenths >= 0 &&
	    team->mean_tenths < opts->fail_under_tenths) {
		fprintf(stderr, "qaudit: team score %d.%d is under --fail-under %d.%d\n",
			team->mean_tenths / 10, team->mean_tenths % 10,
			opts->fail_under_tenths / 10, opts->fail_under_tenths % 10);
		status = QA_EXIT_GATE;
	}
	if (opts->fail_on_red_line && team->red_lines) {
		fprintf(stderr, "qaudit: %u red line%s in the sample (--fail-on-red-line)\n",
			team->red_lines, team->red_lines > 1 ? "s" : "");
		status = QA_EXIT_GATE;
	}
	return status;
}

/* What a merge reads: the partials must outlive the audit made of them. */
struct partials {
	struct partial *items;
	size_t count;
};

/* The audit's sessions, scored: how either command builds it. */
typedef int build_fn(struct audit *a, const struct audit_options *opts, struct partials *held,
		     struct qa_error *err);

/* Audits every input in this process: map it all, then settle (what a merge of one shard
 * does). */
static int audit_inputs(struct audit *a, const struct audit_options *opts, struct partials *held,
			struct qa_error *err)
{
	(void)held;
	if (audit_prepare(a, opts, err))
		return -1;
	sample_select(&a->sessions, &opts->sample);
	if (audit_map(a, err))
		return -1;
	audit_settle(a);
	return 0;
}

static int merge_partials(struct audit *a, const struct audit_options *opts, struct partials *held,
			  struct qa_error *err)
{
	struct buf refine = BUF_INIT;
	int rc;

	held->items = xcalloc(opts->input_count, sizeof(*held->items));
	for (held->count = 0; held->count < opts->input_count; held->count++)
		if (partial_read(&held->items[held->count], opts->inputs[held->count], err)) {
			held->count++;
			return -1;
		}
	rc = audit_merge(a, opts, held->items, opts->inputs, held->count, &refine, err);
	/* The list a driver maps again (exit 5). */
	fputs(buf_str(&refine), stdout);
	buf_release(&refine);
	return rc;
}

static void release_partials(struct partials *held)
{
	for (size_t i = 0; i < held->count; i++)
		partial_release(&held->items[i]);
	free(held->items);
}

static int run(int argc, char **argv, enum command command, build_fn *build)
{
	struct audit_options opts;
	struct audit a = {0};
	struct baseline baseline = {0};
	struct scorecards cards = {0};
	struct report_view view = {0};
	struct qa_error err = {0};
	struct output_dir out = {0};
	struct partials held = {0};
	int status = QA_EXIT_OK;

	if (options_parse(argc, argv, command, &opts, &err)) {
		options_release(&opts);
		return options_usage_error(argv[0], "%s", err.message);
	}
	if (opts.help) {
		fputs(options_usage(command), stdout);
		options_release(&opts);
		return QA_EXIT_OK;
	}
	atomic_file_clean_up_on_signals();
	/* One audit per report directory at a time, from before the inputs are read. */
	if (report_open_dir(&out, opts.out_dir, !opts.no_wait, opts.quiet, &err))
		goto fail;
	if (opts.baseline_dir && baseline_load(&baseline, opts.baseline_dir, &err))
		goto fail;
	if (!opts.quiet)
		baseline_print_warnings(&baseline, stderr);
	if (build(&a, &opts, &held, &err))
		goto fail;
	report_view_build(&view, &a);
	scorecards_from_view(&cards, &view,
			     opts.baseline_dir && !baseline.missing ? &baseline : NULL);
	view.cards = &cards;
	if (report_write_dir(&view, &out, opts.bom, &err))
		goto fail;
	if (!opts.quiet)
		printf("qaudit: %u session%s, %zu sampled and scored; report in %s/\n",
		       session_count(&a.sessions), session_count(&a.sessions) == 1 ? "" : "s",
		       a.transcripts.count, opts.out_dir);
	status = check_gates(&opts, &cards);
	goto out;
fail:
	qa_error_print(&err);
	status = (int)err.status;
out:
	output_dir_close(&out);
	report_view_release(&view);
	scorecards_release(&cards);
	baseline_release(&baseline);
	audit_release(&a);
	release_partials(&held);
	options_release(&opts);
	return status;
}

int cmd_audit(int argc, char **argv)
{
	return run(argc, argv, COMMAND_AUDIT, audit_inputs);
}

int cmd_merge(int argc, char **argv)
{
	return run(argc, argv, COMMAND_MERGE, merge_partials);
}
