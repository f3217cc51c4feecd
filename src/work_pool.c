/* A fixed set of pthreads taking items from one FIFO. */
#define _GNU_SOURCE /* sched_getaffinity: the CPUs this process may run on */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "work_pool.h"
#include "xalloc.h"

struct worker {
	struct work_pool *pool;
	pthread_t thread;
	unsigned index;
};

struct work_pool {
	pthread_mutex_t lock;
	pthread_cond_t queued; /* an item was pushed, or the pool is stopping */
	pthread_cond_t room;   /* an item was taken from the queue */
	struct work_item *head, *tail;
	size_t waiting, max_waiting;
	bool stopping;
	work_fn *run;
	void *ctx;
	struct worker *workers;
	unsigned threads;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct work_pool *p = w->pool;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		struct work_item *item;

		while (!p->head && !p->stopping)
			pthread_cond_wait(&p->queued, &p->lock);
		if (!p->head)
			break;
		item = p->head;
		p->head = item->next;
		if (!p->head)
			p->tail = NULL;
		p->waiting--;
		pthread_cond_signal(&p->room);
		pthread_mutex_unlock(&p->lock);
		p->run(item, w->index, p->ctx);
		pthread_mutex_lock(&p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct work_pool *work_pool_new(unsigned threads, size_t max_waiting, work_fn *run, void *ctx)
{
	struct work_pool *p = xcalloc(1, sizeof(*p));
	sigset_t all, before;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->queued, NULL);
	pthread_cond_init(&p->room, NULL);
	p->max_waiting = max_waiting ? max_waiting : 1;
	p->run = run;
	p->ctx = ctx;
	p->workers = xcalloc(threads ? threads : 1, sizeof(*p->workers));
	/* Workers take no signals: the thread that starts them does, so that a handler (an
	 * interrupted run's clean-up) never runs beside the code it must not race. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &before);
	/* A system out of threads gets fewer workers, or none: then push runs each item. */
	for (unsigned i = 0; i < threads; i++) {
		p->workers[i] = (struct worker){.pool = p, .index = i};
		if (pthread_create(&p->workers[i].thread, NULL, work, &p->workers[i]))
			break;
		p->threads++;
	}
	pthread_sigmask(SIG_SETMASK, &before, NULL);
	return p;
}

void work_pool_push(struct work_pool *p, struct work_item *item)
{
	item->next = NULL;
	if (!p->threads) {
		p->run(item, 0, p->ctx);
		return;
	}
	pthread_mutex_lock(&p->lock);
	while (p->waiting >= p->max_waiting)
		pthread_cond_wait(&p->room, &p->lock);
	if (p->tail)
		p->tail->next = item;
	else
		p->head = item;
	p->tail = item;
	p->waiting++;
	pthread_cond_signal(&p->queued);
	pthread_mutex_unlock(&p->lock);
}

void work_pool_free(struct work_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->queued);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->threads; i++)
		pthread_join(p->workers[i].thread, NULL);
	pthread_cond_destroy(&p->queued);
	pthread_cond_destroy(&p->room);
	pthread_mutex_destroy(&p->lock);
	free(p->workers);
	free(p);
}

unsigned work_pool_cpus(void)
{
	cpu_set_t set;
	long n;

	/* taskset, cgroups' cpusets and numactl leave fewer CPUs than are online. */
	if (!sched_getaffinity(0, sizeof(set), &set) && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}
