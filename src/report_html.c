/* report.html: one self-contained page for people (nothing fetched; one inline script sorts
 * and filters, and the page reads the same without it): the data's span and inputs, the
 * team overview and trend, the agents ranked worst first, timeliness by channel and period,
 * and a collapsed card per agent with flags, dimensions and the worst findings, masked.
 * Labels in Chinese or English; the data files keep their English names. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "mask.h"
#include "metrics.h"
#include "report_internal.h"
#include "score.h"
#include "time_parse.h"
#include "xalloc.h"

#define WORST_FINDINGS 5

struct labels {
	const char *lang, *title, *subtitle, *data_span, *inputs, *records, *team, *mean_score,
		*quality, *red_lines, *timeout, *first_response, *fcr, *distribution, *top_rules,
		*sampled_of, *worst, *by_class, *sessions_word, *none, *trend, *new_agent, *na,
		*interval, *no_score;
	/* The ranking table, the timeliness panel, the team trend and the cards. */
	const char *ranking, *filter, *sort_hint, *agent, *score, *grade, *change, *sampled,
		*agent_count, *dimensions, *timeliness, *channel, *period, *no_channel, *offpeak,
		*peak, *replies, *offpeak_timeout, *peak_timeout, *p90, *team_trend, *both_runs,
		*improved, *declined, *unchanged, *new_agents, *cards;
	const char *dims[DIM_COUNT];
	const char *flags[FLAG_COUNT];
};

static const struct labels zh = {
	.lang = "zh-CN",
	.title = "客服质检报告",
	.subtitle = "抽检 %zu / %u 个会话 · 评分规则 %s",
	.data_span = "数据时间",
	.inputs = "输入",
	.records = "条记录",
	.team = "团队概览",
	.mean_score = "平均分",
	.quality = "优质会话率",
	.red_lines = "红线",
	.timeout = "超时率",
	.first_response = "首次响应中位数",
	.by_class = "渠道类型（各按其时限）",
	.sessions_word = "会话",
	.fcr = "一次性解决率",
	.distribution = "会话等级分布",
	.top_rules = "各检查项的发现",
	.sampled_of = "抽检 %u / 共 %u 个会话",
	.worst = "最严重的发现",
	.none = "无发现",
	.trend = "较上次",
	.new_agent = "新客服",
	.na = "不适用",
	.interval = "95% 置信区间",
	.no_score = "无评分",
	.ranking = "客服排名（最差在前）",
	.filter = "按客服筛选",
	.sort_hint = "点击列标题排序",
	.agent = "客服",
	.score = "得分",
	.grade = "等级",
	.change = "较上次",
	.sampled = "抽检 / 会话",
	.agent_count = "客服人数",
	.dimensions = "团队各维度",
	.timeliness = "各渠道与时段的时效（全部会话）",
	.channel = "渠道",
	.period = "时段",
	.no_channel = "（无渠道）",
	.offpeak = "平峰",
	.peak = "高峰",
	.replies = "回复",
	.offpeak_timeout = "平峰超时率",
	.peak_timeout = "高峰超时率",
	.p90 = "首次响应 P90",
	.team_trend = "团队趋势（较上次）",
	.both_runs = "两次都有评分的客服的平均分",
	.improved = "进步",
	.declined = "退步",
	.unchanged = "持平",
	.new_agents = "新客服",
	.cards = "客服详情",
	.dims = {"响应时效", "沟通质量", "问题解决", "合规服务", "服务态度"},
	.flags = {"样本少", "红线", "平峰超时", "高峰超时", "超时高于均值", "一次解决率低"},
};

static const struct labels en = {
	.lang = "en",
	.title = "Customer service quality audit",
	.subtitle = "%zu of %u sessions sampled · rubric %s",
	.data_span = "Data",
	.inputs = "Inputs",
	.records = "records",
	.team = "Team",
	.mean_score = "Mean score",
	.quality = "Quality sessions",
	.red_lines = "Red lines",
	.timeout = "Timeout rate",
	.first_response = "First response (median)",
	.by_class = "Channel class (each timed by its own limits)",
	.sessions_word = "Sessions",
	.fcr = "First-contact resolution",
	.distribution = "Session grades",
	.top_rules = "Findings by checkpoint",
	.sampled_of = "%u sampled of %u sessions",
	.worst = "Worst findings",
	.none = "No findings",
	.trend = "since baseline",
	.new_agent = "new agent",
	.na = "N/A",
	.interval = "95% interval",
	.no_score = "no score",
	.ranking = "Agents, worst first",
	.filter = "Filter agents",
	.sort_hint = "Click a column heading to sort",
	.agent = "Agent",
	.score = "Score",
	.grade = "Grade",
	.change = "Change",
	.sampled = "Sampled / sessions",
	.agent_count = "Agents",
	.dimensions = "Team by dimension",
	.timeliness = "Timeliness by channel and period (all sessions)",
	.channel = "Channel",
	.period = "Period",
	.no_channel = "(no channel)",
	.offpeak = "off-peak",
	.peak = "peak",
	.replies = "Replies",
	.offpeak_timeout = "Off-peak timeouts",
	.peak_timeout = "Peak timeouts",
	.p90 = "First response (p90)",
	.team_trend = "Team trend since baseline",
	.both_runs = "Mean score of the agents scored in both runs",
	.improved = "Improved",
	.declined = "Declined",
	.unchanged = "Unchanged",
	.new_agents = "New agents",
	.cards = "Agent cards",
	.dims = {"Response", "Communication", "Resolution", "Compliance", "Attitude"},
	.flags = {"low sample", "red line", "off-peak timeouts", "peak timeouts",
		  "timeouts vs team", "low first-contact resolution"},
};

/* The checkpoint's name in the page's language (checkpoint.h holds both). */
static const char *rule_label(const struct labels *l, enum rule rule)
{
	return l == &zh ? checkpoints[rule].label_zh : checkpoints[rule].label_en;
}

/* Chinese labels need a CJK font: the common ones of each system are named before the
 * generic family, so a page opened where none is the default still finds one. */
static const char style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC',"
	"'Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif;"
	"margin:0;background:#f4f5f7;color:#1d2330}"
	"header{background:#1d2330;color:#fff;padding:20px 32px}"
	"header h1{margin:0 0 6px;font-size:24px}"
	"header p{margin:2px 0;color:#c9cfdb;font-size:14px;overflow-wrap:anywhere}"
	"main{padding:12px 32px;max-width:1200px}"
	"h2{font-size:18px;margin:24px 0 12px}h4{font-size:14px;margin:10px 0 0}"
	".kpis{display:flex;flex-wrap:wrap;gap:12px}"
	".kpi{background:#fff;border-radius:8px;padding:12px 16px;min-width:120px;"
	"box-shadow:0 1px 2px rgba(0,0,0,.08)}"
	".kpi b{display:block;font-size:22px;line-height:30px}.kpi "
	"span{display:block;font-size:13px;color:#5b6478}"
	".row{display:flex;flex-wrap:wrap;gap:16px 40px;align-items:flex-start}"
	"table{border-collapse:collapse;background:#fff;font-size:13px}"
	"td,th{padding:4px 10px;border-bottom:1px solid #e6e8ee;text-align:left}"
	".num td,.num th{text-align:right}.num td:first-child,.num th:first-child{text-align:left}"
	"tr.group th{background:#eef0f4;text-align:left}"
	".num td:first-child{white-space:nowrap}"
	".scroll{max-height:75vh;overflow:auto;box-shadow:0 1px 2px rgba(0,0,0,.08)}"
	"#ranking{width:100%}"
	"#ranking th{cursor:pointer;white-space:nowrap;position:sticky;top:0;background:#fff}"
	"#ranking th[aria-sort=ascending]::after{content:' ▲'}"
	"#ranking th[aria-sort=descending]::after{content:' ▼'}"
	"#tools{margin:0 0 8px;font-size:13px;color:#5b6478}"
	"#tools input{font:inherit;padding:4px 8px;margin-right:12px;width:220px}"
	".bars,.dims{display:grid;grid-template-columns:max-content minmax(100px,1fr) max-content;"
	"gap:4px 10px;align-items:center;font-size:13px}"
	".bars{min-width:420px}"
	".bars i,.dims i{display:block;height:14px;background:#eef0f4;border-radius:3px}"
	".bars i b,.dims i b{display:block;height:100%;border-radius:3px;background:#d4760a}"
	".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:12px;"
	"align-items:start}"
	".card{background:#fff;border-radius:8px;padding:10px 16px;"
	"box-shadow:0 1px 2px rgba(0,0,0,.08)}"
	".card summary{cursor:pointer;font-size:15px}.card summary b{margin-right:8px}"
	".card[open] summary{margin-bottom:6px}"
	".grade{display:inline-block;min-width:26px;text-align:center;border-radius:4px;"
	"color:#fff;font-weight:600;padding:0 6px}"
	".gA{background:#1a7f37!important}.gB{background:#4c9a2a!important}"
	".gC{background:#b58b00!important}.gD{background:#d4760a!important}"
	".gE{background:#c2410c!important}.gF{background:#b42318!important}"
	".gN{background:#8a93a6!important}"
	".meta{font-size:13px;color:#5b6478;margin:4px 0 8px}"
	".flag{display:inline-block;font-size:12px;background:#fdecea;color:#b42318;"
	"border-radius:10px;padding:1px 8px;margin:0 4px 4px 0}"
	".up{color:#1a7f37}.down,.bad{color:#b42318}"
	"ul.findings{list-style:none;padding:0;margin:6px 0 0;font-size:13px}"
	"ul.findings li{border-top:1px solid #eef0f4;padding:5px 0;overflow-wrap:anywhere}"
	"ul.findings q{display:block;color:#5b6478;quotes:none}"
	".rl{color:#b42318;font-weight:600}";

/* Sorts the ranking by the column clicked (its cells' data-v, else their text; empty
 * values last) and filters it by agent. Without it the table stays worst first. */
static const char script[] =
	"(function(){var t=document.getElementById('ranking'),b=t.tBodies[0],"
	"h=t.tHead.rows[0].cells,f=document.getElementById('filter');"
	"function sort(i){var d=h[i].getAttribute('aria-sort')=='ascending'?-1:1,"
	"r=Array.prototype.slice.call(b.rows);"
	"for(var j=0;j<h.length;j++)h[j].removeAttribute('aria-sort');"
	"h[i].setAttribute('aria-sort',d>0?'ascending':'descending');"
	"r.sort(function(x,y){var a=x.cells[i],c=y.cells[i],p=a.getAttribute('data-v'),"
	"q=c.getAttribute('data-v');if(p===null)return d*a.textContent.localeCompare("
	"c.textContent);if(p==='')return q===''?0:1;if(q==='')return -1;return d*(p-q)});"
	"r.forEach(function(x){b.appendChild(x)})}"
	"for(var i=0;i<h.length;i++)(function(i){h[i].tabIndex=0;"
	"h[i].onclick=function(){sort(i)};"
	"h[i].onkeydown=function(e){if(e.key=='Enter')sort(i)}})(i);"
	"document.getElementById('tools').hidden=false;"
	"f.oninput=function(){var s=f.value.toLowerCase();for(var k=0;k<b.rows.length;k++)"
	"b.rows[k].hidden=s!==''&&b.rows[k].cells[0].textContent.toLowerCase().indexOf(s)<0};"
	"t.onclick=function(e){var a=e.target.closest('a');if(a){var c=document."
	"getElementById(a.getAttribute('href').slice(1));if(c)c.open=true}}})();";

static const char *grade_colors[] = {"#b42318", "#c2410c", "#d4760a",
				     "#b58b00", "#4c9a2a", "#1a7f37"};

void report_put_html(FILE *fp, const char *s, size_t len)
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
	report_put_html(fp, s, strlen(s));
}

/* Text that may hold personal data: masked first. */
static void put_masked(FILE *fp, const char *s)
{
	struct buf masked = BUF_INIT;

	mask_text(s, strlen(s), &masked);
	report_put_html(fp, masked.data, masked.len);
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

/* A duration as a person reads it, in its two largest units: "8.5 s", "12 min 56 s",
 * "3 h 5 min", "6 d 8 h" ("12分56秒", "3小时5分钟", "6天8小时"); "" when there is none. */
void report_format_duration(char *out, size_t size, int64_t ms, enum language lang)
{
	static const char *const unit[2][5] = {{"秒", "分钟", "小时", "天", "分"},
					       {" s", " min", " h", " d", " min"}};
	const char *const *u = unit[lang == LANG_EN];
	const char *space = lang == LANG_EN ? " " : "";
	int64_t s, big, small;
	int b;

	if (ms < 0) {
		snprintf(out, size, "%s", "");
		return;
	}
	if (ms < 59950) { /* under a minute: to a tenth of a second */
		int64_t tenths = (ms + 50) / 100;

		if (tenths % 10)
			snprintf(out, size, "%" PRId64 ".%" PRId64 "%s", tenths / 10, tenths % 10,
				 u[0]);
		else
			snprintf(out, size, "%" PRId64 "%s", tenths / 10, u[0]);
		return;
	}
	s = (ms + 500) / 1000;
	if (s < 3600) {
		b = 1;
		big = s / 60;
		small = s % 60;
	} else if (s < 86400) {
		b = 2;
		big = s / 3600;
		small = s / 60 % 60;
	} else {
		b = 3;
		big = s / 86400;
		small = s / 3600 % 24;
	}
	if (!small)
		snprintf(out, size, "%" PRId64 "%s", big, u[b]);
	else /* "12分56秒": a minute before seconds is 分, alone 分钟 */
		snprintf(out, size, "%" PRId64 "%s%s%" PRId64 "%s", big, b == 1 ? u[4] : u[b],
			 space, small, u[b - 1]);
}

static void put_duration(FILE *fp, int64_t ms, const struct labels *l)
{
	char text[48];

	report_format_duration(text, sizeof(text), ms, l == &en ? LANG_EN : LANG_ZH);
	fputs(*text ? text : "—", fp);
}

/* A rate in per mille as a percentage, "—" when there is none. */
static void put_permille(FILE *fp, int permille)
{
	char number[32];

	format_permille(number, sizeof(number), permille);
	fprintf(fp, "%s%s", *number ? number : "—", *number ? "%" : "");
}

/* The five dimensions as bars of 0-5 points, each labelled in its own grid column. */
static void put_dimensions(FILE *fp, const struct score_summary *s, const struct labels *l)
{
	fputs("<div class=\"dims\">", fp);
	for (int d = 0; d < DIM_COUNT; d++) {
		char points[16];

		fputs("<span>", fp);
		put(fp, l->dims[d]);
		fputs("</span>", fp);
		if (s->dim_hundredths[d] < 0) {
			fputs("<i></i><span>", fp);
			put(fp, l->na);
			fputs("</span>", fp);
			continue;
		}
		format_hundredths(points, sizeof(points), s->dim_hundredths[d]);
		fprintf(fp, "<i><b class=\"g%c\" style=\"width:%d%%\"></b></i><span>%s %c</span>",
			grade_letter(s->dim_grade[d]), s->dim_hundredths[d] / 5, points,
			grade_letter(s->dim_grade[d]));
	}
	fputs("</div>", fp);
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

/* Every checkpoint with findings, most first, as a bar against the most frequent. */
static void put_rule_bars(FILE *fp, const struct score_summary *team, const struct labels *l)
{
	bool used[RULE_COUNT] = {false};
	uint32_t most = 0;

	for (;;) {
		int best = -1;

		for (int r = 0; r < RULE_COUNT; r++)
			if (!used[r] && team->rule_count[r] &&
			    (best < 0 || team->rule_count[r] > team->rule_count[best]))
				best = r;
		if (best < 0)
			break;
		if (!most) {
			most = team->rule_count[best];
			fputs("<div class=\"bars\">", fp);
		}
		used[best] = true;
		fprintf(fp, "<span>%s ", rule_name((enum rule)best));
		put(fp, rule_label(l, (enum rule)best));
		fprintf(fp, "</span><i><b style=\"width:%u%%\"></b></i><span>%u</span>",
			(unsigned)((uint64_t)team->rule_count[best] * 100 / most),
			team->rule_count[best]);
	}
	if (!most) {
		fputs("<p class=\"meta\">", fp);
		put(fp, l->none);
		fputs("</p>", fp);
		return;
	}
	fputs("</div>", fp);
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
	report_format_duration(number, sizeof(number), timeliness_median_ms(t),
			       l == &en ? LANG_EN : LANG_ZH);
	put_kpi(fp, *number ? number : "—", l->first_response);
	format_permille(number, sizeof(number), timeliness_fcr_permille(t));
	snprintf(value, sizeof(value), "%s%%", *number ? number : "—");
	put_kpi(fp, value, l->fcr);
	snprintf(value, sizeof(value), "%zu", v->cards->count);
	put_kpi(fp, value, l->agent_count);
	fputs("</div><div class=\"row\"><div><h2>", fp);
	put(fp, l->distribution);
	fputs("</h2>", fp);
	put_distribution(fp, v);
	fputs("</div><div><h2>", fp);
	put(fp, l->dimensions);
	fputs("</h2>", fp);
	put_dimensions(fp, team, l);
	fputs("</div><div><h2>", fp);
	put(fp, l->top_rules);
	fputs("</h2>", fp);
	put_rule_bars(fp, team, l);
	fputs("</div></div></section>\n", fp);
}

/* With --baseline: the agents scored in both runs, their mean score then and now, and how
 * many went up, down or stayed; agents without a baseline row are new. */
static void put_team_trend(FILE *fp, const struct scorecards *cards, const struct labels *l)
{
	uint32_t both = 0, up = 0, down = 0, same = 0, fresh = 0;
	long long now = 0, then = 0;
	char value[64], before[16], after[16], number[16];
	int delta;

	if (!cards->with_baseline)
		return;
	for (size_t i = 0; i < cards->count; i++) {
		const struct agent_card *c = &cards->cards[i];

		if (!c->has_baseline) {
			fresh++;
			continue;
		}
		if (c->baseline_tenths < 0 || c->score.mean_tenths < 0)
			continue;
		both++;
		now += c->score.mean_tenths;
		then += c->baseline_tenths;
		up += c->score.mean_tenths > c->baseline_tenths;
		down += c->score.mean_tenths < c->baseline_tenths;
		same += c->score.mean_tenths == c->baseline_tenths;
	}
	fputs("<section id=\"trend\"><h2>", fp);
	put(fp, l->team_trend);
	fputs("</h2><div class=\"kpis\">", fp);
	if (both) {
		int mean_now = (int)((2 * now + both) / (2 * both)),
		    mean_then = (int)((2 * then + both) / (2 * both));

		format_tenths(before, sizeof(before), mean_then);
		format_tenths(after, sizeof(after), mean_now);
		delta = mean_now - mean_then;
		format_tenths(number, sizeof(number), delta < 0 ? -delta : delta);
		snprintf(value, sizeof(value), "%s → %s (%s%s)", before, after,
			 delta < 0   ? "−"
			 : delta > 0 ? "+"
				     : "±",
			 number);
		put_kpi(fp, value, l->both_runs);
	}
	snprintf(value, sizeof(value), "%u", up);
	put_kpi(fp, value, l->improved);
	snprintf(value, sizeof(value), "%u", down);
	put_kpi(fp, value, l->declined);
	snprintf(value, sizeof(value), "%u", same);
	put_kpi(fp, value, l->unchanged);
	snprintf(value, sizeof(value), "%u", fresh);
	put_kpi(fp, value, l->new_agents);
	fputs("</div></section>\n", fp);
}

/* A row of the timeliness panel; a rate over the rubric's limit is marked. */
static void put_timeliness_row(FILE *fp, const char *name, const struct timeliness *t,
			       const struct report_view *v, const struct labels *l)
{
	unsigned flags = timeliness_flags(t, &v->limits, -1);

	fputs("<tr><td>", fp);
	put_masked(fp, name);
	fprintf(fp, "</td><td>%u</td><td>%u</td><td>", t->sessions,
		t->replies[PERIOD_OFFPEAK] + t->replies[PERIOD_PEAK]);
	put_permille(fp, timeliness_timeout_permille(t, -1));
	fprintf(fp, "</td><td%s>", flags >> FLAG_TIMEOUT_OFFPEAK & 1 ? " class=\"bad\"" : "");
	put_permille(fp, timeliness_timeout_permille(t, PERIOD_OFFPEAK));
	fprintf(fp, "</td><td%s>", flags >> FLAG_TIMEOUT_PEAK & 1 ? " class=\"bad\"" : "");
	put_permille(fp, timeliness_timeout_permille(t, PERIOD_PEAK));
	fputs("</td><td>", fp);
	put_duration(fp, timeliness_median_ms(t), l);
	fputs("</td><td>", fp);
	put_duration(fp, timeliness_p90_ms(t), l);
	fprintf(fp, "</td><td%s>", flags >> FLAG_LOW_FCR & 1 ? " class=\"bad\"" : "");
	put_permille(fp, timeliness_fcr_permille(t));
	fputs("</td></tr>", fp);
}

static void put_group(FILE *fp, const char *name)
{
	fputs("<tr class=\"group\"><th colspan=\"9\">", fp);
	put(fp, name);
	fputs("</th></tr>", fp);
}

/* timeliness.csv's channel, period and class rows: the population, not only the sample. */
static void put_timeliness(FILE *fp, const struct report_view *v, const struct labels *l)
{
	const struct metrics *m = v->metrics;
	const char *heads[] = {l->sessions_word, l->replies,        l->timeout, l->offpeak_timeout,
			       l->peak_timeout,  l->first_response, l->p90,     l->fcr};

	fputs("<section id=\"timeliness\"><h2>", fp);
	put(fp, l->timeliness);
	fputs("</h2><table class=\"num\"><thead><tr><th></th>", fp);
	for (size_t i = 0; i < sizeof(heads) / sizeof(*heads); i++) {
		fputs("<th>", fp);
		put(fp, heads[i]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead><tbody>", fp);
	put_group(fp, l->channel);
	for (size_t i = 0; i < v->channel_count; i++)
		if (v->channels[i].timeliness->sessions)
			put_timeliness_row(
				fp, *v->channels[i].name ? v->channels[i].name : l->no_channel,
				v->channels[i].timeliness, v, l);
	put_group(fp, l->period);
	put_timeliness_row(fp, l->offpeak, &m->periods[PERIOD_OFFPEAK], v, l);
	put_timeliness_row(fp, l->peak, &m->periods[PERIOD_PEAK], v, l);
	put_group(fp, l->by_class);
	for (int c = 0; c < CLASS_COUNT; c++)
		if (m->classes[c].sessions)
			put_timeliness_row(fp, channel_class_name((enum channel_class)c),
					   &m->classes[c], v, l);
	fputs("</tbody></table></section>\n", fp);
}

/* Worst first: the lowest score, then the most red lines, then the highest timeout rate;
 * agents without a score last. */
static int worst_first(const void *a, const void *b)
{
	const struct agent_card *x = *(const struct agent_card *const *)a,
				*y = *(const struct agent_card *const *)b;
	int tx = timeliness_timeout_permille(x->timeliness, -1),
	    ty = timeliness_timeout_permille(y->timeliness, -1);

	if ((x->score.mean_tenths < 0) != (y->score.mean_tenths < 0))
		return x->score.mean_tenths < 0 ? 1 : -1;
	if (x->score.mean_tenths != y->score.mean_tenths)
		return x->score.mean_tenths < y->score.mean_tenths ? -1 : 1;
	if (x->score.red_lines != y->score.red_lines)
		return x->score.red_lines > y->score.red_lines ? -1 : 1;
	if (tx != ty)
		return tx > ty ? -1 : 1;
	return strcmp(x->id, y->id);
}

static const struct agent_card **rank_agents(const struct scorecards *cards)
{
	const struct agent_card **order = xcalloc(cards->count ? cards->count : 1, sizeof(*order));

	for (size_t i = 0; i < cards->count; i++)
		order[i] = &cards->cards[i];
	if (cards->count > 1)
		qsort(order, cards->count, sizeof(*order), worst_first);
	return order;
}

/* The change since the baseline as a table cell: its value for sorting, "" when none. */
static void put_change_cell(FILE *fp, const struct agent_card *c, const struct labels *l)
{
	char number[16];
	int delta;

	if (!c->has_baseline) {
		fputs("<td data-v=\"\">", fp);
		if (c->score.mean_tenths >= 0)
			put(fp, l->new_agent);
		fputs("</td>", fp);
		return;
	}
	if (c->baseline_tenths < 0 || c->score.mean_tenths < 0) {
		fputs("<td data-v=\"\">—</td>", fp);
		return;
	}
	delta = c->score.mean_tenths - c->baseline_tenths;
	format_tenths(number, sizeof(number), delta < 0 ? -delta : delta);
	fprintf(fp, "<td data-v=\"%d\" class=\"%s\">%s%s</td>", delta, delta < 0 ? "down" : "up",
		delta < 0   ? "▼ −"
		: delta > 0 ? "▲ +"
			    : "± ",
		number);
}

static void put_ranking_row(FILE *fp, const struct agent_card *c, size_t card, bool with_baseline,
			    const struct labels *l)
{
	const struct score_summary *s = &c->score;
	char number[16], high[16];
	int timeout = timeliness_timeout_permille(c->timeliness, -1);
	bool late = c->flags & (1u << FLAG_TIMEOUT_OFFPEAK | 1u << FLAG_TIMEOUT_PEAK |
				1u << FLAG_TIMEOUT_VS_TEAM);

	fprintf(fp, "<tr><td><a href=\"#agent-%zu\">", card);
	put_masked(fp, c->id);
	format_tenths(number, sizeof(number), s->mean_tenths);
	fprintf(fp, "</a></td><td data-v=\"%s\">%s</td>", number, *number ? number : "—");
	/* The interval sorts by its lower bound: the lowest score the sample allows. */
	format_tenths(number, sizeof(number), s->ci_low_tenths);
	fprintf(fp, "<td data-v=\"%s\">", number);
	if (s->ci_low_tenths >= 0) {
		format_tenths(high, sizeof(high), s->ci_high_tenths);
		fprintf(fp, "%s–%s", number, high);
	}
	fprintf(fp, "</td><td data-v=\"%d\">", s->mean_tenths < 0 ? -1 : (int)s->grade);
	put_grade(fp, s->mean_tenths >= 0, s->grade, l);
	fprintf(fp, "</td><td data-v=\"%u\"%s>%u</td>", s->red_lines,
		s->red_lines ? " class=\"bad\"" : "", s->red_lines);
	format_permille(number, sizeof(number), timeout);
	fprintf(fp, "<td data-v=\"%s\"%s>", number, late ? " class=\"bad\"" : "");
	put_permille(fp, timeout);
	fputs("</td>", fp);
	if (with_baseline)
		put_change_cell(fp, c, l);
	fprintf(fp, "<td data-v=\"%u\">%u / %u</td></tr>\n", s->sampled, s->sampled,
		c->timeliness->sessions);
}

/* One row per agent, worst first, sortable by any column when scripts run. */
static void put_ranking(FILE *fp, const struct report_view *v,
			const struct agent_card *const *order, const struct labels *l)
{
	const char *heads[] = {l->agent,     l->score,   l->interval, l->grade,
			       l->red_lines, l->timeout, l->change,   l->sampled};

	fputs("<section id=\"agents\"><h2>", fp);
	put(fp, l->ranking);
	fputs("</h2><div id=\"tools\" hidden><input id=\"filter\" type=\"search\" "
	      "placeholder=\"",
	      fp);
	put(fp, l->filter);
	fputs("\"><span>", fp);
	put(fp, l->sort_hint);
	fputs("</span></div><div class=\"scroll\"><table id=\"ranking\" class=\"num\"><thead><tr>",
	      fp);
	for (size_t i = 0; i < sizeof(heads) / sizeof(*heads); i++) {
		if (heads[i] == l->change && !v->cards->with_baseline)
			continue;
		fputs(heads[i] == l->score ? "<th aria-sort=\"ascending\">" : "<th>", fp);
		put(fp, heads[i]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead><tbody>\n", fp);
	for (size_t i = 0; i < v->cards->count; i++)
		put_ranking_row(fp, order[i], (size_t)(order[i] - v->cards->cards),
				v->cards->with_baseline, l);
	fputs("</tbody></table></div></section>\n", fp);
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
	fputs("<h4>", fp);
	put(fp, l->worst);
	fputs("</h4><ul class=\"findings\">", fp);
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
			report_put_html(fp, f->excerpt, strlen(f->excerpt));
			fputs("</q>", fp);
		} else {
			fputs("<q>", fp);
			put_masked(fp, f->detail);
			fputs("</q>", fp);
		}
		fputs("</li>", fp);
	}
	fputs("</ul>", fp);
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

/* A card, collapsed to its summary line: the agent, the score and the flags. */
static void put_card(FILE *fp, const struct report_view *v, const struct agent_card *c,
		     const struct labels *l)
{
	const struct score_summary *s = &c->score;
	char number[32];

	fprintf(fp, "<details class=\"card\" id=\"agent-%zu\" data-agent=\"",
		(size_t)(c - v->cards->cards));
	put_masked(fp, c->id);
	fputs("\"><summary><b>", fp);
	put_masked(fp, c->id);
	fputs("</b>", fp);
	format_tenths(number, sizeof(number), s->mean_tenths);
	put(fp, s->mean_tenths < 0 ? l->no_score : number);
	fputs(" ", fp);
	put_grade(fp, s->mean_tenths >= 0, s->grade, l);
	fputs(" ", fp);
	for (int f = 0; f < FLAG_COUNT; f++) {
		if (!(c->flags >> f & 1))
			continue;
		fputs("<span class=\"flag\">", fp);
		put(fp, l->flags[f]);
		fputs("</span>", fp);
	}
	fputs("</summary><div class=\"meta\">", fp);
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
	fputs("</div>", fp);
	put_dimensions(fp, s, l);
	fputs("<div class=\"meta\">", fp);
	put(fp, l->timeout);
	fputs(" ", fp);
	put_permille(fp, timeliness_timeout_permille(c->timeliness, -1));
	fputs(" · ", fp);
	put(fp, l->first_response);
	fputs(" ", fp);
	put_duration(fp, timeliness_median_ms(c->timeliness), l);
	fputs(" · ", fp);
	put(fp, l->red_lines);
	fprintf(fp, " %u</div>", s->red_lines);
	put_worst(fp, v, c, l);
	fputs("</details>\n", fp);
}

/* "UTC+08:00" */
static void put_zone(FILE *fp, int offset_min)
{
	int m = offset_min < 0 ? -offset_min : offset_min;

	fprintf(fp, "UTC%c%02d:%02d", offset_min < 0 ? '-' : '+', m / 60, m % 60);
}

/* The data's first and last message time and the files read. */
static void put_header_facts(FILE *fp, const struct report_view *v, const struct labels *l)
{
	if (v->first_message_ms != TIME_NONE && v->last_message_ms != TIME_NONE) {
		char first[20], last[20];

		time_format(v->first_message_ms, v->tz_offset_min, first);
		time_format(v->last_message_ms, v->tz_offset_min, last);
		fputs("<p>", fp);
		put(fp, l->data_span);
		fprintf(fp, " %s – %s ", first, last);
		put_zone(fp, v->tz_offset_min);
		fputs("</p>", fp);
	}
	if (!v->input_count)
		return;
	fputs("<p>", fp);
	put(fp, l->inputs);
	for (size_t i = 0; i < v->input_count; i++) {
		const struct input_stats *in = &v->inputs[i];

		fputs(i ? " · " : " ", fp);
		put_masked(fp, in->name);
		fprintf(fp, " (%s%s, %zu ", input_format_name(in->format), in->gzip ? ".gz" : "",
			in->records);
		put(fp, l->records);
		fputs(")", fp);
	}
	fputs("</p>", fp);
}

void report_write_html(FILE *fp, const struct report_view *v)
{
	const struct labels *l = v->language == LANG_EN ? &en : &zh;
	const struct agent_card **order = rank_agents(v->cards);

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
	fputs("</p>", fp);
	put_header_facts(fp, v, l);
	fputs("</header>\n<main>\n", fp);
	put_overview(fp, v, l);
	put_team_trend(fp, v->cards, l);
	put_ranking(fp, v, order, l);
	put_timeliness(fp, v, l);
	fputs("<section id=\"cards\"><h2>", fp);
	put(fp, l->cards);
	fputs("</h2><div class=\"cards\">\n", fp);
	for (size_t i = 0; i < v->cards->count; i++)
		put_card(fp, v, order[i], l);
	fprintf(fp,
		"</div></section>\n</main>\n<footer class=\"meta\" style=\"padding:0 32px 24px\">"
		"qaudit %s</footer>\n<script>%s</script>\n</body>\n</html>\n",
		QAUDIT_VERSION, script);
	free(order);
}
