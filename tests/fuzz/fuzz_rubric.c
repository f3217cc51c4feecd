/* Fuzz target: the rubric parser, then the canonical form of whatever it accepted. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz_common.h"
#include "rubric.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct rubric r;
	struct qa_error err = {0};

	memcpy(text, data, size);
	text[size] = '\0';
	if (rubric_parse(&r, text, "fuzz.ini", &err) == 0) {
		struct buf canonical = BUF_INIT;

		rubric_canonical(&r, &canonical);
		buf_release(&canonical);
		rubric_release(&r);
	}
	free(text);
	return 0;
}
