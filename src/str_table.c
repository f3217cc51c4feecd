/* String interning: an arena for the bytes and an open-addressing index over it. */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "str_table.h"
#include "xalloc.h"

#define CHUNK_BYTES (64 * 1024)

struct entry {
	const char *str;
	uint32_t len;
	uint32_t hash; /* low bits of the full hash, to skip most memcmp calls */
};

struct chunk {
	struct chunk *next;
	size_t used, size;
	char bytes[];
};

struct str_table {
	struct entry *entries;
	size_t count, capacity;
	uint32_t *slots; /* id + 1; 0 means empty */
	size_t slot_mask;
	struct chunk *chunks;
};

struct str_table *str_table_new(void)
{
	struct str_table *t = xcalloc(1, sizeof(*t));

	t->slot_mask = 255;
	t->slots = xcalloc(t->slot_mask + 1, sizeof(*t->slots));
	return t;
}

void str_table_free(struct str_table *t)
{
	if (!t)
		return;
	while (t->chunks) {
		struct chunk *next = t->chunks->next;

		free(t->chunks);
		t->chunks = next;
	}
	free(t->entries);
	free(t->slots);
	free(t);
}

static char *arena_copy(struct str_table *t, const char *s, size_t len)
{
	struct chunk *c = t->chunks;
	char *p;

	if (!c || c->size - c->used < len + 1) {
		size_t size = len + 1 > CHUNK_BYTES ? len + 1 : CHUNK_BYTES;

		c = xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		c->next = t->chunks;
		t->chunks = c;
	}
	p = c->bytes + c->used;
	memcpy(p, s, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

static size_t probe(const struct str_table *t, const char *s, size_t len, uint64_t hash)
{
	size_t i = (size_t)hash & t->slot_mask;

	for (;; i = (i + 1) & t->slot_mask) {
		uint32_t slot = t->slots[i];
		const struct entry *e;

		if (!slot)
			return i;
		e = &t->entries[slot - 1];
		if (e->hash == (uint32_t)hash && e->len == len && !memcmp(e->str, s, len))
			return i;
	}
}

/* Rebuilds the index with mask + 1 slots. */
static void rehash(struct str_table *t, size_t mask)
{
	free(t->slots);
	t->slots = xcalloc(mask + 1, sizeof(*t->slots));
	t->slot_mask = mask;
	for (size_t id = 0; id < t->count; id++) {
		const struct entry *e = &t->entries[id];
		size_t i = probe(t, e->str, e->len, XXH3_64bits(e->str, e->len));

		t->slots[i] = (uint32_t)id + 1;
	}
}

void str_table_reserve(struct str_table *t, size_t count)
{
	size_t mask = t->slot_mask;

	ALLOC_GROW(t->entries, count, t->capacity);
	while (count * 2 > mask)
		mask = mask * 2 + 1;
	if (mask != t->slot_mask)
		rehash(t, mask);
}

uint32_t str_table_find(const struct str_table *t, const char *s, size_t len)
{
	uint32_t slot = t->slots[probe(t, s, len, XXH3_64bits(s, len))];

	return slot ? slot - 1 : STR_NONE;
}

uint32_t str_table_intern(struct str_table *t, const char *s, size_t len)
{
	uint64_t hash = XXH3_64bits(s, len);
	size_t i = probe(t, s, len, hash);

	if (t->slots[i])
		return t->slots[i] - 1;
	ALLOC_GROW(t->entries, t->count + 1, t->capacity);
	t->entries[t->count] = (struct entry){arena_copy(t, s, len), (uint32_t)len, (uint32_t)hash};
	t->slots[i] = (uint32_t)++t->count;
	/* Keep the load factor under 1/2 so probes stay short. */
	if (t->count * 2 > t->slot_mask)
		rehash(t, t->slot_mask * 2 + 1);
	return (uint32_t)t->count - 1;
}

const char *str_table_get(const struct str_table *t, uint32_t id)
{
	return t->entries[id].str;
}

size_t str_table_length(const struct str_table *t, uint32_t id)
{
	return t->entries[id].len;
}

uint32_t str_table_count(const struct str_table *t)
{
	return (uint32_t)t->count;
}
