/* The grades file of `qaudit calibrate` (docs/CALIBRATION.md): what a company's own graders
 * said of the same sessions, one row per session x grader x item. */
#ifndef GRADES_H
#define GRADES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkpoint.h"
#include "qa_error.h"

/* The grader whose answers are the adjudicated benchmark. The file may also call it "@gold"
 * or "金标准"; outputs write "gold" (a cell starting with '@' is a formula to a spreadsheet). */
#define GRADES_GOLD "gold"

/* What an item is: a checkpoint (0 .. RULE_COUNT-1), then a dimension, then the overall
 * grade. */
#define ITEM_DIMENSION(d) (RULE_COUNT + (d))
#define ITEM_OVERALL      (RULE_COUNT + DIM_COUNT)
#define ITEM_COUNT        (ITEM_OVERALL + 1)

enum verdict { VERDICT_PASS, VERDICT_FAIL, VERDICT_NA, VERDICT_COUNT };

struct grade_row {
	uint32_t session, grader; /* ids in grades.sessions and grades.graders */
	int item;
	/* A checkpoint's enum verdict; a dimension's enum grade; overall: an enum grade, or a
	 * score in tenths (0-1000) when is_score. */
	int value;
	bool is_score;
	char *comment; /* owned; "" when none */
	size_t file;   /* index in grades.paths */
	long line;
};

struct grades {
	const char *const *paths; /* the files read, borrowed */
	size_t path_count;
	struct str_table *sessions, *graders;
	struct grade_row *rows; /* in file order */
	size_t count, capacity;
	uint32_t gold;     /* the id of GRADES_GOLD, or STR_NONE */
	size_t bad, blank; /* rows left out: wrong, or with no value yet (a template) */
	char **warnings;   /* the first few bad rows, "FILE:LINE: what" */
	size_t warning_count;
};

/* Reads paths[0..count), one grades file each (a grader's own copy of the template, or all in
 * one): CSV, UTF-8 with or without a BOM; English or Chinese headers: session_id or 会话ID,
 * grader or 质检员, item or 项目, value or 结果, comment or 备注. Fails (exit 3) when a file
 * cannot be read or has no such header, or when no file has a usable row. Release with
 * grades_release even on failure. */
int grades_load(struct grades *g, const char *const *paths, size_t count, struct qa_error *err);
void grades_release(struct grades *g);

/* The name of an item as the grades file and the outputs write it: "R1", "response",
 * "overall". */
const char *item_name(int item);
const char *verdict_name(enum verdict v); /* "pass", "fail", "na" */

#endif
