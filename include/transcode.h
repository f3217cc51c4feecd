/* Inputs in another encoding than UTF-8 (GB18030, GBK, UTF-16), turned into UTF-8 a chunk at a
 * time with iconv(3), before the CSV and JSON parsers see them. */
#ifndef TRANSCODE_H
#define TRANSCODE_H

#include <stdbool.h>
#include <stddef.h>

/* The encodings --encoding names. UTF-8 is read as it is, never through iconv. */
enum encoding {
	ENCODING_UTF8,    /* the default */
	ENCODING_GB18030, /* also GBK and GB2312, which it contains */
	ENCODING_UTF16,   /* byte order from the byte-order mark, else guessed */
	ENCODING_UTF16LE,
	ENCODING_UTF16BE,
};

/* Reads "utf-8", "gb18030", "gbk", "utf-16", "utf-16le", "utf-16be" (any case, with or without
 * the '-'); -1 for another name. */
int transcode_parse(const char *name, enum encoding *encoding);
/* "UTF-8", "GB18030", "UTF-16", "UTF-16LE" or "UTF-16BE". */
const char *transcode_name(enum encoding encoding);

/*
 * The encoding an input is read in, from the declared one and its first bytes p[0..len): a
 * byte-order mark decides (EF BB BF UTF-8, FF FE UTF-16LE, FE FF UTF-16BE), whatever was
 * declared; UTF-16 without one is little-endian unless the NUL bytes of its ASCII say
 * big-endian. *bom is set to the length of the UTF-16 mark to drop (a UTF-8 one is left for
 * the reader). Never returns ENCODING_UTF16.
 */
enum encoding transcode_resolve(enum encoding declared, const unsigned char *p, size_t len,
				size_t *bom);

/* The least room transcode_convert needs in out to make progress. */
#define TRANSCODE_MIN_OUT 16

struct transcode;

/* A converter from encoding (not ENCODING_UTF8 or ENCODING_UTF16) to UTF-8; NULL when iconv
 * cannot convert it (no gconv module). Free it with transcode_free. */
struct transcode *transcode_new(enum encoding encoding);
/* Accepts NULL. */
void transcode_free(struct transcode *t);

/*
 * Converts in[0..len) to UTF-8 in out[0..size), as much as fits; *used is set to the bytes of
 * in consumed. A sequence cut off by the end of in is consumed and held in t until the next
 * call completes it; with last (the input ends with in), it is replaced instead. Every invalid
 * sequence becomes U+FFFD. Returns the bytes written; *first_bad is set to the offset in out
 * of the first U+FFFD written for an invalid sequence, or (size_t)-1.
 */
size_t transcode_convert(struct transcode *t, const char *in, size_t len, bool last, char *out,
			 size_t size, size_t *used, size_t *first_bad);

/* The invalid sequences replaced so far. */
size_t transcode_replaced(const struct transcode *t);

#endif
