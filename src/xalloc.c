/* Out-of-memory is fatal, so no call site needs a branch for it. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

/* A large block asks for huge pages where the system leaves them to madvise (transparent
 * huge pages): its first touch then faults in 2 MiB at a time, not 4 KiB. An audit writes
 * its arrays once each, hundreds of megabytes of them at 1 GB of input; their page faults
 * were a fifth of a merge's CPU on a virtual machine (docs/BENCHMARKS.md). The advice covers
 * the block's whole pages, up to the end malloc gave it: a block malloc mapped alone then
 * stays one mapping, which realloc can still move without copying. */
#define HUGE_ADVICE_MIN (2u << 20)

static void *advise_huge(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	if (size >= HUGE_ADVICE_MIN) {
		uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
		uintptr_t start = (uintptr_t)p & ~(page - 1);
		uintptr_t end = ((uintptr_t)p + malloc_usable_size(p) + page - 1) & ~(page - 1);

		/* A hint: a system without it ignores it, or fails it harmlessly. */
		madvise((void *)start, end - start, MADV_HUGEPAGE);
	}
#endif
	return p;
}

/* Most of an audit's memory is small blocks in malloc's main heap, which grows by brk beyond
 * advise_huge's reach. Asking malloc to grow it in steps of HEAP_STEP, and advising each new
 * part as it appears, lets those fault in 2 MiB at a time too: an audit of 125 MB took 9% less
 * CPU, a merge 21% (docs/BENCHMARKS.md). Only the thread that called xalloc_huge_heap looks:
 * glibc gives other threads arenas of their own, so the main heap moves only under it. */
#define HEAP_STEP (64u << 20)

static bool heap_watched;
static pthread_t heap_thread;
static uintptr_t heap_top;

void xalloc_huge_heap(void)
{
#ifdef MADV_HUGEPAGE
	mallopt(M_TOP_PAD, HEAP_STEP);
	heap_thread = pthread_self();
	heap_top = (uintptr_t)sbrk(0);
	heap_watched = true;
#endif
}

static void advise_heap(void)
{
#ifdef MADV_HUGEPAGE
	uintptr_t top, from;

	if (!heap_watched || !pthread_equal(pthread_self(), heap_thread))
		return;
	top = (uintptr_t)sbrk(0);
	if (top > heap_top) {
		from = heap_top & ~((uintptr_t)sysconf(_SC_PAGESIZE) - 1);
		madvise((void *)from, top - from, MADV_HUGEPAGE);
	}
	heap_top = top; /* lower when malloc gave memory back */
#endif
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory(size);
	advise_heap();
	return advise_huge(p, size);
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		out_of_memory(count * size);
	advise_heap();
	return advise_huge(p, count * size);
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		out_of_memory(size);
	advise_heap();
	return advise_huge(p, size);
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
