/* Fuzz target: time parsing and zone offsets, then formatting what was parsed. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "time_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	int64_t ms;
	int offset;

	memcpy(text, data, size);
	text[size] = '\0';
	if (time_parse(text, size, 480, &ms) == TIME_OK) {
		char out[20];

		time_format(ms, 480, out);
		if (ms < 0)
			abort(); /* time_parse promises 1970 onwards */
	}
	if (time_parse_offset(text, &offset) == 0 && (offset < -14 * 60 || offset > 14 * 60))
		abort();
	free(text);
	return 0;
}
