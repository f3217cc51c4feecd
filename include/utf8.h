/* UTF-8 validation and repair, so that invalid text never reaches PCRE2 or an output file raw. */
#ifndef UTF8_H
#define UTF8_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if s does not start one.
 * NUL counts as invalid: no text field may carry it. */
static inline size_t utf8_sequence_length(const unsigned char *s, size_t len)
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

/* The code point of the valid sequence of n bytes at s (n from utf8_sequence_length). */
static inline unsigned utf8_decode(const unsigned char *s, size_t n)
{
	switch (n) {
	case 1:
		return s[0];
	case 2:
		return (s[0] & 0x1Fu) << 6 | (s[1] & 0x3Fu);
	case 3:
		return (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
	default:
		return (s[0] & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 |
		       (s[3] & 0x3Fu);
	}
}

/* True when all of s[0..len) is valid UTF-8 without NUL bytes. */
bool utf8_is_valid(const char *s, size_t len);

/* Appends s to out with every invalid byte replaced by U+FFFD; returns how many were replaced. */
size_t utf8_repair(const char *s, size_t len, struct buf *out);

/* Number of code points in valid UTF-8 s. */
size_t utf8_length(const char *s, size_t len);

#endif
