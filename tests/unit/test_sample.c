/* Sampling: exact per-agent quotas, the keyed hash, a sample that does not depend on input
 * order, and the candidates of a shard (qaudit map) that hold the whole audit's sample. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"

static struct phrase_lists phrases = PHRASE_LISTS_INIT;
static struct session_keywords *keywords;

static int load_phrases(void **state)
{
	struct qa_error err = {0};

	(void)state;
	if (phrase_lists_load(&phrases, QAUDIT_SOURCE_DIR "/phrase_lists", &err))
		return -1;
	return session_keywords_new(&keywords, &phrases, &err);
}

static int free_phrases(void **state)
{
	(void)state;
	session_keywords_free(keywords);
	phrase_lists_release(&phrases);
	return 0;
}

static void test_quota_is_exact_where_floating_point_is_not(void **state)
{
	struct sample_options opts = {0, RATE_ONE / 10, 1};

	(void)state;
	/* 0.1 * 30 is 3.0000000000000004 in doubles; ceil() of that would take 4. */
	assert_int_equal(sample_quota(&opts, 30), 3);
	assert_int_equal(sample_quota(&opts, 10), 1);
	assert_int_equal(sample_quota(&opts, 11), 2);
	assert_int_equal(sample_quota(&opts, 7), 1);
	assert_int_equal(sample_quota(&opts, 0), 0);
	opts.min_per_agent = 5;
	assert_int_equal(sample_quota(&opts, 3), 3); /* never more than n */
	assert_int_equal(sample_quota(&opts, 60), 6);
	opts.rate_ppm = RATE_ONE;
	assert_int_equal(sample_quota(&opts, 17), 17);
	opts = (struct sample_options){0, 1, 0}; /* one in a million */
	assert_int_equal(sample_quota(&opts, 1), 1);
}

static void test_hash_is_xxh3_keyed_by_seed(void **state)
{
	(void)state;
	/* XXH3-64 of the empty input with seed 0, from the xxHash test vectors. */
	assert_true(sample_hash(0, "", 0) == 0x2D06800538D394C2ULL);
	assert_true(sample_hash(1, "S1", 2) != sample_hash(2, "S1", 2));
	assert_true(sample_hash(7, "S1", 2) == sample_hash(7, "S1", 2));
}

/* Builds an index of agents[i] with counts[i] sessions each, added in a shuffled order. */
static void build(struct session_index *idx, unsigned shuffle_seed)
{
	static const char *const agents[] = {"KF1", "KF2", "KF3"};
	static const int counts[] = {25, 5, 1};
	char ids[31][16];
	int order[31], n = 0;

	for (int a = 0; a < 3; a++)
		for (int i = 0; i < counts[a]; i++, n++) {
			snprintf(ids[n], sizeof(ids[n]), "%s-%02d", agents[a], i);
			order[n] = n;
		}
	srand(shuffle_seed);
	for (int i = n - 1; shuffle_seed && i > 0; i--) {
		int j = rand() % (i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	session_index_init(idx, keywords);
	for (int k = 0; k < n; k++) {
		const char *id = ids[order[k]];
		struct record rec = {
			.file = "t", .line = 1, .time_ms = 1000, .role = ROLE_CUSTOMER};

		rec.field[FIELD_SESSION] = (struct span){id, strlen(id)};
		session_index_add(&rec, idx);
		rec.role = ROLE_AGENT;
		rec.time_ms = 2000;
		rec.field[FIELD_AGENT] = (struct span){id, 3};
		session_index_add(&rec, idx);
	}
	/* A session with no agent is never sampled. */
	{
		struct record rec = {.file = "t",
				     .line = 1,
				     .time_ms = 1000,
				     .role = ROLE_CUSTOMER,
				     .field = {{"lonely", 6}}};

		session_index_add(&rec, idx);
	}
	session_index_finish(idx);
}

static size_t sampled_of(const struct session_index *idx, const char *prefix, char *names,
			 size_t size)
{
	size_t count = 0;

	names[0] = '\0';
	/* Collected in id order so two indexes built differently compare equal. */
	for (int i = 0; i < 100; i++) {
		char id[16];
		uint32_t s;

		snprintf(id, sizeof(id), "%s-%02d", prefix, i);
		s = str_table_find(idx->ids, id, strlen(id));
		if (s != STR_NONE && idx->sessions[s].sampled) {
			count++;
			strncat(names, id, size - strlen(names) - 2);
			strcat(names, " ");
		}
	}
	return count;
}

static void test_per_agent_counts_are_exact(void **state)
{
	struct session_index idx;
	struct sample_options opts = {20261120, RATE_ONE / 10, 1};
	char names[512];

	(void)state;
	build(&idx, 0);
	assert_int_equal(sample_select(&idx, &opts), 5);
	assert_int_equal(sampled_of(&idx, "KF1", names, sizeof(names)), 3);
	assert_int_equal(sampled_of(&idx, "KF2", names, sizeof(names)), 1);
	assert_int_equal(sampled_of(&idx, "KF3", names, sizeof(names)), 1);
	assert_false(idx.sessions[str_table_find(idx.ids, "lonely", 6)].sampled);
	opts.rate_ppm = RATE_ONE;
	assert_int_equal(sample_select(&idx, &opts), 31);
	session_index_release(&idx);
}

static void test_sample_takes_the_smallest_hashes(void **state)
{
	struct session_index idx;
	struct sample_options opts = {99, RATE_ONE / 10, 1};
	uint64_t worst_taken = 0, best_left = UINT64_MAX;

	(void)state;
	build(&idx, 0);
	sample_select(&idx, &opts);
	for (uint32_t s = 0; s < session_count(&idx); s++) {
		const char *id = str_table_get(idx.ids, s);
		uint64_t h = sample_hash(opts.seed, id, strlen(id));

		if (strncmp(id, "KF1", 3))
			continue;
		if (idx.sessions[s].sampled && h > worst_taken)
			worst_taken = h;
		if (!idx.sessions[s].sampled && h < best_left)
			best_left = h;
	}
	assert_true(worst_taken < best_left);
	session_index_release(&idx);
}

static void test_same_sample_whatever_the_input_order(void **state)
{
	struct sample_options opts = {20261120, RATE_ONE / 5, 1};
	char first[512], again[512];

	(void)state;
	for (unsigned shuffle = 1; shuffle <= 5; shuffle++) {
		struct session_index a, b;

		build(&a, 0);
		build(&b, shuffle);
		sample_select(&a, &opts);
		sample_select(&b, &opts);
		assert_int_equal(sampled_of(&a, "KF1", first, sizeof(first)), 5);
		sampled_of(&b, "KF1", again, sizeof(again));
		assert_string_equal(first, again);
		session_index_release(&a);
		session_index_release(&b);
	}
}

static void test_seed_changes_the_sample(void **state)
{
	struct session_index idx;
	struct sample_options opts = {1, RATE_ONE / 5, 1};
	char one[512], two[512];

	(void)state;
	build(&idx, 0);
	sample_select(&idx, &opts);
	sampled_of(&idx, "KF1", one, sizeof(one));
	opts.seed = 2;
	sample_select(&idx, &opts);
	sampled_of(&idx, "KF1", two, sizeof(two));
	assert_string_not_equal(one, two);
	session_index_release(&idx);
}

/* An index of one agent's n sessions, "A-0" ... */
static void build_agent(struct session_index *idx, int n)
{
	session_index_init(idx, keywords);
	for (int i = 0; i < n; i++) {
		char id[16];
		struct record rec = {
			.file = "t", .line = 1, .time_ms = 1000, .role = ROLE_CUSTOMER};

		snprintf(id, sizeof(id), "A-%d", i);
		rec.field[FIELD_SESSION] = (struct span){id, strlen(id)};
		session_index_add(&rec, idx);
		rec.role = ROLE_AGENT;
		rec.time_ms = 2000;
		rec.field[FIELD_AGENT] = (struct span){"A", 1};
		session_index_add(&rec, idx);
	}
	session_index_finish(idx);
}

static size_t count_marked(const struct session_index *idx, bool *marked)
{
	size_t n = 0;

	for (uint32_t s = 0; s < session_count(idx); s++) {
		marked[s] = idx->sessions[s].sampled;
		n += marked[s];
	}
	return n;
}

static void test_a_shard_scores_its_sample_and_what_the_whole_may_take(void **state)
{
	struct session_index idx;
	struct sample_options opts = {7, RATE_ONE / 10, 1};
	static bool sample[1000], candidates[1000];
	uint64_t worst_taken = 0, best_left = UINT64_MAX;
	size_t taken;

	(void)state;
	build_agent(&idx, 1000);
	assert_int_equal(sample_select(&idx, &opts), 100);
	count_marked(&idx, sample);
	/* --margin 0: the shard's own sample and nothing more. */
	assert_int_equal(sample_candidates(&idx, &opts, 0), 100);
	count_marked(&idx, candidates);
	assert_memory_equal(sample, candidates, sizeof(sample));
	/* The default: the sample, then the next hashes, about p n + a few spreads: not all. */
	taken = sample_candidates(&idx, &opts, SAMPLE_MARGIN);
	assert_true(taken > 100 && taken < 160);
	count_marked(&idx, candidates);
	for (uint32_t s = 0; s < session_count(&idx); s++) {
		const char *id = str_table_get(idx.ids, s);
		uint64_t h = sample_hash(opts.seed, id, strlen(id));

		assert_true(!sample[s] || candidates[s]);
		if (candidates[s] && h > worst_taken)
			worst_taken = h;
		if (!candidates[s] && h < best_left)
			best_left = h;
	}
	assert_true(worst_taken < best_left); /* the smallest hashes, as the sample */
	/* Every session is a candidate when the whole audit takes them all. */
	opts.rate_ppm = RATE_ONE;
	assert_int_equal(sample_candidates(&idx, &opts, SAMPLE_MARGIN), 1000);
	session_index_release(&idx);
}

/* The whole audit's sample of an agent whose sessions are spread over shards is in the
 * candidates of the shards, for 200 random spreads. */
static void test_the_whole_sample_is_in_the_shards_candidates(void **state)
{
	struct sample_options opts = {11, RATE_ONE / 10, 1};
	struct session_index whole;
	static bool in_sample[600];

	(void)state;
	build_agent(&whole, 600);
	srand(3);
	for (int round = 0; round < 200; round++) {
		int shards = 2 + rand() % 7;
		int *shard_of = calloc(600, sizeof(int));

		opts.seed = (uint64_t)round;
		sample_select(&whole, &opts);
		count_marked(&whole, in_sample);
		for (int i = 0; i < 600; i++)
			shard_of[i] = rand() % shards;
		for (int k = 0; k < shards; k++) {
			struct session_index part;

			session_index_init(&part, keywords);
			for (int i = 0; i < 600; i++) {
				char id[16];
				struct record rec = {.file = "t",
						     .line = 1,
						     .time_ms = 1000,
						     .role = ROLE_CUSTOMER};

				if (shard_of[i] != k)
					continue;
				snprintf(id, sizeof(id), "A-%d", i);
				rec.field[FIELD_SESSION] = (struct span){id, strlen(id)};
				session_index_add(&rec, &part);
				rec.role = ROLE_AGENT;
				rec.field[FIELD_AGENT] = (struct span){"A", 1};
				session_index_add(&rec, &part);
			}
			session_index_finish(&part);
			sample_candidates(&part, &opts, SAMPLE_MARGIN);
			for (uint32_t s = 0; s < session_count(&part); s++) {
				const char *id = str_table_get(part.ids, s);
				uint32_t w = str_table_find(whole.ids, id, strlen(id));

				assert_true(!in_sample[w] || part.sessions[s].sampled);
			}
			session_index_release(&part);
		}
		free(shard_of);
	}
	session_index_release(&whole);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quota_is_exact_where_floating_point_is_not),
		cmocka_unit_test(test_hash_is_xxh3_keyed_by_seed),
		cmocka_unit_test(test_per_agent_counts_are_exact),
		cmocka_unit_test(test_sample_takes_the_smallest_hashes),
		cmocka_unit_test(test_same_sample_whatever_the_input_order),
		cmocka_unit_test(test_seed_changes_the_sample),
		cmocka_unit_test(test_a_shard_scores_its_sample_and_what_the_whole_may_take),
		cmocka_unit_test(test_the_whole_sample_is_in_the_shards_candidates),
	};

	return cmocka_run_group_tests(tests, load_phrases, free_phrases);
}
