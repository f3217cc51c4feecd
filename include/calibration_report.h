/* The files of `qaudit calibrate` (docs/CALIBRATION.md): calibration.csv, dimensions.csv,
 * disagreements.csv, agents.csv, graders.csv, summary.json and calibration.html. */
#ifndef CALIBRATION_REPORT_H
#define CALIBRATION_REPORT_H

#include <stdbool.h>

#include "calibration.h"
#include "ingest.h"
#include "output_dir.h"
#include "rubric.h"

struct calibration_run {
	const struct calibration *c;
	const struct ingest *in;
	const char *rubric_path; /* NULL: built-in */
	const char *short_digest;
	enum language language; /* of calibration.html */
	double min_kappa;       /* the gate; NAN when none */
	unsigned long min_graded;
};

/* Whether a checkpoint row fails the --min-kappa gate: enough graded sessions and the lower
 * end of the kappa interval under min_kappa. */
bool calibration_row_fails(const struct checkpoint_row *row, double min_kappa,
			   unsigned long min_graded);

/* The directory names, for report_open_dir's counterpart. */
extern const char *const calibration_files[];
extern const size_t calibration_file_count;

/* Writes every file into out (CSV after a BOM when bom) and switches the set in; on failure
 * (exit 4, err set) none is. */
int calibration_write_dir(const struct calibration_run *run, struct output_dir *out, bool bom,
			  struct qa_error *err);

/* The grades-file template: every session sampled in idx, one row per checkpoint, values
 * empty. */
struct session_index;
void calibration_write_template(FILE *fp, const struct session_index *idx, bool bom);

#endif
