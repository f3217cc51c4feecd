/* Out-of-memory is fatal, so no call site needs a branch for it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_error.h"
#include "xalloc.h"

static void (*cleanup)(void);

void xalloc_on_failure(void (*hook)(void))
{
	cleanup = hook;
}

static void out_of_memory(size_t size)
{
	if (cleanup)
		cleanup();
	fprintf(stderr, "qaudit: out of memory (allocating %zu bytes)\n", size);
	exit(QA_EXIT_OUTPUT);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		out_of_memory(count * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		out_of_memory(size);
	return p;
}

void *xreallocarray(void *ptr, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	return xrealloc(ptr, count * size);
}

char *xmemdup(const void *s, size_t len)
{
	char *p = xmalloc(len + 1);

	if (len) /* s may be NULL when len is 0 */
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}
