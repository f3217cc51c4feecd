/* Fuzz target: time parsing (with and without --time-format) and zone offsets, then
 * formatting what was parsed. */
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
	/* Day-first dates and a strptime pattern: the same promise. */
	static const struct time_format formats[] = {{DATE_ORDER_DMY, NULL},
						     {DATE_ORDER_MDY, "%d %b %Y %H:%M:%S %z"}};
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++)
		if (time_parse_as(text, size, 480, &formats[i], &ms, NULL) == TIME_OK && ms < 0)
			abort();
	if (time_parse_offset(text, &offset) == 0 && (offset < -14 * 60 || offset > 14 * 60))
		abort();
	free(text);
	return 0;
}
