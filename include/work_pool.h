/* Worker threads for --jobs: items pushed in one thread, run in any order by the workers.
 * The caller decides what order results are used in, so output does not depend on which
 * worker ran what. */
#ifndef WORK_POOL_H
#define WORK_POOL_H

#include <stddef.h>

/* Embedded first in every item a pool runs. */
struct work_item {
	struct work_item *next;
};

/* Runs an item in worker number worker (0 .. threads-1: an index into per-worker state). */
typedef void work_fn(struct work_item *item, unsigned worker, void *ctx);

struct work_pool;

/* Starts threads workers. At most max_waiting items wait to be run: work_pool_push blocks
 * past that, which bounds the memory they hold. */
struct work_pool *work_pool_new(unsigned threads, size_t max_waiting, work_fn *run, void *ctx);
/* Queues item. */
void work_pool_push(struct work_pool *p, struct work_item *item);
/* Runs what is queued, then stops the threads and frees the pool: every item has run when
 * it returns. Accepts NULL. */
void work_pool_free(struct work_pool *p);

/* The number of CPUs this process may run on, at least 1: the default of --jobs. */
unsigned work_pool_cpus(void);

#endif
