/* qaudit audit: the nightly run. */
#include <stdio.h>

#include "atomic_file.h"
#include "audit.h"
#include "commands.h"
#include "report.h"
#include "sample.h"
#include "scorecard.h"

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

int cmd_audit(int argc, char **argv)
{
	struct audit_options opts;
	struct audit a = {0};
	struct baseline baseline = {0};
	struct scorecards cards = {0};
	struct report_view view = {0};
	struct qa_error err = {0};
	struct output_dir out = {0};
	int status = QA_EXIT_OK;

	if (options_parse(argc, argv, COMMAND_AUDIT, &opts, &err)) {
		options_release(&opts);
		return options_usage_error("audit", "%s", err.message);
	}
	if (opts.help) {
		fputs(options_usage(COMMAND_AUDIT), stdout);
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
	if (audit_prepare(&a, &opts, &err))
		goto fail;
	sample_select(&a.sessions, &opts.sample);
	if (audit_score(&a, &err))
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
	options_release(&opts);
	return status;
}
