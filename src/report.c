/* The report stage: every output written to a temporary file, then all renamed into place,
 * so a reader never sees half a report and a failed run leaves the last one as it was. */
#include <inttypes.h>

#include "atomic_file.h"
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

int report_write_dir(const struct report_view *v, const char *dir, bool excel_bom,
		     struct qa_error *err)
{
	struct atomic_file files[OUTPUT_COUNT] = {{0}};
	size_t i;
	int rc = 0;

	for (i = 0; i < OUTPUT_COUNT && !rc; i++) {
		rc = atomic_file_open(&files[i], dir, outputs[i].name, err);
		if (rc)
			break;
		/* Excel reads a CSV without a BOM in the local code page, garbling Chinese. */
		if (outputs[i].csv && excel_bom)
			fputs("\xEF\xBB\xBF", files[i].fp);
		outputs[i].write(files[i].fp, v);
	}
	if (!rc)
		rc = atomic_file_commit_all(files, OUTPUT_COUNT, err);
	for (i = 0; i < OUTPUT_COUNT; i++)
		atomic_file_abort(&files[i]);
	return rc;
}
