/* Batches of records between the reader, the scanning workers and the index. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "phrase_list.h"
#include "session_read.h"
#include "work_pool.h"
#include "xalloc.h"

/* A batch ends at this many records or bytes of fields, whichever comes first. */
#define BATCH_RECORDS 4096
#define BATCH_BYTES   (1u << 20)

struct batch {
	struct work_item item; /* first: the pool hands this back */
	struct record *records;
	struct message_facts *facts;
	size_t count, capacity;
	struct buf bytes; /* every field of every record, end to end */
	bool scanned;
};

/* The batches in flight are a ring, in read order. The reader fills the next free slot; a
 * worker scans any batch, then adds to the index every scanned batch at the head of the ring,
 * under the lock, so batches go in in read order whichever worker scanned them. */
struct pipeline {
	struct session_index *idx;
	struct work_pool *pool;
	struct phrase_hits *hits; /* per worker */
	pthread_mutex_t lock;
	pthread_cond_t room; /* a slot was freed */
	struct batch *ring;
	size_t slots, first, used; /* under lock */
	struct batch *filling;     /* the batch the reader adds to, or NULL */
};

/* Adds the scanned batches at the head of the ring to the index and frees their slots.
 * Called with the lock held. */
static void add_scanned(struct pipeline *p)
{
	while (p->used && p->ring[p->first].scanned) {
		struct batch *b = &p->ring[p->first];

		for (size_t i = 0; i < b->count; i++)
			session_index_add_facts(p->idx, &b->records[i], &b->facts[i]);
		b->count = 0;
		b->scanned = false;
		buf_reset(&b->bytes);
		p->first = (p->first + 1) % p->slots;
		p->used--;
		pthread_cond_signal(&p->room);
	}
}

static void scan_batch(struct work_item *item, unsigned worker, void *ctx)
{
	struct pipeline *p = ctx;
	struct batch *b = (struct batch *)item;

	for (size_t i = 0; i < b->count; i++)
		session_message_facts(p->idx->keywords, &b->records[i], &p->hits[worker],
				      &b->facts[i]);
	pthread_mutex_lock(&p->lock);
	b->scanned = true;
	add_scanned(p);
	pthread_mutex_unlock(&p->lock);
}

/* Hands the filling batch to the workers: its spans, held as offsets while the bytes grew,
 * become pointers. */
static void submit(struct pipeline *p)
{
	struct batch *b = p->filling;

	if (!b)
		return;
	buf_grow(&b->bytes, 1); /* data is never NULL, even when every field was empty */
	for (size_t i = 0; i < b->count; i++)
		for (int f = 0; f < FIELD_COUNT; f++)
			b->records[i].field[f].ptr =
				b->bytes.data + (uintptr_t)b->records[i].field[f].ptr;
	work_pool_push(p->pool, &b->item);
	p->filling = NULL;
}

static int add_record(const struct record *rec, void *ctx)
{
	struct pipeline *p = ctx;
	struct batch *b;
	struct record *copy;

	if (!p->filling) {
		pthread_mutex_lock(&p->lock);
		while (p->used == p->slots)
			pthread_cond_wait(&p->room, &p->lock);
		p->filling = &p->ring[(p->first + p->used++) % p->slots];
		pthread_mutex_unlock(&p->lock);
	}
	b = p->filling;
	if (b->count == b->capacity) {
		ALLOC_GROW(b->records, b->count + 1, b->capacity);
		b->facts = xreallocarray(b->facts, b->capacity, sizeof(*b->facts));
	}
	copy = &b->records[b->count++];
	*copy = *rec;
	for (int f = 0; f < FIELD_COUNT; f++) {
		copy->field[f].ptr = (const char *)(uintptr_t)b->bytes.len;
		buf_add(&b->bytes, rec->field[f].ptr, rec->field[f].len);
	}
	if (b->count == BATCH_RECORDS || b->bytes.len >= BATCH_BYTES)
		submit(p);
	return 0;
}

int session_read(struct ingest *in, const struct ingest_options *opts, struct session_index *idx,
		 unsigned workers, struct skip_log *log, struct qa_error *err)
{
	struct pipeline p = {.idx = idx, .slots = 2 * (size_t)workers + 2};
	int rc;

	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.room, NULL);
	p.ring = xcalloc(p.slots, sizeof(*p.ring));
	p.hits = xcalloc(workers, sizeof(*p.hits));
	for (unsigned i = 0; i < workers; i++)
		p.hits[i] = (struct phrase_hits)PHRASE_HITS_INIT;
	p.pool = work_pool_new(workers, p.slots, scan_batch, &p);
	rc = ingest_read(in, opts, add_record, &p, log, err);
	submit(&p);
	/* Every batch is in the index once the workers stop (after a failed read too: the
	 * index is thrown away then, but the workers held batches). */
	work_pool_free(p.pool);
	for (size_t i = 0; i < p.slots; i++) {
		free(p.ring[i].records);
		free(p.ring[i].facts);
		buf_release(&p.ring[i].bytes);
	}
	for (unsigned i = 0; i < workers; i++)
		phrase_hits_release(&p.hits[i]);
	free(p.hits);
	free(p.ring);
	pthread_cond_destroy(&p.room);
	pthread_mutex_destroy(&p.lock);
	return rc;
}
