/* qaudit explain: one session as the audit scores it, for a QA lead answering an agent's
 * dispute: the transcript with each finding under its message, and the grade arithmetic.
 * Everything shown is masked. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "commands.h"
#include "mask.h"
#include "time_parse.h"

/* Prints text masked; a line break goes on after indent. answered is the message text
 * answers (NULL: none): a bare code given for a code it asked for is masked too. */
static void print_answer(FILE *out, const char *text, size_t len, const struct message *answered,
			 const char *indent)
{
	struct buf masked = BUF_INIT;

	mask_text_after(text, len, answered ? answered->text : NULL, answered ? answered->len : 0,
			&masked);
	for (size_t i = 0; i < masked.len; i++) {
		if (masked.data[i] == '\n')
			fprintf(out, "\n%s", indent);
		else if (masked.data[i] != '\r')
			fputc(masked.data[i], out);
	}
	buf_release(&masked);
}

static void print_masked(FILE *out, const char *text, size_t len, const char *indent)
{
	print_answer(out, text, len, NULL, indent);
}

static void print_finding(FILE *out, const struct finding *f, const char *indent)
{
	fprintf(out, "%s▲ %s ", indent, rule_name(f->rule));
	if (f->red_line)
		fputs("red line", out);
	else
		fprintf(out, "-%d", f->penalty);
	fputs("  ", out);
	print_masked(out, f->detail, strlen(f->detail), indent);
	fputc('\n', out);
}

static void print_header(FILE *out, const struct audit *a, const struct transcript *t)
{
	const struct session_index *idx = &a->sessions;
	const struct session_info *s = &idx->sessions[t->session];
	char digest[9];

	fputs("Session ", out);
	print_masked(out, t->id, strlen(t->id), "");
	if (s->agent != STR_NONE) {
		fputs(" · agent ", out);
		print_masked(out, str_table_get(idx->agents, s->agent),
			     str_table_length(idx->agents, s->agent), "");
	}
	if (s->channel != STR_NONE) {
		fputs(" · channel ", out);
		print_masked(out, str_table_get(idx->channels, s->channel),
			     str_table_length(idx->channels, s->channel), "");
	}
	if (s->customer != STR_NONE) {
		const char *c = str_table_get(idx->customers, s->customer);

		fputs(" · customer ", out);
		print_masked(out, c, strlen(c), "");
	}
	fprintf(out, "\n%s, %s priority", category_name(s->category), priority_name(s->priority));
	if (s->first_ms != TIME_NONE) {
		char when[20];
		int zone = transcript_zone(t, a->tz_offset_min), east = zone < 0 ? -zone : zone;

		time_format(s->first_ms, zone, when);
		fprintf(out, " · %.10s, times in UTC%c%02d:%02d", when, zone < 0 ? '-' : '+',
			east / 60, east % 60);
	}
	fprintf(out, " · rubric %s (", audit_short_digest(a, digest));
	if (a->opts->rubric_path)
		print_masked(out, a->opts->rubric_path, strlen(a->opts->rubric_path), "");
	else
		fputs("built-in", out);
	fputs(")\n\n", out);
}

static void print_transcript(FILE *out, const struct audit *a, const struct transcript *t,
			     const struct session_score *sc)
{
	static const char indent[] = "                           ";

	for (uint32_t m = 0; m < t->count; m++) {
		const struct message *x = &t->messages[m];
		char when[20] = "--:--:--", who[64];

		if (x->time_ms != TIME_NONE) {
			time_format(x->time_ms, transcript_zone(t, a->tz_offset_min), when);
			memmove(when, when + 11, 9);
		}
		if (x->role == ROLE_AGENT) {
			struct buf masked = BUF_INIT;
			const char *agent = str_table_get(a->sessions.agents, x->agent);

			mask_text(agent, strlen(agent), &masked);
			snprintf(who, sizeof(who), "agent %s", buf_str(&masked));
			buf_release(&masked);
		} else {
			snprintf(who, sizeof(who), "%s", role_name(x->role));
		}
		fprintf(out, "%3u  %s  %-14s ", m + 1, when, who);
		print_answer(out, x->text, x->len, transcript_answered(t, m), indent);
		fputc('\n', out);
		for (size_t f = 0; f < sc->count; f++)
			if (sc->findings[f].message == m)
				print_finding(out, &sc->findings[f], indent);
	}
	for (size_t f = 0; f < sc->count; f++) {
		if (sc->findings[f].message != NO_MESSAGE)
			continue;
		fputs("\nWhole session:\n", out);
		for (; f < sc->count; f++)
			if (sc->findings[f].message == NO_MESSAGE)
				print_finding(out, &sc->findings[f], "  ");
	}
}

static void print_grades(FILE *out, const struct audit *a, const struct session_score *sc)
{
	const int *w = a->rubric.weight;
	char sep = ' ';
	int total = 0;

	fputs("\nGrades: each dimension starts at A (5 points); a finding lowers it by its "
	      "penalty, a red line sets it to F.\n",
	      out);
	for (int d = 0; d < DIM_COUNT; d++) {
		fprintf(out, "  %-14s", dimension_name(d));
		if (!sc->dim[d].applicable) {
			fputs(" N/A  nothing to judge; weight shared out\n", out);
			continue;
		}
		fprintf(out, " %c %d", grade_letter(sc->dim[d].grade), sc->dim[d].grade);
		for (size_t f = 0, n = 0; f < sc->count; f++) {
			const struct finding *x = &sc->findings[f];

			if (rule_dimension(x->rule) != (enum dimension)d)
				continue;
			fprintf(out, "%s%s ", n++ ? ", " : "  ", rule_name(x->rule));
			if (x->red_line)
				fputs("red line", out);
			else
				fprintf(out, "-%d", x->penalty);
		}
		fputc('\n', out);
	}
	if (sc->score_tenths < 0) {
		fputs("\nNo weighted dimension applies: no score.\n", out);
		return;
	}
	fputs("\nScore = 100 x (", out);
	for (int d = 0; d < DIM_COUNT; d++) {
		if (!sc->dim[d].applicable)
			continue;
		fprintf(out, "%s%dx%d", sep == ' ' ? "" : " + ", w[d], sc->dim[d].grade);
		total += w[d];
		sep = '+';
	}
	fprintf(out, ") / (5 x %d) = %d.%d -> grade %c (nearest points to score/20)\n", total,
		sc->score_tenths / 10, sc->score_tenths % 10, grade_letter(sc->grade));
	fprintf(out, "Quality session (%c or better): %s\n", grade_letter(a->rubric.quality_grade),
		sc->quality ? "yes" : "no");
}

static int explain(struct audit *a, const struct audit_options *opts, struct qa_error *err)
{
	uint32_t s;
	const struct session_info *info;

	if (audit_prepare(a, opts, err))
		return -1;
	s = str_table_find(a->sessions.ids, opts->session_id, strlen(opts->session_id));
	if (s == STR_NONE) {
		struct buf masked = BUF_INIT;

		mask_text(opts->session_id, strlen(opts->session_id), &masked);
		qa_fail(err, QA_EXIT_INPUT, "no session '%s' in the input", buf_str(&masked));
		buf_release(&masked);
		return -1;
	}
	info = &a->sessions.sessions[s];
	a->sessions.sessions[s].sampled = true;
	a->keep_transcripts = true;
	if (audit_score(a, err))
		return -1;
	print_header(stdout, a, &a->transcripts.items[0]);
	if (info->unscored != SCORED) {
		static const struct session_score none;

		print_transcript(stdout, a, &a->transcripts.items[0], &none);
		printf("\nNot scored: %s (such sessions are counted, never sampled).\n",
		       unscored_name(info->unscored));
		return 0;
	}
	print_transcript(stdout, a, &a->transcripts.items[0], &a->scores[0]);
	print_grades(stdout, a, &a->scores[0]);
	return 0;
}

int cmd_explain(int argc, char **argv)
{
	struct audit_options opts;
	struct audit a = {0};
	struct qa_error err = {0};
	int status = QA_EXIT_OK;

	if (options_parse(argc, argv, COMMAND_EXPLAIN, &opts, &err)) {
		status = options_usage_error("explain", "%s", err.message);
	} else if (opts.help) {
		fputs(options_usage(COMMAND_EXPLAIN), stdout);
	} else if (explain(&a, &opts, &err)) {
		qa_error_print(&err);
		status = (int)err.status;
	}
	audit_release(&a);
	options_release(&opts);
	return status;
}
