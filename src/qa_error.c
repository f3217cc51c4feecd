/* The one way a module reports a failure. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "mask.h"
#include "qa_error.h"

int qa_fail(struct qa_error *err, enum qa_exit status, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}

void qa_error_print(const struct qa_error *err)
{
	struct buf line = BUF_INIT;

	mask_line(err->message, strlen(err->message), &line);
	fprintf(stderr, "qaudit: %s\n", buf_str(&line));
	buf_release(&line);
}
