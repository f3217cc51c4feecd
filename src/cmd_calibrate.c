/* qaudit calibrate: the audit against a company's own graders (docs/CALIBRATION.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "audit.h"
#include "calibration_report.h"
#include "commands.h"
#include "mask.h"
#include "report_view.h"
#include "sample.h"
#include "str_table.h"
#include "xalloc.h"

static void print_grade_warnings(const struct grades *g)
{
	for (size_t i = 0; i < g->warning_count; i++) {
		struct buf line = BUF_INIT;

		mask_line(g->warnings[i], strlen(g->warnings[i]), &line);
		fprintf(stderr, "qaudit: warning: %s (left out)\n", buf_str(&line));
		buf_release(&line);
	}
	if (g->bad > g->warning_count)
		fprintf(stderr,
			"qaudit: warning: %zu more grade rows left out (counted in "
			"summary.json)\n",
			g->bad - g->warning_count);
}

/* Marks every graded session that is in the inputs for scoring, whatever the sample; says
 * which are not there. Returns how many were found. */
static size_t select_graded(struct session_index *idx, const struct grades *g, bool quiet)
{
	uint32_t n = str_table_count(g->sessions);
	size_t found = 0, missing = 0;

	for (uint32_t s = 0; s < n; s++) {
		const char *id = str_table_get(g->sessions, s);
		uint32_t i = str_table_find(idx->ids, id, strlen(id));

		if (i != STR_NONE && idx->sessions[i].unscored == SCORED) {
			idx->sessions[i].sampled = true;
			found++;
		} else if (!quiet && missing++ < 10) {
			struct buf masked = BUF_INIT;

			mask_line(id, strlen(id), &masked);
			fprintf(stderr,
				"qaudit: warning: graded session '%s' %s; its grades are left "
				"out\n",
				buf_str(&masked),
				i == STR_NONE ? "is not in the inputs" : "has nothing to score");
			buf_release(&masked);
		}
	}
	return found;
}

/* What qaudit said of each graded session, in the grades' session order. */
static struct audited_session *audited_sessions(const struct audit *a, const struct grades *g)
{
	uint32_t n = str_table_count(g->sessions);
	struct audited_session *out = xcalloc(n ? n : 1, sizeof(*out));
	const struct transcript_set *set = &a->transcripts;

	for (uint32_t s = 0; s < n; s++)
		out[s] = (struct audited_session){str_table_get(g->sessions, s), "", false, NULL,
						  &a->rubric};
	for (size_t i = 0; i < set->count; i++) {
		const struct session_info *info = &a->sessions.sessions[set->items[i].session];
		uint32_t s =
			str_table_find(g->sessions, set->items[i].id, strlen(set->items[i].id));

		if (s == STR_NONE)
			continue;
		out[s].scored = true;
		out[s].score = &a->scores[i];
		out[s].rubric = rubric_for_class(&a->rubric, a->scores[i].channel_class);
		if (info->agent != STR_NONE)
			out[s].agent = str_table_get(a->sessions.agents, info->agent);
	}
	return out;
}

static int write_template(struct audit *a, const struct audit_options *opts, struct qa_error *err)
{
	if (audit_prepare(a, opts, err))
		return -1;
	sample_select(&a->sessions, &opts->sample);
	calibration_write_template(stdout, &a->sessions, opts->excel);
	return 0;
}

/* --min-kappa: names each checkpoint whose kappa may be under it. */
static int check_gate(const struct calibration_run *run)
{
	const struct calibration *c = run->c;
	int status = QA_EXIT_OK;

	for (size_t i = 0; i < c->reference_count * (RULE_COUNT + 1); i++) {
		const struct checkpoint_row *row = &c->checkpoints[i];

		if (!calibration_row_fails(row, run->min_kappa, run->min_graded))
			continue;
		fprintf(stderr,
			"qaudit: %s against %s: kappa %.2f, its 95%% interval starts at %.2f, "
			"under "
			"--min-kappa %.2f\n",
			rule_name(row->rule), str_table_get(c->grades->graders, row->reference),
			row->kappa.value, row->kappa.ci.low, run->min_kappa);
		status = QA_EXIT_GATE;
	}
	return status;
}

static int calibrate(struct audit *a, const struct audit_options *opts, struct output_dir *out,
		     struct qa_error *err)
{
	struct grades grades = {0};
	struct calibration c = {0};
	struct audited_session *sessions = NULL;
	struct calibration_run run;
	char digest[9];
	int status = -1;

	if (grades_load(&grades, opts->grades_paths, opts->grades_count, err))
		goto done;
	if (!opts->quiet)
		print_grade_warnings(&grades);
	if (output_dir_open(out, opts->out_dir, calibration_files, calibration_file_count,
			    !opts->no_wait, opts->quiet, err) ||
	    audit_prepare(a, opts, err))
		goto done;
	if (!select_graded(&a->sessions, &grades, opts->quiet)) {
		qa_fail(err, QA_EXIT_INPUT, "--grades: no graded session is in the inputs");
		goto done;
	}
	if (audit_score(a, err))
		goto done;
	sessions = audited_sessions(a, &grades);
	calibration_compute(&c, &grades, sessions);
	run = (struct calibration_run){&c,
				       &a->in,
				       opts->rubric_path,
				       audit_short_digest(a, digest),
				       report_language(a),
				       opts->min_kappa,
				       opts->min_graded};
	if (calibration_write_dir(&run, out, opts->bom, err))
		goto done;
	if (!opts->quiet)
		printf("qaudit: %u graded session%s, %zu scored; calibration in %s/\n",
		       str_table_count(grades.sessions),
		       str_table_count(grades.sessions) == 1 ? "" : "s", a->transcripts.count,
		       opts->out_dir);
	status = check_gate(&run);
done:
	calibration_release(&c);
	free(sessions);
	grades_release(&grades);
	return status;
}

int cmd_calibrate(int argc, char **argv)
{
	struct audit_options opts;
	struct audit a = {0};
	struct qa_error err = {0};
	struct output_dir out = {0};
	int status = QA_EXIT_OK;

	if (options_parse(argc, argv, COMMAND_CALIBRATE, &opts, &err)) {
		options_release(&opts);
		return options_usage_error("calibrate", "%s", err.message);
	}
	if (opts.help) {
		fputs(options_usage(COMMAND_CALIBRATE), stdout);
	} else if (opts.template) {
		if (write_template(&a, &opts, &err))
			status = -1;
	} else {
		atomic_file_clean_up_on_signals();
		status = calibrate(&a, &opts, &out, &err);
	}
	if (status < 0) {
		qa_error_print(&err);
		status = (int)err.status;
	}
	output_dir_close(&out);
	audit_release(&a);
	options_release(&opts);
	return status;
}
