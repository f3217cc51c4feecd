/* UTF-8 validation and repair, so that invalid text never reaches PCRE2 or an output file raw. */
#ifndef UTF8_H
#define UTF8_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if s does not start one.
 * NUL counts as invalid: no text field may carry it. */
size_t utf8_sequence_length(const unsigned char *s, size_t len);

/* The code point of the valid sequence of n bytes at s (n from utf8_sequence_length). */
unsigned utf8_decode(const unsigned char *s, size_t n);

/* True when all of s[0..len) is valid UTF-8 without NUL bytes. */
bool utf8_is_valid(const char *s, size_t len);

/* Appends s to out with every invalid byte replaced by U+FFFD; returns how many were replaced. */
size_t utf8_repair(const char *s, size_t len, struct buf *out);

/* Number of code points in valid UTF-8 s. */
size_t utf8_length(const char *s, size_t len);

#endif
