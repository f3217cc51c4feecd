/* Scorecards: per-agent and team summaries of the sampled sessions' scores, with the
 * population metrics and the flags of docs/STANDARD.md §5-§6. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv_rows.h"
#include "metrics.h"
#include "report_view.h"
#include "score.h"
#include "scorecard.h"
#include "xalloc.h"

static const char *const flag_names[FLAG_COUNT] = {
	[FLAG_LOW_SAMPLE] = "LOW_SAMPLE",           [FLAG_RED_LINE] = "RED_LINE",
	[FLAG_TIMEOUT_OFFPEAK] = "TIMEOUT_OFFPEAK", [FLAG_TIMEOUT_PEAK] = "TIMEOUT_PEAK",
	[FLAG_TIMEOUT_VS_TEAM] = "TIMEOUT_VS_TEAM", [FLAG_LOW_FCR] = "LOW_FCR",
};

const char *flag_name(enum flag flag)
{
	return flag_names[flag];
}

/* ---- Scores ---- */

/* Two-sided 95% critical values of Student's t for 1-30 degrees of freedom. */
static double t_critical(uint32_t df)
{
	static const double t[30] = {
		12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
		2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
	};

	if (df <= 30)
		return t[df - 1];
	return df <= 60 ? 2.000 : df <= 120 ? 1.980 : 1.960;
}

struct accumulator {
	long long sum_tenths;
	double sum_squares; /* of scores in tenths */
	long long dim_points[DIM_COUNT];
	uint32_t dim_count[DIM_COUNT];
};

static void add_score(struct score_summary *s, struct accumulator *acc,
		      const struct session_score *sc)
{
	s->sampled++;
	s->quality += sc->quality;
	s->red_lines += sc->red_lines;
	s->findings += (uint32_t)sc->count;
	for (size_t f = 0; f < sc->count; f++)
		s->rule_count[sc->findings[f].rule]++;
	for (int d = 0; d < DIM_COUNT; d++) {
		if (!sc->dim[d].applicable)
			continue;
		acc->dim_points[d] += sc->dim[d].grade;
		acc->dim_count[d]++;
	}
	if (sc->score_tenths < 0)
		return;
	s->scored++;
	acc->sum_tenths += sc->score_tenths;
	acc->sum_squares += (double)sc->score_tenths * sc->score_tenths;
}

static int clamp_tenths(double x)
{
	long v = lround(x);

	return (int)(v < 0 ? 0 : v > 1000 ? 1000 : v);
}

/* The mean with a t-based 95% confidence interval; dimension means and their grades. */
static void finish_summary(struct score_summary *s, const struct accumulator *acc)
{
	s->mean_tenths = s->ci_low_tenths = s->ci_high_tenths = -1;
	s->grade = GRADE_F;
	for (int d = 0; d < DIM_COUNT; d++) {
		uint32_t n = acc->dim_count[d];

		s->dim_hundredths[d] = n ? (int)((200 * acc->dim_points[d] + n) / (2 * n)) : -1;
		/* Nearest letter to the mean points, ties up, as for a session. */
		s->dim_grade[d] =
			n ? (enum grade)((2 * acc->dim_points[d] + n) / (2 * n)) : GRADE_F;
	}
	if (!s->scored)
		return;
	s->mean_tenths = (int)((2 * acc->sum_tenths + s->scored) / (2 * s->scored));
	s->grade = grade_from_score(s->mean_tenths);
	if (s->scored > 1) {
		double n = s->scored, mean = acc->sum_tenths / n;
		double variance = (acc->sum_squares - n * mean * mean) / (n - 1);
		double half =
			t_critical(s->scored - 1) * sqrt(variance > 0 ? variance : 0) / sqrt(n);

		s->ci_low_tenths = clamp_tenths(mean - half);
		s->ci_high_tenths = clamp_tenths(mean + half);
	}
}

/* ---- Flags ---- */

unsigned timeliness_flags(const struct timeliness *t, const struct timeliness_limits *limits,
			  int peer_mean_permille)
{
	int offpeak = timeliness_timeout_permille(t, PERIOD_OFFPEAK);
	int peak = timeliness_timeout_permille(t, PERIOD_PEAK);
	int all = timeliness_timeout_permille(t, -1), fcr = timeliness_fcr_permille(t);
	unsigned flags = 0;

	if (offpeak > limits->offpeak_timeout_pct * 10)
		flags |= 1u << FLAG_TIMEOUT_OFFPEAK;
	if (peak > limits->peak_timeout_pct * 10)
		flags |= 1u << FLAG_TIMEOUT_PEAK;
	if (all > 0 && peer_mean_permille >= 0 &&
	    all > limits->team_mean_factor * peer_mean_permille)
		flags |= 1u << FLAG_TIMEOUT_VS_TEAM;
	if (fcr >= 0 && fcr < limits->first_contact_resolution_pct * 10)
		flags |= 1u << FLAG_LOW_FCR;
	return flags;
}

/* ---- Cards ---- */

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct agent_card *)a)->id, ((const struct agent_card *)b)->id);
}

static const struct baseline_row *find_baseline(const struct baseline *b, const char *agent)
{
	for (size_t i = 0; b && i < b->count; i++)
		if (!strcmp(b->rows[i].agent, agent))
			return &b->rows[i];
	return NULL;
}

void scorecards_from_view(struct scorecards *sc, const struct report_view *v,
			  const struct baseline *baseline)
{
	const struct metrics *m = v->metrics;
	uint32_t agents = v->agent_count;
	struct accumulator *acc = xcalloc((size_t)agents + 1, sizeof(*acc));
	uint32_t *slot = xcalloc(agents ? agents : 1, sizeof(*slot));
	long long mean_sum = 0;
	uint32_t mean_count = 0;

	memset(sc, 0, sizeof(*sc));
	sc->cards = xcalloc(agents ? agents : 1, sizeof(*sc->cards));
	/* Every agent that was attributed a session or replied in one. */
	for (uint32_t g = 0; g < agents; g++) {
		const struct timeliness *t = &m->agents[g];

		if (!t->sessions && !t->replies[0] && !t->replies[1])
			continue;
		sc->cards[sc->count] = (struct agent_card){
			.agent = g, .id = v->agent_names[g], .timeliness = &m->agents[g]};
		slot[g] = (uint32_t)++sc->count;
	}
	for (size_t i = 0; i < v->session_count; i++) {
		const struct session_row *row = &v->sessions[i];
		uint32_t agent = row->agent_index;

		if (agent != STR_NONE && slot[agent])
			add_score(&sc->cards[slot[agent] - 1].score, &acc[slot[agent] - 1],
				  row->score);
		add_score(&sc->team, &acc[agents], row->score);
	}
	for (size_t i = 0; i < sc->count; i++) {
		int permille = timeliness_timeout_permille(sc->cards[i].timeliness, -1);

		finish_summary(&sc->cards[i].score, &acc[i]);
		if (permille >= 0) {
			mean_sum += permille;
			mean_count++;
		}
	}
	finish_summary(&sc->team, &acc[agents]);
	sc->agent_mean_timeout_permille = mean_count ? (int)(mean_sum / mean_count) : -1;
	sc->with_baseline = baseline != NULL;
	for (size_t i = 0; i < sc->count; i++) {
		struct agent_card *c = &sc->cards[i];
		const struct baseline_row *prev = find_baseline(baseline, c->id);

		c->flags = timeliness_flags(c->timeliness, &v->limits,
					    sc->agent_mean_timeout_permille);
		if (c->score.sampled < LOW_SAMPLE_SESSIONS)
			c->flags |= 1u << FLAG_LOW_SAMPLE;
		if (c->score.red_lines)
			c->flags |= 1u << FLAG_RED_LINE;
		if (prev) {
			c->has_baseline = true;
			c->baseline_tenths = prev->score_tenths;
			c->baseline_grade = prev->grade;
		}
	}
	qsort(sc->cards, sc->count, sizeof(*sc->cards), by_id);
	free(acc);
	free(slot);
}

void scorecards_release(struct scorecards *sc)
{
	free(sc->cards);
	memset(sc, 0, sizeof(*sc));
}

/* ---- Baseline ---- */

struct baseline_reader {
	struct baseline *b;
	const struct csv_rows *rows; /* the row being read */
	const char *path;
	int agent_col, score_col, grade_col, rubric_col;
};

/* A cell of the row being read, as qaudit wrote it. */
static const char *cell_text(const struct baseline_reader *r, int col)
{
	return csv_rows_cell(r->rows, col);
}

static int column_of(const struct baseline_reader *r, const char *name)
{
	return csv_rows_column(r->rows, &name, 1);
}

/* A score as qaudit writes it: "87.5", from 0 to 100; -1 for anything else. */
static int parse_tenths(const char *s)
{
	size_t whole = strspn(s, "0123456789"), frac = 0;
	double v;

	if (!whole || whole > 3)
		return -1;
	if (s[whole] == '.' && !(frac = strspn(s + whole + 1, "0123456789")))
		return -1;
	if (s[whole + (frac ? frac + 1 : 0)] != '\0')
		return -1;
	v = strtod(s, NULL);
	return v > 100 ? -1 : (int)lround(v * 10);
}

static void add_warning(struct baseline *b, struct buf *text)
{
	b->warnings = xreallocarray(b->warnings, b->warning_count + 1, sizeof(*b->warnings));
	b->warnings[b->warning_count++] = buf_detach(text);
}

static void warn(struct baseline_reader *r, const char *what)
{
	struct baseline *b = r->b;
	struct buf text = BUF_INIT;

	if (b->warnings_total++ >= BASELINE_WARNINGS_KEPT)
		return;
	/* The cell is not echoed: it may hold anything, a formula or a line end. */
	buf_addf(&text, "%s:%ld: %s, left out", r->path, r->rows->line, what);
	add_warning(b, &text);
}

/* The first night of a nightly job has no earlier report: an audit without the change. */
static int no_baseline(struct baseline *b, const char *path, const char *why)
{
	struct buf text = BUF_INIT;

	b->missing = true;
	b->warnings_total++;
	buf_addf(&text, "%s: %s; no change since an earlier report is shown", path, why);
	add_warning(b, &text);
	return 0;
}

/* The grade cell: one letter A to F, or empty; anything else is left out, warned. */
static char baseline_grade(struct baseline_reader *r)
{
	const char *s = cell_text(r, r->grade_col);

	if (!*s)
		return '\0';
	if (s[0] >= 'A' && s[0] <= 'F' && !s[1])
		return s[0];
	warn(r, "grade is not one of A to F");
	return '\0';
}

static int baseline_score(struct baseline_reader *r)
{
	const char *s = cell_text(r, r->score_col);
	int tenths = parse_tenths(s);

	if (tenths < 0 && *s)
		warn(r, "score is not a number from 0 to 100");
	return tenths;
}

static void on_row(const struct csv_rows *rows, void *ctx)
{
	struct baseline_reader *r = ctx;
	struct baseline *b = r->b;

	r->rows = rows;
	if (rows->row == 0) {
		r->agent_col = column_of(r, "agent_id");
		r->score_col = column_of(r, "score");
		r->grade_col = column_of(r, "grade");
		r->rubric_col = column_of(r, "rubric");
	} else if (r->agent_col >= 0 && *cell_text(r, r->agent_col)) {
		b->rows = xreallocarray(b->rows, b->count + 1, sizeof(*b->rows));
		b->rows[b->count++] = (struct baseline_row){xstrdup(cell_text(r, r->agent_col)),
							    baseline_score(r), baseline_grade(r)};
		if (!b->digest && r->rubric_col >= 0 && *cell_text(r, r->rubric_col))
			b->digest = xstrdup(cell_text(r, r->rubric_col));
	}
}

int baseline_load(struct baseline *b, const char *dir, struct qa_error *err)
{
	/* An empty file has no header: no agent_id column either. */
	struct baseline_reader r = {
		.b = b, .agent_col = -1, .score_col = -1, .grade_col = -1, .rubric_col = -1};
	struct buf path = BUF_INIT;
	FILE *fp;
	int rc = 0;

	memset(b, 0, sizeof(*b));
	buf_addf(&path, "%s/agents.csv", dir);
	r.path = path.data;
	fp = fopen(path.data, "rb");
	if (!fp) {
		if (errno == ENOENT || errno == ENOTDIR)
			rc = no_baseline(b, path.data, "no such file (a first run?)");
		else
			rc = qa_fail(err, QA_EXIT_INPUT, "--baseline: %s: cannot open: %s",
				     path.data, strerror(errno));
		buf_release(&path);
		return rc;
	}
	if (getc(fp) == EOF && !ferror(fp)) {
		rc = no_baseline(b, path.data, "empty");
		fclose(fp);
		buf_release(&path);
		return rc;
	}
	rewind(fp);
	if (csv_rows_read(fp, on_row, &r) || r.agent_col < 0)
		rc = qa_fail(err, QA_EXIT_INPUT, "--baseline: %s: not an agents.csv of qaudit",
			     path.data);
	fclose(fp);
	buf_release(&path);
	if (rc)
		baseline_release(b);
	return rc;
}

void baseline_print_warnings(const struct baseline *b, FILE *out)
{
	for (size_t i = 0; i < b->warning_count; i++)
		fprintf(out, "qaudit: warning: --baseline: %s\n", b->warnings[i]);
	if (b->warnings_total > b->warning_count)
		fprintf(out, "qaudit: warning: --baseline: %zu more cells left out\n",
			b->warnings_total - b->warning_count);
}

void baseline_release(struct baseline *b)
{
	for (size_t i = 0; i < b->warning_count; i++)
		free(b->warnings[i]);
	free(b->warnings);
	for (size_t i = 0; i < b->count; i++)
		free(b->rows[i].agent);
	free(b->rows);
	free(b->digest);
	memset(b, 0, sizeof(*b));
}
