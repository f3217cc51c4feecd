/* The report stage: every output written into this run's directory, then the set switched in
 * at once (output_dir.h), so a reader never sees half a report or a mix of two runs, and a
 * failed run leaves the last one as it was. */
#include <inttypes.h>

#include "report_internal.h"
#include "score.h"

/* ---- Formats shared by the writers ---- */

void format_tenths(char *out, size_t size, int tenths)
{
	if (tenths < 0)
		snprintf(out, size, "%s", "");
	else if (tenths % 10)
		snprintf(out, size, "%d.%d", tenths / 10, tenths % 10);
	else
		snprintf(out, size, "%d", tenths / 10);
}

void format_hundredths(char *out, size_t size, int hundredths)
{
	if (hundredths < 0)
		snprintf(out, size, "%s", "");
	else
		snprintf(out, size, "%d.%02d", hundredths / 100, hundredths % 100);
}

void format_permille(char *out, size_t size, int permille)
{
	format_tenths(out, size, permille);
}

void format_seconds(char *out, size_t size, int64_t ms)
{
	int n;

	if (ms < 0) {
		snprintf(out, size, "%s", "");
		return;
	}
	n = snprintf(out, size, "%" PRId64 ".%03" PRId64, ms / 1000, ms % 1000);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
}

void format_flags(struct buf *out, unsigned flags)
{
	for (int f = 0; f < FLAG_COUNT; f++)
		if (flags >> f & 1)
			buf_addf(out, "%s%s", out->len ? " " : "", flag_name((enum flag)f));
}

void format_top_findings(struct buf *out, const uint32_t *rule_count)
{
	bool used[RULE_COUNT] = {false};

	for (int shown = 0; shown < 3; shown++) {
		int best = -1;

		for (int r = 0; r < RULE_COUNT; r++)
			if (!used[r] && rule_count[r] &&
			    (best < 0 || rule_count[r] > rule_count[best]))
				best = r;
		if (best < 0)
			return;
		used[best] = true;
		buf_addf(out, "%s%s ×%u", shown ? ", " : "", rule_name((enum rule)best),
			 rule_count[best]);
	}
}

void report_count_grades(const struct report_view *v, uint32_t count[GRADE_A + 1])
{
	for (size_t i = 0; i < v->session_count; i++)
		if (v->sessions[i].score->score_tenths >= 0)
			count[v->sessions[i].score->grade]++;
}

/* ---- Writing them all ---- */

static const struct output {
	const char *name;
	void (*write)(FILE *fp, const struct report_view *v);
	bool csv;
} outputs[] = {
	{"agents.csv", report_write_agents_csv, true},
	{"sessions.csv", report_write_sessions_csv, true},
	{"findings.csv", report_write_findings_csv, true},
	{"timeliness.csv", report_write_timeliness_csv, true},
	{"summary.json", report_write_summary_json, false},
	{"report.html", report_write_html, false},
};

#define OUTPUT_COUNT (sizeof(outputs) / sizeof(*outputs))

int report_open_dir(struct output_dir *out, const char *dir, bool wait, bool quiet,
		    struct qa_error *err)
{
	static const char *output_names[OUTPUT_COUNT];

	for (size_t i = 0; i < OUTPUT_COUNT; i++)
		output_names[i] = outputs[i].name;
	return output_dir_open(out, dir, output_names, OUTPUT_COUNT, wait, quiet, err);
}

int report_write_dir(const struct report_view *v, struct output_dir *out, bool excel_bom,
		     struct qa_error *err)
{
	for (size_t i = 0; i < OUTPUT_COUNT; i++) {
		FILE *fp = output_dir_create(out, outputs[i].name, err);

		if (!fp)
			return -1;
		/* Excel reads a CSV without a BOM in the local code page, garbling Chinese. */
		if (outputs[i].csv && excel_bom)
			fputs("\xEF\xBB\xBF", fp);
		outputs[i].write(fp, v);
		/* Each file is flushed before the next is begun, so an error names the one that
		 * failed: a full disk or a size limit hit by report.html names report.html. */
		if (output_dir_finish(out, fp, outputs[i].name, err))
			return -1;
	}
	return output_dir_commit(out, err);
}
