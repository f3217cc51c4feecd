/* Command-line options of `qaudit audit`, `explain`, `calibrate` and `split`: one getopt_long
 * table, the usage texts, and range checks; and the one way every command reports a usage
 * error. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "rubric.h"
#include "time_parse.h"
#include "transcode.h"
#include "xalloc.h"

static const char audit_usage[] =
	"Usage: qaudit audit [OPTIONS] INPUT...\n"
	"Sample each agent's sessions, score them against the rubric, write the report.\n"
	"INPUT is a CSV, JSON or NDJSON export (gzip or not), or '-' for stdin.\n"
	"\n"
	"  -r, --rubric FILE       rubric file (default: built-in, see 'qaudit rubric')\n"
	"Input:\n"
	"  -f, --format FMT        auto (default, from content), csv, json or ndjson\n"
	"      --encoding ENC      utf-8 (default), gb18030, gbk or utf-16[le|be]\n"
	"  -p, --preset NAME       zendesk-chat|intercom|livechat|freshchat|twcs|none\n"
	"  -m, --map FIELD=NAME    read FIELD from column, key or JSON path NAME, e.g.\n"
	"                          agent=author.id,role=0,messages=turns,session=@key\n"
	"      --roles ROLE=VALUE  also read VALUE as ROLE, e.g. customer=0,agent=1,bot=3\n"
	"      --signoff-agents    twcs: one agent per reply sign-off (^JK, -Becky)\n"
	"      --tz +HH:MM         zone of times written without one (default +08:00)\n"
	"      --time-format F     dmy, mdy or a strptime pattern ('%d.%m.%Y %H:%M')\n"
	"      --agent-default ID  agent of agent messages when there is no agent field\n"
	"      --strict            stop at the first bad record\n"
	"      --max-bad N|P%      stop when more records are bad (default 1%)\n"
	"      --spool-max SIZE    cap on stdin or a pipe copied to TMPDIR (default 20G)\n"
	"Sampling:\n"
	"      --rate R            share of each agent's sessions (default 10%); 1: all\n"
	"      --seed S            sampling seed, a whole number (default 0)\n"
	"      --min-per-agent N   sample at least N sessions per agent (default 1)\n"
	"Output:\n"
	"  -o, --out DIR           report directory (default qaudit-report)\n"
	"      --no-wait           exit 4 if another run is writing to DIR, not wait\n"
	"      --lang zh|en|auto   language of report.html (default auto: the data's)\n"
	"      --no-bom            no UTF-8 BOM before each CSV (one is for Excel)\n"
	"      --baseline DIR      an earlier report: add each agent's change since then\n"
	"      --fail-under SCORE  exit 1 when the team's mean score is under SCORE\n"
	"      --fail-on-red-line  exit 1 when a sampled session has a red line\n"
	"      --phrases DIR       phrase lists to use instead of the installed ones\n"
	"  -j, --jobs N            threads (default: one per CPU); output is the same\n"
	"  -q, --quiet             print errors only\n"
	"      --progress          a progress line on stderr (default: when a terminal)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Example: qaudit audit -r rubric.ini -o report/ chats-2026-11-20.csv.gz\n"
	"\n"
	"Exit status: 0 done, 1 a --fail gate failed, 2 usage, 3 input, 4 output error.\n";

static const char explain_usage[] =
	"Usage: qaudit explain [OPTIONS] --session ID INPUT...\n"
	"Show one session as the audit scores it: the transcript with each finding at its\n"
	"message, and the grade arithmetic. Personal data is masked.\n"
	"\n"
	"  -s, --session ID        the session to explain (required)\n"
	"  -r, --rubric FILE       the rubric the audit used (default: built-in)\n"
	"  -h, --help              show this help\n"
	"Input options are those of 'qaudit audit': -f, --encoding, -p, -m, --roles,\n"
	"--signoff-agents, --tz, --time-format, --agent-default, --strict, --max-bad,\n"
	"--spool-max, --phrases, -q, --progress.\n"
	"\n"
	"Example:\n"
	"  qaudit explain -r rubric.ini --session S20261120-0013 chats.csv\n"
	"\n"
	"Exit status: 0 done, 2 usage, 3 input (or no such session), 4 output error.\n";

static const char calibrate_usage[] =
	"Usage: qaudit calibrate [OPTIONS] --grades GRADES.csv INPUT...\n"
	"   or: qaudit calibrate --template [--rate R] INPUT... > GRADES.csv\n"
	"Audit every session your graders graded, whatever the sample, and show how far\n"
	"qaudit agrees with them per checkpoint and dimension, and what each disagreement\n"
	"does to an agent's grade (docs/CALIBRATION.md).\n"
	"\n"
	"  -g, --grades FILE       session_id,grader,item,value[,comment] rows (-g again\n"
	"                          for more files); grader gold (or 金标准): the answer\n"
	"      --template          write an empty grades file for the sampled sessions\n"
	"      --min-kappa K       exit 1 if a checkpoint's kappa interval starts below K\n"
	"      --min-graded N      ... and it was graded on N sessions (default 20)\n"
	"  -o, --out DIR           calibration directory (default qaudit-calibration)\n"
	"  -h, --help              show this help\n"
	"Input, rubric, sampling (--template) and output options are those of\n"
	"'qaudit audit': -r, -f, --encoding, -p, -m, --roles, --tz, --time-format,\n"
	"--rate, --seed, --no-wait, --lang, --no-bom, --excel, -q ...\n"
	"\n"
	"Example:\n"
	"  qaudit calibrate --template --rate 5% chats.csv > round1.csv\n"
	"  qaudit calibrate -g round1.csv -o calibration/ chats.csv\n"
	"\n"
	"Exit status: 0 done, 1 --min-kappa failed, 2 usage, 3 input, 4 output error.\n";

static const char split_usage[] =
	"Usage: qaudit split -P N -o DIR [OPTIONS] INPUT...\n"
	"Route every session, whole, to one of N part files, to audit a large export in\n"
	"shards: part-000.ndjson, part-001.ndjson ... in DIR. A session goes to the part\n"
	"numbered XXH3-64 of its session id (seed 0) modulo N; its records keep their\n"
	"input order. The parts are canonical NDJSON that 'qaudit audit' reads back as\n"
	"the same records (an audit of all the parts is the audit of the inputs).\n"
	"\n"
	"  -P, --parts N           how many part files, 1 to 100000 (required)\n"
	"  -o, --out DIR           directory of the parts (required), made if missing\n"
	"      --gzip              write part-NNN.ndjson.gz\n"
	"      --no-wait           exit 4 if another run is writing to DIR, not wait\n"
	"  -q, --quiet             print errors only\n"
	"      --progress          a progress line on stderr (default: when a terminal)\n"
	"  -h, --help              show this help\n"
	"Input options are those of 'qaudit audit': -f, --encoding, -p, -m, --roles,\n"
	"--signoff-agents, --tz, --time-format, --agent-default, --strict, --max-bad,\n"
	"--spool-max. The parts need none of them to be read again.\n"
	"\n"
	"Example:\n"
	"  qaudit split -P 8 -o shards/ chats-2026-11-20.csv.gz\n"
	"  qaudit audit -o report-3/ shards/part-003.ndjson\n"
	"\n"
	"Exit status: 0 done, 2 usage, 3 input, 4 output error.\n";

static const char map_usage[] =
	"Usage: qaudit map [OPTIONS] -o PARTIAL INPUT...\n"
	"Audit one shard of a large audit as far as it can alone: every session's\n"
	"figures, and the scores of the sessions that may be in the whole sample, in a\n"
	"partial file for 'qaudit merge' (docs/SCALE.md). Each session's records must\n"
	"all be in one shard: route them by session id ('qaudit split').\n"
	"\n"
	"  -o, --out PARTIAL       the partial file to write (required)\n"
	"      --sessions FILE     also score these session ids, one a line (what\n"
	"                          'qaudit merge' asked for)\n"
	"      --margin K          score sessions up to K standard deviations past\n"
	"                          the expected sample (default 4; 0: this shard's own\n"
	"                          sample only): more scoring, fewer sessions to refine\n"
	"  -h, --help              show this help\n"
	"Input, rubric and sampling options are those of 'qaudit audit', and must be\n"
	"the merge's: -r, --phrases, --tz, --rate, --seed, --min-per-agent; and -f,\n"
	"--encoding, -p, -m, --roles, --time-format, --agent-default, --strict, -j, -q.\n"
	"--max-bad is the merge's to apply, over every shard.\n"
	"\n"
	"Example:\n"
	"  qaudit map -r rubric.ini -o part-07.qap chats-07.csv.gz\n"
	"\n"
	"Exit status: 0 done, 2 usage, 3 input, 4 output error.\n";

static const char merge_usage[] =
	"Usage: qaudit merge [OPTIONS] PARTIAL...\n"
	"Merge the partials of 'qaudit map' into the report 'qaudit audit' writes over\n"
	"all their inputs, byte for byte (docs/SCALE.md).\n"
	"\n"
	"  -h, --help              show this help\n"
	"Rubric, sampling and output options are those of 'qaudit audit' and the map's:\n"
	"-r, --phrases, --tz, --rate, --seed, --min-per-agent, --max-bad, -o, --no-wait,\n"
	"--lang, --no-bom, --baseline, --fail-under, --fail-on-red-line, -q.\n"
	"\n"
	"When a shard did not score a session of the sample (rare: docs/SCALE.md), the\n"
	"merge writes no report; it prints 'PARTIAL<TAB>SESSION' lines and exits 5: map\n"
	"those shards again with --sessions, then merge again.\n"
	"\n"
	"Example:\n"
	"  qaudit merge -r rubric.ini -o report/ part-*.qap\n"
	"\n"
	"Exit status: 0 done, 1 a --fail gate failed, 2 usage, 3 input, 4 output error,\n"
	"5 sessions to score first (listed on stdout).\n";

const char *options_usage(enum command command)
{
	static const char *const usage[] = {[COMMAND_AUDIT] = audit_usage,
					    [COMMAND_EXPLAIN] = explain_usage,
					    [COMMAND_CALIBRATE] = calibrate_usage,
					    [COMMAND_SPLIT] = split_usage,
					    [COMMAND_MAP] = map_usage,
					    [COMMAND_MERGE] = merge_usage};

	return usage[command];
}

enum {
	OPT_ROLES = 256,
	OPT_TZ,
	OPT_TIME_FORMAT,
	OPT_AGENT_DEFAULT,
	OPT_STRICT,
	OPT_MAX_BAD,
	OPT_RATE,
	OPT_SEED,
	OPT_MIN_PER_AGENT,
	OPT_PHRASES,
	OPT_PROGRESS,
	OPT_LANG,
	OPT_EXCEL,
	OPT_NO_BOM,
	OPT_BASELINE,
	OPT_FAIL_UNDER,
	OPT_FAIL_ON_RED_LINE,
	OPT_SIGNOFF_AGENTS,
	OPT_NO_WAIT,
	OPT_SPOOL_MAX,
	OPT_ENCODING,
	OPT_TEMPLATE,
	OPT_MIN_KAPPA,
	OPT_MIN_GRADED,
	OPT_JOBS,
	OPT_SESSIONS,
	OPT_MARGIN,
	OPT_GZIP,
};

/* The commands that take each option; the others refuse it rather than quietly ignore it. */
#define AUDIT     (1u << COMMAND_AUDIT)
#define EXPLAIN   (1u << COMMAND_EXPLAIN)
#define CALIBRATE (1u << COMMAND_CALIBRATE)
#define SPLIT     (1u << COMMAND_SPLIT)
#define MAP       (1u << COMMAND_MAP)
#define MERGE     (1u << COMMAND_MERGE)
#define READERS   (AUDIT | EXPLAIN | CALIBRATE | SPLIT | MAP)
#define SCORERS   (AUDIT | EXPLAIN | CALIBRATE | MAP | MERGE) /* the rubric and phrase lists */
#define SAMPLERS  (AUDIT | CALIBRATE | MAP | MERGE)
#define REPORTERS (AUDIT | CALIBRATE | MERGE)
static const struct {
	struct option getopt;
	unsigned commands;
} options[] = {
	{{"format", required_argument, NULL, 'f'}, READERS},
	{{"encoding", required_argument, NULL, OPT_ENCODING}, READERS},
	{{"preset", required_argument, NULL, 'p'}, READERS},
	{{"map", required_argument, NULL, 'm'}, READERS},
	{{"signoff-agents", no_argument, NULL, OPT_SIGNOFF_AGENTS}, READERS},
	{{"roles", required_argument, NULL, OPT_ROLES}, READERS},
	{{"tz", required_argument, NULL, OPT_TZ}, READERS | MERGE},
	{{"time-format", required_argument, NULL, OPT_TIME_FORMAT}, READERS},
	{{"agent-default", required_argument, NULL, OPT_AGENT_DEFAULT}, READERS},
	{{"strict", no_argument, NULL, OPT_STRICT}, READERS},
	{{"max-bad", required_argument, NULL, OPT_MAX_BAD}, READERS | MERGE},
	{{"spool-max", required_argument, NULL, OPT_SPOOL_MAX}, READERS},
	{{"rate", required_argument, NULL, OPT_RATE}, SAMPLERS},
	{{"seed", required_argument, NULL, OPT_SEED}, SAMPLERS},
	{{"min-per-agent", required_argument, NULL, OPT_MIN_PER_AGENT}, SAMPLERS},
	{{"out", required_argument, NULL, 'o'}, SAMPLERS | SPLIT},
	{{"no-wait", no_argument, NULL, OPT_NO_WAIT}, REPORTERS | SPLIT},
	{{"rubric", required_argument, NULL, 'r'}, SCORERS},
	{{"session", required_argument, NULL, 's'}, EXPLAIN},
	{{"sessions", required_argument, NULL, OPT_SESSIONS}, MAP},
	{{"margin", required_argument, NULL, OPT_MARGIN}, MAP},
	{{"phrases", required_argument, NULL, OPT_PHRASES}, SCORERS},
	{{"jobs", required_argument, NULL, 'j'}, AUDIT | CALIBRATE | MAP},
	{{"quiet", no_argument, NULL, 'q'}, READERS | MERGE},
	{{"progress", no_argument, NULL, OPT_PROGRESS}, READERS},
	{{"lang", required_argument, NULL, OPT_LANG}, REPORTERS},
	{{"excel", no_argument, NULL, OPT_EXCEL},
	 REPORTERS}, /* a BOM: the default for files; kept for old scripts */
	{{"no-bom", no_argument, NULL, OPT_NO_BOM}, REPORTERS},
	{{"baseline", required_argument, NULL, OPT_BASELINE}, AUDIT | MERGE},
	{{"fail-under", required_argument, NULL, OPT_FAIL_UNDER}, AUDIT | MERGE},
	{{"fail-on-red-line", no_argument, NULL, OPT_FAIL_ON_RED_LINE}, AUDIT | MERGE},
	{{"grades", required_argument, NULL, 'g'}, CALIBRATE},
	{{"template", no_argument, NULL, OPT_TEMPLATE}, CALIBRATE},
	{{"min-kappa", required_argument, NULL, OPT_MIN_KAPPA}, CALIBRATE},
	{{"min-graded", required_argument, NULL, OPT_MIN_GRADED}, CALIBRATE},
	{{"parts", required_argument, NULL, 'P'}, SPLIT},
	{{"gzip", no_argument, NULL, OPT_GZIP}, SPLIT},
	{{"help", no_argument, NULL, 'h'}, READERS | MERGE},
};
#define OPTION_COUNT (sizeof(options) / sizeof(*options))
static const char *const command_names[] = {
	[COMMAND_AUDIT] = "audit", [COMMAND_EXPLAIN] = "explain", [COMMAND_CALIBRATE] = "calibrate",
	[COMMAND_SPLIT] = "split", [COMMAND_MAP] = "map",         [COMMAND_MERGE] = "merge"};

/* Parses a decimal "12", "0.125" or "12.5%" exactly into parts per million of 1. */
static int parse_ppm(const char *s, uint64_t *ppm)
{
	uint64_t whole = 0, frac = 0, scale = 1000000;
	int frac_digits = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (uint64_t)(*p - '0');
		if (whole > 1000000)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++frac_digits > 6)
				return -1;
			frac = frac * 10 + (uint64_t)(*p - '0');
		}
		if (!frac_digits)
			return -1;
	}
	while (frac_digits++ < 6)
		frac *= 10;
	*ppm = whole * scale + frac;
	if (*p == '%') {
		if (*ppm % 100)
			return -1; /* finer than a millionth */
		*ppm /= 100;
		p++;
	}
	return *p ? -1 : 0;
}

int options_parse_rate(const char *s, uint32_t *ppm)
{
	uint64_t value;

	if (parse_ppm(s, &value) || value == 0 || value > RATE_ONE)
		return -1;
	*ppm = (uint32_t)value;
	return 0;
}

static int parse_count(const char *s, uint64_t max, uint64_t *value)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*value = strtoull(s, &end, 10);
	return errno || *end || *value > max ? -1 : 0;
}

static int parse_max_bad(struct audit_options *opts, const char *s)
{
	size_t len = strlen(s);
	uint64_t value;

	if (len && s[len - 1] == '%') {
		if (parse_ppm(s, &value) || value > RATE_ONE)
			return -1;
		opts->max_bad_is_rate = true;
		opts->max_bad_ppm = (uint32_t)value;
		return 0;
	}
	if (parse_count(s, UINT64_MAX, &value))
		return -1;
	opts->max_bad_is_rate = false;
	opts->max_bad_count = value;
	return 0;
}

/* Parses a size such as "500M", "20G", "1.5G" or "65536" into bytes, more than 0: K, M, G
 * and T are powers of 1024, and may be written "MB" or "MiB". */
static int parse_size(const char *s, uint64_t *bytes)
{
	static const char units[] = "KMGT";
	size_t whole = strspn(s, "0123456789"), frac = 0;
	const char *unit, *end;
	double value;
	int shift = 0;

	if (!whole)
		return -1;
	if (s[whole] == '.' && !(frac = strspn(s + whole + 1, "0123456789")))
		return -1;
	end = s + whole + (frac ? frac + 1 : 0);
	if (*end && (unit = strchr(units, *end & ~0x20)) != NULL) {
		shift = 10 * (int)(unit - units + 1);
		end++;
		if (!strcmp(end, "B") || !strcmp(end, "iB"))
			end += strlen(end);
	} else if (!strcmp(end, "B")) {
		end++;
	}
	value = strtod(s, NULL) * (double)(1ull << shift);
	if (*end || value < 1 || value >= 9.2e18 || (!shift && frac))
		return -1;
	*bytes = (uint64_t)value;
	return 0;
}

static int parse_format(const char *s, enum input_format *format)
{
	static const char *const names[] = {"auto", "csv", "json", "ndjson"};

	for (int i = 0; i < 4; i++) {
		if (!strcmp(s, names[i])) {
			*format = (enum input_format)i;
			return 0;
		}
	}
	if (!strcmp(s, "jsonl")) {
		*format = FORMAT_NDJSON;
		return 0;
	}
	return -1;
}

static int option_value(struct audit_options *opts, int c, const char *arg, struct qa_error *err)
{
	uint64_t n;

	switch (c) {
	case 'f':
		if (parse_format(arg, &opts->format))
			return qa_fail(err, QA_EXIT_USAGE,
				       "--format: expected auto, csv, json or ndjson, got '%s'",
				       arg);
		return 0;
	case OPT_ENCODING:
		if (transcode_parse(arg, &opts->encoding))
			return qa_fail(
				err, QA_EXIT_USAGE,
				"--encoding: expected utf-8, gb18030, gbk, utf-16, utf-16le or "
				"utf-16be, got '%s'",
				arg);
		return 0;
	case 'p':
		if (preset_parse(arg, &opts->preset))
			return qa_fail(
				err, QA_EXIT_USAGE,
				"--preset: expected zendesk-chat, intercom, livechat, freshchat, "
				"twcs, auto or none, got '%s'",
				arg);
		return 0;
	case OPT_SIGNOFF_AGENTS:
		opts->signoff_agents = true;
		return 0;
	case 'm':
		return field_map_parse_map(&opts->map, arg, err);
	case OPT_ROLES:
		return field_map_parse_roles(&opts->map, arg, err);
	case OPT_TZ:
		if (time_parse_offset(arg, &opts->tz_offset_min))
			return qa_fail(err, QA_EXIT_USAGE,
				       "--tz: expected an offset such as +08:00, got '%s'", arg);
		opts->tz_set = true;
		return 0;
	case OPT_TIME_FORMAT:
		if (time_format_parse(arg, &opts->time_format))
			return qa_fail(
				err, QA_EXIT_USAGE,
				"--time-format: expected dmy, mdy, ymd or a strptime pattern "
				"such as '%%d.%%m.%%Y %%H:%%M', got '%s'",
				arg);
		return 0;
	case 'r':
		opts->rubric_path = arg;
		return 0;
	case 's':
		opts->session_id = arg;
		return 0;
	case OPT_SESSIONS:
		opts->sessions_path = arg;
		return 0;
	case OPT_MARGIN: {
		char *end;

		errno = 0;
		opts->margin = strtod(arg, &end);
		if (errno || *end || end == arg || !(opts->margin >= 0 && opts->margin <= 100))
			return qa_fail(err, QA_EXIT_USAGE,
				       "--margin: expected a number from 0 to 100, got '%s'", arg);
		return 0;
	}
	case OPT_AGENT_DEFAULT:
		if (!*arg)
			return qa_fail(err, QA_EXIT_USAGE, "--agent-default: empty agent id");
		opts->agent_default = arg;
		return 0;
	case OPT_STRICT:
		opts->strict = true;
		return 0;
	case OPT_MAX_BAD:
		if (parse_max_bad(opts, arg))
			return qa_fail(
				err, QA_EXIT_USAGE,
				"--max-bad: expected a count (50) or a share (0.5%%), got '%s'",
				arg);
		return 0;
	case OPT_SPOOL_MAX:
		if (parse_size(arg, &opts->spool_max))
			return qa_fail(err, QA_EXIT_USAGE,
				       "--spool-max: expected a size such as 500M or 20G, got '%s'",
				       arg);
		return 0;
	case OPT_RATE:
		if (options_parse_rate(arg, &opts->sample.rate_ppm))
			return qa_fail(
				err, QA_EXIT_USAGE,
				"--rate: expected a share over 0 and at most 1 (0.1 or 10%%), "
				"got '%s'",
				arg);
		return 0;
	case OPT_SEED:
		if (parse_count(arg, UINT64_MAX, &opts->sample.seed))
			return qa_fail(err, QA_EXIT_USAGE,
				       "--seed: expected a whole number such as 20261120, got '%s'",
				       arg);
		return 0;
	case OPT_MIN_PER_AGENT:
		if (parse_count(arg, UINT32_MAX, &n))
			return qa_fail(err, QA_EXIT_USAGE,
				       "--min-per-agent: expected a whole number, got '%s'", arg);
		opts->sample.min_per_agent = (uint32_t)n;
		return 0;
	case 'o':
		if (!*arg)
			return qa_fail(err, QA_EXIT_USAGE, "--out: empty name");
		opts->out_dir = arg;
		opts->out_given = true;
		return 0;
	case OPT_NO_WAIT:
		opts->no_wait = true;
		return 0;
	case OPT_PHRASES:
		opts->phrases_dir = arg;
		return 0;
	case 'q':
		opts->quiet = true;
		return 0;
	case OPT_PROGRESS:
		opts->progress = true;
		return 0;
	case OPT_LANG:
		if (!strcmp(arg, "zh"))
			opts->language = LANG_ZH;
		else if (!strcmp(arg, "en"))
			opts->language = LANG_EN;
		else if (!strcmp(arg, "auto"))
			opts->language = LANG_AUTO;
		else
			return qa_fail(err, QA_EXIT_USAGE,
				       "--lang: expected zh, en or auto, got '%s'", arg);
		return 0;
	case OPT_EXCEL:
	case OPT_NO_BOM:
		opts->bom = c == OPT_EXCEL;
		opts->excel = c == OPT_EXCEL;
		return 0;
	case OPT_BASELINE:
		opts->baseline_dir = arg;
		return 0;
	case OPT_FAIL_UNDER:
		if (strchr(arg, '%') || parse_ppm(arg, &n) || n > 100 * (uint64_t)RATE_ONE)
			return qa_fail(err, QA_EXIT_USAGE,
				       "--fail-under: expected a score from 0 to 100, got '%s'",
				       arg);
		opts->fail_under_tenths = (int)((n + 50000) / 100000);
		return 0;
	case OPT_FAIL_ON_RED_LINE:
		opts->fail_on_red_line = true;
		return 0;
	case 'g':
		opts->grades_paths = xreallocarray(opts->grades_paths, opts->grades_count + 1,
						   sizeof(*opts->grades_paths));
		opts->grades_paths[opts->grades_count++] = arg;
		return 0;
	case 'j': {
		uint64_t jobs;

		if (parse_count(arg, 1024, &jobs) || !jobs)
			return qa_fail(
				err, QA_EXIT_USAGE,
				"--jobs: expected a number of threads from 1 to 1024, got '%s'",
				arg);
		opts->jobs = (unsigned)jobs;
		return 0;
	}
	case OPT_TEMPLATE:
		opts->template = true;
		return 0;
	case OPT_MIN_KAPPA: {
		char *end;

		errno = 0;
		opts->min_kappa = strtod(arg, &end);
		if (errno || *end || end == arg || !(opts->min_kappa >= -1 && opts->min_kappa <= 1))
			return qa_fail(err, QA_EXIT_USAGE,
				       "--min-kappa: expected a number from -1 to 1, got '%s'",
				       arg);
		return 0;
	}
	case OPT_MIN_GRADED: {
		uint64_t count;

		if (parse_count(arg, 1000000, &count) || !count)
			return qa_fail(err, QA_EXIT_USAGE,
				       "--min-graded: expected a whole number from 1, got '%s'",
				       arg);
		opts->min_graded = (unsigned long)count;
		return 0;
	}
	case 'P':
		if (parse_count(arg, OPTIONS_MAX_PARTS, &n) || !n)
			return qa_fail(err, QA_EXIT_USAGE,
				       "--parts: expected a number of parts from 1 to %d, got '%s'",
				       OPTIONS_MAX_PARTS, arg);
		opts->parts = (unsigned)n;
		return 0;
	case OPT_GZIP:
		opts->gzip = true;
		return 0;
	case 'h':
		opts->help = true;
		return 0;
	}
	return -1;
}

int options_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;

	fputs("qaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'qaudit%s%s --help'.\n", command ? " " : "", command ? command : "");
	return QA_EXIT_USAGE;
}

int options_getopt_error(char **argv, int c, struct qa_error *err)
{
	const char *arg = argv[optind - 1];

	if (!strncmp(arg, "--", 2)) {
		int len = (int)strcspn(arg, "=");

		if (c == ':')
			return qa_fail(err, QA_EXIT_USAGE, "missing value for '%.*s'", len, arg);
		if (optopt)
			return qa_fail(err, QA_EXIT_USAGE, "'%.*s' takes no value", len, arg);
		return qa_fail(err, QA_EXIT_USAGE, "unknown option '%.*s'", len, arg);
	}
	if (c == ':')
		return qa_fail(err, QA_EXIT_USAGE, "missing value for '-%c'", optopt);
	return qa_fail(err, QA_EXIT_USAGE, "unknown option '-%c'", optopt);
}

/* Refuses an option the command does not take, naming the command that does. */
static int check_command(int c, enum command command, struct qa_error *err)
{
	for (size_t i = 0; i < OPTION_COUNT; i++) {
		unsigned owner = 0;

		if (options[i].getopt.val != c || options[i].commands & (1u << command))
			continue;
		while (!(options[i].commands & (1u << owner)))
			owner++;
		return qa_fail(err, QA_EXIT_USAGE, "--%s is an option of 'qaudit %s'",
			       options[i].getopt.name, command_names[owner]);
	}
	return 0;
}

int options_parse(int argc, char **argv, enum command command, struct audit_options *opts,
		  struct qa_error *err)
{
	struct option long_options[OPTION_COUNT + 1] = {{NULL, 0, NULL, 0}};
	int c;

	static const char *const out_dirs[] = {[COMMAND_AUDIT] = "qaudit-report",
					       [COMMAND_EXPLAIN] = "qaudit-report",
					       [COMMAND_CALIBRATE] = "qaudit-calibration",
					       [COMMAND_SPLIT] = NULL,
					       [COMMAND_MAP] = NULL,
					       [COMMAND_MERGE] = NULL};

	*opts = (struct audit_options){
		.command = command,
		.out_dir = out_dirs[command],
		.tz_offset_min = 8 * 60,
		.agent_default = "agent",
		.sample = {.seed = 0, .rate_ppm = RATE_ONE / 10, .min_per_agent = 1},
		.max_bad_ppm = RATE_ONE / 100,
		.max_bad_is_rate = true,
		.language = -1,
		.bom = true,
		.fail_under_tenths = -1,
		.min_kappa = NAN,
		.min_graded = 20,
		.margin = SAMPLE_MARGIN,
	};
	for (size_t i = 0; i < OPTION_COUNT; i++)
		long_options[i] = options[i].getopt;
	opterr = 0;
	optind = 0; /* 0 makes glibc start afresh, so tests may parse more than once */
	while ((c = getopt_long(argc, argv, ":f:p:m:o:r:s:g:j:P:qh", long_options, NULL)) != -1) {
		if (c == '?' || c == ':')
			return options_getopt_error(argv, c, err);
		if (check_command(c, command, err) || option_value(opts, c, optarg, err))
			return -1;
	}
	opts->inputs = argv + optind;
	opts->input_count = (size_t)(argc - optind);
	if (opts->help)
		return 0;
	if (!opts->input_count)
		return qa_fail(err, QA_EXIT_USAGE,
			       command == COMMAND_MERGE
				       ? "no partial given (the files 'qaudit map' wrote)"
				       : "no input given (a file, or '-' for stdin)");
	if (command == COMMAND_MAP && !opts->out_given)
		return qa_fail(err, QA_EXIT_USAGE, "where to? give -o PARTIAL");
	if (command == COMMAND_EXPLAIN && !opts->session_id)
		return qa_fail(err, QA_EXIT_USAGE, "which session? give --session ID");
	/* A split into a default directory or a default number of parts would be a guess. */
	if (command == COMMAND_SPLIT && !opts->parts)
		return qa_fail(err, QA_EXIT_USAGE, "how many parts? give -P N");
	if (command == COMMAND_SPLIT && !opts->out_dir)
		return qa_fail(err, QA_EXIT_USAGE, "where to? give -o DIR for the parts");
	if (command == COMMAND_CALIBRATE && !opts->grades_count == !opts->template)
		return qa_fail(err, QA_EXIT_USAGE,
			       opts->template ? "--template writes a grades file: no --grades"
					      : "which grades? give --grades FILE (or --template)");
	return 0;
}

void options_release(struct audit_options *opts)
{
	field_map_release(&opts->map);
	free(opts->grades_paths);
}
