/* The report stage: every output written to a temporary file, then all renamed into place,
 * so a reader never sees half a report and a failed run leaves the last one as it was. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "report_internal.h"
#include "xalloc.h"

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

/* ---- Writing them all ---- */

static int by_agent_then_id(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->agent, y->agent);

	return c ? c : strcmp(x->id, y->id);
}

static struct row *report_rows(const struct audit *a)
{
	const struct transcript_set *set = &a->transcripts;
	struct row *rows = xreallocarray(NULL, set->count ? set->count : 1, sizeof(*rows));

	for (size_t i = 0; i < set->count; i++) {
		const struct session_info *s = &a->sessions.sessions[set->items[i].session];

		rows[i] = (struct row){str_table_get(a->sessions.agents, s->agent),
				       set->items[i].id, i};
	}
	if (set->count > 1)
		qsort(rows, set->count, sizeof(*rows), by_agent_then_id);
	return rows;
}

static const struct output {
	const char *name;
	void (*write)(FILE *fp, const struct report *r);
	bool csv;
} outputs[] = {
	{"agents.csv", report_agents_csv, true},
	{"sessions.csv", report_sessions_csv, true},
	{"findings.csv", report_findings_csv, true},
	{"timeliness.csv", report_timeliness_csv, true},
	{"summary.json", report_summary_json, false},
	{"report.html", report_html, false},
};

#define OUTPUT_COUNT (sizeof(outputs) / sizeof(*outputs))

int report_write(const struct audit *a, const struct scorecards *cards, struct qa_error *err)
{
	struct report r = {a, cards, report_rows(a), "", a->rubric.language};
	struct atomic_file files[OUTPUT_COUNT] = {{0}};
	size_t i;
	int rc = 0;

	audit_short_digest(a, r.digest);
	if (a->opts->language >= 0)
		r.language = (enum language)a->opts->language;
	for (i = 0; i < OUTPUT_COUNT && !rc; i++) {
		rc = atomic_file_open(&files[i], a->opts->out_dir, outputs[i].name, err);
		if (rc)
			break;
		/* Excel reads a CSV without a BOM in the local code page, garbling Chinese. */
		if (outputs[i].csv && a->opts->excel)
			fputs("\xEF\xBB\xBF", files[i].fp);
		outputs[i].write(files[i].fp, &r);
	}
	if (!rc)
		rc = atomic_file_commit_all(files, OUTPUT_COUNT, err);
	for (i = 0; i < OUTPUT_COUNT; i++)
		atomic_file_abort(&files[i]);
	free(r.rows);
	return rc;
}
