/* report.html: one self-contained page for people (no fonts, scripts or images fetched):
 * the team overview, the grade distribution, a card per agent with the five dimensions
 * drawn as inline SVG, flags, the trend and the worst findings with masked excerpts.
 * Labels in Chinese or English; the data files keep their English names. */
#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "metrics.h"
#include "report_internal.h"
#include "score.h"
#include "xalloc.h"

#define WORST_FINDINGS 5

struct labels {
	const char *lang, *title, *subtitle, *team, *mean_score, *quality, *red_lines, *timeout,
		*first_response, *fcr, *distribution, *top_rules, *agents, *sampled_of, *worst,
		*by_class, *sessions_word, *none, *trend, *new_agent, *na, *rule, *interval,
		*no_score;
	const char *dims[DIM_COUNT];
	const char *flags[FLAG_COUNT];
};

static const struct labels zh = {
	.lang = "zh-CN",
	.title = "客服质检报告",
	.subtitle = "抽检 %zu / %u 个会话 · 评分规则 %s",
	.team = "团队概览",
	.mean_score = "平均分",
	.quality = "优质会话率",
	.red_lines = "红线",
	.timeout = "超时率",
	.first_response = "首次响应中位数",
	.by_class = "各渠道类型（各按其时限）",
	.sessions_word = "会话",
	.fcr = "一次性解决率",
	.distribution = "会话等级分布",
	.top_rules = "最常见的问题",
	.agents = "客服",
	.sampled_of = "抽检 %u / 共 %u 个会话",
	.worst = "最严重的发现",
	.none = "无发现",
	.trend = "较上次",
	.new_agent = "新客服",
	.na = "不适用",
	.rule = "检查项",
	.interval = "95% 置信区间",
	.no_score = "无评分",
	.dims = {"响应时效", "沟通质量", "问题解决", "合规服务", "服务态度"},
	.flags = {"样本少", "红线", "平峰超时", "高峰超时", "超时高于均值", "一次解决率低"},
};

static const struct labels en = {
	.lang = "en",
	.title = "Customer service quality audit",
	.subtitle = "%zu of %u sessions sampled · rubric %s",
	.team = "Team",
	.mean_score = "Mean score",
	.quality = "Quality sessions",
	.red_lines = "Red lines",
	.timeout = "Timeout rate",
	.first_response = "First response (median)",
	.by_class = "By channel class (each timed by its own limits)",
	.sessions_word = "Sessions",
	.fcr = "First-contact resolution",
	.distribution = "Session grades",
	.top_rules = "Most frequent findings",
	.agents = "Agents",
	.sampled_of = "%u sampled of %u sessions",
	.worst = "Worst findings",
	.none = "No findings",
	.trend = "since baseline",
	.new_agent = "new agent",
	.na = "N/A",
	.rule = "Rule",
	.interval = "95% interval",
	.no_score = "no score",
	.dims = {"Response", "Communication", "Resolution", "Compliance", "Attitude"},
	.flags = {"low sample", "red line", "off-peak timeouts", "peak timeouts",
		  "timeouts vs team", "low first-contact resolution"},
};

/* The checkpoint's name in the page's language (checkpoint.h holds both). */
static const char *rule_label(const struct labels *l, enum rule rule)
{
	return l == &zh ? checkpoints[rule].label_zh : checkpoints[rule].label_en;
}

static const char style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',"
	"sans-serif;margin:0;background:#f4f5f7;color:#1d2330}"
	"header{background:#1d2330;color:#fff;padding:20px 32px}"
	"header h1{margin:0 0 6px;font-size:24px}header p{margin:0;color:#c9cfdb;font-size:14px}"
	"main{padding:20px 32px;max-width:1200px}"
	"h2{font-size:18px;margin:24px 0 12px}"
	".kpis{display:flex;flex-wrap:wrap;gap:12px}"
	".kpi{background:#fff;border-radius:8px;padding:12px 16px;min-width:150px;"
	"box-shadow:0 1px 2px rgba(0,0,0,.08)}"
	".kpi b{display:block;font-size:22px}.kpi span{font-size:13px;color:#5b6478}"
	".row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}"
	"table{border-collapse:collapse;background:#fff;font-size:13px}"
	"td,th{padding:4px 10px;border-bottom:1px solid #e6e8ee;text-align:left}"
	".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:16px}"
	".card{background:#fff;border-radius:8px;padding:14px 16px;"
	"box-shadow:0 1px 2px rgba(0,0,0,.08)}"
	".card h3{margin:0;font-size:17px;display:flex;justify-content:space-between}"
	".grade{display:inline-block;min-width:26px;text-align:center;border-radius:4px;"
	"color:#fff;font-weight:600;padding:0 6px}"
	".gA{background:#1a7f37}.gB{background:#4c9a2a}.gC{background:#b58b00}"
	".gD{background:#d4760a}.gE{background:#c2410c}.gF{background:#b42318}.gN{background:#"
	"8a93a6}"
	".meta{font-size:13px;color:#5b6478;margin:4px 0 8px}"
	".flag{display:inline-block;font-size:12px;background:#fdecea;color:#b42318;"
	"border-radius:10px;padding:1px 8px;margin:0 4px 4px 0}"
	".up{color:#1a7f37}.down{color:#b42318}"
	"ul.findings{list-style:none;padding:0;margin:6px 0 0;font-size:13px}"
	"ul.findings li{border-top:1px solid #eef0f4;padding:5px 0}"
	"ul.findings q{display:block;color:#5b6478;quotes:none}"
	".rl{color:#b42318;font-weight:600}";

static const char *grade_colors[] = {"#b42318", "#c2410c", "#d4760a",
				     "#b58b00", "#4c9a2a", "#1a7f37"};

static void put_escaped(FILE *fp, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		default:
			fputc(s[i], fp);
		}
	}
}

static void put(FILE *fp, const char *s)
{
	put_escaped(fp, s, strlen(s));
}

/* Text that may hold personal data: masked first. */
static void put_masked(FILE *fp, const char *s)
{
	struct buf masked = BUF_INIT;

	mask_text(s, strlen(s), &masked);
	put_escaped(fp, masked.data, masked.len);
	buf_release(&masked);
}

static void put_grade(FILE *fp, bool known, enum grade g, const struct labels *l)
{
	if (!known)
		fprintf(fp, "<span class=\"grade gN\">%s</span>", l->na);
	else
		fprintf(fp, "<span class=\"grade g%c\">%c</span>", grade_letter(g),
			grade_letter(g));
}

static void put_kpi(FILE *fp, const char *value, const char *label)
{
	fputs("<div class=\"kpi\"><b>", fp);
	put(fp, value);
	fputs("</b><span>", fp);
	put(fp, label);
	fputs("</span></div>", fp);
}

/* The five dimensions as horizontal bars, 0-5 points. */
static void put_dimensions(FILE *fp, const struct score_summary *s, const struct labels *l)
{
	fprintf(fp, "<svg width=\"340\" height=\"%d\" viewBox=\"0 0 340 %d\" role=\"img\">",
		DIM_COUNT * 22 + 4, DIM_COUNT * 22 + 4);
	for (int d = 0; d < DIM_COUNT; d++) {
		int y = d * 22 + 2,
		    width = s->dim_hundredths[d] < 0 ? 0 : s->dim_hundredths[d] * 40 / 100;
		char points[16];

		fprintf(fp, "<text x=\"0\" y=\"%d\" font-size=\"12\" fill=\"#1d2330\">", y + 14);
		put(fp, l->dims[d]);
		fprintf(fp,
			"</text><rect x=\"90\" y=\"%d\" width=\"200\" height=\"16\" rx=\"3\" "
			"fill=\"#eef0f4\"/>",
			y + 2);
		if (s->dim_hundredths[d] < 0) {
			fprintf(fp, "<text x=\"296\" y=\"%d\" font-size=\"12\" fill=\"#8a93a6\">",
				y + 14);
			put(fp, l->na);
			fputs("</text>", fp);
			continue;
		}
		format_hundredths(points, sizeof(points), s->dim_hundredths[d]);
		fprintf(fp,
			"<rect x=\"90\" y=\"%d\" width=\"%d\" height=\"16\" rx=\"3\" fill=\"%s\"/>"
			"<text x=\"296\" y=\"%d\" font-size=\"12\" fill=\"#1d2330\">%s %c</text>",
			y + 2, width, grade_colors[s->dim_grade[d]], y + 14, points,
			grade_letter(s->dim_grade[d]));
	}
	fputs("</svg>", fp);
}

static void put_distribution(FILE *fp, const struct report_view *v)
{
	uint32_t count[GRADE_A + 1] = {0}, most = 1;

	report_count_grades(v, count);
	for (int g = 0; g <= GRADE_A; g++)
		if (count[g] > most)
			most = count[g];
	fputs("<svg width=\"300\" height=\"150\" viewBox=\"0 0 300 150\" role=\"img\">", fp);
	for (int g = GRADE_A, x = 10; g >= GRADE_F; g--, x += 48) {
		int h = (int)(count[g] * 100 / most);

		fprintf(fp,
			"<rect x=\"%d\" y=\"%d\" width=\"34\" height=\"%d\" rx=\"3\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%u</text>"
			"<text x=\"%d\" y=\"145\" font-size=\"13\" "
			"text-anchor=\"middle\">%c</text>",
			x, 120 - h, h, grade_colors[g], x + 17, 116 - h, count[g], x + 17,
			grade_letter((enum grade)g));
	}
	fputs("</svg>", fp);
}

static void put_top_rules(FILE *fp, const struct score_summary *team, const struct labels *l)
{
	bool used[RULE_COUNT] = {false};

	fputs("<table><tr><th>", fp);
	put(fp, l->rule);
	fputs("</th><th></th><th>#</th></tr>", fp);
	for (int shown = 0; shown < 8; shown++) {
		int best = -1;

		for (int r = 0; r < RULE_COUNT; r++)
			if (!used[r] && team->rule_count[r] &&
			    (best < 0 || team->rule_count[r] > team->rule_count[best]))
				best = r;
		if (best < 0)
			break;
		used[best] = true;
		fprintf(fp, "<tr><td>%s</td><td>", rule_name((enum rule)best));
		put(fp, rule_label(l, (enum rule)best));
		fprintf(fp, "</td><td>%u</td></tr>", team->rule_count[best]);
	}
	fputs("</table>", fp);
}

/* One row per channel class with sessions: im, e-mail and social are timed differently. */
static void put_classes(FILE *fp, const struct metrics *m, const struct labels *l)
{
	char number[32];

	fputs("<h2>", fp);
	put(fp, l->by_class);
	fputs("</h2><table><tr><th></th><th>", fp);
	put(fp, l->sessions_word);
	fputs("</th><th>", fp);
	put(fp, l->timeout);
	fputs("</th><th>", fp);
	put(fp, l->first_response);
	fputs("</th></tr>", fp);
	for (int c = 0; c < CLASS_COUNT; c++) {
		const struct timeliness *t = &m->classes[c];

		if (!t->sessions)
			continue;
		fprintf(fp, "<tr><td>%s</td><td>%u</td><td>",
			channel_class_name((enum channel_class)c), t->sessions);
		format_permille(number, sizeof(number), timeliness_timeout_permille(t, -1));
		fprintf(fp, "%s%%</td><td>", *number ? number : "—");
		format_seconds(number, sizeof(number), timeliness_median_ms(t));
		fprintf(fp, "%s s</td></tr>", *number ? number : "—");
	}
	fputs("</table>", fp);
}

static void put_overview(FILE *fp, const struct report_view *v, const struct labels *l)
{
	const struct score_summary *team = &v->cards->team;
	const struct timeliness *t = &v->metrics->team;
	char value[64], number[32];

	fputs("<section id=\"overview\"><h2>", fp);
	put(fp, l->team);
	fputs("</h2><div class=\"kpis\">", fp);
	format_tenths(number, sizeof(number), team->mean_tenths);
	snprintf(value, sizeof(value), "%s %c", team->mean_tenths < 0 ? "—" : number,
		 team->mean_tenths < 0 ? ' ' : grade_letter(team->grade));
	put_kpi(fp, value, l->mean_score);
	format_tenths(number, sizeof(number),
		      team->sampled ? (int)((2000 * (uint64_t)team->quality + team->sampled) /
					    (2 * (uint64_t)team->sampled))
				    : -1);
	snprintf(value, sizeof(value), "%s%%", team->sampled ? number : "—");
	put_kpi(fp, value, l->quality);
	snprintf(value, sizeof(value), "%u", team->red_lines);
	put_kpi(fp, value, l->red_lines);
	format_permille(number, sizeof(number), timeliness_timeout_permille(t, -1));
	snprintf(value, sizeof(value), "%s%%", *number ? number : "—");
	put_kpi(fp, value, l->timeout);
	format_seconds(number, sizeof(number), timeliness_median_ms(t));
	snprintf(value, sizeof(value), "%s s", *number ? number : "—");
	put_kpi(fp, value, l->first_response);
	format_permille(number, sizeof(number), timeliness_fcr_permille(t));
	snprintf(value, sizeof(value), "%s%%", *number ? number : "—");
	put_kpi(fp, value, l->fcr);
	fputs("</div><div class=\"row\"><div><h2>", fp);
	put(fp, l->distribution);
	fputs("</h2>", fp);
	put_distribution(fp, v);
	fputs("</div><div><h2>", fp);
	put(fp, l->top_rules);
	fputs("</h2>", fp);
	put_top_rules(fp, team, l);
	put_classes(fp, v->metrics, l);
	fputs("</div></div></section>\n", fp);
}

/* An agent's findings, worst first: red lines, then the largest penalties. */
struct worst {
	const struct finding *f;
	size_t row; /* in report_view.sessions */
};

static int by_severity(const void *a, const void *b)
{
	const struct worst *x = a, *y = b;

	if (x->f->red_line != y->f->red_line)
		return x->f->red_line ? -1 : 1;
	if (x->f->penalty != y->f->penalty)
		return x->f->penalty > y->f->penalty ? -1 : 1;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->f < y->f ? -1 : x->f > y->f;
}

static void put_worst(FILE *fp, const struct report_view *v, const struct agent_card *c,
		      const struct labels *l)
{
	struct worst *w = NULL;
	size_t count = 0, capacity = 0;

	for (size_t i = 0; i < v->session_count; i++) {
		const struct session_score *sc = v->sessions[i].score;

		if (v->sessions[i].agent_index != c->agent)
			continue;
		for (size_t f = 0; f < sc->count; f++) {
			ALLOC_GROW(w, count + 1, capacity);
			w[count++] = (struct worst){&sc->findings[f], i};
		}
	}
	fputs("<details open><summary>", fp);
	put(fp, l->worst);
	fputs("</summary><ul class=\"findings\">", fp);
	if (!count) {
		fputs("<li>", fp);
		put(fp, l->none);
		fputs("</li>", fp);
	}
	if (count > 1)
		qsort(w, count, sizeof(*w), by_severity);
	for (size_t i = 0; i < count && i < WORST_FINDINGS; i++) {
		const struct session_row *s = &v->sessions[w[i].row];
		const struct finding *f = w[i].f;

		fprintf(fp, "<li><b>%s</b> ", rule_name(f->rule));
		put(fp, rule_label(l, f->rule));
		if (f->red_line)
			fprintf(fp, " <span class=\"rl\">%s</span>", l->red_lines);
		else
			fprintf(fp, " −%d", f->penalty);
		fputs(" · ", fp);
		put_masked(fp, s->id);
		if (f->message != NO_MESSAGE) {
			fprintf(fp, " #%u<q>", f->message + 1);
			put_escaped(fp, f->excerpt, strlen(f->excerpt));
			fputs("</q>", fp);
		} else {
			fputs("<q>", fp);
			put_masked(fp, f->detail);
			fputs("</q>", fp);
		}
		fputs("</li>", fp);
	}
	fputs("</ul></details>", fp);
	free(w);
}

static void put_trend(FILE *fp, const struct report_view *v, const struct agent_card *c,
		      const struct labels *l)
{
	char number[16];
	int delta;

	if (!v->cards->with_baseline)
		return;
	if (!c->has_baseline) {
		if (c->score.mean_tenths >= 0)
			fprintf(fp, " · %s", l->new_agent);
		return;
	}
	if (c->baseline_tenths < 0 || c->score.mean_tenths < 0)
		return;
	delta = c->score.mean_tenths - c->baseline_tenths;
	format_tenths(number, sizeof(number), delta < 0 ? -delta : delta);
	fprintf(fp, " · <span class=\"%s\">%s%s</span> %s", delta < 0 ? "down" : "up",
		delta < 0   ? "▼ −"
		: delta > 0 ? "▲ +"
			    : "± ",
		number, l->trend);
	if (c->baseline_grade && c->baseline_grade != grade_letter(c->score.grade))
		fprintf(fp, " (%c → %c)", c->baseline_grade, grade_letter(c->score.grade));
}

static void put_card(FILE *fp, const struct report_view *v, const struct agent_card *c,
		     const struct labels *l)
{
	const struct score_summary *s = &c->score;
	char number[32];

	fputs("<article class=\"card\" data-agent=\"", fp);
	put_masked(fp, c->id);
	fputs("\"><h3><span>", fp);
	put_masked(fp, c->id);
	fputs("</span><span>", fp);
	format_tenths(number, sizeof(number), s->mean_tenths);
	put(fp, s->mean_tenths < 0 ? l->no_score : number);
	fputs(" ", fp);
	put_grade(fp, s->mean_tenths >= 0, s->grade, l);
	fputs("</span></h3><div class=\"meta\">", fp);
	fprintf(fp, l->sampled_of, s->sampled, c->timeliness->sessions);
	if (s->ci_low_tenths >= 0) {
		char low[16], high[16];

		format_tenths(low, sizeof(low), s->ci_low_tenths);
		format_tenths(high, sizeof(high), s->ci_high_tenths);
		fputs(" · ", fp);
		put(fp, l->interval);
		fprintf(fp, " %s–%s", low, high);
	}
	put_trend(fp, v, c, l);
	fputs("</div><div>", fp);
	for (int f = 0; f < FLAG_COUNT; f++) {
		if (!(c->flags >> f & 1))
			continue;
		fputs("<span class=\"flag\">", fp);
		put(fp, l->flags[f]);
		fputs("</span>", fp);
	}
	fputs("</div>", fp);
	put_dimensions(fp, s, l);
	fputs("<div class=\"meta\">", fp);
	put(fp, l->timeout);
	format_permille(number, sizeof(number), timeliness_timeout_permille(c->timeliness, -1));
	fprintf(fp, " %s%s · ", *number ? number : "—", *number ? "%" : "");
	put(fp, l->first_response);
	format_seconds(number, sizeof(number), timeliness_median_ms(c->timeliness));
	fprintf(fp, " %s%s · ", *number ? number : "—", *number ? " s" : "");
	put(fp, l->red_lines);
	fprintf(fp, " %u</div>", s->red_lines);
	put_worst(fp, v, c, l);
	fputs("</article>\n", fp);
}

void report_write_html(FILE *fp, const struct report_view *v)
{
	const struct labels *l = v->language == LANG_EN ? &en : &zh;

	fprintf(fp,
		"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>",
		l->lang);
	put(fp, l->title);
	fprintf(fp, " · qaudit</title>\n<style>%s</style>\n</head>\n<body>\n<header><h1>", style);
	put(fp, l->title);
	fputs("</h1><p>", fp);
	fprintf(fp, l->subtitle, v->session_count, v->session_total, v->short_digest);
	fputs("</p></header>\n<main>\n", fp);
	put_overview(fp, v, l);
	fputs("<section id=\"agents\"><h2>", fp);
	put(fp, l->agents);
	fputs("</h2><div class=\"cards\">\n", fp);
	for (size_t i = 0; i < v->cards->count; i++)
		put_card(fp, v, &v->cards->cards[i], l);
	fprintf(fp,
		"</div></section>\n</main>\n<footer class=\"meta\" style=\"padding:0 32px 24px\">"
		"qaudit %s</footer>\n</body>\n</html>\n",
		QAUDIT_VERSION);
}
