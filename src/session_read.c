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
/* The rows of a CSV, the lines of NDJSON, cut into chunks of about this many bytes
 * (QAUDIT_CHUNK_BYTES in tests): large enough that handing them on costs nothing, small enough that
 * a few are all the memory they hold. */
#define CHUNK_BYTES (256u << 10)

struct batch {
	struct work_item item;      /* first: the pool hands this back */
	struct ingest_chunk *chunk; /* rows to parse into the batch first, or NULL */
	struct record *records;
	struct message_facts *facts;
	size_t count, capacity;
	struct buf bytes; /* every field of every record, end to end */
	bool scanned;
};

/* The batches in flight are a ring, in read order. The reader fills the next free slot; a
 * worker scans any batch, then adds to the index every scanned batch at the head of the ring,
 * so batches go in in read order whichever worker scanned them. One worker adds at a time,
 * out of the lock: the others go on parsing and scanning meanwhile, and the one adding takes
 * their batches too when they come next. */
struct pipeline {
	struct ingest *in;
	struct skip_log *log;
	struct session_index *idx;
	struct work_pool *pool;
	struct phrase_hits *hits; /* per worker */
	pthread_mutex_t lock;
	pthread_cond_t room; /* a slot was freed */
	struct batch *ring;
	size_t slots, first, used; /* under lock */
	bool adding;               /* under lock: a worker adds the head of the ring */
	struct batch *filling;     /* the batch the reader adds to, or NULL */
	/* A chunk failed (written by the worker adding, under lock): what it said; the read
	 * stops there. */
	bool failed;
	struct qa_error chunk_err;
};

/* Adds the scanned batches at the head of the ring to the index and frees their slots: a
 * chunk's counts and bad records first, and nothing after one failed. Called with the lock
 * held; returns with it held, having dropped it while adding. */
static void add_scanned(struct pipeline *p)
{
	if (p->adding)
		return; /* the worker adding will come to these */
	p->adding = true;
	while (p->used && p->ring[p->first].scanned) {
		struct batch *b = &p->ring[p->first];
		bool failed = p->failed;

		pthread_mutex_unlock(&p->lock);
		if (b->chunk && !failed && ingest_chunk_add(p->in, b->chunk, p->log, &p->chunk_err))
			failed = true;
		ingest_chunk_free(b->chunk);
		b->chunk = NULL;
		for (size_t i = 0; i < b->count && !failed; i++)
			session_index_add_facts(p->idx, &b->records[i], &b->facts[i]);
		b->count = 0;
		b->scanned = false;
		buf_reset(&b->bytes);
		pthread_mutex_lock(&p->lock);
		p->failed = failed;
		p->first = (p->first + 1) % p->slots;
		p->used--;
		pthread_cond_broadcast(&p->room);
	}
	p->adding = false;
}

/* Copies rec into b: its spans become offsets into b->bytes, which may still move. */
static void batch_add(struct batch *b, const struct record *rec)
{
	struct record *copy;

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
}

/* Turns the spans of b, held as offsets while the bytes grew, into pointers. */
static void batch_settle(struct batch *b)
{
	buf_grow(&b->bytes, 1); /* data is never NULL, even when every field was empty */
	for (size_t i = 0; i < b->count; i++)
		for (int f = 0; f < FIELD_COUNT; f++)
			b->records[i].field[f].ptr =
				b->bytes.data + (uintptr_t)b->records[i].field[f].ptr;
}

static int add_parsed(const struct record *rec, void *ctx)
{
	batch_add(ctx, rec);
	return 0;
}

static void scan_batch(struct work_item *item, unsigned worker, void *ctx)
{
	struct pipeline *p = ctx;
	struct batch *b = (struct batch *)item;

	if (b->chunk) {
		ingest_chunk_parse(b->chunk, add_parsed, b);
		batch_settle(b);
	}
	for (size_t i = 0; i < b->count; i++)
		session_message_facts(p->idx->keywords, &b->records[i], &p->hits[worker],
				      &b->facts[i]);
	pthread_mutex_lock(&p->lock);
	b->scanned = true;
	add_scanned(p);
	pthread_mutex_unlock(&p->lock);
}

/* Hands the filling batch to the workers. */
static void submit(struct pipeline *p)
{
	struct batch *b = p->filling;

	if (!b)
		return;
	batch_settle(b);
	work_pool_push(p->pool, &b->item);
	p->filling = NULL;
}

/* The next free slot of the ring, waiting for one; NULL once a chunk failed. */
static struct batch *take_slot(struct pipeline *p)
{
	struct batch *b = NULL;

	pthread_mutex_lock(&p->lock);
	while (p->used == p->slots && !p->failed)
		pthread_cond_wait(&p->room, &p->lock);
	if (!p->failed)
		b = &p->ring[(p->first + p->used++) % p->slots];
	pthread_mutex_unlock(&p->lock);
	return b;
}

static int add_record(const struct record *rec, void *ctx)
{
	struct pipeline *p = ctx;

	if (!p->filling)
		p->filling = take_slot(p);
	if (!p->filling)
		return 1; /* an earlier chunk failed: the read stops */
	batch_add(p->filling, rec);
	if (p->filling->count == BATCH_RECORDS || p->filling->bytes.len >= BATCH_BYTES)
		submit(p);
	return 0;
}

/* ingest_options.chunk: a chunk goes to a worker in a slot of its own, in order with the
 * batches; NULL waits until the ring is empty. */
static int add_chunk(struct ingest_chunk *chunk, void *ctx)
{
	struct pipeline *p = ctx;
	struct batch *b;
	bool failed;

	submit(p);
	if (!chunk) {
		pthread_mutex_lock(&p->lock);
		while (p->used)
			pthread_cond_wait(&p->room, &p->lock);
		failed = p->failed;
		pthread_mutex_unlock(&p->lock);
		return failed;
	}
	b = take_slot(p);
	if (!b) {
		ingest_chunk_free(chunk);
		return 1;
	}
	b->chunk = chunk;
	work_pool_push(p->pool, &b->item);
	return 0;
}

int session_read(struct ingest *in, const struct ingest_options *opts, struct session_index *idx,
		 unsigned workers, struct skip_log *log, struct qa_error *err)
{
	struct pipeline p = {.in = in, .log = log, .idx = idx, .slots = 2 * (size_t)workers + 2};
	struct ingest_options cut = *opts;
	const char *env = getenv("QAUDIT_CHUNK_BYTES");
	int rc;

	cut.chunk = add_chunk;
	cut.chunk_ctx = &p;
	cut.chunk_bytes = env && atol(env) > 0 ? (size_t)atol(env) : CHUNK_BYTES;
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.room, NULL);
	p.ring = xcalloc(p.slots, sizeof(*p.ring));
	p.hits = xcalloc(workers, sizeof(*p.hits));
	for (unsigned i = 0; i < workers; i++)
		p.hits[i] = (struct phrase_hits)PHRASE_HITS_INIT;
	p.pool = work_pool_new(workers, p.slots, scan_batch, &p);
	rc = ingest_read(in, &cut, add_record, &p, log, err);
	submit(&p);
	/* Every batch is in the index once the workers stop (after a failed read too: the
	 * index is thrown away then, but the workers held batches). */
	work_pool_free(p.pool);
	/* A failed chunk came before anything the reading thread failed on after it. */
	if (p.failed) {
		*err = p.chunk_err;
		rc = -1;
	}
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
