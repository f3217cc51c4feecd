/* Private to the report stage: what every writer gets, and the number formats they share. */
#ifndef REPORT_INTERNAL_H
#define REPORT_INTERNAL_H

#include <stdio.h>

#include "buf.h"
#include "report.h"
#include "scorecard.h"

/* A sampled session in report order: by agent, then session id. */
struct row {
	const char *agent, *id;
	size_t item; /* index in the transcripts and scores */
};

struct report {
	const struct audit *a;
	const struct scorecards *cards;
	struct row *rows; /* a->transcripts.count of them */
	char digest[9];   /* the rubric's short digest */
	enum language language;
};

void report_sessions_csv(FILE *fp, const struct report *r);
void report_findings_csv(FILE *fp, const struct report *r);
void report_agents_csv(FILE *fp, const struct report *r);
void report_timeliness_csv(FILE *fp, const struct report *r);
void report_summary_json(FILE *fp, const struct report *r);
void report_html(FILE *fp, const struct report *r);

/* Numbers as every output writes them, "" when there is none (-1). */
void format_tenths(char *out, size_t size, int tenths);         /* 925 -> "92.5", 920 -> "92" */
void format_hundredths(char *out, size_t size, int hundredths); /* 467 -> "4.67" */
void format_permille(char *out, size_t size, int permille);     /* as a percentage: 34 -> "3.4" */
void format_seconds(char *out, size_t size, int64_t ms);        /* 12500 -> "12.5" */
/* "LOW_SAMPLE RED_LINE" */
void format_flags(struct buf *out, unsigned flags);
/* The most frequent rules: "R2 ×3, C6 ×2, A1 ×1" (at most three). */
void format_top_findings(struct buf *out, const uint32_t *rule_count);

#endif
