/* qaudit: audit customer-service chat transcripts. main only picks the command. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "qa_error.h"
#include "xalloc.h"

static const char usage[] =
	"Usage: qaudit COMMAND [OPTIONS]\n"
	"Audit customer-service chat transcripts (Chinese and English): sample each\n"
	"agent's sessions, grade them on five dimensions, report the evidence.\n"
	"\n"
	"Commands:\n"
	"  audit INPUT...   sample and score sessions, write the report\n"
	"  explain INPUT... --session ID\n"
	"                   one session's transcript with its findings and grades\n"
	"  calibrate INPUT... --grades FILE\n"
	"                   how far qaudit agrees with your own graders\n"
	"  split INPUT... -P N -o DIR\n"
	"                   route each session, whole, to one of N parts\n"
	"  map INPUT... -o PARTIAL, merge PARTIAL...\n"
	"                   one audit in shards, over many processes or machines\n"
	"  rubric           print the default rubric, or check a rubric file\n"
	"\n"
	"  qaudit COMMAND --help   help on one command\n"
	"  qaudit --version        print the version\n"
	"\n"
	"Examples:\n"
	"  qaudit audit --seed 20261120 -o report/ chats.csv\n"
	"  qaudit explain --session S20261120-0013 chats.csv\n";

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{"audit", cmd_audit},   {"explain", cmd_explain}, {"calibrate", cmd_calibrate},
	{"split", cmd_split},   {"map", cmd_map},         {"merge", cmd_merge},
	{"rubric", cmd_rubric},
};

/* A report on a full disk or a closed pipe must not look like success, whichever command
 * wrote it: stdio only reports a failed write when the buffer is flushed. */
static int check_stdout(int status)
{
	if (!fflush(stdout) && !ferror(stdout))
		return status;
	/* When an earlier write failed, errno still tells why: every command prints last. */
	fprintf(stderr, "qaudit: standard output: %s\n", errno ? strerror(errno) : "write error");
	return QA_EXIT_OUTPUT;
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return options_usage_error(NULL, "no command given");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return QA_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("qaudit %s\n", QAUDIT_VERSION);
		return QA_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	return options_usage_error(NULL, "unknown command '%s'", argv[1]);
}

int main(int argc, char **argv)
{
	/* A file size limit (ulimit -f) makes a write fail with EFBIG, which names the file and
	 * exits 4, instead of killing the run without a word. */
	signal(SIGXFSZ, SIG_IGN);
	xalloc_huge_heap();
	return check_stdout(run(argc, argv));
}
