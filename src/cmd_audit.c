/* qaudit audit: the nightly run. */
#include <stdio.h>

#include "audit.h"
#include "commands.h"
#include "report.h"
#include "sample.h"

int cmd_audit(int argc, char **argv)
{
	struct audit_options opts;
	struct audit a;
	struct qa_error err = {0};
	int status = QA_EXIT_OK;

	if (options_parse(argc, argv, COMMAND_AUDIT, &opts, &err)) {
		fprintf(stderr, "qaudit: %s\nTry 'qaudit audit --help'.\n", err.message);
		options_release(&opts);
		return QA_EXIT_USAGE;
	}
	if (opts.help) {
		fputs(options_usage(COMMAND_AUDIT), stdout);
		options_release(&opts);
		return QA_EXIT_OK;
	}
	if (audit_prepare(&a, &opts, &err))
		goto fail;
	if (!opts.quiet)
		audit_print_warnings(&a, stderr);
	if (audit_check_bad(&a, &err))
		goto fail;
	sample_select(&a.sessions, &opts.sample);
	if (audit_score(&a, &err) || report_write(&a, &err))
		goto fail;
	if (!opts.quiet)
		printf("qaudit: %u sessions, %zu sampled and scored; report in %s/\n",
		       session_count(&a.sessions), a.transcripts.count, opts.out_dir);
	goto out;
fail:
	fprintf(stderr, "qaudit: %s\n", err.message);
	status = (int)err.status;
out:
	audit_release(&a);
	options_release(&opts);
	return status;
}
