/* The command line of `qaudit audit`: every option lands in its field, the defaults are
 * docs/STANDARD.md's, rates are exact parts per million, and every mistake is a usage error
 * (exit 2) whose message names the option. options_parse permutes argv, so each test
 * builds its own writable argv. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "options.h"

/* A writable argv: getopt_long reorders the pointers. */
struct args {
	int argc;
	char *argv[32];
	char store[1024];
};

static void args_set(struct args *a, const char *const *words)
{
	char *p = a->store;

	a->argc = 0;
	for (; *words; words++) {
		size_t n = strlen(*words) + 1;

		assert_true(a->argc < 31 && p + n <= a->store + sizeof(a->store));
		a->argv[a->argc++] = memcpy(p, *words, n);
		p += n;
	}
	a->argv[a->argc] = NULL;
}

/* ARGS(&a, "audit", "-q", "in.csv") */
#define ARGS(a, ...) args_set((a), (const char *const[]){__VA_ARGS__, NULL})

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("'%s' does not contain '%s'", haystack, needle);
}

/* Parsing a fails with a usage error whose message contains needle1 and (unless NULL)
 * needle2. */
static void assert_usage_error(struct args *a, const char *needle1, const char *needle2)
{
	struct audit_options opts;
	struct qa_error err = {QA_EXIT_OK, ""};

	assert_int_equal(options_parse(a->argc, a->argv, COMMAND_AUDIT, &opts, &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	assert_contains(err.message, needle1);
	if (needle2)
		assert_contains(err.message, needle2);
	options_release(&opts);
}

static void test_typical_command_line_sets_every_field(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "-o", "out", "--rate", "5%", "--seed", "20261120", "--min-per-agent", "2",
	     "--tz", "-05:00", "--format", "ndjson", "--strict", "-q", "--max-bad", "10", "a.csv",
	     "b.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_string_equal(opts.out_dir, "out");
	assert_int_equal(opts.sample.rate_ppm, 50000);
	assert_int_equal(opts.sample.seed, 20261120);
	assert_int_equal(opts.sample.min_per_agent, 2);
	assert_int_equal(opts.tz_offset_min, -300);
	assert_int_equal(opts.format, FORMAT_NDJSON);
	assert_true(opts.strict);
	assert_true(opts.quiet);
	assert_false(opts.max_bad_is_rate);
	assert_int_equal(opts.max_bad_count, 10);
	assert_false(opts.help);
	assert_int_equal(opts.input_count, 2);
	assert_string_equal(opts.inputs[0], "a.csv");
	assert_string_equal(opts.inputs[1], "b.csv");
	options_release(&opts);
}

static void test_defaults_follow_the_standard(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_int_equal(opts.sample.rate_ppm, 100000); /* 10% */
	assert_int_equal(opts.sample.min_per_agent, 1);
	assert_int_equal(opts.sample.seed, 0);
	assert_int_equal(opts.tz_offset_min, 480); /* +08:00 */
	assert_string_equal(opts.out_dir, "qaudit-report");
	assert_true(opts.max_bad_is_rate);
	assert_int_equal(opts.max_bad_ppm, 10000); /* 1% */
	assert_int_equal(opts.format, FORMAT_AUTO);
	assert_string_equal(opts.agent_default, "agent");
	assert_null(opts.phrases_dir);
	assert_false(opts.strict);
	assert_false(opts.quiet);
	assert_false(opts.help);
	assert_int_equal(opts.input_count, 1);
	assert_string_equal(opts.inputs[0], "in.csv");
	options_release(&opts);
}

static void test_options_after_inputs_are_still_parsed(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "a.csv", "--rate", "0.2", "b.csv", "-q", "c.csv", "--seed", "7");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_int_equal(opts.sample.rate_ppm, 200000);
	assert_int_equal(opts.sample.seed, 7);
	assert_true(opts.quiet);
	assert_int_equal(opts.input_count, 3);
	assert_string_equal(opts.inputs[0], "a.csv");
	assert_string_equal(opts.inputs[1], "b.csv");
	assert_string_equal(opts.inputs[2], "c.csv");
	options_release(&opts);
}

static void test_dash_is_an_input_meaning_stdin(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "--map", "session=ticket", "-", "-q");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_int_equal(opts.input_count, 1);
	assert_string_equal(opts.inputs[0], "-");
	assert_true(opts.quiet);
	options_release(&opts);
}

static void test_double_dash_ends_the_options(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "-q", "--", "--strict", "-o");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_false(opts.strict);
	assert_string_equal(opts.out_dir, "qaudit-report");
	assert_int_equal(opts.input_count, 2);
	assert_string_equal(opts.inputs[0], "--strict");
	assert_string_equal(opts.inputs[1], "-o");
	options_release(&opts);
}

static void test_attached_and_bundled_values_are_read(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "--rate=25%", "-qoreport", "--tz=+09:00", "-fcsv", "x.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_int_equal(opts.sample.rate_ppm, 250000);
	assert_true(opts.quiet);
	assert_string_equal(opts.out_dir, "report");
	assert_int_equal(opts.tz_offset_min, 540);
	assert_int_equal(opts.format, FORMAT_CSV);
	options_release(&opts);
}

static void test_remaining_options_land_in_their_fields(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "--agent-default", "bot-queue", "--phrases", "my_lists", "--format",
	     "jsonl", "in.json");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_string_equal(opts.agent_default, "bot-queue");
	assert_string_equal(opts.phrases_dir, "my_lists");
	assert_int_equal(opts.format, FORMAT_NDJSON);
	options_release(&opts);
}

static void test_every_format_name_is_accepted(void **state)
{
	static const char *const names[] = {"auto", "csv", "json", "ndjson"};
	static const enum input_format formats[] = {FORMAT_AUTO, FORMAT_CSV, FORMAT_JSON,
						    FORMAT_NDJSON};

	(void)state;
	for (int i = 0; i < 4; i++) {
		struct args a;
		struct audit_options opts;
		struct qa_error err = {0};

		ARGS(&a, "audit", "--format", names[i], "in");
		assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
		assert_int_equal(opts.format, formats[i]);
		options_release(&opts);
	}
}

static void test_rate_accepts_a_fraction_a_percentage_or_one(void **state)
{
	uint32_t ppm = 0;

	(void)state;
	assert_int_equal(options_parse_rate("0.1", &ppm), 0);
	assert_int_equal(ppm, 100000);
	assert_int_equal(options_parse_rate("10%", &ppm), 0);
	assert_int_equal(ppm, 100000);
	assert_int_equal(options_parse_rate("1", &ppm), 0);
	assert_int_equal(ppm, 1000000);
	assert_int_equal(options_parse_rate("100%", &ppm), 0);
	assert_int_equal(ppm, 1000000);
	assert_int_equal(options_parse_rate("0.125", &ppm), 0);
	assert_int_equal(ppm, 125000);
	assert_int_equal(options_parse_rate("12.5%", &ppm), 0);
	assert_int_equal(ppm, 125000);
	assert_int_equal(options_parse_rate("0.000001", &ppm), 0);
	assert_int_equal(ppm, 1);
	assert_int_equal(options_parse_rate("0.0001%", &ppm), 0);
	assert_int_equal(ppm, 1);
}

static void test_rate_outside_zero_to_one_or_malformed_is_rejected(void **state)
{
	static const char *const bad[] = {
		"0",  "0%", "1.5",  "101%", "-0.1", "abc", "",
		".5", "1.", "10 %", " 0.1", "0.1x", "%",
	};
	uint32_t ppm = 4242;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (options_parse_rate(bad[i], &ppm) != -1)
			fail_msg("rate '%s' was accepted as %u ppm", bad[i], (unsigned)ppm);
	}
	assert_int_equal(ppm, 4242); /* untouched on failure */
}

static void test_rate_finer_than_a_millionth_is_rejected(void **state)
{
	uint32_t ppm = 4242;

	(void)state;
	assert_int_equal(options_parse_rate("0.1234567", &ppm), -1);
	assert_int_equal(options_parse_rate("0.00001%", &ppm), -1);
	assert_int_equal(ppm, 4242);
}

static void test_bad_rate_is_a_usage_error_naming_option_and_value(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "--rate", "1.5", "in.csv");
	assert_usage_error(&a, "--rate", "'1.5'");
}

static void test_max_bad_accepts_a_share_or_a_count(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "--max-bad", "0.5%", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_true(opts.max_bad_is_rate);
	assert_int_equal(opts.max_bad_ppm, 5000);
	options_release(&opts);

	ARGS(&a, "audit", "--max-bad", "7", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_false(opts.max_bad_is_rate);
	assert_int_equal(opts.max_bad_count, 7);
	options_release(&opts);

	ARGS(&a, "audit", "--max-bad", "0", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_false(opts.max_bad_is_rate);
	assert_int_equal(opts.max_bad_count, 0);
	options_release(&opts);
}

static void test_bad_max_bad_is_a_usage_error(void **state)
{
	static const char *const bad[] = {"abc", "101%", "-1", "5.5", "%", ""};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct args a;
		char quoted[16];

		snprintf(quoted, sizeof(quoted), "'%s'", bad[i]);
		ARGS(&a, "audit", "--max-bad", bad[i], "in.csv");
		assert_usage_error(&a, "--max-bad", quoted);
	}
}

static void test_spool_max_takes_a_size_with_a_binary_unit(void **state)
{
	static const struct {
		const char *text;
		uint64_t bytes;
	} cases[] = {
		{"20G", 20ull << 30},   {"500M", 500ull << 20}, {"500MB", 500ull << 20},
		{"1.5GiB", 3ull << 29}, {"64k", 64ull << 10},   {"4096", 4096},
		{"2T", 2ull << 40},     {"100B", 100},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct args a;
		struct audit_options opts;
		struct qa_error err = {0};

		ARGS(&a, "audit", "--spool-max", cases[i].text, "in.csv");
		assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
		assert_int_equal(opts.spool_max, cases[i].bytes);
		options_release(&opts);
	}
}

static void test_bad_spool_max_is_a_usage_error(void **state)
{
	static const char *const bad[] = {"0", "0M", "-1G", "1.5", "G", "12X", "1.G", "", "9E"};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct args a;
		char quoted[16];

		snprintf(quoted, sizeof(quoted), "'%s'", bad[i]);
		ARGS(&a, "audit", "--spool-max", bad[i], "in.csv");
		assert_usage_error(&a, "--spool-max", quoted);
	}
}

static void test_seed_takes_any_unsigned_64_bit_number(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "--seed", "18446744073709551615", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_true(opts.sample.seed == UINT64_MAX);
	options_release(&opts);

	ARGS(&a, "audit", "--seed", "18446744073709551616", "in.csv");
	assert_usage_error(&a, "--seed", "'18446744073709551616'");
	ARGS(&a, "audit", "--seed", "-1", "in.csv");
	assert_usage_error(&a, "--seed", "'-1'");
	ARGS(&a, "audit", "--seed", "2026-11-20", "in.csv");
	assert_usage_error(&a, "--seed", "'2026-11-20'");
}

static void test_min_per_agent_must_be_a_32_bit_whole_number(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "--min-per-agent", "4294967295", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_int_equal(opts.sample.min_per_agent, UINT32_MAX);
	options_release(&opts);

	ARGS(&a, "audit", "--min-per-agent", "4294967296", "in.csv");
	assert_usage_error(&a, "--min-per-agent", "'4294967296'");
	ARGS(&a, "audit", "--min-per-agent", "two", "in.csv");
	assert_usage_error(&a, "--min-per-agent", "'two'");
}

static void test_unknown_option_is_a_usage_error_naming_it(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "a.csv", "--bogus", "b.csv");
	assert_usage_error(&a, "unknown option", "'--bogus'");
	ARGS(&a, "audit", "-x", "a.csv");
	assert_usage_error(&a, "unknown option", "'-x'");
}

static void test_missing_value_at_the_end_is_a_usage_error_naming_the_option(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "a.csv", "--rate");
	assert_usage_error(&a, "missing value", "'--rate'");
	ARGS(&a, "audit", "a.csv", "-o");
	assert_usage_error(&a, "missing value", "'-o'");
}

static void test_no_input_is_a_usage_error(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "-q", "--rate", "10%");
	assert_usage_error(&a, "no input", "'-'");
	ARGS(&a, "audit");
	assert_usage_error(&a, "no input", "stdin");
}

static void test_bad_format_is_a_usage_error_naming_it(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "--format", "xlsx", "in.csv");
	assert_usage_error(&a, "--format", "'xlsx'");
	ARGS(&a, "audit", "--format", "CSV", "in.csv");
	assert_usage_error(&a, "--format", "'CSV'");
}

static void test_bad_tz_is_a_usage_error_naming_it(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "--tz", "8", "in.csv");
	assert_usage_error(&a, "--tz", "'8'");
	ARGS(&a, "audit", "--tz", "Asia/Shanghai", "in.csv");
	assert_usage_error(&a, "--tz", "'Asia/Shanghai'");
}

static void test_bad_map_or_roles_is_a_usage_error_naming_the_option(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "--map", "nofield=x", "in.csv");
	assert_usage_error(&a, "--map", "'nofield'");
	ARGS(&a, "audit", "-m", "text", "in.csv");
	assert_usage_error(&a, "--map", "'text'");
	ARGS(&a, "audit", "--roles", "martian=9", "in.csv");
	assert_usage_error(&a, "--roles", "'martian'");
}

static void test_empty_out_dir_or_agent_default_is_a_usage_error(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "-o", "", "in.csv");
	assert_usage_error(&a, "--out", "empty");
	ARGS(&a, "audit", "--agent-default", "", "in.csv");
	assert_usage_error(&a, "--agent-default", "empty");
}

static void test_map_and_roles_options_fill_the_field_map(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};
	enum role role = ROLE_COUNT;

	(void)state;
	ARGS(&a, "audit", "--map", "text=note_body", "-m", "session=ticket", "--roles",
	     "customer=0,agent=1", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_int_equal(field_map_lookup(&opts.map, "note_body", 9), FIELD_TEXT);
	assert_int_equal(field_map_lookup(&opts.map, "ticket", 6), FIELD_SESSION);
	assert_int_equal(field_map_lookup(&opts.map, "content", 7), FIELD_COUNT);
	assert_true(field_map_role(&opts.map, "1", 1, &role));
	assert_int_equal(role, ROLE_AGENT);
	options_release(&opts);
}

static void test_help_needs_no_input(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "--help");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_true(opts.help);
	assert_int_equal(opts.input_count, 0);
	options_release(&opts);

	ARGS(&a, "audit", "-h");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_true(opts.help);
	options_release(&opts);
}

static void test_second_parse_starts_afresh(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "-q", "--strict", "--rate", "1", "one.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	options_release(&opts);

	ARGS(&a, "audit", "two.csv", "three.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_false(opts.quiet);
	assert_false(opts.strict);
	assert_int_equal(opts.sample.rate_ppm, 100000);
	assert_int_equal(opts.input_count, 2);
	assert_string_equal(opts.inputs[0], "two.csv");
	options_release(&opts);
}

static void test_usage_text_documents_every_long_option(void **state)
{
	static const char *const names[] = {
		"--format", "--map",     "--roles", "--tz",   "--agent-default",
		"--strict", "--max-bad", "--rate",  "--seed", "--min-per-agent",
		"--out",    "--phrases", "--quiet", "--help", "--rubric",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		assert_contains(options_usage(COMMAND_AUDIT), names[i]);
}

/* Errors name an option the way the user wrote it. */
static void test_missing_value_of_long_option_names_the_long_form(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "a.csv", "--out");
	assert_usage_error(&a, "missing value", "'--out'");
}

static void test_value_given_to_a_flag_names_the_flag(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "a.csv", "--quiet=1");
	assert_usage_error(&a, "--quiet", NULL);
}

/* explain reads inputs as audit does but samples, reports and gates nothing. */
static void test_explain_refuses_each_audit_only_option_naming_it(void **state)
{
	static const char *const audit_only[][2] = {
		{"--rate", "5%"},      {"--seed", "1"},        {"--min-per-agent", "2"},
		{"--out", "dir"},      {"--lang", "en"},       {"--excel", NULL},
		{"--baseline", "dir"}, {"--fail-under", "80"}, {"--fail-on-red-line", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(audit_only) / sizeof(*audit_only); i++) {
		struct args a;
		struct audit_options opts;
		struct qa_error err = {QA_EXIT_OK, ""};

		if (audit_only[i][1])
			ARGS(&a, "explain", "--session", "S1", audit_only[i][0], audit_only[i][1],
			     "in.csv");
		else
			ARGS(&a, "explain", "--session", "S1", audit_only[i][0], "in.csv");
		assert_int_equal(options_parse(a.argc, a.argv, COMMAND_EXPLAIN, &opts, &err), -1);
		assert_int_equal(err.status, QA_EXIT_USAGE);
		assert_contains(err.message, audit_only[i][0]);
		assert_contains(err.message, "'qaudit audit'");
		options_release(&opts);
	}
}

static void test_short_form_of_a_refused_option_is_named_by_its_long_form(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {QA_EXIT_OK, ""};

	(void)state;
	ARGS(&a, "explain", "-o", "dir", "--session", "S1", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_EXPLAIN, &opts, &err), -1);
	assert_string_equal(err.message, "--out is an option of 'qaudit audit'");
	options_release(&opts);
}

static void test_audit_refuses_session(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "--session", "S1", "in.csv");
	assert_usage_error(&a, "--session is an option of 'qaudit explain'", NULL);
}

static void test_explain_takes_the_input_options(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "explain", "-f", "csv", "-p", "none", "-m", "agent=staff", "--roles", "customer=0",
	     "--signoff-agents", "--tz", "+00:00", "--agent-default", "bot", "--strict",
	     "--max-bad", "5", "-r", "r.ini", "--phrases", "lists", "-q", "--progress", "--session",
	     "S1", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_EXPLAIN, &opts, &err), 0);
	assert_string_equal(opts.session_id, "S1");
	assert_int_equal(opts.format, FORMAT_CSV);
	assert_true(opts.signoff_agents);
	assert_true(opts.tz_set);
	assert_true(opts.strict);
	assert_true(opts.quiet);
	assert_true(opts.progress);
	assert_string_equal(opts.rubric_path, "r.ini");
	assert_string_equal(opts.phrases_dir, "lists");
	assert_int_equal(opts.input_count, 1);
	options_release(&opts);
}

static void test_explain_usage_text_documents_every_option_it_takes(void **state)
{
	static const char *const names[] = {
		"--session", "--rubric",  "--help", "-f",         "-p",
		"-m",        "--roles",   "--tz",   "--strict",   "--signoff-agents",
		"--max-bad", "--phrases", "-q",     "--progress", "--agent-default",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		assert_contains(options_usage(COMMAND_EXPLAIN), names[i]);
}

/* --no-wait: exit 4 rather than wait for another run writing to the report directory. */
static void test_no_wait_is_set_by_audit_and_refused_by_explain(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "audit", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_false(opts.no_wait);
	options_release(&opts);
	ARGS(&a, "audit", "--no-wait", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_AUDIT, &opts, &err), 0);
	assert_true(opts.no_wait);
	options_release(&opts);
	ARGS(&a, "explain", "--session", "S1", "--no-wait", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_EXPLAIN, &opts, &err), -1);
	assert_int_equal(err.status, QA_EXIT_USAGE);
	assert_contains(err.message, "--no-wait");
	options_release(&opts);
}

/* split reads as the audit reads, and takes -P and -o, both required, and --gzip. */
static void test_split_takes_parts_out_gzip_and_the_input_options(void **state)
{
	struct args a;
	struct audit_options opts;
	struct qa_error err = {0};

	(void)state;
	ARGS(&a, "split", "-P", "1000", "-o", "shards", "--gzip", "-f", "csv", "--roles",
	     "customer=0", "--tz", "+00:00", "--time-format", "dmy", "--max-bad", "5",
	     "--spool-max", "1G", "--no-wait", "-q", "in.csv", "-");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_SPLIT, &opts, &err), 0);
	assert_int_equal(opts.parts, 1000);
	assert_string_equal(opts.out_dir, "shards");
	assert_true(opts.gzip);
	assert_int_equal(opts.format, FORMAT_CSV);
	assert_int_equal(opts.tz_offset_min, 0);
	assert_int_equal(opts.max_bad_count, 5);
	assert_true(opts.no_wait);
	assert_int_equal(opts.input_count, 2);
	options_release(&opts);
	ARGS(&a, "split", "--parts=100000", "--out=shards", "in.csv");
	assert_int_equal(options_parse(a.argc, a.argv, COMMAND_SPLIT, &opts, &err), 0);
	assert_int_equal(opts.parts, OPTIONS_MAX_PARTS);
	assert_false(opts.gzip);
	options_release(&opts);
}

static void test_split_without_parts_or_out_or_with_a_scoring_option_is_a_usage_error(void **state)
{
	static const char *const wrong[][8] = {
		{"-o", "d", "in.csv", NULL},
		{"-P", "3", "in.csv", NULL},
		{"-P", "0", "-o", "d", "in.csv", NULL},
		{"-P", "100001", "-o", "d", "in.csv", NULL},
		{"-P", "3x", "-o", "d", "in.csv", NULL},
		{"-P", "3", "-o", "d", "-r", "r.ini", "in.csv"},
		{"-P", "3", "-o", "d", "--rate", "1", "in.csv"},
		{"-P", "3", "-o", "d", NULL},
	};
	static const char *const says[] = {
		"how many parts? give -P N",
		"where to? give -o DIR",
		"--parts: expected a number of parts from 1 to 100000, got '0'",
		"got '100001'",
		"got '3x'",
		"--rubric is an option of 'qaudit audit'",
		"--rate is an option of 'qaudit audit'",
		"no input given",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(says) / sizeof(*says); i++) {
		struct args a;
		struct audit_options opts;
		struct qa_error err = {QA_EXIT_OK, ""};
		const char *words[10] = {"split"};

		for (size_t w = 0; w < 8 && wrong[i][w]; w++)
			words[w + 1] = wrong[i][w];
		args_set(&a, words);
		assert_int_equal(options_parse(a.argc, a.argv, COMMAND_SPLIT, &opts, &err), -1);
		assert_int_equal(err.status, QA_EXIT_USAGE);
		assert_contains(err.message, says[i]);
		options_release(&opts);
	}
}

static void test_only_split_takes_parts_and_gzip(void **state)
{
	struct args a;

	(void)state;
	ARGS(&a, "audit", "-P", "3", "in.csv");
	assert_usage_error(&a, "--parts is an option of 'qaudit split'", NULL);
	ARGS(&a, "audit", "--gzip", "in.csv");
	assert_usage_error(&a, "--gzip is an option of 'qaudit split'", NULL);
}

static void test_split_usage_text_documents_every_option_it_takes(void **state)
{
	static const char *const names[] = {
		"--parts",  "--out",      "--gzip",      "--no-wait",        "-q",
		"--help",   "--progress", "-f",          "--encoding",       "-p",
		"-m",       "--roles",    "--tz",        "--signoff-agents", "--time-format",
		"--strict", "--max-bad",  "--spool-max", "--agent-default",  "XXH3-64",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		assert_contains(options_usage(COMMAND_SPLIT), names[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typical_command_line_sets_every_field),
		cmocka_unit_test(test_split_takes_parts_out_gzip_and_the_input_options),
		cmocka_unit_test(
			test_split_without_parts_or_out_or_with_a_scoring_option_is_a_usage_error),
		cmocka_unit_test(test_only_split_takes_parts_and_gzip),
		cmocka_unit_test(test_split_usage_text_documents_every_option_it_takes),
		cmocka_unit_test(test_defaults_follow_the_standard),
		cmocka_unit_test(test_options_after_inputs_are_still_parsed),
		cmocka_unit_test(test_dash_is_an_input_meaning_stdin),
		cmocka_unit_test(test_double_dash_ends_the_options),
		cmocka_unit_test(test_attached_and_bundled_values_are_read),
		cmocka_unit_test(test_remaining_options_land_in_their_fields),
		cmocka_unit_test(test_every_format_name_is_accepted),
		cmocka_unit_test(test_rate_accepts_a_fraction_a_percentage_or_one),
		cmocka_unit_test(test_rate_outside_zero_to_one_or_malformed_is_rejected),
		cmocka_unit_test(test_rate_finer_than_a_millionth_is_rejected),
		cmocka_unit_test(test_bad_rate_is_a_usage_error_naming_option_and_value),
		cmocka_unit_test(test_max_bad_accepts_a_share_or_a_count),
		cmocka_unit_test(test_bad_max_bad_is_a_usage_error),
		cmocka_unit_test(test_spool_max_takes_a_size_with_a_binary_unit),
		cmocka_unit_test(test_bad_spool_max_is_a_usage_error),
		cmocka_unit_test(test_seed_takes_any_unsigned_64_bit_number),
		cmocka_unit_test(test_min_per_agent_must_be_a_32_bit_whole_number),
		cmocka_unit_test(test_unknown_option_is_a_usage_error_naming_it),
		cmocka_unit_test(test_missing_value_at_the_end_is_a_usage_error_naming_the_option),
		cmocka_unit_test(test_no_input_is_a_usage_error),
		cmocka_unit_test(test_bad_format_is_a_usage_error_naming_it),
		cmocka_unit_test(test_bad_tz_is_a_usage_error_naming_it),
		cmocka_unit_test(test_bad_map_or_roles_is_a_usage_error_naming_the_option),
		cmocka_unit_test(test_empty_out_dir_or_agent_default_is_a_usage_error),
		cmocka_unit_test(test_map_and_roles_options_fill_the_field_map),
		cmocka_unit_test(test_help_needs_no_input),
		cmocka_unit_test(test_second_parse_starts_afresh),
		cmocka_unit_test(test_usage_text_documents_every_long_option),
		cmocka_unit_test(test_missing_value_of_long_option_names_the_long_form),
		cmocka_unit_test(test_value_given_to_a_flag_names_the_flag),
		cmocka_unit_test(test_explain_refuses_each_audit_only_option_naming_it),
		cmocka_unit_test(test_short_form_of_a_refused_option_is_named_by_its_long_form),
		cmocka_unit_test(test_audit_refuses_session),
		cmocka_unit_test(test_explain_takes_the_input_options),
		cmocka_unit_test(test_explain_usage_text_documents_every_option_it_takes),
		cmocka_unit_test(test_no_wait_is_set_by_audit_and_refused_by_explain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
