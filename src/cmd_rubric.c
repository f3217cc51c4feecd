/* qaudit rubric: print the built-in rubric for a QA lead to copy, or check an edited one
 * before a nightly audit trips over it. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "options.h"
#include "qa_error.h"
#include "rubric.h"
#include "xalloc.h"

static const char usage[] =
	"Usage: qaudit rubric --print-default\n"
	"       qaudit rubric --check FILE...\n"
	"Print the built-in rubric (the weights, thresholds, penalties and red lines of\n"
	"the audit standard, each key explained), or check a rubric file you edited.\n"
	"\n"
	"  -p, --print-default  print the built-in rubric to standard output\n"
	"  -c, --check FILE     read FILE over the built-in rubric: print 'rubric ok',\n"
	"                       or the first error as FILE:LINE (exit 2)\n"
	"  -h, --help           show this help\n"
	"\n"
	"A rubric file need only hold the keys it changes; the others keep the default.\n"
	"\n"
	"Example:\n"
	"  qaudit rubric --print-default > rubric.ini\n"
	"  qaudit rubric --check rubric.ini\n"
	"  qaudit audit -r rubric.ini -o report/ chats.csv\n"
	"\n"
	"Exit status: 0 done, 2 usage error or bad rubric, 4 output error.\n";

static const struct option long_options[] = {
	{"print-default", no_argument, NULL, 'p'},
	{"check", required_argument, NULL, 'c'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* Prints one line per file; returns the worst exit status. */
static int check(char **paths, int count)
{
	int status = QA_EXIT_OK;

	for (int i = 0; i < count; i++) {
		struct rubric r;
		struct qa_error err = {QA_EXIT_OK, ""};

		if (rubric_load(&r, paths[i], &err)) {
			qa_error_print(&err);
			if ((int)err.status > status)
				status = (int)err.status;
			continue;
		}
		printf("qaudit: %s: rubric ok\n", paths[i]);
		rubric_release(&r);
	}
	return status;
}

int cmd_rubric(int argc, char **argv)
{
	/* Each file to check takes at least one word of argv. */
	char **checks = xcalloc((size_t)(argc > 0 ? argc : 1), sizeof(*checks));
	int check_count = 0, c, status;
	bool print_default = false, help = false;

	opterr = 0;
	optind = 0; /* 0 makes glibc start afresh */
	while ((c = getopt_long(argc, argv, ":pc:h", long_options, NULL)) != -1) {
		if (c == 'p') {
			print_default = true;
		} else if (c == 'c') {
			checks[check_count++] = optarg;
		} else if (c == 'h') {
			help = true;
		} else {
			struct qa_error err;

			options_getopt_error(argv, c, &err);
			status = options_usage_error("rubric", "%s", err.message);
			goto out;
		}
	}
	/* --check a.ini b.ini reads as it looks: both are checked. */
	while (check_count && optind < argc)
		checks[check_count++] = argv[optind++];
	if (help) {
		fputs(usage, stdout);
		status = QA_EXIT_OK;
	} else if (optind < argc) {
		status = options_usage_error("rubric", "unexpected argument '%s'", argv[optind]);
	} else if (print_default && check_count) {
		status = options_usage_error("rubric",
					     "--print-default and --check go in separate runs");
	} else if (print_default) {
		fputs(rubric_default_text, stdout);
		status = QA_EXIT_OK;
	} else if (check_count) {
		status = check(checks, check_count);
	} else {
		status = options_usage_error("rubric",
					     "nothing to do: give --print-default or --check FILE");
	}
out:
	free(checks);
	return status;
}
