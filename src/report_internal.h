/* Private to the report stage: the number formats every writer shares. */
#ifndef REPORT_INTERNAL_H
#define REPORT_INTERNAL_H

#include <stdio.h>

#include "buf.h"
#include "report.h"

/* Numbers as every output writes them, "" when there is none (-1). */
void format_tenths(char *out, size_t size, int tenths);         /* 925 -> "92.5", 920 -> "92" */
void format_hundredths(char *out, size_t size, int hundredths); /* 467 -> "4.67" */
void format_permille(char *out, size_t size, int permille);     /* as a percentage: 34 -> "3.4" */
void format_seconds(char *out, size_t size, int64_t ms);        /* 12500 -> "12.5" */
/* A duration in its two largest units, in the language's words: 776000 -> "12 min 56 s",
 * "12分56秒"; "" when there is none (-1). Defined in report_html.c, its one user
 * (score.c has its own, English, for findings). */
void report_format_duration(char *out, size_t size, int64_t ms, enum language lang);
/* Text in HTML: & < > " ' as character references. */
void report_put_html(FILE *fp, const char *s, size_t len);
/* "LOW_SAMPLE RED_LINE" */
void format_flags(struct buf *out, unsigned flags);
/* The most frequent rules: "R2 ×3, C6 ×2, A1 ×1" (at most three). */
void format_top_findings(struct buf *out, const uint32_t *rule_count);

/* Adds each sampled session with a score to count[its grade]. */
void report_count_grades(const struct report_view *v, uint32_t count[GRADE_A + 1]);

#endif
