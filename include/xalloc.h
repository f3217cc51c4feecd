/* Allocation that cannot fail: on out-of-memory it prints one line and exits (status 4). */
#ifndef XALLOC_H
#define XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows an array of count*size bytes, checking the multiplication for overflow. */
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xmemdup(const void *s, size_t len); /* adds a NUL */

/* Makes room for at least `need` items in an array with *capacity items. */
#define ALLOC_GROW(items, need, capacity)                                                          \
	do {                                                                                       \
		if ((need) > (capacity)) {                                                         \
			size_t grow_ = (capacity) < 16 ? 16 : (capacity)*2;                        \
			(capacity) = grow_ < (need) ? (need) : grow_;                              \
			(items) = xreallocarray((items), (capacity), sizeof(*(items)));            \
		}                                                                                  \
	} while (0)

#endif
