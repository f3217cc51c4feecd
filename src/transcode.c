/* GB18030 and UTF-16 to UTF-8 with iconv(3), a chunk at a time: a sequence cut by the end of
 * a chunk waits for the next, an invalid one becomes U+FFFD and the conversion goes on. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "transcode.h"
#include "xalloc.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
#define GUESS_BYTES 4096           /* looked at to guess the byte order of UTF-16 */

struct transcode {
	iconv_t cd;
	enum encoding encoding;
	char held[8]; /* the start of a sequence cut off by the end of the last chunk */
	size_t held_len;
	size_t replaced;
};

static const struct {
	const char *name, *iconv_name;
	const char *alias; /* another name --encoding takes */
} encodings[] = {
	[ENCODING_UTF8] = {"UTF-8", "UTF-8", NULL},
	[ENCODING_GB18030] = {"GB18030", "GB18030", "GBK"},
	[ENCODING_UTF16] = {"UTF-16", NULL, NULL},
	[ENCODING_UTF16LE] = {"UTF-16LE", "UTF-16LE", NULL},
	[ENCODING_UTF16BE] = {"UTF-16BE", "UTF-16BE", NULL},
};
#define ENCODING_COUNT (sizeof(encodings) / sizeof(*encodings))

/* True when a and b are the same name, ignoring case and '-'. */
static bool same_name(const char *a, const char *b)
{
	for (;; a++, b++) {
		while (*a == '-')
			a++;
		while (*b == '-')
			b++;
		if ((*a | 0x20) != (*b | 0x20) || !*a || !*b)
			return !*a && !*b;
	}
}

int transcode_parse(const char *name, enum encoding *encoding)
{
	for (size_t i = 0; i < ENCODING_COUNT; i++) {
		if (same_name(name, encodings[i].name) ||
		    (encodings[i].alias && same_name(name, encodings[i].alias))) {
			*encoding = (enum encoding)i;
			return 0;
		}
	}
	return -1;
}

const char *transcode_name(enum encoding encoding)
{
	return encodings[encoding].name;
}

enum encoding transcode_resolve(enum encoding declared, const unsigned char *p, size_t len,
				size_t *bom)
{
	size_t nul[2] = {0, 0};

	*bom = 0;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		return ENCODING_UTF8;
	*bom = 2;
	if (len >= 2 && !memcmp(p, "\xFF\xFE", 2))
		return ENCODING_UTF16LE;
	if (len >= 2 && !memcmp(p, "\xFE\xFF", 2))
		return ENCODING_UTF16BE;
	*bom = 0;
	if (declared != ENCODING_UTF16)
		return declared;
	/* ASCII in UTF-16LE has its NUL second, in UTF-16BE first. */
	for (size_t i = 0; i < len && i < GUESS_BYTES; i++)
		nul[i % 2] += p[i] == 0;
	return nul[0] > nul[1] ? ENCODING_UTF16BE : ENCODING_UTF16LE;
}

struct transcode *transcode_new(enum encoding encoding)
{
	struct transcode *t;
	iconv_t cd;

	if (encoding == ENCODING_UTF8 || encoding == ENCODING_UTF16)
		return NULL;
	cd = iconv_open("UTF-8", encodings[encoding].iconv_name);
	if (cd == (iconv_t)-1)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->cd = cd;
	t->encoding = encoding;
	return t;
}

void transcode_free(struct transcode *t)
{
	if (!t)
		return;
	iconv_close(t->cd);
	free(t);
}

size_t transcode_replaced(const struct transcode *t)
{
	return t->replaced;
}

/* The bytes an invalid sequence at p[0..len) spans: a GB18030 character iconv cannot map is
 * dropped whole, a lead byte without its trail byte alone (the trail may be a comma). */
static size_t invalid_length(enum encoding encoding, const unsigned char *p, size_t len)
{
	bool lead = len >= 2 && p[0] >= 0x81 && p[0] <= 0xFE;

	if (encoding != ENCODING_GB18030)
		return len >= 2 ? 2 : len;
	if (lead && len >= 4 && p[1] >= 0x30 && p[1] <= 0x39 && p[2] >= 0x81 && p[2] <= 0xFE &&
	    p[3] >= 0x30 && p[3] <= 0x39)
		return 4;
	if (lead && p[1] >= 0x40 && p[1] <= 0xFE && p[1] != 0x7F)
		return 2;
	return 1;
}

/* Where the output goes, and the first replacement written into it. */
struct sink {
	char *start, *at;
	size_t left;
	size_t first_bad;
};

static bool replace(struct transcode *t, struct sink *out)
{
	if (out->left < sizeof(REPLACEMENT) - 1)
		return false;
	if (out->first_bad == SIZE_MAX)
		out->first_bad = (size_t)(out->at - out->start);
	memcpy(out->at, REPLACEMENT, sizeof(REPLACEMENT) - 1);
	out->at += sizeof(REPLACEMENT) - 1;
	out->left -= sizeof(REPLACEMENT) - 1;
	t->replaced++;
	return true;
}

enum step {
	STEP_DONE,       /* all the input was converted */
	STEP_FULL,       /* the output has no room for the next character */
	STEP_INCOMPLETE, /* the input ends inside a sequence, left unconsumed */
};

/* Converts *in[0..*left) into out, replacing invalid sequences. */
static enum step step(struct transcode *t, char **in, size_t *left, struct sink *out)
{
	while (*left) {
		size_t skip;

		if (iconv(t->cd, in, left, &out->at, &out->left) != (size_t)-1)
			return STEP_DONE;
		if (errno == E2BIG)
			return STEP_FULL;
		if (errno == EINVAL)
			return STEP_INCOMPLETE;
		/* EILSEQ: an invalid sequence */
		if (!replace(t, out))
			return STEP_FULL;
		skip = invalid_length(t->encoding, (const unsigned char *)*in, *left);
		*in += skip;
		*left -= skip;
	}
	return STEP_DONE;
}

/* Completes the held sequence with bytes of in, one at a time. Returns false when out is
 * full or in ran out first. */
static bool finish_held(struct transcode *t, const char **in, size_t *left, bool last,
			struct sink *out)
{
	while (t->held_len) {
		char *h = t->held;
		size_t h_left = t->held_len;
		enum step s = step(t, &h, &h_left, out);

		memmove(t->held, h, h_left);
		t->held_len = h_left;
		if (s == STEP_FULL)
			return false;
		if (s == STEP_DONE)
			break;
		if (*left && t->held_len < sizeof(t->held)) {
			t->held[t->held_len++] = **in;
			(*in)++;
			(*left)--;
		} else if (*left || last) {
			/* the input ends inside the sequence, or it is longer than any */
			if (!replace(t, out))
				return false;
			t->held_len = 0;
		} else {
			return false;
		}
	}
	return true;
}

size_t transcode_convert(struct transcode *t, const char *in, size_t len, bool last, char *out,
			 size_t size, size_t *used, size_t *first_bad)
{
	struct sink sink = {out, out, size, SIZE_MAX};
	const char *p = in;
	size_t left = len;

	if (finish_held(t, &p, &left, last, &sink) && left) {
		char *q = (char *)p;

		if (step(t, &q, &left, &sink) == STEP_INCOMPLETE) {
			if (last || left > sizeof(t->held)) {
				if (replace(t, &sink)) {
					q += left;
					left = 0;
				}
			} else {
				memcpy(t->held, q, left);
				t->held_len = left;
				q += left;
				left = 0;
			}
		}
		p = q;
	}
	*used = (size_t)(p - in);
	*first_bad = sink.first_bad;
	return (size_t)(sink.at - out);
}
