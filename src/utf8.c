/* UTF-8 per RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF. */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

#define LOW_BITS  UINT64_C(0x0101010101010101)
#define HIGH_BITS UINT64_C(0x8080808080808080)

bool utf8_is_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end;

	if (!len)
		return true; /* s may be NULL: an absent field */
	end = p + len;
	while (p < end) {
		size_t n;

		/* Fast path for ASCII, the bulk of most exports' bytes: eight at a time while
		 * none has its high bit set or is NUL. */
		if (*p >= 0x01 && *p < 0x80) {
			for (p++; end - p >= 8; p += 8) {
				uint64_t w;

				memcpy(&w, p, 8);
				if ((w & HIGH_BITS) || ((w - LOW_BITS) & ~w & HIGH_BITS))
					break;
			}
			continue;
		}
		n = utf8_sequence_length(p, (size_t)(end - p));
		if (!n)
			return false;
		p += n;
	}
	return true;
}

size_t utf8_repair(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s, *end, *run = p;
	size_t replaced = 0;

	if (!len)
		return 0;
	end = p + len;
	while (p < end) {
		size_t n = utf8_sequence_length(p, (size_t)(end - p));

		if (n) {
			p += n;
			continue;
		}
		buf_add(out, run, (size_t)(p - run));
		buf_add(out, "\xEF\xBF\xBD", 3);
		replaced++;
		run = ++p;
	}
	buf_add(out, run, (size_t)(p - run));
	return replaced;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t count = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}
