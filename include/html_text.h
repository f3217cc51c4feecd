/* The text a chat platform's HTML message body shows (Intercom's <p>…</p>): tags dropped,
 * line breaks kept, character references decoded. Not a general HTML parser: message
 * bodies are a few paragraphs of inline markup. */
#ifndef HTML_TEXT_H
#define HTML_TEXT_H

#include <stddef.h>

struct buf;

/* Appends the text of html[0..len) to out, trimmed. */
void html_to_text(const char *html, size_t len, struct buf *out);

#endif
