/* Unit tests for work_pool: every item runs once, on a worker of its own index range, and
 * all have run when the pool is freed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "work_pool.h"

struct square {
	struct work_item item;
	uint64_t in, out;
	unsigned worker;
	atomic_uint runs;
};

struct counts {
	atomic_uint runs;
	unsigned threads;
};

static void run_square(struct work_item *item, unsigned worker, void *ctx)
{
	struct square *s = (struct square *)item;
	struct counts *c = ctx;

	s->out = s->in * s->in;
	s->worker = worker;
	atomic_fetch_add(&s->runs, 1);
	atomic_fetch_add(&c->runs, 1);
}

static void run_many(unsigned threads, size_t max_waiting)
{
	enum { N = 2000 };
	struct square *items = calloc(N, sizeof(*items));
	struct counts c = {0, threads};
	struct work_pool *p = work_pool_new(threads, max_waiting, run_square, &c);

	assert_non_null(items);
	for (size_t i = 0; i < N; i++) {
		items[i].in = i + 1;
		work_pool_push(p, &items[i].item);
	}
	work_pool_free(p);
	assert_int_equal(atomic_load(&c.runs), N);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(atomic_load(&items[i].runs), 1);
		assert_int_equal(items[i].out, (uint64_t)(i + 1) * (i + 1));
		assert_true(items[i].worker < (threads ? threads : 1));
	}
	free(items);
}

static void test_every_item_runs_once_with_its_result(void **state)
{
	(void)state;
	run_many(1, 1);
	run_many(3, 4);
	run_many(8, 100);
}

static void test_a_pool_without_threads_runs_each_item_when_pushed(void **state)
{
	struct square s = {.in = 7};
	struct counts c = {0, 0};
	struct work_pool *p = work_pool_new(0, 1, run_square, &c);

	(void)state;
	work_pool_push(p, &s.item);
	assert_int_equal(atomic_load(&s.runs), 1);
	assert_int_equal(s.out, 49);
	work_pool_free(p);
	work_pool_free(NULL);
}

static void test_cpus_are_at_least_one(void **state)
{
	(void)state;
	assert_true(work_pool_cpus() >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_item_runs_once_with_its_result),
		cmocka_unit_test(test_a_pool_without_threads_runs_each_item_when_pushed),
		cmocka_unit_test(test_cpus_are_at_least_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
