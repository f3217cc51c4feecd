/* Growable NUL-terminated byte buffer. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->capacity)
		return;
	if (need < b->capacity * 2)
		need = b->capacity * 2;
	if (need < 64)
		need = 64;
	b->data = xrealloc(b->data, need);
	b->capacity = need;
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	buf_grow(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addch(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *buf_detach(struct buf *b)
{
	char *s = b->data ? b->data : xstrdup("");

	b->data = NULL;
	b->len = b->capacity = 0;
	return s;
}

void buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->capacity = 0;
}

int buf_read_fd(struct buf *b, int fd, size_t expect, size_t limit)
{
	ssize_t n;

	/* One byte past what is expected: the read that finds the end then needs no new room. */
	buf_grow(b, expect ? expect + 1 : 1 << 16);
	for (;;) {
		if (b->len + 1 == b->capacity)
			buf_grow(b, 1 << 16);
		n = read(fd, b->data + b->len, b->capacity - b->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		b->len += (size_t)n;
		if (b->len > limit) {
			errno = EFBIG;
			n = -1;
			break;
		}
	}
	b->data[b->len] = '\0';
	return n < 0 ? -1 : 0;
}
