/* Fuzz target: masked text is valid UTF-8 without control characters (but tab and newline),
 * masking it again changes nothing, and no phone, ID or card number is left in it. The same
 * holds for the text after the first newline masked as the answer to the text before it
 * (mask_text_after). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz_common.h"
#include "mask.h"
#include "utf8.h"

static bool has_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
			return true;
		if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] <= 0x9F)
			return true;
		if (c == 0xE2 && i + 2 < len &&
		    (((unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] >= 0xAA &&
		      (unsigned char)s[i + 2] <= 0xAE) ||
		     ((unsigned char)s[i + 1] == 0x81 && (unsigned char)s[i + 2] >= 0xA6 &&
		      (unsigned char)s[i + 2] <= 0xA9)))
			return true;
	}
	return false;
}

/* Masks text (as the answer to previous, unless NULL), checks the result, and masks it again. */
static void check(const char *text, size_t len, const char *previous, size_t previous_len)
{
	struct buf out = BUF_INIT, again = BUF_INIT;
	struct pii_match found[8];
	size_t n;

	mask_text_after(text, len, previous, previous_len, &out);
	if (!utf8_is_valid(out.data, out.len) || has_control(out.data, out.len))
		abort();
	mask_text_after(out.data, out.len, previous, previous_len, &again);
	if (again.len != out.len || (out.len && memcmp(again.data, out.data, out.len)))
		abort();
	n = mask_find(out.data, out.len, found, 8);
	for (size_t i = 0; i < n && i < 8; i++)
		if (found[i].kind == PII_PHONE || found[i].kind == PII_ID_NUMBER ||
		    found[i].kind == PII_BANK_CARD)
			abort();
	buf_release(&again);
	buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *newline = memchr(text, '\n', size);
	struct pii_match found[8];
	size_t n;

	check(text, size, NULL, 0);
	if (newline)
		check(newline + 1, size - (size_t)(newline + 1 - text), text,
		      (size_t)(newline - text));
	if (utf8_is_valid((const char *)data, size)) {
		n = mask_find((const char *)data, size, found, 8);
		for (size_t i = 0; i < n && i < 8; i++)
			if (found[i].start >= found[i].end || found[i].end > size)
				abort();
	}
	return 0;
}
