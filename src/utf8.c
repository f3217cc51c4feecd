/* UTF-8 per RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF. */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

#define LOW_BITS  UINT64_C(0x0101010101010101)
#define HIGH_BITS UINT64_C(0x8080808080808080)

size_t utf8_sequence_length(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];

	if (c >= 0x01 && c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return len >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;

		return len >= 3 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;

		return len >= 4 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 &&
				       (s[3] & 0xC0) == 0x80
			       ? 4
			       : 0;
	}
	return 0;
}

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

unsigned utf8_decode(const unsigned char *s, size_t n)
{
	static const unsigned char lead_mask[5] = {0, 0x7f, 0x1f, 0x0f, 0x07};
	unsigned cp = s[0] & lead_mask[n];

	for (size_t i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}
