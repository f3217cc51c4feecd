/* A growable byte buffer, always NUL-terminated (git's strbuf made small). */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len, capacity;
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
/* Hands the string to the caller (free() it) and leaves b empty. */
char *buf_detach(struct buf *b);
/* Frees the contents; b may be reused after. */
void buf_release(struct buf *b);
/* Appends what fd holds up to its end, read straight into b; expect, the bytes it should hold
 * (fstat's size) or 0, sizes the room once. 0, or -1 with errno (EFBIG past limit bytes). */
int buf_read_fd(struct buf *b, int fd, size_t expect, size_t limit);

/* The contents as a C string, "" when nothing was added yet. */
static inline const char *buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

#endif
