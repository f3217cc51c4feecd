/* Exit statuses (docs/STANDARD.md §7) and the error value that modules return instead of
 * printing. */
#ifndef QA_ERROR_H
#define QA_ERROR_H

enum qa_exit {
	QA_EXIT_OK = 0,     /* audit done */
	QA_EXIT_GATE = 1,   /* audit done, a --fail-* gate failed */
	QA_EXIT_USAGE = 2,  /* bad command line or rubric */
	QA_EXIT_INPUT = 3,  /* unreadable or broken input */
	QA_EXIT_OUTPUT = 4, /* cannot write the report */
	QA_EXIT_REFINE = 5, /* merge: a shard must score more sessions first */
};

/* Filled by the module that failed; main prints "qaudit: <message>" and exits with status. */
struct qa_error {
	enum qa_exit status;
	char message[1024];
};

/* Fills err (if not NULL) and returns -1, so callers write `return qa_fail(err, ...)`. */
int qa_fail(struct qa_error *err, enum qa_exit status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prints "qaudit: <message>" and a newline to stderr, the message on one line with personal
 * data masked and control characters replaced (mask_line): it may quote a bad record. */
void qa_error_print(const struct qa_error *err);

#endif
