/* HTML message bodies to plain text. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "html_text.h"

/* Tags that end a line of text. */
static bool breaks_line(const char *tag, size_t len)
{
	static const char *const names[] = {"br", "p",          "div", "li", "tr",
					    "h1", "h2",         "h3",  "h4", "h5",
					    "h6", "blockquote", "pre", "ul", "ol"};

	if (len && tag[0] == '/') {
		tag++;
		len--;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		size_t n = strlen(names[i]);

		if (len >= n && !strncasecmp(tag, names[i], n) &&
		    (len == n || tag[n] == ' ' || tag[n] == '/' || tag[n] == '\t'))
			return true;
	}
	return false;
}

static void add_utf8(struct buf *out, unsigned long c)
{
	char u[4];

	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80) {
		buf_addch(out, (char)c);
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3F));
		buf_add(out, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		buf_add(out, u, 3);
	} else {
		u[0] = (char)(0xF0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3F));
		u[2] = (char)(0x80 | (c >> 6 & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		buf_add(out, u, 4);
	}
}

/* Decodes the reference at p ("&amp;", "&#39;", "&#x4F60;"); returns its length, or 0 if
 * it is none (then '&' is text). */
static size_t add_reference(const char *p, const char *end, struct buf *out)
{
	static const struct {
		const char *name;
		unsigned long c;
	} named[] = {{"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},
		     {"apos", '\''},    {"nbsp", ' '},     {"hellip", 0x2026}, {"mdash", 0x2014},
		     {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"ldquo", 0x201C},
		     {"rdquo", 0x201D}};
	const char *semi = memchr(p, ';', (size_t)(end - p) < 12 ? (size_t)(end - p) : 12);
	size_t n;

	if (!semi)
		return 0;
	n = (size_t)(semi - p) - 1;
	if (n >= 2 && p[1] == '#') {
		char *stop;
		unsigned long c = (p[2] == 'x' || p[2] == 'X') ? strtoul(p + 3, &stop, 16)
							       : strtoul(p + 2, &stop, 10);

		if (stop != semi || stop == p + 2 || stop == p + 3)
			return 0;
		add_utf8(out, c);
		return n + 2;
	}
	for (size_t i = 0; i < sizeof(named) / sizeof(*named); i++) {
		if (strlen(named[i].name) == n && !memcmp(p + 1, named[i].name, n)) {
			add_utf8(out, named[i].c);
			return n + 2;
		}
	}
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\n';
}

/* Ends the line of text, in place of a space that ended it. */
static void end_line(struct buf *out)
{
	if (out->data[out->len - 1] == '\n')
		return;
	if (out->data[out->len - 1] == ' ')
		out->len--;
	buf_addch(out, '\n');
}

void html_to_text(const char *html, size_t len, struct buf *out)
{
	const char *p = html, *end = html + len;
	size_t start = out->len, blank_run = 0;

	while (p < end) {
		if (*p == '<') {
			const char *close = memchr(p, '>', (size_t)(end - p));

			if (!close)
				break; /* a cut-off tag: nothing after it is text */
			if (breaks_line(p + 1, (size_t)(close - p - 1)) && out->len > start)
				end_line(out);
			p = close + 1;
			continue;
		}
		if (*p == '&') {
			size_t n = add_reference(p, end, out);

			if (n) {
				p += n;
				blank_run = 0;
				continue;
			}
		}
		/* Source line breaks and runs of spaces are layout, not text. */
		if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
			blank_run++;
			if (blank_run == 1 && out->len > start && out->data[out->len - 1] != '\n')
				buf_addch(out, ' ');
			p++;
			continue;
		}
		blank_run = 0;
		buf_addch(out, *p++);
	}
	while (out->len > start && is_blank(out->data[out->len - 1]))
		out->data[--out->len] = '\0';
}
