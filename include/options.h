/* The command line: the options of `qaudit audit`, `explain`, `calibrate` and `split`, and the
 * usage errors of every command. */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "field_map.h"
#include "ingest.h"
#include "qa_error.h"
#include "sample.h"
#include "time_parse.h"

/* The most parts qaudit split writes (part-00000 to part-99999). */
#define OPTIONS_MAX_PARTS 100000

/* The commands that read inputs or audits, sharing one option table. */
enum command {
	COMMAND_AUDIT,
	COMMAND_EXPLAIN,
	COMMAND_CALIBRATE,
	COMMAND_SPLIT,
	COMMAND_MAP,
	COMMAND_MERGE
};

struct audit_options {
	enum command command;
	char **inputs; /* borrowed from argv */
	size_t input_count;
	const char *out_dir; /* map: the partial file; NULL: not given (map, split) */
	bool no_wait;        /* exit 4 when another run is writing to out_dir, instead of waiting */
	const char *rubric_path;   /* NULL: the built-in rubric */
	const char *phrases_dir;   /* NULL: find the installed lists */
	const char *session_id;    /* explain: the session to show */
	const char *sessions_path; /* map: more sessions to score, an id a line */
	double margin;             /* map: sample_candidates' */
	enum input_format format;
	enum preset preset;
	enum encoding encoding; /* declared with --encoding (default UTF-8) */
	bool signoff_agents;
	struct field_map map;
	int tz_offset_min;
	bool tz_set; /* else the rubric's timezone */
	struct time_format time_format;
	const char *agent_default;
	struct sample_options sample;
	bool strict;
	uint64_t max_bad_count; /* used when max_bad_is_rate is false */
	uint32_t max_bad_ppm;   /* of records read */
	bool max_bad_is_rate;
	uint64_t spool_max; /* bytes of stdin or a pipe copied to TMPDIR; 0: the default */
	unsigned jobs;      /* threads; 0: one per CPU online */
	bool quiet;
	bool progress; /* a progress line on stderr even when it is not a terminal */
	bool help;
	/* report */
	bool bom;                 /* a UTF-8 BOM at the start of every CSV, for Excel */
	int language;             /* enum language, or -1 for the rubric's */
	const char *baseline_dir; /* an earlier run's report, for the trend */
	int fail_under_tenths;    /* -1: no gate; else exit 1 when the team score is under it */
	bool fail_on_red_line;
	/* calibrate */
	const char **grades_paths; /* -g, in order; the array is owned, the names are argv's */
	size_t grades_count;
	bool template;
	double min_kappa;         /* NAN: no gate */
	unsigned long min_graded; /* sessions a checkpoint needs before the gate judges it */
	bool excel;               /* --excel given: a BOM on the template too */
	/* split */
	unsigned parts; /* -P: how many part files; 0 until given */
	bool gzip;      /* write part-NNN.ndjson.gz */
};

/* Parses the arguments of `audit`, `explain`, `calibrate` or `split` (argv[0] is the command).
 * Never prints or exits. Returns 0, or -1 with err set (exit 2). Release with options_release
 * even on error. */
int options_parse(int argc, char **argv, enum command command, struct audit_options *opts,
		  struct qa_error *err);
void options_release(struct audit_options *opts);

/* Parses a rate such as "0.1", "10%" or "1" into parts per million (0 < rate <= 1). */
int options_parse_rate(const char *s, uint32_t *ppm);

/* The --help text of a command. */
const char *options_usage(enum command command);

/* Prints a usage error as every command does: "qaudit: MESSAGE" and a pointer to the help of
 * command ("audit", ...; NULL for qaudit's own) on stderr. Returns QA_EXIT_USAGE. */
int options_usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* For getopt_long's '?' or ':' (opterr 0, optstring starting with ':'): names the option the
 * way the user wrote it. Fills err (exit 2) and returns -1. */
int options_getopt_error(char **argv, int c, struct qa_error *err);

#endif
