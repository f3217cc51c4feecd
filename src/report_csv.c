/* The CSV outputs: sessions.csv, findings.csv, agents.csv and timeliness.csv. Text cells go
 * through csv_out (quoting, formula neutralising); personal data is masked. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "csv_out.h"
#include "mask.h"
#include "metrics.h"
#include "report_internal.h"
#include "score.h"
#include "time_parse.h"

/* Every text cell: ids and names may be phone numbers or e-mail addresses too (§6). */
static void write_masked(FILE *fp, const char *s, int first)
{
	struct buf masked = BUF_INIT;

	mask_text(s, strlen(s), &masked);
	csv_out_text(fp, buf_str(&masked), masked.len, first);
	buf_release(&masked);
}

static void write_number(FILE *fp, long long n)
{
	fprintf(fp, ",%lld", n);
}

/* ---- sessions.csv ---- */

void report_write_sessions_csv(FILE *fp, const struct report_view *v)
{
	char number[32], start[TIME_ISO_SIZE];

	fputs("session_id,agent_id,channel,channel_class,customer_id,start_time,category,priority,"
	      "messages,first_response_s",
	      fp);
	for (int d = 0; d < DIM_COUNT; d++)
		fprintf(fp, ",%s_grade,%s_points", dimension_name(d), dimension_name(d));
	fputs(",score,grade,quality,red_lines,findings,not_judged,rubric\n", fp);
	for (size_t i = 0; i < v->session_count; i++) {
		const struct session_row *s = &v->sessions[i];
		const struct session_score *sc = s->score;

		write_masked(fp, s->id, 1);
		write_masked(fp, s->agent, 0);
		write_masked(fp, s->channel, 0);
		csv_out_raw(fp, channel_class_name(sc->channel_class), 0);
		write_masked(fp, s->customer, 0);
		start[0] = '\0';
		if (s->first_ms != TIME_NONE)
			time_format_iso(s->first_ms, s->zone_min, start);
		csv_out_raw(fp, start, 0);
		csv_out_raw(fp, category_name(s->category), 0);
		csv_out_raw(fp, priority_name(s->priority), 0);
		write_number(fp, s->messages);
		number[0] = '\0';
		if (s->first_response_ms >= 0)
			format_seconds(number, sizeof(number), s->first_response_ms);
		csv_out_raw(fp, number, 0);
		for (int d = 0; d < DIM_COUNT; d++) {
			if (sc->dim[d].applicable)
				fprintf(fp, ",%c,%d", grade_letter(sc->dim[d].grade),
					sc->dim[d].grade);
			else
				fputs(",N/A,", fp);
		}
		format_tenths(number, sizeof(number), sc->score_tenths);
		csv_out_raw(fp, number, 0);
		fprintf(fp, ",%c,%d,%d,%zu,%s,%s\n",
			sc->score_tenths < 0 ? '-' : grade_letter(sc->grade), sc->quality,
			sc->red_lines, sc->count,
			sc->language_not_covered ? "language not covered: text checkpoints N/A"
						 : "",
			v->short_digest);
	}
}

/* ---- findings.csv ---- */

static void write_finding(FILE *fp, const struct report_view *v, const struct session_row *row,
			  const struct finding *f)
{
	bool in_message = f->message != NO_MESSAGE;

	write_masked(fp, row->id, 1);
	write_masked(fp, row->agent, 0);
	write_masked(
		fp, in_message && f->agent < v->agent_count ? v->agent_names[f->agent] : row->agent,
		0);
	csv_out_raw(fp, rule_name(f->rule), 0);
	csv_out_raw(fp, dimension_name(rule_dimension(f->rule)), 0);
	/* A red line sets its dimension to F: all five grades, whatever the rubric's penalty. */
	write_number(fp, f->red_line ? GRADE_A : f->penalty);
	write_number(fp, f->red_line);
	if (in_message) {
		char when[TIME_ISO_SIZE] = "";

		write_number(fp, (long long)f->message + 1);
		if (f->time_ms != TIME_NONE)
			time_format_iso(f->time_ms, row->zone_min, when);
		csv_out_raw(fp, when, 0);
	} else {
		fputs(",,", fp);
	}
	write_masked(fp, f->detail, 0);
	csv_out_text(fp, f->excerpt ? f->excerpt : "", f->excerpt ? strlen(f->excerpt) : 0, 0);
	csv_out_end(fp);
}

void report_write_findings_csv(FILE *fp, const struct report_view *v)
{

	fputs("session_id,agent_id,author_id,rule,dimension,penalty,red_line,message,time,detail,"
	      "excerpt\n",
	      fp);
	for (size_t i = 0; i < v->session_count; i++) {
		const struct session_score *sc = v->sessions[i].score;

		for (size_t f = 0; f < sc->count; f++)
			write_finding(fp, v, &v->sessions[i], &sc->findings[f]);
	}
}

/* ---- agents.csv ---- */

static void write_tenths(FILE *fp, int tenths)
{
	char text[16];

	format_tenths(text, sizeof(text), tenths);
	csv_out_raw(fp, text, 0);
}

/* A share in percent with one decimal, empty when the whole is 0. */
static void write_share(FILE *fp, uint32_t part, uint32_t whole)
{
	write_tenths(fp,
		     whole ? (int)((2000 * (uint64_t)part + whole) / (2 * (uint64_t)whole)) : -1);
}

static void write_seconds(FILE *fp, int64_t ms)
{
	char text[32];

	format_seconds(text, sizeof(text), ms);
	csv_out_raw(fp, text, 0);
}

static void write_buf(FILE *fp, struct buf *b)
{
	csv_out_text(fp, buf_str(b), b->len, 0);
	buf_reset(b);
}

/* The change since the baseline: "+3.5", "-2", "0"; empty without both scores. */
static void write_change(FILE *fp, const struct agent_card *c)
{
	int delta;
	char text[16];

	if (!c->has_baseline || c->baseline_tenths < 0 || c->score.mean_tenths < 0) {
		csv_out_raw(fp, "", 0);
		return;
	}
	delta = c->score.mean_tenths - c->baseline_tenths;
	format_tenths(text, sizeof(text), delta < 0 ? -delta : delta);
	fprintf(fp, ",%s%s", delta > 0 ? "+" : delta < 0 ? "-" : "", text);
}

void report_write_agents_csv(FILE *fp, const struct report_view *v)
{
	struct buf cell = BUF_INIT;

	fputs("agent_id,sessions,sampled,score,score_ci_low,score_ci_high,grade", fp);
	for (int d = 0; d < DIM_COUNT; d++)
		fprintf(fp, ",%s_grade,%s_points", dimension_name(d), dimension_name(d));
	fputs(",quality_rate_pct,red_lines,findings,timeout_rate_pct,first_response_median_s,"
	      "repeat_contact_rate_pct,flags,top_findings,previous_score,previous_grade,"
	      "score_change,rubric\n",
	      fp);
	for (size_t i = 0; i < v->cards->count; i++) {
		const struct agent_card *c = &v->cards->cards[i];
		const struct score_summary *s = &c->score;
		const struct timeliness *t = c->timeliness;
		char grade[2] = {grade_letter(s->grade), '\0'};

		write_masked(fp, c->id, 1);
		write_number(fp, t->sessions);
		write_number(fp, s->sampled);
		write_tenths(fp, s->mean_tenths);
		write_tenths(fp, s->ci_low_tenths);
		write_tenths(fp, s->ci_high_tenths);
		csv_out_raw(fp, s->mean_tenths < 0 ? "" : grade, 0);
		for (int d = 0; d < DIM_COUNT; d++) {
			char points[16];

			format_hundredths(points, sizeof(points), s->dim_hundredths[d]);
			fprintf(fp, ",%s,%s",
				s->dim_hundredths[d] < 0
					? "N/A"
					: (char[]){grade_letter(s->dim_grade[d]), '\0'},
				points);
		}
		write_share(fp, s->quality, s->sampled);
		write_number(fp, s->red_lines);
		write_number(fp, s->findings);
		write_tenths(fp, timeliness_timeout_permille(t, -1));
		write_seconds(fp, timeliness_median_ms(t));
		write_share(fp, t->repeat_contacts, t->known_customers);
		format_flags(&cell, c->flags);
		write_buf(fp, &cell);
		format_top_findings(&cell, s->rule_count);
		write_buf(fp, &cell);
		write_tenths(fp, c->has_baseline ? c->baseline_tenths : -1);
		csv_out_raw(fp,
			    c->has_baseline && c->baseline_grade ? (char[]){c->baseline_grade, '\0'}
								 : "",
			    0);
		write_change(fp, c);
		fprintf(fp, ",%s\n", v->short_digest);
	}
	buf_release(&cell);
}

/* ---- timeliness.csv ---- */

static void write_timeliness(FILE *fp, const char *scope, const char *name,
			     const struct timeliness *t, unsigned flags)
{
	struct buf cell = BUF_INIT;

	csv_out_raw(fp, scope, 1);
	write_masked(fp, name, 0);
	write_number(fp, t->sessions);
	write_seconds(fp, timeliness_median_ms(t));
	write_seconds(fp, timeliness_p90_ms(t));
	write_number(fp, (long long)t->replies[PERIOD_OFFPEAK] + t->replies[PERIOD_PEAK]);
	write_number(fp, (long long)t->timeouts[PERIOD_OFFPEAK] + t->timeouts[PERIOD_PEAK]);
	write_tenths(fp, timeliness_timeout_permille(t, -1));
	write_number(fp, t->replies[PERIOD_OFFPEAK]);
	write_tenths(fp, timeliness_timeout_permille(t, PERIOD_OFFPEAK));
	write_number(fp, t->replies[PERIOD_PEAK]);
	write_tenths(fp, timeliness_timeout_permille(t, PERIOD_PEAK));
	write_number(fp, t->repeat_contacts);
	write_share(fp, t->repeat_contacts, t->known_customers);
	write_tenths(fp, timeliness_fcr_permille(t));
	format_flags(&cell, flags);
	write_buf(fp, &cell);
	csv_out_end(fp);
	buf_release(&cell);
}

void report_write_timeliness_csv(FILE *fp, const struct report_view *v)
{
	const struct metrics *m = v->metrics;
	const struct scorecards *cards = v->cards;
	long long permille_sum = 0;
	int used = 0, channel_mean;

	fputs("scope,name,sessions,first_response_median_s,first_response_p90_s,replies,timeouts,"
	      "timeout_rate_pct,offpeak_replies,offpeak_timeout_rate_pct,peak_replies,"
	      "peak_timeout_rate_pct,repeat_contacts,repeat_contact_rate_pct,"
	      "first_contact_resolution_pct,flags\n",
	      fp);
	write_timeliness(fp, "team", "", &m->team, timeliness_flags(&m->team, &v->limits, -1));
	for (size_t i = 0; i < cards->count; i++) {
		const struct agent_card *c = &cards->cards[i];

		write_timeliness(fp, "agent", c->id, c->timeliness,
				 timeliness_flags(c->timeliness, &v->limits,
						  cards->agent_mean_timeout_permille));
	}
	for (size_t i = 0; i < v->channel_count; i++) {
		int permille = timeliness_timeout_permille(v->channels[i].timeliness, -1);

		if (permille >= 0) {
			permille_sum += permille;
			used++;
		}
	}
	channel_mean = used ? (int)(permille_sum / used) : -1;
	for (size_t i = 0; i < v->channel_count; i++) {
		const struct channel_row *c = &v->channels[i];

		if (c->timeliness->sessions)
			write_timeliness(fp, "channel", c->name, c->timeliness,
					 timeliness_flags(c->timeliness, &v->limits, channel_mean));
	}
	write_timeliness(fp, "period", "offpeak", &m->periods[PERIOD_OFFPEAK],
			 timeliness_flags(&m->periods[PERIOD_OFFPEAK], &v->limits, -1));
	write_timeliness(fp, "period", "peak", &m->periods[PERIOD_PEAK],
			 timeliness_flags(&m->periods[PERIOD_PEAK], &v->limits, -1));
	/* Each class is timed by its own limits, so its rows are compared within it. */
	for (int c = 0; c < CLASS_COUNT; c++)
		if (m->classes[c].sessions)
			write_timeliness(fp, "class", channel_class_name((enum channel_class)c),
					 &m->classes[c],
					 timeliness_flags(&m->classes[c], &v->limits, -1));
}
