/* Allocation that cannot fail: on out-of-memory it prints one line naming it and exits with
 * status 4 (cannot write the report, or out of memory). */
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
/* Calls hook (it must not allocate) before the out-of-memory exit, to remove partial output. */
void xalloc_on_failure(void (*hook)(void));
/* Lets malloc's heap fault in huge pages where the system leaves them to madvise; call it
 * once, first thing, from the thread that reads (xalloc.c says why). */
void xalloc_huge_heap(void);

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
