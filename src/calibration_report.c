/* The calibration files: CSV for spreadsheets, summary.json for scripts, one HTML page. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calibration_report.h"
#include "csv_out.h"
#include "mask.h"
#include "report_internal.h"
#include "session.h"
#include "str_table.h"

const char *const calibration_files[] = {"calibration.csv", "dimensions.csv", "disagreements.csv",
					 "agents.csv",      "graders.csv",    "summary.json",
					 "calibration.html"};
const size_t calibration_file_count = sizeof(calibration_files) / sizeof(*calibration_files);

bool calibration_row_fails(const struct checkpoint_row *row, double min_kappa,
			   unsigned long min_graded)
{
	return row->rule < RULE_COUNT && !isnan(min_kappa) && row->sessions >= min_graded &&
	       row->kappa.defined && row->kappa.ci.low < min_kappa;
}

static const char *grader_name(const struct calibration *c, uint32_t id)
{
	return str_table_get(c->grades->graders, id);
}

/* ---- cells ---- */

static void put_masked(FILE *fp, const char *s, int first)
{
	struct buf masked = BUF_INIT;

	mask_line(s, strlen(s), &masked);
	csv_out_text(fp, buf_str(&masked), masked.len, first);
	buf_release(&masked);
}

static void put_count(FILE *fp, unsigned long n)
{
	fprintf(fp, ",%lu", n);
}

/* A figure to 3 decimals, "" when there is none. */
static void put_real(FILE *fp, double x)
{
	if (isnan(x))
		fputc(',', fp);
	else
		fprintf(fp, ",%.3f", x == 0 ? 0.0 : x); /* never "-0.000" */
}

static void put_figure(FILE *fp, const struct agreement_figure *f, bool interval)
{
	put_real(fp, f->defined ? f->value : NAN);
	if (interval) {
		put_real(fp, f->defined ? f->ci.low : NAN);
		put_real(fp, f->defined ? f->ci.high : NAN);
	}
}

static double share(unsigned long k, unsigned long n)
{
	return n ? (double)k / (double)n : NAN;
}

/* A verdict or a grade as the grades file writes it; N/A for -1. */
static const char *answer_text(int item, int value, char letter[2])
{
	if (item < RULE_COUNT)
		return verdict_name((enum verdict)value);
	if (value < 0)
		return "na";
	letter[0] = grade_letter((enum grade)value);
	letter[1] = '\0';
	return letter;
}

/* ---- calibration.csv ---- */

static void write_checkpoints(FILE *fp, const struct calibration_run *run)
{
	const struct calibration *c = run->c;

	fputs("reference,checkpoint,sessions", fp);
	for (int q = 0; q < VERDICT_COUNT; q++)
		for (int h = 0; h < VERDICT_COUNT; h++)
			fprintf(fp, ",qaudit_%s_reference_%s", verdict_name(q), verdict_name(h));
	fputs(",agreement,agreement_low,agreement_high,kappa,kappa_low,kappa_high,ac1,"
	      "fail_prevalence,precision,precision_low,precision_high,recall,recall_low,"
	      "recall_high,human_pairs,human_agreement,below_min_kappa\n",
	      fp);
	for (size_t i = 0; i < c->reference_count * (RULE_COUNT + 1); i++) {
		const struct checkpoint_row *row = &c->checkpoints[i];

		if (!row->sessions)
			continue;
		csv_out_str(fp, grader_name(c, row->reference), 1);
		csv_out_raw(fp, row->rule < RULE_COUNT ? rule_name(row->rule) : "all", 0);
		put_count(fp, row->sessions);
		for (int q = 0; q < VERDICT_COUNT; q++)
			for (int h = 0; h < VERDICT_COUNT; h++)
				put_count(fp, row->counts[q][h]);
		put_figure(fp, &row->agreement, true);
		put_figure(fp, &row->kappa, true);
		put_figure(fp, &row->ac1, false);
		put_real(fp, row->fail_prevalence);
		put_figure(fp, &row->precision, true);
		put_figure(fp, &row->recall, true);
		put_count(fp, row->human_pairs);
		put_real(fp, share(row->human_agreed, row->human_pairs));
		fprintf(fp, ",%d\n", calibration_row_fails(row, run->min_kappa, run->min_graded));
	}
}

/* ---- dimensions.csv ---- */

static const char *dimension_row_name(int d)
{
	return d < DIM_COUNT ? dimension_name((enum dimension)d) : "overall";
}

static void write_dimensions(FILE *fp, const struct calibration_run *run)
{
	const struct calibration *c = run->c;

	fputs("reference,dimension,pairs,not_applicable,weighted_kappa,weighted_kappa_low,"
	      "weighted_kappa_high,mean_difference,within_one_grade\n",
	      fp);
	for (size_t i = 0; i < c->reference_count * (DIM_COUNT + 1); i++) {
		const struct dimension_row *row = &c->dimensions[i];

		if (!row->pairs && !row->not_applicable)
			continue;
		csv_out_str(fp, grader_name(c, row->reference), 1);
		csv_out_raw(fp, dimension_row_name(row->dimension), 0);
		put_count(fp, row->pairs);
		put_count(fp, row->not_applicable);
		put_figure(fp, &row->weighted_kappa, true);
		put_real(fp, row->mean_difference);
		put_real(fp, row->within_one);
		fputc('\n', fp);
	}
}

/* ---- disagreements.csv ---- */

/* What qaudit based its answer on: the findings of the checkpoint, or of the dimension's
 * checkpoints ("R2 -1: reply after 2 min (limit 20 s) «excerpt»"), or the session's score. */
static void evidence(struct buf *out, const struct disagreement *x)
{
	const struct session_score *s = x->session->score;
	int item = x->row->item;

	for (size_t i = 0; i < s->count; i++) {
		const struct finding *f = &s->findings[i];

		if (item < RULE_COUNT ? (int)f->rule != item
				      : item < ITEM_OVERALL &&
						(int)rule_dimension(f->rule) != item - RULE_COUNT)
			continue;
		if (out->len)
			buf_addstr(out, "; ");
		buf_addf(out, "%s%s: %s", rule_name(f->rule), f->red_line ? " red line" : "",
			 f->detail);
		if (f->excerpt)
			buf_addf(out, " «%s»", f->excerpt);
	}
	if (item == ITEM_OVERALL && s->score_tenths >= 0) {
		char score[16];

		format_tenths(score, sizeof(score), s->score_tenths);
		buf_reset(out);
		buf_addf(out, "score %s, grade %c", score, grade_letter(s->grade));
	}
}

static void write_disagreements(FILE *fp, const struct calibration_run *run)
{
	const struct calibration *c = run->c;

	fputs("rank,reference,session_id,agent_id,item,qaudit,reference_answer,weight,"
	      "reference_comment,qaudit_evidence\n",
	      fp);
	for (size_t i = 0; i < c->disagreement_count; i++) {
		const struct disagreement *x = &c->disagreements[i];
		struct buf why = BUF_INIT;
		char q[2], h[2];
		int item = x->row->item;

		fprintf(fp, "%zu", i + 1);
		csv_out_str(fp, grader_name(c, x->reference), 0);
		put_masked(fp, x->session->id, 0);
		put_masked(fp, x->session->agent, 0);
		csv_out_raw(fp, item_name(item), 0);
		csv_out_raw(fp, answer_text(item, x->qaudit_value, q), 0);
		csv_out_raw(fp, answer_text(item, x->reference_value, h), 0);
		put_count(fp, (unsigned long)x->weight);
		put_masked(fp, x->row->comment, 0);
		evidence(&why, x);
		put_masked(fp, buf_str(&why), 0);
		csv_out_end(fp);
		buf_release(&why);
	}
}

/* ---- agents.csv ---- */

static void write_agents(FILE *fp, const struct calibration_run *run)
{
	const struct calibration *c = run->c;

	fputs("reference,agent_id,sessions,qaudit_score,qaudit_grade,reference_score,"
	      "reference_grade,grade_flips\n",
	      fp);
	for (size_t i = 0; i < c->agent_count; i++) {
		const struct agent_row *a = &c->agents[i];

		csv_out_str(fp, grader_name(c, a->reference), 1);
		put_masked(fp, a->agent, 0);
		put_count(fp, a->sessions);
		fprintf(fp, ",%.1f,%c,%.1f,%c,%d\n", a->qaudit_score, grade_letter(a->qaudit_grade),
			a->reference_score, grade_letter(a->reference_grade),
			a->qaudit_grade != a->reference_grade);
	}
}

/* ---- graders.csv ---- */

static void write_graders(FILE *fp, const struct calibration_run *run)
{
	const struct calibration *c = run->c;

	fputs("grader,compared_with,items,agreement,kappa,kappa_low,kappa_high,fail_rate,"
	      "compared_fail_rate,leniency,dimension_pairs,mean_grade_difference\n",
	      fp);
	for (size_t i = 0; i < c->grader_count; i++) {
		const struct grader_row *g = &c->graders[i];
		double fails = share(g->fails, g->items),
		       other = share(g->compared_fails, g->items);

		csv_out_str(fp, grader_name(c, g->grader), 1);
		csv_out_raw(fp, g->against_gold ? GRADES_GOLD : "qaudit", 0);
		put_count(fp, g->items);
		put_real(fp, share(g->agreed, g->items));
		put_figure(fp, &g->kappa, true);
		put_real(fp, fails);
		put_real(fp, other);
		put_real(fp, other - fails);
		put_count(fp, g->dimension_pairs);
		put_real(fp, g->mean_difference);
		fputc('\n', fp);
	}
}

/* ---- summary.json ---- */

static void add_real(cJSON *o, const char *key, double x)
{
	if (isnan(x))
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, round(x * 1000) / 1000);
}

static void add_figure(cJSON *o, const char *key, const struct agreement_figure *f)
{
	add_real(o, key, f->defined ? f->value : NAN);
}

static cJSON *summary_json(const struct calibration_run *run)
{
	const struct calibration *c = run->c;
	const struct grades *g = c->grades;
	cJSON *root = cJSON_CreateObject(), *o, *list;
	struct buf masked = BUF_INIT;
	size_t failing = 0;

	cJSON_AddStringToObject(root, "qaudit_version", QAUDIT_VERSION);
	o = cJSON_AddObjectToObject(root, "grades");
	list = cJSON_AddArrayToObject(o, "files");
	for (size_t i = 0; i < g->path_count; i++) {
		buf_reset(&masked);
		mask_line(g->paths[i], strlen(g->paths[i]), &masked);
		cJSON_AddItemToArray(list, cJSON_CreateString(buf_str(&masked)));
	}
	cJSON_AddNumberToObject(o, "rows", (double)g->count);
	cJSON_AddNumberToObject(o, "bad_rows", (double)g->bad);
	cJSON_AddNumberToObject(o, "empty_rows", (double)g->blank);
	cJSON_AddNumberToObject(o, "graders", str_table_count(g->graders));
	cJSON_AddNumberToObject(o, "sessions", str_table_count(g->sessions));
	cJSON_AddNumberToObject(o, "sessions_not_scored", (double)c->sessions_missing);
	cJSON_AddBoolToObject(o, "gold", g->gold != STR_NONE);
	list = cJSON_AddArrayToObject(root, "inputs");
	for (size_t i = 0; i < run->in->count; i++) {
		buf_reset(&masked);
		mask_line(run->in->inputs[i].name, strlen(run->in->inputs[i].name), &masked);
		cJSON_AddItemToArray(list, cJSON_CreateString(buf_str(&masked)));
	}
	o = cJSON_AddObjectToObject(root, "rubric");
	buf_reset(&masked);
	if (run->rubric_path)
		mask_line(run->rubric_path, strlen(run->rubric_path), &masked);
	cJSON_AddStringToObject(o, "file", run->rubric_path ? buf_str(&masked) : "built-in");
	cJSON_AddStringToObject(o, "digest", run->short_digest);
	list = cJSON_AddArrayToObject(root, "references");
	for (size_t r = 0; r < c->reference_count; r++) {
		const struct checkpoint_row *all =
			&c->checkpoints[r * (RULE_COUNT + 1) + RULE_COUNT];

		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "reference", grader_name(c, c->references[r]));
		cJSON_AddNumberToObject(o, "sessions", (double)all->sessions);
		add_figure(o, "agreement", &all->agreement);
		add_figure(o, "kappa", &all->kappa);
		add_figure(o, "ac1", &all->ac1);
		add_figure(o, "precision", &all->precision);
		add_figure(o, "recall", &all->recall);
		cJSON_AddItemToArray(list, o);
	}
	o = cJSON_AddObjectToObject(root, "gate");
	add_real(o, "min_kappa", run->min_kappa);
	cJSON_AddNumberToObject(o, "min_graded", (double)run->min_graded);
	list = cJSON_AddArrayToObject(o, "below");
	for (size_t i = 0; i < c->reference_count * (RULE_COUNT + 1); i++) {
		const struct checkpoint_row *row = &c->checkpoints[i];
		cJSON *x;

		if (!calibration_row_fails(row, run->min_kappa, run->min_graded))
			continue;
		failing++;
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "reference", grader_name(c, row->reference));
		cJSON_AddStringToObject(x, "checkpoint", rule_name(row->rule));
		add_real(x, "kappa_low", row->kappa.ci.low);
		cJSON_AddItemToArray(list, x);
	}
	cJSON_AddBoolToObject(o, "passed", !failing);
	buf_release(&masked);
	return root;
}

static void write_summary(FILE *fp, const struct calibration_run *run)
{
	cJSON *root = summary_json(run);
	char *text = cJSON_Print(root);

	fputs(text, fp);
	fputc('\n', fp);
	free(text);
	cJSON_Delete(root);
}

/* ---- calibration.html ---- */

struct words {
	const char *lang, *title, *checkpoints, *reference, *sessions, *agreement, *kappa, *ac1,
		*prevalence, *precision, *recall, *humans, *dimensions, *pairs, *weighted_kappa,
		*difference, *within_one, *agents, *agent, *flips, *disagreements, *item, *comment,
		*evidence, *missing, *graded_sessions, *graders;
};

static const struct words en = {
	.lang = "en",
	.title = "Calibration: qaudit against your graders",
	.checkpoints = "Checkpoints",
	.reference = "Reference",
	.sessions = "Sessions",
	.agreement = "Agreement (95% interval)",
	.kappa = "Cohen's κ (95% interval)",
	.ac1 = "AC1",
	.prevalence = "Fail share",
	.precision = "Precision",
	.recall = "Recall",
	.humans = "Human–human agreement",
	.dimensions = "Dimensions",
	.pairs = "Pairs",
	.weighted_kappa = "Weighted κ",
	.difference = "Mean difference",
	.within_one = "Within one grade",
	.agents = "Agents",
	.agent = "Agent",
	.flips = "Grade flips",
	.disagreements = "Largest disagreements",
	.item = "Item",
	.comment = "Grader's comment",
	.evidence = "qaudit's evidence",
	.missing = "graded sessions not in the inputs or not scored",
	.graded_sessions = "sessions",
	.graders = "graders",
};

static const struct words zh = {
	.lang = "zh-CN",
	.title = "校准：qaudit 与质检员的一致性",
	.checkpoints = "检查项",
	.reference = "基准",
	.sessions = "会话数",
	.agreement = "一致率（95% 区间）",
	.kappa = "Cohen κ（95% 区间）",
	.ac1 = "AC1",
	.prevalence = "不通过占比",
	.precision = "精确率",
	.recall = "召回率",
	.humans = "质检员之间一致率",
	.dimensions = "维度",
	.pairs = "对数",
	.weighted_kappa = "加权 κ",
	.difference = "平均差",
	.within_one = "相差一级以内",
	.agents = "客服",
	.agent = "客服",
	.flips = "等级变化",
	.disagreements = "差异最大的项目",
	.item = "项目",
	.comment = "质检员备注",
	.evidence = "qaudit 依据",
	.missing = "个已评会话不在输入中或未评分",
	.graded_sessions = "个会话",
	.graders = "名质检员",
};

static const char html_style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC','Source Han "
	"Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif;margin:0;"
	"background:#f4f5f7;color:#1d2330}header{background:#1d2330;color:#fff;padding:20px "
	"32px}header h1{margin:0 0 6px;font-size:24px}header p{margin:2px 0;color:#c9cfdb;"
	"font-size:14px}main{padding:12px 32px;max-width:1200px}h2{font-size:18px;margin:24px "
	"0 12px}table{border-collapse:collapse;background:#fff;font-size:13px}td,th{padding:4px "
	"10px;border-bottom:1px solid #e6e8ee;text-align:right}td:first-child,th:first-child,"
	"td.t{text-align:left}.bar{display:inline-block;width:120px;height:10px;background:"
	"#eef0f4;position:relative;vertical-align:middle;margin-left:6px}.bar i{position:"
	"absolute;top:0;height:100%;background:#9bb7e0}.bar b{position:absolute;top:-2px;"
	"width:2px;height:14px;background:#1d2330}.low{color:#b42318;font-weight:600}"
	".flip{color:#b42318}";

static void put_html(FILE *fp, const char *s)
{
	report_put_html(fp, s, strlen(s));
}

static void put_html_masked(FILE *fp, const char *s)
{
	struct buf masked = BUF_INIT;

	mask_line(s, strlen(s), &masked);
	report_put_html(fp, masked.data, masked.len);
	buf_release(&masked);
}

static void put_cell_real(FILE *fp, double x)
{
	if (isnan(x))
		fputs("<td>—</td>", fp);
	else
		fprintf(fp, "<td>%.2f</td>", x == 0 ? 0.0 : x);
}

/* A figure, its interval and a bar from -1 (kappa) or 0 to 1 showing both. */
static void put_cell_interval(FILE *fp, const struct agreement_figure *f, double from, bool low)
{
	double span = 1 - from;

	if (!f->defined) {
		fputs("<td>—</td>", fp);
		return;
	}
	fprintf(fp,
		"<td%s>%.2f (%.2f–%.2f)<span class=\"bar\"><i style=\"left:%.0f%%;width:%.0f%%\">"
		"</i><b style=\"left:%.0f%%\"></b></span></td>",
		low ? " class=\"low\"" : "", f->value, f->ci.low, f->ci.high,
		100 * (f->ci.low - from) / span, 100 * (f->ci.high - f->ci.low) / span,
		100 * (f->value - from) / span);
}

static void put_checkpoint_table(FILE *fp, const struct calibration_run *run, size_t r,
				 const struct words *w)
{
	const struct calibration *c = run->c;

	fprintf(fp,
		"<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		"<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		w->checkpoints, w->sessions, w->agreement, w->kappa, w->ac1, w->prevalence,
		w->precision, w->recall, w->humans);
	for (int i = 0; i <= RULE_COUNT; i++) {
		const struct checkpoint_row *row = &c->checkpoints[r * (RULE_COUNT + 1) + i];

		if (!row->sessions)
			continue;
		fputs("<tr><td>", fp);
		if (i < RULE_COUNT) {
			fprintf(fp, "<b>%s</b> ", rule_name(row->rule));
			put_html(fp, run->language == LANG_ZH ? checkpoints[i].label_zh
							      : checkpoints[i].label_en);
		} else {
			fputs("<b>all</b>", fp);
		}
		fprintf(fp, "</td><td>%lu</td>", row->sessions);
		put_cell_interval(fp, &row->agreement, 0, false);
		put_cell_interval(fp, &row->kappa, -1,
				  calibration_row_fails(row, run->min_kappa, run->min_graded));
		put_cell_real(fp, row->ac1.defined ? row->ac1.value : NAN);
		put_cell_real(fp, row->fail_prevalence);
		put_cell_real(fp, row->precision.defined ? row->precision.value : NAN);
		put_cell_real(fp, row->recall.defined ? row->recall.value : NAN);
		put_cell_real(fp, share(row->human_agreed, row->human_pairs));
		fputs("</tr>", fp);
	}
	fputs("</tbody></table>\n", fp);
}

static void put_dimension_table(FILE *fp, const struct calibration *c, size_t r,
				const struct words *w)
{
	fprintf(fp,
		"<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		"</tr></thead><tbody>",
		w->dimensions, w->pairs, w->weighted_kappa, w->difference, w->within_one);
	for (int d = 0; d <= DIM_COUNT; d++) {
		const struct dimension_row *row = &c->dimensions[r * (DIM_COUNT + 1) + d];

		if (!row->pairs)
			continue;
		fprintf(fp, "<tr><td>%s</td><td>%lu</td>", dimension_row_name(d), row->pairs);
		put_cell_interval(fp, &row->weighted_kappa, -1, false);
		put_cell_real(fp, row->mean_difference);
		put_cell_real(fp, row->within_one);
		fputs("</tr>", fp);
	}
	fputs("</tbody></table>\n", fp);
}

static void put_agents(FILE *fp, const struct calibration *c, const struct words *w)
{
	fprintf(fp,
		"<h2>%s</h2><table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>qaudit</th>"
		"<th>%s</th><th>%s</th></tr></thead><tbody>",
		w->agents, w->reference, w->agent, w->sessions, w->reference, w->flips);
	for (size_t i = 0; i < c->agent_count; i++) {
		const struct agent_row *a = &c->agents[i];
		bool flips = a->qaudit_grade != a->reference_grade;

		fputs("<tr><td>", fp);
		put_html(fp, grader_name(c, a->reference));
		fputs("</td><td class=\"t\">", fp);
		put_html_masked(fp, a->agent);
		fprintf(fp, "</td><td>%lu</td><td>%.1f %c</td><td>%.1f %c</td><td%s>%s</td></tr>",
			a->sessions, a->qaudit_score, grade_letter(a->qaudit_grade),
			a->reference_score, grade_letter(a->reference_grade),
			flips ? " class=\"flip\"" : "", flips ? "●" : "");
	}
	fputs("</tbody></table>\n", fp);
}

#define HTML_DISAGREEMENTS 50

static void put_disagreements(FILE *fp, const struct calibration *c, const struct words *w)
{
	size_t n = c->disagreement_count;

	if (n > HTML_DISAGREEMENTS)
		n = HTML_DISAGREEMENTS;

	fprintf(fp,
		"<h2>%s (%zu / %zu)</h2><table><thead><tr><th>%s</th><th>%s</th><th>qaudit"
		"</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		w->disagreements, n, c->disagreement_count, w->sessions, w->item, w->reference,
		w->comment, w->evidence);
	for (size_t i = 0; i < n; i++) {
		const struct disagreement *x = &c->disagreements[i];
		struct buf why = BUF_INIT;
		char q[2], h[2];
		int item = x->row->item;

		fputs("<tr><td>", fp);
		put_html_masked(fp, x->session->id);
		fprintf(fp, "</td><td class=\"t\">%s</td><td class=\"t\">%s</td><td class=\"t\">",
			item_name(item), answer_text(item, x->qaudit_value, q));
		put_html(fp, answer_text(item, x->reference_value, h));
		fputs(" (", fp);
		put_html(fp, grader_name(c, x->reference));
		fputs(")</td><td class=\"t\">", fp);
		put_html_masked(fp, x->row->comment);
		fputs("</td><td class=\"t\">", fp);
		evidence(&why, x);
		put_html_masked(fp, buf_str(&why));
		fputs("</td></tr>", fp);
		buf_release(&why);
	}
	fputs("</tbody></table>\n", fp);
}

static void write_html(FILE *fp, const struct calibration_run *run)
{
	const struct calibration *c = run->c;
	const struct words *w = run->language == LANG_ZH ? &zh : &en;

	fprintf(fp,
		"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>%s · qaudit</title>\n<style>%s</style>\n</head>\n<body>\n<header><h1>%s"
		"</h1><p>",
		w->lang, w->title, html_style, w->title);
	for (size_t i = 0; i < c->grades->path_count; i++) {
		fputs(i ? ", " : "", fp);
		put_html_masked(fp, c->grades->paths[i]);
	}
	fprintf(fp, " · %u %s · %u %s · rubric %s</p>", str_table_count(c->grades->sessions),
		w->graded_sessions, str_table_count(c->grades->graders), w->graders,
		run->short_digest);
	if (c->sessions_missing)
		fprintf(fp, "<p>%zu %s</p>", c->sessions_missing, w->missing);
	fputs("</header>\n<main>\n", fp);
	for (size_t r = 0; r < c->reference_count; r++) {
		fprintf(fp, "<section><h2>%s: ", w->reference);
		put_html(fp, grader_name(c, c->references[r]));
		fputs("</h2>", fp);
		put_checkpoint_table(fp, run, r, w);
		put_dimension_table(fp, c, r, w);
		fputs("</section>\n", fp);
	}
	put_agents(fp, c, w);
	put_disagreements(fp, c, w);
	fprintf(fp,
		"</main>\n<footer style=\"padding:0 32px 24px;color:#5b6478;font-size:13px\">"
		"qaudit %s</footer>\n</body>\n</html>\n",
		QAUDIT_VERSION);
}

/* ---- the directory ---- */

static void (*const writers[])(FILE *fp, const struct calibration_run *run) = {
	write_checkpoints, write_dimensions, write_disagreements, write_agents,
	write_graders,     write_summary,    write_html,
};

int calibration_write_dir(const struct calibration_run *run, struct output_dir *out, bool bom,
			  struct qa_error *err)
{
	for (size_t i = 0; i < calibration_file_count; i++) {
		const char *name = calibration_files[i];
		FILE *fp = output_dir_create(out, name, err);

		if (!fp)
			return -1;
		if (bom && strstr(name, ".csv"))
			fputs("\xEF\xBB\xBF", fp);
		writers[i](fp, run);
		if (output_dir_finish(out, fp, name, err))
			return -1;
	}
	return output_dir_commit(out, err);
}

/* ---- the template ---- */

void calibration_write_template(FILE *fp, const struct session_index *idx, bool bom)
{
	uint32_t n = str_table_count(idx->ids);

	if (bom)
		fputs("\xEF\xBB\xBF", fp);
	fputs("session_id,grader,item,value,comment\n", fp);
	for (uint32_t s = 0; s < n; s++) {
		if (!idx->sessions[s].sampled)
			continue;
		for (int rule = 0; rule < RULE_COUNT; rule++) {
			put_masked(fp, str_table_get(idx->ids, s), 1);
			fprintf(fp, ",,%s,,\n", rule_name((enum rule)rule));
		}
	}
}
